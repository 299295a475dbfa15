import * as z from 'zod';
import { prospectWorkbook } from '../export/prospect-workbook.js';
import { EXPORT_FIELDS, renderCsv } from '../export/csv.js';
import { formatCount } from '../format-count.js';
import { listProspects } from '../store/prospect-queries.js';
import { ApiError } from './api-error.js';
import { prospectListParams, readParams } from './params.js';
import { prospectFilters, prospectSort, type Route } from './routes.js';

/**
 * An export is built in memory in one request, and a workbook costs about a millisecond a row (seen
 * 2026 on two shared cores): beyond this many records, a filter is asked for.
 */
export const MAX_EXPORT_RECORDS = 10_000;

const exportParams = z.object({
  format: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(['csv', 'xlsx'], { error: 'must be csv or xlsx' }))
    .default('csv'),
});

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** `GET /api/prospects/export`: every record `/api/prospects` would list, as CSV or a workbook. */
export const EXPORT_ROUTE: Route = {
  pattern: ['prospects', 'export'],
  description: 'every prospect matching the /api/prospects filters, as format=csv (default) or xlsx',
  handle: async (deps, { query }) => {
    const { format } = readParams(exportParams, query);
    const params = readParams(prospectListParams, query);
    const filters = await prospectFilters(deps, params);
    const base = { filters, sort: prospectSort(params, filters), order: params.sort_order } as const;
    const enhancedOnly = params.ai_enrichment === 'enhanced';
    let records: Awaited<ReturnType<typeof listProspects>>['records'] = [];
    if (!enhancedOnly) {
      // Counting needs no ranking.
      const { total } = await listProspects(deps.db, { ...base, sort: 'release_date', limit: 1, page: 1 });
      if (total > MAX_EXPORT_RECORDS) {
        throw ApiError.validation(
          `the export would hold ${formatCount(total)} records, over ${formatCount(MAX_EXPORT_RECORDS)}: add a filter, or use jps list --all --format ${format}`,
        );
      }
      records = (await listProspects(deps.db, { ...base, limit: null, page: 1 })).records;
    }
    const madeAt = deps.now();
    const day = madeAt.toISOString().slice(0, 10);
    const body =
      format === 'csv'
        ? Buffer.from(
            renderCsv(
              EXPORT_FIELDS,
              records.map((record) => EXPORT_FIELDS.map((field) => record[field])),
            ),
          )
        : await prospectWorkbook(records, EXPORT_FIELDS, {
            madeBy: 'GET /api/prospects/export',
            madeAt,
            filters: [...query].filter(([name]) => name !== 'format'),
            records: `all ${formatCount(records.length)} matching records`,
          });
    return {
      statusCode: 200,
      body,
      headers: {
        'content-type': CONTENT_TYPES[format],
        'content-disposition': `attachment; filename="jps-prospects-${day}.${format}"`,
      },
    };
  },
};
