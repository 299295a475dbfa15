import { normalisationCoverage } from '../store/normalisation-coverage.js';
import { cached, success } from './replies.js';
import type { Route } from './routes.js';

/**
 * The routes the original React frontend polls or opens that jps has nothing behind: its AI
 * enrichment panel and its GO/NO-GO decisions. Each answers the shape the frontend reads, saying
 * truthfully that nothing runs and nothing is decided, so its dashboard shows no error while idle.
 * `/api/llm/status` reports jps's own normalisation coverage, which that panel displays.
 */
export const FRONTEND_ROUTES: readonly Route[] = [
  {
    pattern: ['llm', 'status'],
    description: "jps's own normalisation coverage of active records, in the AI panel's shape",
    handle: async (deps) =>
      cached(deps, 'llm-status', async () => {
        const coverage = await normalisationCoverage(deps.db);
        const percent = (count: number) =>
          coverage.total === 0 ? 0 : Math.round((count / coverage.total) * 1000) / 10;
        return success({
          total_prospects: coverage.total,
          processed_prospects: 0,
          naics_coverage: {
            original: coverage.withNaics,
            llm_inferred: 0,
            total_percentage: percent(coverage.withNaics),
          },
          value_parsing: { parsed_count: coverage.withValue, total_percentage: percent(coverage.withValue) },
          set_aside_standardization: {
            standardized_count: coverage.withSetAside,
            total_percentage: percent(coverage.withSetAside),
          },
          title_enhancement: { enhanced_count: 0, total_percentage: 0 },
          last_processed: null,
          model_version: null,
        });
      }),
  },
  {
    pattern: ['llm', 'queue', 'status'],
    description: 'always idle: jps runs no enhancement queue',
    handle: async () =>
      success({
        worker_running: false,
        current_item: null,
        queue_size: 0,
        pending_items: [],
        recent_completed: [],
      }),
  },
  {
    pattern: ['llm', 'iterative', 'progress'],
    description: 'always idle: jps runs no enhancement',
    handle: async () =>
      success({
        status: 'idle',
        current_type: null,
        processed: 0,
        total: 0,
        percentage: 0,
        current_prospect: null,
        started_at: null,
        errors: [],
        error_count: 0,
      }),
  },
  {
    pattern: ['llm', 'outputs'],
    description: 'always empty: jps keeps no model outputs',
    handle: async () => success([]),
  },
  {
    // The frontend puts the id in the path unencoded, so an id with a slash spans segments.
    pattern: ['decisions', 'prospect', ':id*'],
    description: 'always empty: jps keeps no decisions (the id may be URL-encoded or not)',
    handle: async (_deps, { params: [id = ''] }) =>
      success({ prospect_id: id, decisions: [], total_decisions: 0 }),
  },
];

/**
 * The first path segments (after `/api`) of the original backend's routes that change something:
 * decisions, AI enhancement, data sources and their scrapes, accounts, administration, database
 * maintenance, duplicates and tools. A method other than GET on them is refused as read-only
 * rather than "no such route", and so is anything under `/api/admin`.
 */
const WRITING_AREAS: ReadonlySet<string> = new Set([
  'decisions',
  'llm',
  'data-sources',
  'auth',
  'admin',
  'database',
  'config',
  'duplicates',
  'tools',
  'prospects',
  'proposals',
  'watches',
]);

const READING_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether a request is one of the original backend's writes, to be answered 405 read-only. */
export function isWritingRequest(method: string, segments: readonly string[]): boolean {
  const area = segments[0];
  if (area === undefined) return false;
  if (area === 'admin') return true;
  return !READING_METHODS.has(method) && WRITING_AREAS.has(area);
}
