import { sql, type Expression, type SqlBool } from 'kysely';
import type { ReadonlyDb } from './readonly-db.js';
import type { Since } from '../time.js';
import type { EventKind, EventRow } from './schema.js';

/** One change event as `jps history --format json` prints it and the API returns it. */
export interface ChangeEvent {
  prospect_id: string;
  source: string;
  title: string;
  run_id: number;
  at: string;
  kind: EventKind;
  field: string | null;
  old: unknown;
  new: unknown;
}

export interface EventQuery {
  since: Since;
  sources?: readonly string[];
  kind?: EventKind;
  /** null = every matching event. */
  limit: number | null;
  page: number;
}

export interface TimelineOptions {
  since?: Since;
  kind?: EventKind;
}

/**
 * A point in time per source: "at or after `at`", for one source or (source undefined) for all.
 * An empty list means nothing can match (last-run with no run recorded yet).
 */
export type SinceBounds = readonly { source?: string; at: string }[];

/**
 * Turns `--since` into bounds on an event's time. `last-run` is, for each source, the start of its
 * latest recorded run, failed runs included: after a scrape of every source it covers them all.
 */
export async function resolveSince(
  db: ReadonlyDb,
  since: Since,
  sources?: readonly string[],
): Promise<SinceBounds> {
  if (since.kind === 'time') return [{ at: since.at }];
  let query = db
    .selectFrom('scrape_runs')
    .select(['source', (eb) => eb.fn.max('started_at').as('started_at')])
    .groupBy('source');
  if (sources && sources.length > 0) query = query.where('source', 'in', sources);
  const rows = await query.execute();
  // Times are compared as text, so they must all be spelled alike: `2026-11-20T10:00:00.000Z`.
  return rows.map((row) => ({ source: row.source, at: new Date(row.started_at).toISOString() }));
}

/** The SQL condition of `bounds` on an event table's source and time columns (`e.source`, `e.at`). */
export function sinceCondition(
  bounds: SinceBounds,
  columns: { source: string; at: string } = { source: 'source', at: 'at' },
  /** Write the columns `+column`, so that SQLite does not choose their indexes. */
  unindexed = false,
): Expression<SqlBool> {
  if (bounds.length === 0) return sql<SqlBool>`0`;
  const at = unindexed ? sql`+${sql.ref(columns.at)}` : sql.ref(columns.at);
  const source = unindexed ? sql`+${sql.ref(columns.source)}` : sql.ref(columns.source);
  const terms = bounds.map((bound) =>
    bound.source === undefined
      ? sql`${at} >= ${bound.at}`
      : sql`(${source} = ${bound.source} and ${at} >= ${bound.at})`,
  );
  return sql<SqlBool>`(${sql.join(terms, sql` or `)})`;
}

// Ids read whole per statement: well under SQLite's limit of bound parameters.
const ID_BATCH = 5_000;

type EventWithTitle = EventRow & { title: string };

function toChangeEvent(row: EventWithTitle): ChangeEvent {
  return {
    prospect_id: row.prospect_id,
    source: row.source,
    title: row.title,
    run_id: row.run_id,
    at: row.at,
    kind: row.kind,
    field: row.field,
    old: row.field === null || row.old === null ? null : (JSON.parse(row.old) as unknown),
    new: row.field === null || row.new === null ? null : (JSON.parse(row.new) as unknown),
  };
}

function eventsWithTitle(db: ReadonlyDb) {
  return db
    .selectFrom('prospect_events as e')
    .innerJoin('prospects as p', 'p.id', 'e.prospect_id')
    .select([
      'e.id',
      'e.prospect_id',
      'e.source',
      'e.run_id',
      'e.at',
      'e.kind',
      'e.field',
      'e.old',
      'e.new',
      'p.title',
    ]);
}

/** Whether a prospect with this id was ever stored. */
export async function prospectExists(db: ReadonlyDb, prospectId: string): Promise<boolean> {
  const row = await db.selectFrom('prospects').select('pk').where('id', '=', prospectId).executeTakeFirst();
  return row !== undefined;
}

/** One prospect's timeline, oldest first (empty for an unknown id). */
export async function prospectHistory(
  db: ReadonlyDb,
  prospectId: string,
  options: TimelineOptions = {},
): Promise<ChangeEvent[]> {
  let query = eventsWithTitle(db).where('e.prospect_id', '=', prospectId);
  if (options.kind) query = query.where('e.kind', '=', options.kind);
  if (options.since) {
    const bounds = await resolveSince(db, options.since);
    query = query.where(sinceCondition(bounds, { source: 'e.source', at: 'e.at' }));
  }
  const rows = await query.orderBy('e.at', 'asc').orderBy('e.id', 'asc').execute();
  return rows.map(toChangeEvent);
}

/**
 * Change events across all prospects, newest first; the events of one load (one time) stay in the
 * order they were recorded, so a prospect's changes read in record order.
 */
export async function listEvents(
  db: ReadonlyDb,
  query: EventQuery,
): Promise<{ events: ChangeEvent[]; total: number }> {
  const bounds = await resolveSince(db, query.since, query.sources);
  if (bounds.length === 0) return { events: [], total: 0 };
  const earliest = bounds.reduce((min, bound) => (bound.at < min ? bound.at : min), bounds[0]!.at);
  const sources = query.sources && query.sources.length > 0 ? query.sources : null;

  // The page walks the newest-first index down to the earliest bound and tests the rest on each
  // event (`+column` keeps SQLite from choosing another index and sorting every recent event).
  let keys = db
    .selectFrom('prospect_events as e')
    .select('e.id')
    .where('e.at', '>=', earliest)
    .where(sinceCondition(bounds, { source: 'e.source', at: 'e.at' }, true));
  if (sources) keys = keys.where(sql<SqlBool>`+e.source in (${sql.join(sources)})`);
  if (query.kind) keys = keys.where(sql<SqlBool>`+e.kind = ${query.kind}`);
  keys = keys.orderBy('e.at', 'desc').orderBy('e.id', 'asc');
  const page = Math.max(1, query.page);
  if (query.limit !== null) keys = keys.limit(query.limit).offset((page - 1) * query.limit);
  const ids = (await keys.execute()).map((row) => row.id);

  const byId = new Map<number, ChangeEvent>();
  for (let i = 0; i < ids.length; i += ID_BATCH) {
    const rows = await eventsWithTitle(db)
      .where('e.id', 'in', ids.slice(i, i + ID_BATCH))
      .execute();
    for (const row of rows) byId.set(row.id, toChangeEvent(row));
  }
  const events = ids.map((id) => byId.get(id)!);

  // A page that is the first and not full already holds every match: no need to count.
  if (query.limit === null || (page === 1 && events.length < query.limit))
    return { events, total: events.length };
  // Counting, the per-source ranges of the (source, at) index answer without reading an event.
  let count = db
    .selectFrom('prospect_events as e')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .where(sinceCondition(bounds, { source: 'e.source', at: 'e.at' }));
  if (sources) count = count.where('e.source', 'in', sources);
  if (query.kind) count = count.where('e.kind', '=', query.kind);
  const counted = await count.executeTakeFirstOrThrow();
  return { events, total: Number(counted.total) };
}
