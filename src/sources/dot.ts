import { defineSource } from './define-source.js';

// PLACEHOLDER: identity only; the acquisition details and layouts are being built.
export const dot = defineSource({
  key: 'dot',
  name: 'Department of Transportation',
  agency: 'Department of Transportation',
  entryUrl: 'https://www.transportation.gov/osdbu/procurement-assistance/summary-forecast',
  method: 'summary-forecast page → linked CSV',
  fileFormats: ['csv'],
  acquire: { kind: 'download' },
  layouts: {},
});
