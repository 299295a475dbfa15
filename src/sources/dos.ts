import { cleanValue } from '../normalise/text.js';
import { defineSource } from './define-source.js';

/** "FY25-Procurement-Forecast-2.xlsx"; a release spelled with _ or a space is still found. */
const FORECAST_HREF = /procurement(?:[-_\s]|%20)*forecast/i;

/**
 * Department of State: the procurement-forecast page links the workbook (.xlsx, 317 rows × 26
 * columns in July 2025, header on row 1). The file's path changes with every release
 * ("…/2025/02/FY25-Procurement-Forecast-2.xlsx"), so it is always found on the page.
 */
export const dos = defineSource({
  key: 'dos',
  name: 'Department of State',
  agency: 'Department of State',
  entryUrl: 'https://www.state.gov/procurement-forecast',
  method: 'procurement-forecast page → linked workbook (.xlsx)',
  fileFormats: ['xlsx'],
  acquire: {
    kind: 'linked-file',
    // The page also links itself ("/procurement-forecast/"): only a workbook's href counts.
    pickLink: (links) => links.find((link) => isWorkbookHref(link.href) && FORECAST_HREF.test(link.href)),
    linkDescription: 'a link to a Procurement-Forecast .xlsx workbook',
  },
  layouts: {
    table: {
      requiredHeaders: ['Contract Number', 'Requirement Title'],
      // The whole trimmed cell, modification included ("19AQMM24C0074 P00002"); missing on two
      // thirds of the rows, which get derived keys.
      key: ['Contract Number'],
      reads: ['Dollar Value'],
      columns: {
        native_id: 'Contract Number',
        office: 'Office Symbol',
        title: 'Requirement Title',
        description: 'Requirement Description',
        value: 'Estimated Value',
        place_city: 'Place of Performance City',
        place_state: 'Place of Performance State',
        place_country: 'Place of Performance Country',
        contract_type: 'Award Type',
        // A date cell; without one, the Target Award Quarter of the Fiscal Year (resolveTiming).
        award_date: 'Anticipated Award Date',
        award_quarter: 'Target Award Quarter',
        award_fiscal_year: 'Fiscal Year',
        release_date: 'Anticipated Solicitation Release Date',
        set_aside: 'Anticipated Set Aside',
        incumbent: 'Incumbent Contractor',
      },
      // Some rows leave Estimated Value empty and give the amount in Dollar Value instead.
      transform: (raw, row) =>
        cleanValue(raw.value) === null && cleanValue(row.get('Dollar Value')) !== null
          ? { ...raw, value: row.get('Dollar Value') }
          : raw,
    },
  },
});

function isWorkbookHref(href: string): boolean {
  let path = href;
  try {
    path = new URL(href).pathname;
  } catch {
    // Unresolvable href: judge it as written.
  }
  return /\.xls[xm]$/i.test(path);
}
