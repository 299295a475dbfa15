// The verdict on a source from its recorded runs: pure, no database, so every rule is tested from
// runs alone. The queries that fetch the runs are in source-health.ts.
import { formatCount } from '../format-count.js';
import type { RunRow, RunStatus } from './schema.js';

export type Verdict = 'healthy' | 'degraded' | 'failing' | 'never_run';

export interface LiveProbe {
  reachable: boolean;
  status_code: number | null;
  response_ms: number | null;
  data_found: boolean;
  detail: string;
}

/** A recorded run as `jps health` shows it. */
export interface RunSummary {
  run_id: number;
  status: RunStatus;
  started_at: string;
  finished_at: string | null;
  rows_read: number;
  skipped: number;
  coverage: number | null;
  error: { code: string; message: string } | null;
}

/** One source's health, as `jps health --format json` prints it and `/api/health` returns it. */
export interface SourceHealth {
  source: string;
  verdict: Verdict;
  reasons: string[];
  /** The latest run, whatever its status (a run still going shows as `running`). */
  last_run: RunSummary | null;
  /** The latest `ok` or `partial` run. */
  last_success: RunSummary | null;
  last_success_age_hours: number | null;
  /** Rows read by the last success. */
  rows: number | null;
  /** Rows read by the success before it. */
  previous_rows: number | null;
  /** The last success's coverage: a fraction, or null when complete or unknown. */
  coverage: number | null;
  live: LiveProbe | null;
}

export interface HealthOptions {
  now: Date;
  maxAgeMillis: number;
}

/** What the verdict is judged on: a source's few runs that matter, newest first. */
export interface SourceRuns {
  /** The latest run, any status. */
  lastRun: RunRow | undefined;
  /** The latest run that is not still `running` (the last run unless one is in progress). */
  lastFinishedRun: RunRow | undefined;
  /** The latest `ok` or `partial` run. */
  lastSuccess: RunRow | undefined;
  /** The `ok` or `partial` run before it. */
  previousSuccess: RunRow | undefined;
}

/**
 * A run still `running` this long after it started is taken for dead (the process was killed or
 * the machine went down): the Gateway's whole pull is budgeted at 20 minutes and a scrape waits at
 * most 30 minutes for another one, so no live run gets near it.
 */
export const INTERRUPTED_AFTER_MILLIS = 2 * 3_600_000;

/** A drop below this fraction of the previous success's rows is a degraded source. */
const ROW_DROP_FRACTION = 0.5;
/** Skipping more than this fraction of a run's rows is a degraded source. */
const SKIPPED_FRACTION = 0.1;

/**
 * The verdict on one source from its runs: pure, so every rule is tested from runs alone.
 * `failing` reasons come first, then `degraded` ones; a healthy source has none.
 */
export function judgeSource(source: string, runs: SourceRuns, options: HealthOptions): SourceHealth {
  const { lastRun, lastSuccess, previousSuccess } = runs;
  const nowMillis = options.now.getTime();
  const failing: string[] = [];
  const degraded: string[] = [];

  const lastSuccessAgeMillis = lastSuccess
    ? nowMillis - Date.parse(lastSuccess.finished_at ?? lastSuccess.started_at)
    : null;
  const base: SourceHealth = {
    source,
    verdict: 'healthy',
    reasons: [],
    last_run: lastRun ? summarizeRun(lastRun) : null,
    last_success: lastSuccess ? summarizeRun(lastSuccess) : null,
    last_success_age_hours:
      lastSuccessAgeMillis === null ? null : Math.round(lastSuccessAgeMillis / 360_000) / 10,
    rows: lastSuccess?.rows_read ?? null,
    previous_rows: previousSuccess?.rows_read ?? null,
    coverage: lastSuccess?.coverage ?? null,
    live: null,
  };

  if (!lastRun) return { ...base, verdict: 'never_run', reasons: ['never run'] };

  // A run in progress says nothing yet: judge the one before it. A run long past its start is dead.
  let judged: RunRow | undefined = lastRun;
  if (lastRun.status === 'running') {
    const runningMillis = nowMillis - Date.parse(lastRun.started_at);
    if (runningMillis >= INTERRUPTED_AFTER_MILLIS) {
      failing.push(`last run interrupted: started ${formatAge(runningMillis)} ago and never finished`);
    } else {
      judged = runs.lastFinishedRun;
      if (!judged) {
        return {
          ...base,
          verdict: 'never_run',
          reasons: [`first run in progress since ${lastRun.started_at}`],
        };
      }
    }
  }
  if (judged.status === 'failed') {
    failing.push(`last run failed: ${judged.error_message ?? judged.error_code ?? 'no error recorded'}`);
  }

  if (!lastSuccess) {
    failing.push('no successful run on record');
  } else {
    if (lastSuccess.rows_read === 0) failing.push('last success read 0 rows');
    if (lastSuccessAgeMillis !== null && lastSuccessAgeMillis > options.maxAgeMillis) {
      degraded.push(
        `stale: last success ${formatAge(lastSuccessAgeMillis)} ago (max ${formatDuration(options.maxAgeMillis)})`,
      );
    }
    if (lastSuccess.status === 'partial') degraded.push(partialReason(lastSuccess));
    if (previousSuccess && lastSuccess.rows_read < previousSuccess.rows_read * ROW_DROP_FRACTION) {
      degraded.push(
        `rows fell from ${formatCount(previousSuccess.rows_read)} to ${formatCount(lastSuccess.rows_read)}`,
      );
    }
    if (lastSuccess.rows_read > 0 && lastSuccess.skipped > lastSuccess.rows_read * SKIPPED_FRACTION) {
      const first = firstSkippedReason(lastSuccess.skipped_reasons);
      degraded.push(
        `skipped ${formatCount(lastSuccess.skipped)} of ${formatCount(lastSuccess.rows_read)} rows (${percent(lastSuccess.skipped / lastSuccess.rows_read)})` +
          (first ? `: ${first}` : ''),
      );
    }
  }

  const verdict: Verdict = failing.length > 0 ? 'failing' : degraded.length > 0 ? 'degraded' : 'healthy';
  return { ...base, verdict, reasons: [...failing, ...degraded] };
}

