import { defineSource, findLink } from './define-source.js';

/**
 * Social Security Administration: a landing page that links the forecast as a macro-enabled
 * workbook (.xlsm), header on row 5 under four rows of titles, most of its 66 columns blank.
 */
export const ssa = defineSource({
  key: 'ssa',
  name: 'Social Security Administration',
  agency: 'Social Security Administration',
  entryUrl: 'https://www.ssa.gov/osdbu/contract-forecast-intro.html',
  method: 'landing page → linked forecast workbook (.xlsm)',
  fileFormats: ['xlsm', 'xlsx'],
  acquire: {
    kind: 'linked-file',
    pickLink: (links) => findLink(links, { extensions: ['.xlsm', '.xlsx', '.xls'], preferred: /forecast/i }),
    linkDescription: 'a link to a .xlsm, .xlsx or .xls workbook',
  },
  layouts: {
    table: {
      requiredHeaders: ['APP #', 'DESCRIPTION'],
      key: ['APP #'],
      columns: {
        native_id: 'APP #',
        office: 'SITE Type',
        // SSA has no title column: the record's title is the description's first line.
        description: 'DESCRIPTION',
        value: ['EST COST PER FY', 'ESTIMATED VALUE'],
        award_date: 'PLANNED AWARD DATE',
        award_fiscal_year: 'AWARD FISCAL YEAR',
        contract_type: 'CONTRACT TYPE',
        naics: 'NAICS',
        naics_description: 'NAICS DESCRIPTION',
        set_aside: ['TYPE OF COMPETITION', 'SET ASIDE'],
        place: 'PLACE OF PERFORMANCE',
        incumbent: 'INCUMBENT VENDOR',
      },
    },
  },
});
