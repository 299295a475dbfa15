import { errorMessage } from '../errors.js';
import { listEvents, prospectExists, prospectHistory } from '../store/event-queries.js';
import type { ProspectRecord } from '../store/prospect-record.js';
import {
  getProspect,
  listProspects,
  type ProspectFilters,
  type ProspectPage,
  type SortField,
} from '../store/prospect-queries.js';
import { checkReadable, firstRegisteredAt } from '../store/data-sources.js';
import { InvalidCursorError } from '../store/page-cursor.js';
import type { ReadonlyDb } from '../store/readonly-db.js';
import { loadSourceRuns } from '../store/source-health.js';
import { judgeSource, overallHealth, type SourceRuns } from '../store/source-verdict.js';
import { collapsedGroupsOf, likelyDuplicatesOf } from '../store/duplicate-links.js';
import { parseSince } from '../time.js';
import { VERSION } from '../version.js';
import { ApiError, errorEnvelope } from './api-error.js';
import { EXPORT_ROUTE } from './export-route.js';
import { FRONTEND_ROUTES } from './frontend-compat.js';
import { cached, success } from './replies.js';
import {
  changeParams,
  decisionParams,
  proposalParams,
  prospectListParams,
  readParams,
  digestParams,
  type ProspectListParams,
  type QueryValues,
} from './params.js';
import { digestForWatch, digestSize } from '../digest/classify.js';
import { digestJson } from '../digest/render.js';
import { maskedTarget } from '../digest/targets.js';
import { EXPECTED, narrowListFilters } from '../list-filters.js';
import { getWatch, listWatches, readDigestSnapshot } from '../store/watches.js';
import type { ResponseCache } from './response-cache.js';
import {
  dashboardCounts,
  databaseCounts,
  dataSourceKeys,
  dataSourceSummaries,
  type ApiSource,
  type DatabaseCounts,
} from '../store/source-summaries.js';

/** What the routes read: a read-only database, the registered sources, a clock, and the cache. */
export interface RouteDeps {
  /** Read-only, in type as in connection: a write here does not compile. */
  db: ReadonlyDb;
  sources: readonly ApiSource[];
  now: () => Date;
  cache: ResponseCache;
}

export interface RouteRequest {
  /** The decoded path parameters, in the order of the route's pattern. */
  params: readonly string[];
  query: QueryValues;
}

/** A JSON answer, already serialised: cached answers are sent as the same bytes. */
export interface Reply {
  statusCode: number;
  body: Buffer;
  /** Headers other than the JSON defaults (an export's content type and file name). */
  headers?: Record<string, string>;
}

export interface Route {
  /** Path segments after `/api`; `:id` is one decoded segment. */
  /** A last `:id*` takes every remaining segment, joined with `/`. */
  pattern: readonly string[];
  description: string;
  handle(deps: RouteDeps, request: RouteRequest): Promise<Reply>;
}

/** `jps health`'s default `--max-age`. */
const HEALTH_MAX_AGE_MILLIS = 8 * 86_400_000;

