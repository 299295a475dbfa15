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

export interface LoadOptions extends Omit<DiffOptions, 'complete'> {
  /**
   * Whether the read is complete, so what it no longer lists is removed: asked once every record
   * was read, as a streamed file's rows are only counted then.
   */
  complete: boolean | (() => boolean);
  /** The source's stored records, when the caller already read them (readStoredSummaries). */
  summaries?: StoredSummaries;
}

/** A record the read holds exactly as it was last stored: the same source row, read by this jps. */
export interface SeenAgain {
  id: string;
  seenAgain: true;
}

export interface StoredSummary {
  status: ProspectStatus;
  hash: string;
  sourceHash: string | null;
}

/** Every stored record of a source, by id: what a load compares first. */
export type StoredSummaries = Map<string, StoredSummary>;

/** Records diffed and written together: big enough to amortise, small enough to stay flat in memory. */
const BATCH_RECORDS = 2_000;

export function readStoredSummaries(sqlite: SqliteDatabase.Database, source: string): StoredSummaries {
  const summaries: StoredSummaries = new Map();
  const rows = sqlite
    .prepare('SELECT id, status, content_hash, source_hash FROM prospects WHERE source = ?')
    .raw()
    .iterate(source) as Iterable<[string, ProspectStatus, string, string | null]>;
  for (const [id, status, hash, sourceHash] of rows) summaries.set(id, { status, hash, sourceHash });
  return summaries;
}

/**
 * Whether a source row hashing to `sourceHash` is one the store holds, active, from that very row:
 * then its record is known unchanged without normalising it again.
 */
export function isSeenAgain(summaries: StoredSummaries, id: string, sourceHash: string): boolean {
  const summary = summaries.get(id);
  return summary !== undefined && summary.status === 'active' && summary.sourceHash === sourceHash;
}

/**
 * Applies one source's read to the store inside the caller's transaction (one is opened when the
 * caller has none), as `diffProspects` decides: added, updated field by field, restored, seen
 * again, and — for a complete read — removed.
 *
 * The read is streamed: records are diffed and written a batch at a time, so a large file never
 * has all its records in memory at once. What is stored is compared by hash first — the source
 * row's, then the normalised record's; only a record whose content hash differs (or that returns)
 * has its stored fields read to name the changes.
 */
export function loadProspects(
  sqlite: SqliteDatabase.Database,
  incoming: Iterable<IncomingProspect | SeenAgain>,
  options: LoadOptions,
): LoadCounts {
  if (!sqlite.inTransaction) return sqlite.transaction(() => loadProspects(sqlite, incoming, options))();
  const writer = new ProspectWriter(sqlite, options);
  const counts: LoadCounts = { added: 0, updated: 0, removed: 0, restored: 0, unchanged: 0 };
  const add = (diff: ProspectDiff) => {
    writer.apply(diff);
    for (const key of Object.keys(counts) as (keyof LoadCounts)[]) counts[key] += diff.counts[key];
  };

  // Seen ids are taken out, so what is left at the end is what the read no longer lists.
  const summaries = options.summaries ?? readStoredSummaries(sqlite, options.source);
  const diffOptions = { ...options, complete: false };
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
        if (record.sourceHash === undefined || record.sourceHash === summary.sourceHash)
          seenAgain.push(record.id);
        else writer.touch(record.id, record.sourceHash);
        counts.unchanged += 1;
        continue;
      }
      hashes.set(record, hash);
      if (summary) stored.set(record.id, writer.storedProspect(record.id));
      rest.push(record);
    }
    add(diffProspects(stored, rest, diffOptions, (record) => hashes.get(record)!));
    batch = [];
  };
  // Records read again as they were stored: touched one by one only if the read turns out partial.
  const seenAgain: string[] = [];
  for (const record of incoming) {
    if ('seenAgain' in record) {
      summaries.delete(record.id);
      seenAgain.push(record.id);
      counts.unchanged += 1;
      continue;
    }
    batch.push(record);
    if (batch.length >= BATCH_RECORDS) flush();
  }
  flush();

  const complete = typeof options.complete === 'function' ? options.complete() : options.complete;
  if (complete) {
    const gone = new Map<string, StoredProspect>();
    for (const [id, summary] of summaries) {
      if (summary.status === 'active') gone.set(id, writer.storedProspect(id));
    }
    add(diffProspects(gone, [], { ...options, complete }));
    // Every active record of the source not written by this run was read again unchanged.
    writer.touchAllUnwritten();
  } else {
    for (const id of seenAgain) writer.touch(id);
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
  'source_hash',
  'last_run_id',
  'last_event_at',
] as const;
const UPDATED_COLUMNS = [
  ...TRACKED_FIELDS,
  'last_seen_at',
  'extra',
  'raw',
  'content_hash',
  'source_hash',
  'last_run_id',
  'last_event_at',
];
const FTS_COLUMNS = 'title, description, agency, office';

/**
 * Writes a diff into the store through statements prepared once per load and run once per row:
 * no SQL is built per batch, and a row is bound as a plain array of values. It keeps what the
 * schema no longer keeps by trigger (migration 0005): the full-text index, a batch of new rows at
 * a time, and each prospect's `last_event_at`.
 */