/** A failed live probe makes the source `failing`, with the probe's reason first. */
export function withLiveProbe(health: SourceHealth, live: LiveProbe): SourceHealth {
  if (live.reachable && live.data_found) return { ...health, live };
  return { ...health, live, verdict: 'failing', reasons: [`live probe: ${live.detail}`, ...health.reasons] };
}

/** The overall status of `/api/health`: sources never run do not count. */
export function overallHealth(sources: readonly SourceHealth[]): 'healthy' | 'degraded' | 'unhealthy' {
  if (sources.some((source) => source.verdict === 'failing')) return 'unhealthy';
  if (sources.some((source) => source.verdict === 'degraded')) return 'degraded';
  return 'healthy';
}

function summarizeRun(run: RunRow): RunSummary {
  return {
    run_id: run.id,
    status: run.status,
    started_at: run.started_at,
    finished_at: run.finished_at,
    rows_read: run.rows_read,
    skipped: run.skipped,
    coverage: run.coverage,
    error:
      run.error_code !== null || run.error_message !== null
        ? { code: run.error_code ?? 'UNKNOWN', message: run.error_message ?? '' }
        : null,
  };
}

function partialReason(run: RunRow): string {
  if (run.coverage !== null && run.coverage > 0 && run.coverage < 1) {
    const reported = Math.round(run.rows_read / run.coverage);
    return `partial: ${percent(run.coverage)} of the ${formatCount(reported)} records the source reported`;
  }
  if (run.partial_reason) return `partial: ${run.partial_reason}`;
  return 'partial: the last success was incomplete, so nothing was marked removed';
}

function firstSkippedReason(json: string): string | null {
  try {
    const reasons: unknown = JSON.parse(json);
    return Array.isArray(reasons) && typeof reasons[0] === 'string' ? reasons[0] : null;
  } catch {
    return null;
  }
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "12 days", "5 hours", "40 minutes": whole units, the largest that reads naturally. */
export function formatAge(millis: number): string {
  const [value, unit] =
    millis >= 2 * DAY
      ? [Math.floor(millis / DAY), 'day']
      : millis >= HOUR
        ? [Math.floor(millis / HOUR), 'hour']
        : [Math.max(0, Math.floor(millis / MINUTE)), 'minute'];
  return `${value} ${unit}${value === 1 ? '' : 's'}`;
}

/** A duration as `--max-age` takes it: "8d", "36h", "90m", "45s". */
export function formatDuration(millis: number): string {
  for (const [unit, size] of [
    ['d', DAY],
    ['h', HOUR],
    ['m', MINUTE],
  ] as const) {
    if (millis >= size && millis % size === 0) return `${millis / size}${unit}`;
  }
  return `${Math.round(millis / 1000)}s`;
}

/** Whole percent, never rounded up to 100% or down to 0% when it is not. */
function percent(fraction: number): string {
  let value = Math.round(fraction * 100);
  if (value === 100 && fraction < 1) value = 99;
  if (value === 0 && fraction > 0) value = 1;
  return `${value}%`;
}
