import type { Kysely } from 'kysely';
import { listEvents, type ChangeEvent } from '../store/event-queries.js';
import type { ProspectPage } from '../store/prospect-queries.js';
import type { Database } from '../store/schema.js';
import { parseSince } from '../time.js';
import { ApiError } from './api-error.js';
import {
  changeParams,
  parseQueryString,
  prospectListParams,
  readParams,
  type ChangeParams,
  type ProspectListParams,
  type QueryValues,
} from './params.js';
import { isDeepPage, type QueryPool } from './query-pool.js';
import { prospectFilters, prospectPage, resolveSources } from './routes.js';

/**
 * A query of a page, read as the API reads the same query: the page, or why its parameters are
 * wrong (what the API would answer with a 400).
 */
export type Read<Params, Data> =
  | { query: QueryValues; params: Params; data: Data; error?: undefined }
  | { query: QueryValues; params?: Params; data?: undefined; error: string };

/**
 * What the built-in pages ask of the API layer: its parameter rules and the same store queries as
 * `/api/prospects` and `/api/changes`, so a page and the API can never filter differently. Given
 * to the pages by `jps serve` (the web layer does not import the API's code).
 */
export interface WebQueries {
  /** The list parameters' defaults (what a URL may leave out). */
  prospectDefaults: ProspectListParams;
  /** `/api/prospects` for the raw query string (without `?`). */
  prospects(rawQuery: string): Promise<Read<ProspectListParams, ProspectPage>>;
  /** `/api/changes` for the raw query string. */
  changes(rawQuery: string): Promise<Read<ChangeParams, { events: ChangeEvent[]; total: number }>>;
}

export function createWebQueries(db: Kysely<Database>, now: () => Date): WebQueries {
  return {
    prospectDefaults: readParams(prospectListParams, new Map()),
    prospects: (rawQuery) =>
      readQuery(rawQuery, prospectListParams, async (params) => {
        const filters = await prospectFilters({ db }, params);
        return prospectPage({ db }, filters, params);
      }),
    changes: (rawQuery) =>
      readQuery(rawQuery, changeParams, async (params) => {
        const since = parseSince(params.since, now());
        if (since === null) {
          throw ApiError.validation(
            `since must be a date (2026-11-20), a timestamp, a duration (30s, 90m, 12h, 7d) or last-run (got "${params.since}")`,
          );
        }
        const sources = params.source ? await resolveSources({ db }, params.source, 'source') : undefined;
        return listEvents(db, { since, sources, kind: params.kind, limit: params.limit, page: params.page });
      }),
  };
}

async function readQuery<Params, Data>(
  rawQuery: string,
  schema: Parameters<typeof readParams>[0],
  run: (params: Params) => Promise<Data>,
): Promise<Read<Params, Data>> {
  let query: QueryValues = new Map();
  let params: Params | undefined;
  try {
    query = parseQueryString(rawQuery);
    params = readParams(schema, query) as Params;
    return { query, params, data: await run(params) };
  } catch (error) {
    if (error instanceof ApiError && error.statusCode === 400) {
      return { query, error: error.message, ...(params !== undefined && { params }) };
    }
    throw error;
  }
}

/** The same queries run by the pool's workers (query-pool.ts): the serving thread only renders. */
export function createPooledWebQueries(pool: QueryPool, now: () => Date): WebQueries {
  const deep = (rawQuery: string) => {
    try {
      return isDeepPage(parseQueryString(rawQuery));
    } catch {
      return false;
    }
  };
  return {
    prospectDefaults: readParams(prospectListParams, new Map()),
    prospects: async (rawQuery) =>
      (
        await pool.run(
          { kind: 'web-prospects', rawQuery, now: now().toISOString() },
          { deep: deep(rawQuery) },
        )
      ).value as Read<ProspectListParams, ProspectPage>,
    changes: async (rawQuery) =>
      (await pool.run({ kind: 'web-changes', rawQuery, now: now().toISOString() }, { deep: deep(rawQuery) }))
        .value as Read<ChangeParams, { events: ChangeEvent[]; total: number }>,
  };
}