export class ProspectWriter {
  readonly #options: Omit<DiffOptions, 'complete'>;
  readonly #stored: SqliteDatabase.Statement;
  readonly #insert: SqliteDatabase.Statement;
  readonly #update: SqliteDatabase.Statement;
  readonly #touch: SqliteDatabase.Statement;
  readonly #touchSource: SqliteDatabase.Statement;
  readonly #touchUnwritten: SqliteDatabase.Statement;
  readonly #remove: SqliteDatabase.Statement;
  readonly #event: SqliteDatabase.Statement;
  readonly #lastPk: SqliteDatabase.Statement;
  /** Null when a trigger of the schema keeps the full-text index itself. */
  readonly #fts: {
    insertFrom: SqliteDatabase.Statement;
    forget: SqliteDatabase.Statement;
    index: SqliteDatabase.Statement;
  } | null;

  constructor(sqlite: SqliteDatabase.Database, options: Omit<DiffOptions, 'complete'>) {
    this.#options = options;
    this.#stored = sqlite.prepare(`SELECT ${STORED_COLUMNS} FROM prospects WHERE id = ?`);
    this.#insert = sqlite.prepare(
      `INSERT INTO prospects (${WRITTEN_COLUMNS.join(', ')}) VALUES (${WRITTEN_COLUMNS.map(() => '?').join(', ')})`,
    );
    this.#update = sqlite.prepare(
      `UPDATE prospects SET status = 'active', ${UPDATED_COLUMNS.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`,
    );
    this.#touch = sqlite.prepare('UPDATE prospects SET last_seen_at = ?, last_run_id = ? WHERE id = ?');
    this.#touchSource = sqlite.prepare(
      'UPDATE prospects SET last_seen_at = ?, last_run_id = ?, source_hash = ? WHERE id = ?',
    );
    this.#touchUnwritten = sqlite.prepare(
      "UPDATE prospects SET last_seen_at = ?, last_run_id = ? WHERE source = ? AND status = 'active' AND last_run_id IS NOT ?",
    );
    this.#remove = sqlite.prepare(
      "UPDATE prospects SET status = 'removed', removed_at = ?, last_run_id = ?, last_event_at = ? WHERE id = ?",
    );
    this.#event = sqlite.prepare(
      'INSERT INTO prospect_events (prospect_id, source, run_id, at, kind, field, old, new) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.#lastPk = sqlite.prepare('SELECT max(pk) FROM prospects').pluck();
    const indexedByTrigger = sqlite
      .prepare(
        `SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'prospects'
          AND sql LIKE '%AFTER INSERT%' AND sql LIKE '%prospects_fts%'`,
      )
      .pluck()
      .get() as number;
    this.#fts =
      indexedByTrigger > 0
        ? null
        : {
            insertFrom: sqlite.prepare(
              `INSERT INTO prospects_fts (rowid, ${FTS_COLUMNS}) SELECT pk, ${FTS_COLUMNS} FROM prospects WHERE pk > ?`,
            ),
            forget: sqlite.prepare(
              `INSERT INTO prospects_fts (prospects_fts, rowid, ${FTS_COLUMNS}) SELECT 'delete', pk, ${FTS_COLUMNS} FROM prospects WHERE id = ?`,
            ),
            index: sqlite.prepare(
              `INSERT INTO prospects_fts (rowid, ${FTS_COLUMNS}) SELECT pk, ${FTS_COLUMNS} FROM prospects WHERE id = ?`,
            ),
          };
  }

  storedProspect(id: string): StoredProspect {
    return this.#stored.get(id) as StoredProspect;
  }

  /** Seen again unchanged; a new source hash is kept so the next read can skip the row. */
  touch(id: string, sourceHash: string | null = null): void {
    const { at, runId } = this.#options;
    if (sourceHash === null) this.#touch.run(at, runId, id);
    else this.#touchSource.run(at, runId, sourceHash, id);
  }

  /**
   * Seen again unchanged, every active record of the source this run has not written: at the end
   * of a complete read, one statement instead of one per record.
   */
  touchAllUnwritten(): void {
    const { at, runId, source } = this.#options;
    this.#touchUnwritten.run(at, runId, source, runId);
  }

  /** Rows first, then their events (an event names a stored prospect). */
  apply(diff: ProspectDiff): void {
    const { source, runId, at } = this.#options;
    if (diff.inserts.length > 0) {
      const lastPk = (this.#lastPk.get() as number | null) ?? 0;
      for (const { record, hash } of diff.inserts) {
        const values: unknown[] = [record.id, source];
        for (const field of TRACKED_FIELDS) values.push(record.fields[field]);
        values.push('active', at, at, null, JSON.stringify(record.extra), JSON.stringify(record.raw));
        values.push(hash, record.sourceHash ?? null, runId, at);
        this.#insert.run(values);
      }
      this.#fts?.insertFrom.run(lastPk);
    }
    for (const { record, hash } of diff.updates) {
      const values: unknown[] = [];
      for (const field of TRACKED_FIELDS) values.push(record.fields[field]);
      values.push(at, JSON.stringify(record.extra), JSON.stringify(record.raw));
      values.push(hash, record.sourceHash ?? null, runId, at, record.id);
      this.#fts?.forget.run(record.id);
      this.#update.run(values);
      this.#fts?.index.run(record.id);
    }
    for (const id of diff.unchanged) this.touch(id);
    for (const id of diff.removed) this.#remove.run(at, runId, at, id);
    for (const e of diff.events)
      this.#event.run(e.prospect_id, e.source, e.run_id, e.at, e.kind, e.field, e.old, e.new);
  }
}
