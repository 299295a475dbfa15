import { SourceError } from '../errors.js';
import { defineSource, type ExtractedRecords, type JsonRecord } from './define-source.js';

const SITE = 'https://acquisitiongateway.gov';

/**
 * The Acquisition Gateway's Forecast of Contracting Opportunities: many agencies (USDA, Interior,
 * VA, GSA, …) in one JSON export API, read 500 records a page. Pages take ~27 s each.
 */
export const acquisitionGateway = defineSource({
  key: 'acquisition-gateway',
  name: 'Acquisition Gateway',
  agency: 'General Services Administration',
  entryUrl: 'https://ag-dashboard.acquisitiongateway.gov/api/v3.0/export/forecast',
  method: 'JSON export API, 500 records a page',
  fileFormats: ['csv'],
  acquire: {
    kind: 'paged-json',
    // range ≥ 1000 answers 504 (seen 2026).
    pageUrl: (entryUrl, page) => withQuery(entryUrl, { range: '500', page: String(page) }),
    extract: extractGatewayRecords,
    recordId: (record) => String(record['nid'] ?? ''),
    maxPages: 60,
    // A page can repeat the previous one; three in a row that add nothing mean the end.
    stalePagesLimit: 3,
    timeBudgetMillis: 20 * 60_000,
    timeoutMillis: 120_000,
    headers: { Accept: 'application/json', Referer: `${SITE}/`, Origin: SITE },
  },
  layouts: {
    json: {
      requiredHeaders: ['nid', 'title'],
      key: ['nid'],
      columns: {
        native_id: 'field_source_listing_id',
        title: 'title',
        description_html: 'body',
        agency: 'field_result_id',
        office: 'field_organization',
        naics: 'field_naics_code',
        value: 'field_estimated_contract_v_max',
        release_date: 'field_estimated_solicitation_dat',
        award_fiscal_year: 'field_estimated_award_fy',
        award_quarter: 'field_estimated_award_fy_qtr',
        set_aside: 'field_acquisition_strategy',
        contract_type: 'field_contract_type',
        place_city: 'field_place_of_performance',
        place_state: 'field_place_of_performance_administrative_area',
        contact_name: 'field_point_of_contact_name',
        contact_email: 'field_point_of_contact_email',
        incumbent: 'field_contractor_name',
        url: 'field_solicitation_link',
      },
      ignore: isVolatileMember,
    },
    table: {
      requiredHeaders: ['Node_ID', 'Title'],
      key: ['Node_ID'],
      // The site's CSV export writes some headers as "Content: Title", "Content: Body".
      headerName: (header) => header.replace(/^\s*content:\s*/i, ''),
      columns: {
        native_id: 'Listing ID',
        title: 'Title',
        description: ['Description', 'Body'],
        agency: 'Agency',
        office: 'Organization',
        naics: 'NAICS Code',
        value: 'Estimated Contract Value',
        release_date: 'Estimated Solicitation Date',
        award_fiscal_year: 'Estimated Award FY',
        award_quarter: 'Estimated Award FY-QTR',
        place_city: 'Place of Performance City',
        place_state: 'Place of Performance State',
        place_country: 'Place of Performance Country',
        contract_type: 'Contract Type',
        set_aside: 'Set Aside Type',
        contact_email: 'Point of Contact (Email)',
        contact_name: 'Point of Contact (Name) For',
        incumbent: 'Contractor Name',
      },
      ignore: isVolatileMember,
      // The export copies the site's HTML body into Description for some records and plain text for others.
      transform: (raw) =>
        typeof raw.description === 'string' && /<\/?[a-z][a-z0-9]*[^<>]*>/i.test(raw.description)
          ? { ...raw, description: undefined, description_html: raw.description }
          : raw,
    },
  },
});

/** Page-view counters change on every visit; keeping them would make every record look changed. */
function isVolatileMember(name: string): boolean {
  return /views?\b|view_?count|views_|hits/i.test(name);
}

/**
 * Records are the `render` objects anywhere under `listing` (`listing.data.<nid>.render`); the
 * total, a string, sits under `listing` or at the top.
 */
export function extractGatewayRecords(body: unknown): ExtractedRecords {
  if (typeof body !== 'object' || body === null || !('listing' in body)) {
    throw new SourceError(
      'UNEXPECTED_JSON',
      'the Gateway answer has no "listing" member: the export API changed',
    );
  }
  const top = body as { listing: unknown; total?: unknown };
  const records: JsonRecord[] = [];
  const visit = (node: unknown, depth: number): void => {
    if (depth > 6 || typeof node !== 'object' || node === null) return;
    if ('render' in node && typeof node.render === 'object' && node.render !== null) {
      records.push(node.render as JsonRecord);
      return;
    }
    for (const child of Array.isArray(node) ? node : Object.values(node)) visit(child, depth + 1);
  };
  visit(top.listing, 0);
  const listingTotal =
    typeof top.listing === 'object' && top.listing !== null
      ? (top.listing as { total?: unknown }).total
      : undefined;
  const total = Number(listingTotal ?? top.total);
  return { records, total: Number.isFinite(total) && total > 0 ? total : null };
}

function withQuery(url: string, params: Record<string, string>): string {
  const parsed = new URL(url);
  for (const [name, value] of Object.entries(params)) parsed.searchParams.set(name, value);
  return parsed.toString();
}
