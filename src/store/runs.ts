import type { Kysely, Transaction } from 'kysely';
import type { Database, RunRow, RunStatus } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export async function startRun(db: Db, source: string, startedAt: string, origin: string): Promise<number> {
  const row = await db
    .insertInto('scrape_runs')
    .values({
      source,
      started_at: startedAt,
      status: 'running',
      origin,
      finished_at: null,
      coverage: null,
      partial_reason: null,
      error_code: null,
      error_message: null,
      bytes: null,
      sha256: null,
      archive_path: null,
      duration_ms: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Closes the runs of `source` still marked `running` as `interrupted`: called as its next scrape
 * starts, under the scrape lock, so any such run belongs to a jps that died (killed, or the
 * machine went down) and will never finish it. Its load was rolled back with it. Returns how
 * many were closed.
 */
export async function closeInterruptedRuns(db: Db, source: string): Promise<number> {
  const result = await db
    .updateTable('scrape_runs')
    .set({
      status: 'interrupted',
      error_code: 'INTERRUPTED',
      error_message: 'the jps running it stopped before it finished (killed, or the machine went down)',
    })
    .where('source', '=', source)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface RunOutcome {
  status: Exclude<RunStatus, 'running' | 'interrupted'>;
  finishedAt: string;
  durationMillis: number;
  rowsRead: number;
  added: number;
  updated: number;
  removed: number;
  restored: number;
  unchanged: number;
  skipped: number;
  skippedReasons: string[];
  coverage: number | null;
  partialReason: string | null;
  error: { code: string; message: string } | null;
  bytes: number | null;
  sha256: string | null;
  archivePath: string | null;
}

export async function finishRun(db: Db, runId: number, outcome: RunOutcome): Promise<void> {
  await db
    .updateTable('scrape_runs')
    .set({
      status: outcome.status,
      finished_at: outcome.finishedAt,
      duration_ms: outcome.durationMillis,
      rows_read: outcome.rowsRead,
      added: outcome.added,
      updated: outcome.updated,
      removed: outcome.removed,
      restored: outcome.restored,
      unchanged: outcome.unchanged,
      skipped: outcome.skipped,
      skipped_reasons: JSON.stringify(outcome.skippedReasons),
      coverage: outcome.coverage,
      partial_reason: outcome.partialReason,
      error_code: outcome.error?.code ?? null,
      error_message: outcome.error?.message ?? null,
      bytes: outcome.bytes,
      sha256: outcome.sha256,
      archive_path: outcome.archivePath,
    })
    .where('id', '=', runId)
    .execute();
}

/** The latest run of `source` that stored a complete file: the yardstick for a shrunken file. */
export async function lastOkRun(db: Db, source: string): Promise<RunRow | undefined> {
  return db
    .selectFrom('scrape_runs')
    .selectAll()
    .where('source', '=', source)
    .where('status', '=', 'ok')
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Every run of `source`, newest first (at most `limit`). */
export async function recentRuns(db: Db, source: string, limit: number): Promise<RunRow[]> {
  return db
    .selectFrom('scrape_runs')
    .selectAll()
    .where('source', '=', source)
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
