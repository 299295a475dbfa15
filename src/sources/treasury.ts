import { defineSource } from './define-source.js';

// PLACEHOLDER: identity only; the acquisition details and layouts are being built.
export const treasury = defineSource({
  key: 'treasury',
  name: 'Department of the Treasury',
  agency: 'Department of the Treasury',
  entryUrl: 'https://osdbu.forecast.treasury.gov/webruntime/api/apex/execute?language=en-US&asGuest=true&htmlEncode=false',
  method: 'Salesforce Apex POST (getData)',
  fileFormats: ['xls (HTML table)'],
  acquire: { kind: 'download' },
  layouts: {},
});