export const ROUTES: readonly Route[] = [
  {
    pattern: [],
    description: 'this list',
    handle: async () => {
      return success({
        name: 'jps',
        version: VERSION,
        endpoints: ROUTES.map((route) => ({
          path: pathOf(route),
          methods: ['GET'],
          description: route.description,
        })),
      });
    },
  },
  {
    pattern: ['prospects'],
    description: 'prospects, filtered, sorted and paginated',
    handle: async (deps, { query }) => {
      const params = readParams(prospectListParams, query);
      // No record is AI-enhanced; the other AI filter values never change the answer.
      const { ai_enrichment: enrichment, ...key } = params;
      if (enrichment === 'enhanced') {
        return success({
          items: [],
          prospects: [],
          pagination: prospectPagination({ records: [], total: 0 }, params),
        });
      }
      return cached(deps, `prospects ${JSON.stringify(key)}`, async () => {
        const filters = await prospectFilters(deps, params);
        const page = await prospectPage(deps, filters, params);
        let items: Record<string, unknown>[] = page.records.map(toApiItem);
        if (filters.collapseDuplicates) {
          const groups = await collapsedGroupsOf(
            deps.db,
            page.records.map((record) => record.id),
          );
          items = items.map((item) => ({
            ...item,
            duplicates: groups.get(item['id'] as string)?.duplicates ?? [],
          }));
        }
        return success({ items, prospects: items, pagination: prospectPagination(page, params) });
      });
    },
  },
  EXPORT_ROUTE,
  {
    pattern: ['prospects', ':id'],
    description: 'one prospect by id (URL-encoded)',
    handle: async (deps, { params: [id = ''] }) => {
      const record = await getProspect(deps.db, id);
      if (!record) throw ApiError.notFound(`no prospect with id "${id}"`);
      return success({ ...toApiItem(record), likely_duplicates: await likelyDuplicatesOf(deps.db, id) });
    },
  },
  {
    pattern: ['prospects', ':id', 'history'],
    description: "one prospect's change events, oldest first",
    handle: async (deps, { params: [id = ''] }) => {
      const events = await prospectHistory(deps.db, id);
      if (events.length === 0 && !(await prospectExists(deps.db, id))) {
        throw ApiError.notFound(`no prospect with id "${id}"`);
      }
      return success({ events });
    },
  },
  {
    pattern: ['changes'],
    description: 'change events across all prospects, newest first (since, source, kind, page, limit)',
    handle: async (deps, { query }) => {
      const params = readParams(changeParams, query);
      const since = parseSince(params.since, deps.now());
      if (since === null) {
        throw ApiError.validation(
          `since must be a date (2026-11-20), a timestamp, a duration (30s, 90m, 12h, 7d) or last-run (got "${params.since}")`,
        );
      }
      const sources = params.source ? await resolveSources(deps, params.source, 'source') : undefined;
      const { events, total } = await listEvents(deps.db, {
        since,
        sources,
        kind: params.kind,
        limit: params.limit,
        page: params.page,
      });
      return success({ events, pagination: pagination({ total }, params.page, params.limit) });
    },
  },
  {
    pattern: ['data-sources'],
    description: 'every registered source with its active count and latest run',
    handle: async (deps) =>
      cached(deps, 'data-sources', async () => success(await dataSourceSummaries(deps.db, deps.sources))),
  },
  {
    pattern: ['health'],
    description: 'overall status and the verdict of every source',
    handle: async (deps) => {
      const now = deps.now();
      try {
        await checkReadable(deps.db);
      } catch (error) {
        const unreadable = new ApiError(
          'server_error',
          `the database cannot be read: ${errorMessage(error)}`,
          503,
        );
        return {
          statusCode: 503,
          body: json(
            errorEnvelope(unreadable, {
              data: {
                status: 'unhealthy',
                timestamp: now.toISOString(),
                database: 'disconnected',
                sources: [],
              },
            }),
          ),
        };
      }
      // The runs each verdict is judged from are kept while the database is unchanged: only the
      // judging, which depends on the time, is done again, so the health check stays quick under load.
      const keys = deps.sources.map((source) => source.key);
      const kept = await cached(deps, 'health-runs', async () =>
        success(await Promise.all(keys.map((key) => loadSourceRuns(deps.db, key)))),
      );
      const runs = (JSON.parse(kept.body.toString()) as { data: SourceRuns[] }).data;
      const sources = keys.map((key, index) =>
        judgeSource(key, runs[index]!, { now, maxAgeMillis: HEALTH_MAX_AGE_MILLIS }),
      );
      return success({
        status: overallHealth(sources),
        timestamp: now.toISOString(),
        database: 'connected',
        sources,
      });
    },
  },
  {
    pattern: ['dashboard'],
    description: 'counts, top agencies, upcoming and recent prospects, recent scrapes',
    handle: async (deps) => {
      const today = deps.now().toISOString().slice(0, 10);
      return cached(deps, `dashboard ${today}`, async () => {
        const counts = await dashboardCounts(deps.db, today);
        const recent = await listProspects(deps.db, {
          filters: { status: 'active' },
          sort: 'release_date',
          order: 'desc',
          limit: 5,
          page: 1,
        });
        return success({
          total_proposals: counts.total_proposals,
          total_sources: deps.sources.length,
          latest_successful_scrape: counts.latest_successful_scrape,
          top_agencies: counts.top_agencies,
          upcoming_proposals: counts.upcoming_proposals,
          recent_scraper_activity: counts.recent_scraper_activity,
          recent_proposals: recent.records.map(toApiItem),
        });
      });
    },
  },
  {
    pattern: ['database', 'status'],
    description: 'row counts and size of the database',
    handle: async (deps) => {
      const counts = JSON.parse(
        (
          await cached(deps, 'database-status', async () => success(await databaseCounts(deps.db)))
        ).body.toString(),
      ) as { data: DatabaseCounts };
      return success({ ...counts.data, timestamp: deps.now().toISOString() });
    },
  },
  {
    pattern: ['auth', 'status'],
    description: 'always signed in: jps has no accounts (the frontend needs this answer to render)',
    handle: async (deps) => {
      const firstAt = await firstRegisteredAt(deps.db);
      return success({
        authenticated: true,
        user: {
          id: 1,
          email: 'viewer@localhost',
          first_name: 'Viewer',
          role: 'user',
          created_at: firstAt ?? deps.now().toISOString(),
          last_login_at: null,
        },
      });
    },
  },
  {
    pattern: ['decisions', 'user'],
    description: 'always empty: jps keeps no decisions',
    handle: async (_deps, { query }) => {
      const params = readParams(decisionParams, query);
      return success({ decisions: [], pagination: pagination({ total: 0 }, params.page, params.per_page) });
    },
  },
  {
    pattern: ['watches'],
    description:
      'every watch: filters, targets (webhooks as scheme and host only), last digest, pending changes',
    handle: async (deps) => {
      const watches = await listWatches(deps.db);
      if (watches.length === 0) return success([]);
      const snapshot = await readDigestSnapshot(deps.db, {
        afterEventId: Math.min(...watches.map((watch) => watch.cursor_event_id)),
      });
      const to = deps.now().toISOString();
      return success(
        watches.map((watch) => ({
          name: watch.name,
          filters: watch.filters,
          created_at: watch.created_at,
          last_digest_at: watch.last_digest_at,
          pending_changes: digestSize(digestForWatch(watch, snapshot, { to })),
          targets: watch.targets.map(maskedTarget),
        })),
      );
    },
  },
  {
    pattern: ['watches', ':name', 'prospects'],
    description: "prospects matching a watch's filters (the parameters of /api/prospects narrow it)",
    handle: async (deps, { params: [name = ''], query }) => {
      const watch = await getWatch(deps.db, name);
      if (!watch) throw ApiError.notFound(`no watch named "${name}"`);
      const params = readParams(prospectListParams, query);
      const { status, ...more } = await prospectFilters(deps, params);
      const narrowed = narrowFilters(watch.filters, more);
      const filters = narrowed === null ? null : { ...narrowed, ...(status && { status }) };
      const page = filters === null ? { records: [], total: 0 } : await prospectPage(deps, filters, params);
      const items = page.records.map(toApiItem);
      return success({ items, prospects: items, pagination: prospectPagination(page, params) });
    },
  },
  {
    pattern: ['watches', ':name', 'digest'],
    description: "a watch's digest of its open window (or since=), which this never moves",
    handle: async (deps, { params: [name = ''], query }) => {
      const watch = await getWatch(deps.db, name);
      if (!watch) throw ApiError.notFound(`no watch named "${name}"`);
      const params = readParams(digestParams, query);
      const to = deps.now().toISOString();
      if (params.since === undefined) {
        const snapshot = await readDigestSnapshot(deps.db, { afterEventId: watch.cursor_event_id });
        return success(digestJson(digestForWatch(watch, snapshot, { to })));
      }
      const since = parseSince(params.since, deps.now());
      if (since === null) {
        throw ApiError.validation(`since must be ${EXPECTED.since} (got "${params.since}")`);
      }
      const snapshot = await readDigestSnapshot(deps.db, { since });
      const from =
        since.kind === 'time' ? since.at : snapshot.events.reduce((min, e) => (e.at < min ? e.at : min), to);
      return success(digestJson(digestForWatch(watch, snapshot, { to, since: from })));
    },
  },
  {
    pattern: ['proposals'],
    description: 'active prospects in the older shape (page, per_page, sort_by, sort_order)',
    handle: async (deps, { query }) => {
      const params = readParams(proposalParams, query);
      return cached(deps, `proposals ${JSON.stringify(params)}`, async () => {
        const page = await listProspects(deps.db, {
          filters: { status: 'active' },
          sort: params.sort_by,
          order: params.sort_order,
          limit: params.per_page,
          page: params.page,
        });
        return reply(200, {
          status: 'success',
          data: page.records.map(toApiItem),
          pagination: {
            page: params.page,
            per_page: params.per_page,
            total_count: page.total,
            total_pages: Math.ceil(page.total / params.per_page),
          },
        });
      });
    },
  },
  ...FRONTEND_ROUTES,
];

