import { formatCount } from '../format-count.js';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { JpsError, SourceError, StoreError, errorMessage } from '../errors.js';
import type { SourceDefinition } from '../sources/define-source.js';
import { asStoreError, type Store } from '../store/connection.js';
import {
  isSeenAgain,
  loadProspects,
  readStoredSummaries,
  type LoadCounts,
  type StoredSummaries,
} from '../store/load-prospects.js';
import { closeInterruptedRuns, finishRun, lastOkRun, startRun, type RunOutcome } from '../store/runs.js';
import { acquire, readFilePayload, type Acquired } from './acquire.js';
import { buildRecords } from './build-records.js';
import type { HttpClient } from './http.js';
import { eachMappedRow, type RowSet } from './map-rows.js';
import { RawArchiveWriter, type PayloadRecord } from './raw-archive.js';

/** What `jps scrape` reports per source (docs/cli.md's JSON summary). */
export interface ScrapeResult {
  source: string;
  status: 'ok' | 'partial' | 'failed';
  run_id: number | null;
  rows_read: number;
  added: number;
  updated: number;
  removed: number;
  restored: number;
  unchanged: number;
  skipped: number;
  skipped_reasons: string[];
  coverage: number | null;
  duration_ms: number;
  error: { code: string; message: string } | null;
  /** Why a run that stored its records is partial (nothing was marked removed). */
  warnings: string[];
  /** What the user should know about a file that was still read (invalid bytes repaired). */
  notes: string[];
}

export interface ScrapeContext {
  store: Store;
  http: HttpClient;
  now: () => Date;
  rawArchiveKeep: number;
  timeBudgetMillis: number | null;
  progress: (source: string, message: string) => void;
}

export interface ScrapeTarget {
  source: SourceDefinition;
  entryUrl: string;
  /** A file the user downloaded, read instead of fetching. */
  file?: string;
}

export interface ScrapeOptions {
  dryRun: boolean;
  allowShrink: boolean;
}

/**
 * Scrapes each target independently: one failing never stops or rolls back another. Returns one
 * result per target and never throws for one source's failure.
 */
export async function scrapeSources(
  ctx: ScrapeContext,
  targets: readonly ScrapeTarget[],
  options: ScrapeOptions,
): Promise<ScrapeResult[]> {
  const results: ScrapeResult[] = [];
  for (const target of targets) results.push(await scrapeSource(ctx, target, options));
  return results;
}

interface ReadVerdict {
  status: 'ok' | 'partial';
  rowsRead: number;
  /** Why the read is partial: nothing is marked removed. */
  warnings: string[];
}

/**
 * What a read was, once its rows were read: no rows at all fails the source; a read the agency
 * cut short, or one that fell to less than half the last good read's rows, is partial.
 */
function judgeRead(
  rowSet: RowSet,
  partialReason: string | null,
  previous: { rows_read: number } | undefined,
  allowShrink: boolean,
  origin: string,
): ReadVerdict {
  if (rowSet.rowCount === 0) {
    throw new SourceError(
      'NO_ROWS',
      `no data rows in ${origin} (${rowSet.description}); nothing was changed`,
    );
  }
  const rowsRead = rowSet.rowCount + rowSet.malformedRows;
  const warnings: string[] = [];
  if (partialReason) warnings.push(partialReason);
  if (!allowShrink && previous && rowsRead < previous.rows_read / 2) {
    warnings.push(
      `rows fell from ${formatCount(previous.rows_read)} to ${formatCount(rowsRead)}: ` +
        'stored as partial and nothing marked removed (run with --allow-shrink if the agency really dropped them)',
    );
  }
  return { status: warnings.length > 0 ? 'partial' : 'ok', rowsRead, warnings };
}

/** A failed run changes nothing. */
const NOTHING_LOADED: LoadCounts = { added: 0, updated: 0, removed: 0, restored: 0, unchanged: 0 };

class DryRunRollback extends Error {
  constructor(readonly counts: LoadCounts) {
    super('dry run');
  }
}

