import { sql } from 'kysely';
import { prospectTotalsBySource } from './prospect-queries.js';
import type { ReadonlyDb } from './readonly-db.js';
import type { RunRow } from './schema.js';
import { loadSourceRuns } from './source-health.js';

// The aggregate reads only the API answers (data-sources page, dashboard, database status). The
// record lists and histories come from the shared queries of `jps list` and `jps history`.

/** A registered source as the API describes it; the URL is the entry URL after overrides. */
export interface ApiSource {
  key: string;
  name: string;
  agency: string;
  url: string;
  description: string;
}

export interface DataSourceSummary {
  id: number;
  key: string;
  name: string;
  agency: string;
  url: string | null;
  description: string | null;
  last_scraped: string | null;
  prospect_count: number;
  last_status: {
    status: string;
    last_checked: string;
    records_found: number;
    error_message: string | null;
  } | null;
}

/** Every registered source, scraped or not, in id order, with its active count and latest run. */
export async function dataSourceSummaries(
  db: ReadonlyDb,
  sources: readonly ApiSource[],
): Promise<DataSourceSummary[]> {
  const rows = await db.selectFrom('data_sources').selectAll().orderBy('id').execute();
  const counts = await prospectTotalsBySource(db, 'active');
  const byKey = new Map(sources.map((source) => [source.key, source]));
  const summaries: DataSourceSummary[] = [];
  for (const row of rows) {
    const runs = await loadSourceRuns(db, row.key);
    const known = byKey.get(row.key);
    summaries.push({
      id: row.id,
      key: row.key,
      name: row.name,
      agency: row.agency,
      url: known?.url ?? null,
      description: known?.description ?? null,
      last_scraped: runs.lastSuccess ? runTime(runs.lastSuccess) : null,
      prospect_count: counts.get(row.key) ?? 0,
      last_status: runs.lastRun
        ? {
            status: runs.lastRun.status,
            last_checked: runTime(runs.lastRun),
            records_found: runs.lastRun.rows_read,
            error_message: runs.lastRun.error_message,
          }
        : null,
    });
  }
  return summaries;
}

/** The data sources' ids and keys, to read `source_ids` and `source` parameters. */
export async function dataSourceKeys(db: ReadonlyDb): Promise<{ id: number; key: string }[]> {
  return db.selectFrom('data_sources').select(['id', 'key']).orderBy('id').execute();
}

export interface DashboardCounts {
  total_proposals: number;
  latest_successful_scrape: string | null;
  top_agencies: { agency: string; count: number }[];
  upcoming_proposals: { id: string; title: string; agency: string; proposal_date: string | null }[];
  recent_scraper_activity: {
    data_source_name: string;
    status: string;
    last_checked: string;
    details: string;
  }[];
}

const DASHBOARD_ROWS = 5;

/** The dashboard's figures over active records; "upcoming" means released on or after `today`. */
export async function dashboardCounts(db: ReadonlyDb, today: string): Promise<DashboardCounts> {
  const total = sum(await prospectTotalsBySource(db, 'active'));
  const latest = await db
    .selectFrom('scrape_runs')
    .select((eb) => eb.fn.max('finished_at').as('at'))
    .where('status', '=', 'ok')
    .executeTakeFirst();
  const topAgencies = await db
    .selectFrom('prospects')
    .select((eb) => ['agency', eb.fn.countAll<number>().as('count')])
    .where('status', '=', 'active')
    .groupBy('agency')
    .orderBy('count', 'desc')
    .orderBy('agency')
    .limit(DASHBOARD_ROWS)
    .execute();
  const upcoming = await db
    .selectFrom('prospects')
    .select(['id', 'title', 'agency', 'release_date as proposal_date'])
    .where('status', '=', 'active')
    .where('release_date', '>=', today)
    .orderBy('release_date')
    .orderBy('id')
    .limit(DASHBOARD_ROWS)
    .execute();
  const runs = await db
    .selectFrom('scrape_runs')
    .innerJoin('data_sources', 'data_sources.key', 'scrape_runs.source')
    .selectAll('scrape_runs')
    .select('data_sources.name as source_name')
    .orderBy('scrape_runs.started_at', 'desc')
    .orderBy('scrape_runs.id', 'desc')
    .limit(DASHBOARD_ROWS)
    .execute();
  return {
    total_proposals: total,
    latest_successful_scrape: latest?.at ?? null,
    top_agencies: topAgencies.map((row) => ({ agency: row.agency, count: Number(row.count) })),
    upcoming_proposals: upcoming,
    recent_scraper_activity: runs.map((run) => ({
      data_source_name: run.source_name,
      status: run.status,
      last_checked: runTime(run),
      details: runDetails(run),
    })),
  };
}

export interface DatabaseCounts {
  prospect_count: number;
  data_source_count: number;
  status_record_count: number;
  database_size_bytes: number;
}

/** Row counts of the store and its size as SQLite sees it (pages written to the WAL included). */
export async function databaseCounts(db: ReadonlyDb): Promise<DatabaseCounts> {
  const count = async (table: 'data_sources' | 'scrape_runs') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('count'))
          .executeTakeFirstOrThrow()
      ).count,
    );
  const size = await sql<{ bytes: number }>`
    SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()`.execute(db);
  return {
    prospect_count: sum(await prospectTotalsBySource(db, 'all')),
    data_source_count: await count('data_sources'),
    status_record_count: await count('scrape_runs'),
    database_size_bytes: Number(size.rows[0]?.bytes ?? 0),
  };
}

function sum(totals: Map<string, number>): number {
  let total = 0;
  for (const value of totals.values()) total += value;
  return total;
}

/** When a run was last heard of: its end, or its start while it is still going. */
function runTime(run: RunRow): string {
  return run.finished_at ?? run.started_at;
}

function runDetails(run: RunRow): string {
  switch (run.status) {
    case 'running':
      return `running since ${run.started_at}`;
    case 'failed':
      return run.error_message ?? run.error_code ?? 'failed';
    case 'interrupted':
      return `interrupted: ${run.error_message ?? 'never finished'}`;
    case 'ok':
    case 'partial':
      return (
        `${run.rows_read} rows read: ${run.added} added, ${run.updated} updated, ${run.removed} removed, ` +
        `${run.restored} restored, ${run.unchanged} unchanged, ${run.skipped} skipped`
      );
    default:
      return run.status satisfies never;
  }
}
