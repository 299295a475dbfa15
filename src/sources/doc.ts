import { defineSource } from './define-source.js';

// PLACEHOLDER: identity only; the acquisition details and layouts are being built.
export const doc = defineSource({
  key: 'doc',
  name: 'Department of Commerce',
  agency: 'Department of Commerce',
  entryUrl: 'https://www.commerce.gov/oam/industry/procurement-forecasts',
  method: 'procurement-forecasts page → linked workbook (.xlsx)',
  fileFormats: ['xlsx'],
  acquire: { kind: 'download' },
  layouts: {},
});
