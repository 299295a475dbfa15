import { defineSource, findLink } from './define-source.js';

/**
 * What a browser sends when it follows a link: commerce.gov has refused clients that send less
 * (HTTP 403). The User-Agent still names jps.
 */
const BROWSER_HEADERS = {
  Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8',
  'Accept-Language': 'en-US,en;q=0.9',
};

/**
 * Department of Commerce: the procurement-forecasts page links the forecast workbook (.xlsx,
 * 3,218 rows × 30 columns in July 2025, header on row 3 under two title rows).
 */
export const doc = defineSource({
  key: 'doc',
  name: 'Department of Commerce',
  agency: 'Department of Commerce',
  entryUrl: 'https://www.commerce.gov/oam/industry/procurement-forecasts',
  method: 'procurement-forecasts page → linked workbook (.xlsx)',
  fileFormats: ['xlsx'],
  acquire: {
    kind: 'linked-file',
    pickLink: (links) => findLink(links, { extensions: ['.xlsx'], mentions: /forecast/i }),
    linkDescription: 'a link to a .xlsx forecast workbook',
    // The page and the workbook both get the browser's headers.
    headers: BROWSER_HEADERS,
  },
  layouts: {
    table: {
      requiredHeaders: ['Forecast ID', 'Title'],
      // A number cell (30002): the key is its digits.
      key: ['Forecast ID'],
      columns: {
        native_id: 'Forecast ID',
        office: 'Organization',
        title: 'Title',
        description: 'Description',
        naics: 'Naics Code',
        place_city: 'Place Of Performance City',
        place_state: 'Place Of Performance State',
        place_country: 'Place Of Performance Country',
        value: 'Estimated Value Range',
        release_fiscal_year: 'Estimated Solicitation Fiscal Year',
        release_quarter: 'Estimated Solicitation Fiscal Quarter',
        set_aside: 'Anticipated Set Aside And Type',
        contact_name: 'Point Of Contact Name',
        contact_email: 'Point Of Contact Email',
      },
    },
  },
});