/** The route whose pattern matches `segments` (the path after `/api`), with its parameters. */
export function matchRoute(segments: readonly string[]): { route: Route; params: string[] } | undefined {
  for (const route of ROUTES) {
    const rest = route.pattern.at(-1)?.endsWith('*') ? route.pattern.length - 1 : -1;
    if (rest === -1 ? route.pattern.length !== segments.length : segments.length <= rest) continue;
    const params: string[] = [];
    let matches = true;
    for (let index = 0; index < route.pattern.length && matches; index++) {
      const expected = route.pattern[index]!;
      const actual = index === rest ? segments.slice(rest).join('/') : segments[index]!;
      if (expected.startsWith(':')) params.push(actual);
      else matches = expected === actual;
    }
    if (matches) return { route, params };
  }
  return undefined;
}

/**
 * The record with the fields the original frontend reads and jps has no use for (docs/api.md): AI
 * enrichment is always idle, and a record is "loaded" when it was first seen.
 */
export function toApiItem(record: ProspectRecord): ProspectRecord & Record<string, unknown> {
  return {
    ...record,
    ai_enhanced_title: null,
    ollama_processed_at: null,
    estimated_value_single: null,
    naics_source: record.naics === null ? null : 'original',
    enhancement_status: 'idle',
    loaded_at: record.first_seen_at,
  };
}

