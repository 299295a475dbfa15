import { defineSource } from './define-source.js';

// PLACEHOLDER: identity only; the acquisition details and layouts are being built.
export const hhs = defineSource({
  key: 'hhs',
  name: 'Department of Health and Human Services',
  agency: 'Department of Health and Human Services',
  entryUrl: 'https://osdbu.hhs.gov/industry/opportunity-forecast',
  method: 'forecast page (sign-in since 2026; use --file with the CSV export)',
  fileFormats: ['csv'],
  acquire: { kind: 'download' },
  layouts: {},
});