export async function scrapeSource(
  ctx: ScrapeContext,
  target: ScrapeTarget,
  options: ScrapeOptions,
): Promise<ScrapeResult> {
  const { source } = target;
  const { db } = ctx.store;
  const startedAt = ctx.now();
  const startedMillis = performance.now();
  const origin = target.file ?? target.entryUrl;
  let runId: number | null = null;
  const archiveFolder =
    options.dryRun || target.file || ctx.store.path === ':memory:'
      ? null
      : join(dirname(ctx.store.path), 'raw');
  const archive = new RawArchiveWriter(archiveFolder, source.key, startedAt, ctx.rawArchiveKeep);
  let payload: PayloadRecord | null = null;
  const elapsed = () => Math.round(performance.now() - startedMillis);

  try {
    if (!options.dryRun) {
      runId = await db.transaction().execute(async (trx) => {
        await closeInterruptedRuns(trx, source.key);
        return startRun(trx, source.key, startedAt.toISOString(), origin);
      });
    }
    let acquired: Acquired;
    if (target.file) {
      const bytes = readFileSync(target.file);
      payload = {
        bytes: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        archivePath: null,
      };
      acquired = await readFilePayload(source, bytes, target.file);
    } else {
      try {
        acquired = await acquire({
          http: ctx.http,
          source,
          entryUrl: target.entryUrl,
          archive,
          timeBudgetMillis: ctx.timeBudgetMillis,
          progress: (message) => ctx.progress(source.key, message),
        });
      } finally {
        payload = archive.finish();
      }
    }

    const { rowSet, layout } = acquired;
    // Rows are mapped, normalised and loaded as they are read; a row the store holds from the very
    // same source row is not normalised again.
    const summaries = readStoredSummaries(ctx.store.sqlite, source.key);
    const built = buildRecords(source.key, source.agency, eachMappedRow(rowSet, layout), {
      isSeenAgain: (id, sourceHash) => isSeenAgain(summaries, id, sourceHash),
    });
    const skippedOf = () => ({
      skipped: built.skipped + rowSet.malformedRows,
      skippedReasons:
        rowSet.malformedRows > 0
          ? [
              `${rowSet.malformedRows} malformed CSV line${rowSet.malformedRows === 1 ? '' : 's'}`,
              ...built.skippedReasons,
            ]
          : built.skippedReasons,
    });
    const previous = await lastOkRun(db, source.key);
    // A streamed file's rows are counted as they are read: whether the read is complete is decided
    // once they all were, before anything is marked removed.
    let verdict: ReadVerdict | null = null;
    const judged = () =>
      (verdict ??= judgeRead(rowSet, acquired.partialReason, previous, options.allowShrink, origin));
    const complete = () => judged().status === 'ok';
    const at = ctx.now().toISOString();

    let counts: LoadCounts;
    if (options.dryRun) {
      counts = await dryRunCounts(ctx, source.key, at, built.records, complete, summaries);
    } else {
      counts = await db.transaction().execute(async (trx) => {
        const loaded = loadProspects(ctx.store.sqlite, built.records, {
          source: source.key,
          runId: runId!,
          at,
          complete,
          summaries,
        });
        const { status, rowsRead, warnings } = judged();
        await finishRun(trx, runId!, {
          ...outcomeBase(ctx, elapsed(), payload),
          status,
          rowsRead,
          ...loaded,
          ...skippedOf(),
          coverage: acquired.coverage,
          partialReason: warnings.length > 0 ? warnings.join('; ') : null,
          error: null,
        });
        return loaded;
      });
    }
    const { status, rowsRead, warnings } = judged();
    return {
      source: source.key,
      status,
      run_id: runId,
      rows_read: rowsRead,
      ...counts,
      skipped: skippedOf().skipped,
      skipped_reasons: skippedOf().skippedReasons,
      coverage: acquired.coverage,
      duration_ms: elapsed(),
      error: null,
      warnings,
      notes: rowSet.warnings ?? [],
    };
  } catch (caught) {
    const error = describeFailure(source, asStoreError(caught, ctx.store.path));
    if (runId !== null) {
      await recordFailure(ctx.store, runId, {
        ...outcomeBase(ctx, elapsed(), payload),
        status: 'failed',
        rowsRead: 0,
        ...NOTHING_LOADED,
        skipped: 0,
        skippedReasons: [],
        coverage: null,
        partialReason: null,
        error,
      });
    }
    return {
      source: source.key,
      status: 'failed',
      run_id: runId,
      rows_read: 0,
      ...NOTHING_LOADED,
      skipped: 0,
      skipped_reasons: [],
      coverage: null,
      duration_ms: elapsed(),
      error,
      warnings: [],
      notes: [],
    };
  }
}

/**
 * Records a failed run. When the database itself is what failed (a full disk), the record may not
 * be writable either: the run is then left `running`, and the source's next scrape closes it as
 * interrupted. The failure the user sees is the one that happened, not this one.
 */
async function recordFailure(store: Store, runId: number, outcome: RunOutcome): Promise<void> {
  try {
    await finishRun(store.db, runId, outcome);
  } catch (error) {
    if (!(asStoreError(error, store.path) instanceof StoreError)) throw error;
  }
}

function outcomeBase(ctx: ScrapeContext, durationMillis: number, payload: PayloadRecord | null) {
  return {
    finishedAt: ctx.now().toISOString(),
    durationMillis,
    bytes: payload?.bytes ?? null,
    sha256: payload?.sha256 ?? null,
    archivePath: payload?.archivePath ?? null,
  } satisfies Partial<RunOutcome>;
}

/** A dry run loads into a transaction that is always rolled back: exact counts, nothing written. */
async function dryRunCounts(
  ctx: ScrapeContext,
  source: string,
  at: string,
  records: Parameters<typeof loadProspects>[1],
  complete: () => boolean,
  summaries: StoredSummaries,
): Promise<LoadCounts> {
  try {
    await ctx.store.db.transaction().execute(async (trx) => {
      const runId = await startRun(trx, source, at, 'dry run');
      throw new DryRunRollback(
        loadProspects(ctx.store.sqlite, records, { source, runId, at, complete, summaries }),
      );
    });
  } catch (error) {
    if (error instanceof DryRunRollback) return error.counts;
    throw error;
  }
  throw new Error('unreachable: a dry run always rolls back');
}

/** The run's error: a known failure keeps its code; a refusal tells the user how to go on. */
function describeFailure(source: SourceDefinition, error: unknown): { code: string; message: string } {
  if (error instanceof JpsError) {
    if (error.code === 'HTTP_BLOCKED') {
      return {
        code: error.code,
        message: `${error.message}; download the forecast in a browser and run: jps scrape --source ${source.key} --file <file>`,
      };
    }
    return { code: error.code, message: error.message };
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOSPC') {
    // The raw archive filled the disk before the database did.
    const path = (error as { path?: unknown }).path;
    return {
      code: 'DISK_FULL',
      message: `disk full writing ${typeof path === 'string' ? path : 'the raw archive'}: nothing of this run was stored; free some space and scrape again`,
    };
  }
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
    return { code: 'UNREADABLE_FILE', message: errorMessage(error) };
  }
  return { code: 'INTERNAL', message: errorMessage(error) };
}
