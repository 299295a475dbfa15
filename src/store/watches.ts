/**
 * Watches (migration 0003): saved `jps list` searches with delivery targets and a cursor, and the
 * one read of the change events their digests need. Shared by `jps watch`, `jps digest`, the API
 * and the web pages.
 */
import type { Kysely, Transaction } from 'kysely';
import type { ListFilters } from '../list-filters.js';
import type { Since } from '../time.js';
import { resolveSince, sinceCondition } from './event-queries.js';
import { RECORD_FIELDS, toProspectRecord, type ProspectRecord } from './prospect-record.js';
import type { ReadonlyDb } from './readonly-db.js';
import type { Database, EventKind, ProspectRow, WatchRow } from './schema.js';

export type WatchTargetKind = 'webhook' | 'email';

export interface WatchTarget {
  kind: WatchTargetKind;
  target: string;
}

export interface Watch {
  name: string;
  filters: ListFilters;
  targets: WatchTarget[];
  created_at: string;
  /** The last change event this watch was told about. */
  cursor_event_id: number;
  /** When the cursor was set: the next digest's "from". */
  cursor_at: string;
  last_digest_at: string | null;
}

function toWatch(row: WatchRow): Watch {
  return {
    name: row.name,
    filters: JSON.parse(row.filters) as ListFilters,
    targets: JSON.parse(row.targets) as WatchTarget[],
    created_at: row.created_at,
    cursor_event_id: row.cursor_event_id,
    cursor_at: row.cursor_at,
    last_digest_at: row.last_digest_at,
  };
}

/** Every watch, by name. */
export async function listWatches(db: ReadonlyDb): Promise<Watch[]> {
  const rows = await db.selectFrom('watches').selectAll().orderBy('name').execute();
  return rows.map(toWatch);
}

export async function getWatch(db: ReadonlyDb, name: string): Promise<Watch | undefined> {
  const row = await db.selectFrom('watches').selectAll().where('name', '=', name).executeTakeFirst();
  return row ? toWatch(row) : undefined;
}

/** The id of the latest change event recorded (0 when there is none). */
export async function latestEventId(db: ReadonlyDb): Promise<number> {
  const row = await db
    .selectFrom('prospect_events')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

/**
 * Saves a watch. A new one starts now: its cursor is the latest event, so its first digest covers
 * only what is recorded after it. `replace` rewrites the filters and targets of an existing watch
 * and keeps its cursor and creation time (its place in time). Returns what happened; `exists` when
 * the name is taken and `replace` is not given (nothing is written).
 */
export async function saveWatch(
  db: Kysely<Database>,
  watch: { name: string; filters: ListFilters; targets: readonly WatchTarget[]; now: string },
  options: { replace: boolean },
): Promise<'created' | 'replaced' | 'exists'> {
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('watches')
      .select('id')
      .where('name', '=', watch.name)
      .executeTakeFirst();
    if (existing && !options.replace) return 'exists';
    const filters = JSON.stringify(watch.filters);
    const targets = JSON.stringify(watch.targets);
    if (existing) {
      await trx.updateTable('watches').set({ filters, targets }).where('id', '=', existing.id).execute();
      return 'replaced';
    }
    await trx
      .insertInto('watches')
      .values({
        name: watch.name,
        filters,
        targets,
        created_at: watch.now,
        cursor_event_id: await latestEventId(trx),
        cursor_at: watch.now,
        last_digest_at: null,
      })
      .execute();
    return 'created';
  });
}

/** Deletes a watch; false when there is none of that name. */
export async function removeWatch(db: Kysely<Database>, name: string): Promise<boolean> {
  const result = await db.deleteFrom('watches').where('name', '=', name).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * Moves a watch's cursor to the end of a window it was delivered (`delivered`), or that held
 * nothing for it. Only when the cursor is still
 * where the window started: a digest that lost a race (or a watch replaced meanwhile by remove and
 * add) never moves it back or past what it did not send. False when it did not move.
 */
export async function advanceCursor(
  db: Kysely<Database>,
  name: string,
  window: { fromEventId: number; toEventId: number; at: string; delivered: boolean },
): Promise<boolean> {
  const result = await db
    .updateTable('watches')
    .set({
      cursor_event_id: window.toEventId,
      cursor_at: window.at,
      ...(window.delivered && { last_digest_at: window.at }),
    })
    .where('name', '=', name)
    .where('cursor_event_id', '=', window.fromEventId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** A change event as the digest reads it: `old`/`new` already parsed from their JSON. */
export interface StoredEvent {
  id: number;
  prospect_id: string;
  at: string;
  kind: EventKind;
  field: string | null;
  old: unknown;
  new: unknown;
}

/** What every watch's digest is computed from, read in one transaction. */
export interface DigestSnapshot {
  /** The last event committed when the read started: every window ends here. */
  lastEventId: number;
  /** The events after the earliest cursor asked for (or since the time asked), in id order. */
  events: StoredEvent[];
  /** The current record of every prospect with an event among them. */
  records: Map<string, ProspectRecord>;
}

const ID_BATCH = 500;
type RecordColumn = Exclude<(typeof RECORD_FIELDS)[number], 'source_name'>;
const RECORD_COLUMNS = RECORD_FIELDS.filter((field): field is RecordColumn => field !== 'source_name');

/**
 * Reads, in one transaction, the events after `afterEventId` (or, with `since`, at or after that
 * time) up to the last committed one, and the current record of every prospect they are about. A
 * scrape committing meanwhile is wholly in the next read, never half in this one.
 */
export async function readDigestSnapshot(
  db: ReadonlyDb,
  window: { afterEventId: number } | { since: Since },
): Promise<DigestSnapshot> {
  return db.transaction().execute(async (trx) => readSnapshot(trx, window));
}

async function readSnapshot(
  trx: Transaction<Database>,
  window: { afterEventId: number } | { since: Since },
): Promise<DigestSnapshot> {
  const lastEventId = await latestEventId(trx);
  let query = trx
    .selectFrom('prospect_events')
    .select(['id', 'prospect_id', 'at', 'kind', 'field', 'old', 'new'])
    .where('id', '<=', lastEventId);
  if ('since' in window) {
    const bounds = await resolveSince(trx, window.since);
    query = query.where(sinceCondition(bounds));
  } else {
    query = query.where('id', '>', window.afterEventId);
  }
  const rows = await query.orderBy('id').execute();
  const events: StoredEvent[] = rows.map((row) => ({
    id: row.id,
    prospect_id: row.prospect_id,
    at: row.at,
    kind: row.kind,
    field: row.field,
    old: row.field === null || row.old === null ? null : (JSON.parse(row.old) as unknown),
    new: row.field === null || row.new === null ? null : (JSON.parse(row.new) as unknown),
  }));
  const ids = [...new Set(events.map((event) => event.prospect_id))];
  const names = new Map(
    (await trx.selectFrom('data_sources').select(['key', 'name']).execute()).map((row) => [
      row.key,
      row.name,
    ]),
  );
  const records = new Map<string, ProspectRecord>();
  for (let i = 0; i < ids.length; i += ID_BATCH) {
    const batch = await trx
      .selectFrom('prospects')
      .select(RECORD_COLUMNS)
      .where('id', 'in', ids.slice(i, i + ID_BATCH))
      .execute();
    for (const row of batch) {
      records.set(row.id, toProspectRecord(row as ProspectRow, names.get(row.source) ?? row.source));
    }
  }
  return { lastEventId, events, records };
}
