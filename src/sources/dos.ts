import { defineSource } from './define-source.js';

// PLACEHOLDER: identity only; the acquisition details and layouts are being built.
export const dos = defineSource({
  key: 'dos',
  name: 'Department of State',
  agency: 'Department of State',
  entryUrl: 'https://www.state.gov/procurement-forecast',
  method: 'procurement-forecast page → linked workbook (.xlsx)',
  fileFormats: ['xlsx'],
  acquire: { kind: 'download' },
  layouts: {},
});
