import type { Transaction } from 'kysely';
import { contentHash, TRACKED_FIELDS, type TrackedFields } from './prospect-record.js';
import type { Database, EventKind, NewProspectRow, ProspectRow } from './schema.js';

/** One normalised record a scrape read, ready to store. Ids are unique within one load. */
export interface IncomingProspect {
  id: string;
  fields: TrackedFields;
  extra: Record<string, string>;
  raw: Record<string, unknown>;
}

export interface LoadOptions {
  source: string;
  runId: number;
  /** When the load happens: the time of every event, `first_seen_at` and `last_seen_at`. */
  at: string;
  /** Only a complete, successful read may mark what it no longer lists as removed. */
  complete: boolean;
}

export interface LoadCounts {
  added: number;
  updated: number;
  removed: number;
  restored: number;
  unchanged: number;
}

interface NewEvent {
  prospect_id: string;
  source: string;
  run_id: number;
  at: string;
  kind: EventKind;
  field: string | null;
  old: string | null;
  new: string | null;
}

type ExistingRow = Omit<ProspectRow, 'raw' | 'pk' | 'first_seen_at' | 'last_seen_at' | 'last_run_id'>;

// SQLite binds at most 32,766 parameters a statement; 36 columns × 200 rows stays well below.
const INSERT_BATCH_ROWS = 200;
const ID_BATCH = 500;
const EVENT_BATCH_ROWS = 1_000;

/**
 * Applies one source's read to the store inside the caller's transaction: new records are added,
 * changed ones updated with one event per changed field, returning ones restored, and — for a
 * complete read — active ones no longer listed are marked removed. An identical record is only
 * touched in `last_seen_at`. Work is batched: a handful of statements per few hundred records.
 */
export async function loadProspects(
  trx: Transaction<Database>,
  incoming: readonly IncomingProspect[],
  options: LoadOptions,
): Promise<LoadCounts> {
  const { source, runId, at } = options;
  const existingRows = (await trx
    .selectFrom('prospects')
    .select(['id', 'source', 'status', 'removed_at', 'content_hash', 'extra', ...TRACKED_FIELDS])
    .where('source', '=', source)
    .execute()) as ExistingRow[];
  const existing = new Map(existingRows.map((row) => [row.id, row]));

  const counts: LoadCounts = { added: 0, updated: 0, removed: 0, restored: 0, unchanged: 0 };
  const inserts: NewProspectRow[] = [];
  const unchangedIds: string[] = [];
  const events: NewEvent[] = [];
  const event = (
    prospectId: string,
    kind: EventKind,
    field: string | null = null,
    old: unknown = undefined,
    now: unknown = undefined,
  ) =>
    events.push({
      prospect_id: prospectId,
      source,
      run_id: runId,
      at,
      kind,
      field,
      old: field === null ? null : JSON.stringify(old ?? null),
      new: field === null ? null : JSON.stringify(now ?? null),
    });

  for (const record of incoming) {
    const hash = contentHash(record.fields, record.extra);
    const before = existing.get(record.id);
    existing.delete(record.id);
    if (!before) {
      inserts.push({
        id: record.id,
        source,
        ...record.fields,
        status: 'active',
        first_seen_at: at,
        last_seen_at: at,
        removed_at: null,
        extra: JSON.stringify(record.extra),
        raw: JSON.stringify(record.raw),
        content_hash: hash,
        last_run_id: runId,
      });
      event(record.id, 'added');
      counts.added += 1;
      continue;
    }
    if (before.content_hash === hash && before.status === 'active') {
      unchangedIds.push(record.id);
      counts.unchanged += 1;
      continue;
    }
    if (before.status === 'removed') {
      event(record.id, 'restored');
      counts.restored += 1;
    }
    if (before.content_hash !== hash) {
      for (const field of TRACKED_FIELDS) {
        if (!sameValue(before[field], record.fields[field]))
          event(record.id, 'updated', field, before[field], record.fields[field]);
      }
      const oldExtra = JSON.parse(before.extra) as Record<string, string>;
      for (const key of new Set([...Object.keys(oldExtra), ...Object.keys(record.extra)])) {
        if (oldExtra[key] !== record.extra[key])
          event(record.id, 'updated', `extra.${key}`, oldExtra[key], record.extra[key]);
      }
      counts.updated += 1;
    }
    await trx
      .updateTable('prospects')
      .set({
        ...record.fields,
        status: 'active',
        last_seen_at: at,
        extra: JSON.stringify(record.extra),
        raw: JSON.stringify(record.raw),
        content_hash: hash,
        last_run_id: runId,
      })
      .where('id', '=', record.id)
      .execute();
  }

  for (let i = 0; i < inserts.length; i += INSERT_BATCH_ROWS) {
    await trx
      .insertInto('prospects')
      .values(inserts.slice(i, i + INSERT_BATCH_ROWS))
      .execute();
  }
  for (let i = 0; i < unchangedIds.length; i += ID_BATCH) {
    await trx
      .updateTable('prospects')
      .set({ last_seen_at: at, last_run_id: runId })
      .where('id', 'in', unchangedIds.slice(i, i + ID_BATCH))
      .execute();
  }

  if (options.complete) {
    const gone = [...existing.values()].filter((row) => row.status === 'active').map((row) => row.id);
    for (let i = 0; i < gone.length; i += ID_BATCH) {
      await trx
        .updateTable('prospects')
        .set({ status: 'removed', removed_at: at, last_run_id: runId })
        .where('id', 'in', gone.slice(i, i + ID_BATCH))
        .execute();
    }
    for (const id of gone) event(id, 'removed');
    counts.removed = gone.length;
  }

  for (let i = 0; i < events.length; i += EVENT_BATCH_ROWS) {
    await trx
      .insertInto('prospect_events')
      .values(events.slice(i, i + EVENT_BATCH_ROWS))
      .execute();
  }
  return counts;
}

function sameValue(a: unknown, b: unknown): boolean {
  return (a ?? null) === (b ?? null);
}