/** The store's filters for the list parameters: shared with the built-in pages, so both filter alike. */
export async function prospectFilters(
  deps: Pick<RouteDeps, 'db'>,
  params: ProspectListParams,
): Promise<ProspectFilters> {
  // `keywords` is the frontend's second search box: every word of both must match.
  const words = [params.search, params.keywords]
    .filter((text) => text !== undefined && text !== '')
    .join(' ');
  return {
    status: params.status,
    ...(params.source_ids && { sources: await resolveSources(deps, params.source_ids, 'source_ids') }),
    ...(params.agency !== undefined && { agency: params.agency }),
    ...(params.office !== undefined && { office: params.office }),
    ...(params.naics !== undefined && { naics: params.naics }),
    ...(params.set_aside !== undefined && { setAside: params.set_aside }),
    ...(words !== '' && { search: words }),
    ...(params.min_value !== undefined && { minValue: params.min_value }),
    ...(params.max_value !== undefined && { maxValue: params.max_value }),
    ...(params.release_from !== undefined && { releaseFrom: params.release_from }),
    ...(params.release_to !== undefined && { releaseTo: params.release_to }),
    ...(params.award_from !== undefined && { awardFrom: params.award_from }),
    ...(params.award_to !== undefined && { awardTo: params.award_to }),
    ...(params.collapse_duplicates && { collapseDuplicates: true }),
  };
}

