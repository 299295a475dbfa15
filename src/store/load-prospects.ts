import type SqliteDatabase from 'better-sqlite3';
import {
  diffProspects,
  type DiffOptions,
  type IncomingProspect,
  type LoadCounts,
  type ProspectDiff,
  type StoredProspect,
} from './diff-prospects.js';
import { contentHash, TRACKED_FIELDS } from './prospect-record.js';
import type { ProspectStatus } from './schema.js';

export type { IncomingProspect, LoadCounts } from './diff-prospects.js';

export type LoadOptions = DiffOptions;

/** Records diffed and written together: big enough to amortise, small enough to stay flat in memory. */
const BATCH_RECORDS = 2_000;

/**
 * Applies one source's read to the store inside the caller's transaction (one is opened when the
 * caller has none), as `diffProspects` decides: added, updated field by field, restored, seen
 * again, and — for a complete read — removed.
 *
 * The read is streamed: records are diffed and written a batch at a time, so a large file never
 * has all its records in memory at once. What is stored is compared by content hash first; only a
 * record whose hash differs (or that returns) has its stored fields read to name the changes.
 */
export function loadProspects(
  sqlite: SqliteDatabase.Database,
  incoming: Iterable<IncomingProspect>,
  options: LoadOptions,
): LoadCounts {
  if (!sqlite.inTransaction) return sqlite.transaction(() => loadProspects(sqlite, incoming, options))();
  const writer = new ProspectWriter(sqlite, options);
  const counts: LoadCounts = { added: 0, updated: 0, removed: 0, restored: 0, unchanged: 0 };
  const add = (diff: ProspectDiff) => {
    writer.apply(diff);
    for (const key of Object.keys(counts) as (keyof LoadCounts)[]) counts[key] += diff.counts[key];
  };

  // Every stored record of the source, by id: its status and hash. Seen ids are taken out, so
  // what is left at the end is what the read no longer lists.
  const summaries = writer.storedSummaries();
  let batch: IncomingProspect[] = [];
  const flush = () => {
    const hashes = new Map<IncomingProspect, string>();
    const stored = new Map<string, StoredProspect>();
    const rest: IncomingProspect[] = [];
    for (const record of batch) {
      const hash = contentHash(record.fields, record.extra);
      const summary = summaries.get(record.id);
      summaries.delete(record.id);
      // The rule of diffProspects for an identical record, decided from the hash alone.
      if (summary && summary.status === 'active' && summary.hash === hash) {
        writer.touch(record.id);
        counts.unchanged += 1;
        continue;
      }
      hashes.set(record, hash);
      if (summary) stored.set(record.id, writer.storedProspect(record.id));
      rest.push(record);
    }
    add(diffProspects(stored, rest, { ...options, complete: false }, (record) => hashes.get(record)!));
    batch = [];
  };
  for (const record of incoming) {
    batch.push(record);
    if (batch.length >= BATCH_RECORDS) flush();
  }
  flush();

  if (options.complete) {
    const gone = new Map<string, StoredProspect>();
    for (const [id, summary] of summaries) {
      if (summary.status === 'active') gone.set(id, writer.storedProspect(id));
    }
    add(diffProspects(gone, [], options));
  }
  return counts;
}

const STORED_COLUMNS = ['id', 'status', 'extra', 'content_hash', ...TRACKED_FIELDS].join(', ');
const WRITTEN_COLUMNS = [
  'id',
  'source',
  ...TRACKED_FIELDS,
  'status',
  'first_seen_at',
  'last_seen_at',
  'removed_at',
  'extra',
  'raw',
  'content_hash',
  'last_run_id',
] as const;
const UPDATED_COLUMNS = [...TRACKED_FIELDS, 'last_seen_at', 'extra', 'raw', 'content_hash', 'last_run_id'];

/**
 * Writes a diff into the store through statements prepared once per load and run once per row:
 * no SQL is built per batch, and a row is bound as a plain array of values.
 */
export class ProspectWriter {
  readonly #options: Omit<DiffOptions, 'complete'>;
  readonly #summaries: SqliteDatabase.Statement;
  readonly #stored: SqliteDatabase.Statement;
  readonly #insert: SqliteDatabase.Statement;
  readonly #update: SqliteDatabase.Statement;
  readonly #touch: SqliteDatabase.Statement;
  readonly #remove: SqliteDatabase.Statement;
  readonly #event: SqliteDatabase.Statement;

  constructor(sqlite: SqliteDatabase.Database, options: Omit<DiffOptions, 'complete'>) {
    this.#options = options;
    this.#summaries = sqlite.prepare('SELECT id, status, content_hash FROM prospects WHERE source = ?').raw();
    this.#stored = sqlite.prepare(`SELECT ${STORED_COLUMNS} FROM prospects WHERE id = ?`);
    this.#insert = sqlite.prepare(
      `INSERT INTO prospects (${WRITTEN_COLUMNS.join(', ')}) VALUES (${WRITTEN_COLUMNS.map(() => '?').join(', ')})`,
    );
    this.#update = sqlite.prepare(
      `UPDATE prospects SET status = 'active', ${UPDATED_COLUMNS.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`,
    );
    this.#touch = sqlite.prepare('UPDATE prospects SET last_seen_at = ?, last_run_id = ? WHERE id = ?');
    this.#remove = sqlite.prepare(
      "UPDATE prospects SET status = 'removed', removed_at = ?, last_run_id = ? WHERE id = ?",
    );
    this.#event = sqlite.prepare(
      'INSERT INTO prospect_events (prospect_id, source, run_id, at, kind, field, old, new) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
  }

  /** Status and content hash of every stored record of the source, by id. */
  storedSummaries(): Map<string, { status: ProspectStatus; hash: string }> {
    const summaries = new Map<string, { status: ProspectStatus; hash: string }>();
    for (const [id, status, hash] of this.#summaries.iterate(this.#options.source) as Iterable<
      [string, ProspectStatus, string]
    >) {
      summaries.set(id, { status, hash });
    }
    return summaries;
  }

  storedProspect(id: string): StoredProspect {
    return this.#stored.get(id) as StoredProspect;
  }

  touch(id: string): void {
    this.#touch.run(this.#options.at, this.#options.runId, id);
  }

  /** Rows first, then their events (an event names a stored prospect). */
  apply(diff: ProspectDiff): void {
    const { source, runId, at } = this.#options;
    for (const { record, hash } of diff.inserts) {
      const values: unknown[] = [record.id, source];
      for (const field of TRACKED_FIELDS) values.push(record.fields[field]);
      values.push(
        'active',
        at,
        at,
        null,
        JSON.stringify(record.extra),
        JSON.stringify(record.raw),
        hash,
        runId,
      );
      this.#insert.run(values);
    }
    for (const { record, hash } of diff.updates) {
      const values: unknown[] = [];
      for (const field of TRACKED_FIELDS) values.push(record.fields[field]);
      values.push(at, JSON.stringify(record.extra), JSON.stringify(record.raw), hash, runId, record.id);
      this.#update.run(values);
    }
    for (const id of diff.unchanged) this.touch(id);
    for (const id of diff.removed) this.#remove.run(at, runId, id);
    for (const e of diff.events)
      this.#event.run(e.prospect_id, e.source, e.run_id, e.at, e.kind, e.field, e.old, e.new);
  }
}
