import { defineSource } from './define-source.js';

// PLACEHOLDER: identity only; the acquisition details and layouts are being built.
export const doj = defineSource({
  key: 'doj',
  name: 'Department of Justice',
  agency: 'Department of Justice',
  entryUrl: 'https://www.justice.gov/jmd/doj-forecast-contracting-opportunities',
  method: 'forecast page → "Download the Excel File" workbook',
  fileFormats: ['xlsx'],
  acquire: { kind: 'download' },
  layouts: {},
});