/** `sort_by`, or relevance when there is a search and release_date when not. */
export function prospectSort(params: ProspectListParams, filters: ProspectFilters): SortField {
  if (params.sort_by === undefined) return filters.search === undefined ? 'release_date' : 'relevance';
  if (params.sort_by === 'relevance' && filters.search === undefined) {
    throw ApiError.validation(
      'sort_by=relevance needs search or keywords (relevance is how well a record matches them)',
    );
  }
  return params.sort_by;
}

/** Data-source ids (the frontend's) or keys (a script's) → keys; an unknown one is a 400. */
export async function resolveSources(
  deps: Pick<RouteDeps, 'db'>,
  items: readonly string[],
  name: string,
): Promise<string[]> {
  const known = await dataSourceKeys(deps.db);
  const keys = new Set<string>();
  for (const item of items) {
    const found = /^\d+$/.test(item)
      ? known.find((source) => source.id === Number(item))
      : known.find((source) => source.key === item.toLowerCase());
    if (!found) {
      const list = known.map((source) => `${source.id} ${source.key}`).join(', ');
      throw ApiError.validation(`${name}: no data source "${item}" (known: ${list})`);
    }
    keys.add(found.key);
  }
  return [...keys];
}

/** The page the list parameters ask for: by number, or after a cursor (a bad cursor is a 400). */
export async function prospectPage(
  deps: Pick<RouteDeps, 'db'>,
  filters: ProspectFilters,
  params: ProspectListParams,
): Promise<ProspectPage> {
  try {
    return await listProspects(deps.db, {
      filters,
      sort: prospectSort(params, filters),
      order: params.sort_order,
      limit: params.limit,
      page: params.page,
      ...(params.cursor !== undefined && { cursor: params.cursor }),
    });
  } catch (error) {
    if (error instanceof InvalidCursorError) throw ApiError.validation(error.message);
    throw error;
  }
}

/**
 * The pagination of a list page, with the cursor of the next one. A page reached by a cursor is
 * numbered by how many records come before it.
 */
function prospectPagination(page: ProspectPage, params: ProspectListParams) {
  const offset = page.offset ?? (params.page - 1) * params.limit;
  const byCursor = params.cursor !== undefined;
  const numbered = pagination(
    page,
    byCursor ? Math.floor(offset / params.limit) + 1 : params.page,
    params.limit,
  );
  return {
    ...numbered,
    ...(byCursor && { has_next: page.nextCursor != null, has_prev: offset > 0 }),
    next_cursor: page.nextCursor ?? null,
  };
}

function pagination(page: Pick<ProspectPage, 'total'>, pageNumber: number, perPage: number) {
  const totalPages = Math.ceil(page.total / perPage);
  return {
    page: pageNumber,
    per_page: perPage,
    total_items: page.total,
    total_pages: totalPages,
    has_next: pageNumber < totalPages,
    has_prev: pageNumber > 1,
  };
}

function reply(statusCode: number, value: unknown): Reply {
  return { statusCode, body: json(value) };
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

function pathOf(route: Route): string {
  return ['/api', ...route.pattern].join('/');
}

/** A watch's filters narrowed by a request's; a second agency or office text is a 400. */
function narrowFilters(
  base: Parameters<typeof narrowListFilters>[0],
  more: Parameters<typeof narrowListFilters>[1],
): ReturnType<typeof narrowListFilters> {
  try {
    return narrowListFilters(base, more);
  } catch (error) {
    throw ApiError.validation(errorMessage(error).replace(/^--/, ''));
  }
}
