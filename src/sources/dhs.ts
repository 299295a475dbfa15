import { defineSource } from './define-source.js';

// PLACEHOLDER: identity only; the acquisition details and layouts are being built.
export const dhs = defineSource({
  key: 'dhs',
  name: 'Department of Homeland Security',
  agency: 'Department of Homeland Security',
  entryUrl: 'https://apfs-cloud.dhs.gov/api/forecast/',
  method: 'APFS JSON API, one array of every record',
  fileFormats: ['csv'],
  acquire: { kind: 'download' },
  layouts: {},
});
