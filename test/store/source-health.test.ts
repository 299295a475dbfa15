import { describe, expect, it } from 'vitest';
import { startRun } from '../../src/store/runs.js';
import { sourceHealth } from '../../src/store/source-health.js';
import {
  formatAge,
  formatDuration,
  overallHealth,
  withLiveProbe,
  type SourceHealth,
} from '../../src/store/source-verdict.js';
import type { Store } from '../../src/store/connection.js';
import { makeProspect, recordScrape, tempStore, type RecordedRun } from '../helpers/store.js';

const NOW = new Date('2026-11-27T12:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MAX_AGE = 8 * DAY;

function ago(millis: number): string {
  return new Date(NOW.getTime() - millis).toISOString();
}

/** A run as the test table writes it: recorded like a scrape, or left `running` as a killed one is. */
type Step = (RecordedRun & { partialReason?: string }) | { running: string };

async function record(store: Store, source: string, steps: readonly Step[]): Promise<void> {
  for (const step of steps) {
    if ('running' in step) {
      await startRun(store.db, source, step.running, 'test');
      continue;
    }
    const runId = await recordScrape(store, source, [], step);
    if (step.partialReason) {
      await store.db
        .updateTable('scrape_runs')
        .set({ partial_reason: step.partialReason })
        .where('id', '=', runId)
        .execute();
    }
  }
}

async function healthAfter(steps: readonly Step[], source = 'ssa'): Promise<SourceHealth> {
  const store = await tempStore();
  await record(store, source, steps);
  const [health] = await sourceHealth(store.db, [source], { now: NOW, maxAgeMillis: MAX_AGE });
  return health!;
}

describe('sourceHealth verdicts', () => {
  it.each<{ name: string; steps: Step[]; verdict: SourceHealth['verdict']; reasons: string[] }>([
    { name: 'a source with no runs has never run', steps: [], verdict: 'never_run', reasons: ['never run'] },
    {
      name: 'two recent complete runs of similar size are healthy',
      steps: [
        { at: ago(2 * DAY), rowsRead: 100 },
        { at: ago(1 * DAY), rowsRead: 95 },
      ],
      verdict: 'healthy',
      reasons: [],
    },
    {
      name: 'a last success older than the max age is stale',
      steps: [{ at: ago(12 * DAY + HOUR), rowsRead: 100 }],
      verdict: 'degraded',
      reasons: ['stale: last success 12 days ago (max 8d)'],
    },
    {
      name: 'a last success just inside the max age is not stale',
      steps: [{ at: ago(8 * DAY - HOUR), rowsRead: 100 }],
      verdict: 'healthy',
      reasons: [],
    },
    {
      name: 'a partial run with a reported total says how much of it arrived',
      steps: [{ at: ago(HOUR), status: 'partial', rowsRead: 5_215, coverage: 5_215 / 8_412 }],
      verdict: 'degraded',
      reasons: ['partial: 62% of the 8,412 records the source reported'],
    },
    {
      name: 'a partial run stored short for a shrunken file gives the scrape’s reason',
      steps: [
        {
          at: ago(HOUR),
          status: 'partial',
          rowsRead: 800,
          partialReason: 'the workbook had 800 rows, fewer than half the 2,000 of the last complete run',
        },
      ],
      verdict: 'degraded',
      reasons: ['partial: the workbook had 800 rows, fewer than half the 2,000 of the last complete run'],
    },
    {
      name: 'a partial run with no coverage nor reason still says partial',
      steps: [{ at: ago(HOUR), status: 'partial', rowsRead: 800 }],
      verdict: 'degraded',
      reasons: ['partial: the last success was incomplete, so nothing was marked removed'],
    },
    {
      name: 'rows falling by more than half is a drop',
      steps: [
        { at: ago(2 * DAY), rowsRead: 2_897 },
        { at: ago(DAY), rowsRead: 1_203 },
      ],
      verdict: 'degraded',
      reasons: ['rows fell from 2,897 to 1,203'],
    },
    {
      name: 'rows falling to exactly half is not a drop',
      steps: [
        { at: ago(2 * DAY), rowsRead: 2_000 },
        { at: ago(DAY), rowsRead: 1_000 },
      ],
      verdict: 'healthy',
      reasons: [],
    },
    {
      name: 'the drop is measured against the success before, across failed runs',
      steps: [
        { at: ago(3 * DAY), rowsRead: 2_897 },
        { at: ago(2 * DAY), status: 'failed' },
        { at: ago(DAY), rowsRead: 1_203 },
      ],
      verdict: 'degraded',
      reasons: ['rows fell from 2,897 to 1,203'],
    },
    {
      name: 'skipping more than a tenth of the rows names the first reason',
      steps: [
        {
          at: ago(HOUR),
          rowsRead: 1_000,
          skipped: 150,
          skippedReasons: ['row 7: no title', 'row 9: no title'],
        },
      ],
      verdict: 'degraded',
      reasons: ['skipped 150 of 1,000 rows (15%): row 7: no title'],
    },
    {
      name: 'skipping exactly a tenth of the rows is tolerated',
      steps: [{ at: ago(HOUR), rowsRead: 1_000, skipped: 100, skippedReasons: ['row 7: no title'] }],
      verdict: 'healthy',
      reasons: [],
    },
    {
      name: 'a failed last run fails the source even after a recent success',
      steps: [
        { at: ago(2 * DAY), rowsRead: 100 },
        {
          at: ago(DAY),
          status: 'failed',
          error: { code: 'HTTP_BLOCKED', message: 'the site refused jps (HTTP 403)' },
        },
      ],
      verdict: 'failing',
      reasons: ['last run failed: the site refused jps (HTTP 403)'],
    },
    {
      name: 'a source that only ever failed has no success on record',
      steps: [{ at: ago(DAY), status: 'failed' }],
      verdict: 'failing',
      reasons: ['last run failed: HTTP 503 from http://127.0.0.1/', 'no successful run on record'],
    },
    {
      name: 'a success that read zero rows fails',
      steps: [{ at: ago(HOUR), rowsRead: 0 }],
      verdict: 'failing',
      reasons: ['last success read 0 rows'],
    },
    {
      name: 'a run left running long after its start was interrupted',
      steps: [{ at: ago(2 * DAY), rowsRead: 100 }, { running: ago(3 * HOUR) }],
      verdict: 'failing',
      reasons: ['last run interrupted: started 3 hours ago and never finished'],
    },
    {
      name: 'a run in progress is not judged: the run before it is',
      steps: [
        { at: ago(2 * DAY), rowsRead: 100 },
        { at: ago(DAY), status: 'failed', error: { code: 'TIMEOUT', message: 'no answer within 60 s' } },
        { running: ago(10 * 60_000) },
      ],
      verdict: 'failing',
      reasons: ['last run failed: no answer within 60 s'],
    },
    {
      name: 'a first run in progress has not run yet',
      steps: [{ running: ago(10 * 60_000) }],
      verdict: 'never_run',
      reasons: [`first run in progress since ${ago(10 * 60_000)}`],
    },
    {
      name: 'failing reasons come before degraded ones',
      steps: [
        { at: ago(20 * DAY + HOUR), rowsRead: 100 },
        {
          at: ago(DAY),
          status: 'failed',
          error: { code: 'NO_ROWS', message: 'the workbook has no data rows' },
        },
      ],
      verdict: 'failing',
      reasons: ['last run failed: the workbook has no data rows', 'stale: last success 20 days ago (max 8d)'],
    },
    {
      name: 'several degradations are all named',
      steps: [
        { at: ago(30 * DAY), rowsRead: 4_000 },
        { at: ago(10 * DAY + HOUR), status: 'partial', rowsRead: 1_000, coverage: 0.25, skipped: 200 },
      ],
      verdict: 'degraded',
      reasons: [
        'stale: last success 10 days ago (max 8d)',
        'partial: 25% of the 4,000 records the source reported',
        'rows fell from 4,000 to 1,000',
        'skipped 200 of 1,000 rows (20%)',
      ],
    },
  ])('$name', async ({ steps, verdict, reasons }) => {
    const health = await healthAfter(steps);
    expect(health.verdict).toBe(verdict);
    expect(health.reasons).toEqual(reasons);
  });
});

describe('sourceHealth figures', () => {
  it('reports the last run, the last success, its age, its rows and the rows before', async () => {
    const health = await healthAfter(
      [
        { at: ago(3 * DAY), rowsRead: 7_900 },
        { at: ago(2 * DAY), status: 'partial', rowsRead: 5_215, coverage: 0.62 },
        { at: ago(DAY), status: 'failed', error: { code: 'TIMEOUT', message: 'no answer' } },
      ],
      'acquisition-gateway',
    );
    expect(health).toMatchObject({
      source: 'acquisition-gateway',
      verdict: 'failing',
      last_run: { status: 'failed', started_at: ago(DAY), error: { code: 'TIMEOUT', message: 'no answer' } },
      last_success: {
        status: 'partial',
        started_at: ago(2 * DAY),
        rows_read: 5_215,
        coverage: 0.62,
        error: null,
      },
      rows: 5_215,
      previous_rows: 7_900,
      coverage: 0.62,
      live: null,
    });
    // Age from the end of the run (recorded two seconds after its start).
    expect(health.last_success_age_hours).toBe(48);
  });

  it('reports nulls for a source never run', async () => {
    const health = await healthAfter([]);
    expect(health).toEqual({
      source: 'ssa',
      verdict: 'never_run',
      reasons: ['never run'],
      last_run: null,
      last_success: null,
      last_success_age_hours: null,
      rows: null,
      previous_rows: null,
      coverage: null,
      live: null,
    });
  });

  it('judges each source on its own runs, in the order asked', async () => {
    const store = await tempStore();
    await recordScrape(store, 'ssa', [makeProspect('ssa:A'), makeProspect('ssa:B')], { at: ago(HOUR) });
    await recordScrape(store, 'acquisition-gateway', [], { at: ago(HOUR), status: 'failed' });
    const result = await sourceHealth(store.db, ['acquisition-gateway', 'ssa'], {
      now: NOW,
      maxAgeMillis: MAX_AGE,
    });
    expect(result.map((h) => [h.source, h.verdict, h.rows])).toEqual([
      ['acquisition-gateway', 'failing', null],
      ['ssa', 'healthy', 2],
    ]);
  });
});

describe('live probes and the overall status', () => {
  const healthy: SourceHealth = {
    source: 'ssa',
    verdict: 'healthy',
    reasons: [],
    last_run: null,
    last_success: null,
    last_success_age_hours: 1,
    rows: 94,
    previous_rows: 94,
    coverage: null,
    live: null,
  };

  it('keeps the verdict when the probe finds the data', () => {
    const live = {
      reachable: true,
      status_code: 200,
      response_ms: 40,
      data_found: true,
      detail: 'workbook answers',
    };
    expect(withLiveProbe(healthy, live)).toEqual({ ...healthy, live });
  });

  it('fails the source with the probe’s reason first when the probe finds no data', () => {
    const live = {
      reachable: true,
      status_code: 200,
      response_ms: 40,
      data_found: false,
      detail: 'sign-in page',
    };
    const stale = {
      ...healthy,
      verdict: 'degraded' as const,
      reasons: ['stale: last success 9 days ago (max 8d)'],
    };
    expect(withLiveProbe(stale, live)).toMatchObject({
      verdict: 'failing',
      reasons: ['live probe: sign-in page', 'stale: last success 9 days ago (max 8d)'],
      live,
    });
  });

  it.each([
    [['healthy', 'never_run'], 'healthy'],
    [['healthy', 'degraded', 'never_run'], 'degraded'],
    [['degraded', 'failing'], 'unhealthy'],
  ] as const)('%j is %s overall', (verdicts, overall) => {
    expect(overallHealth(verdicts.map((verdict) => ({ ...healthy, verdict })))).toBe(overall);
  });
});

describe('formatting ages and durations', () => {
  it.each([
    [12 * DAY + 5 * HOUR, '12 days'],
    [2 * DAY, '2 days'],
    [47 * HOUR, '47 hours'],
    [2 * HOUR, '2 hours'],
    [119 * 60_000, '1 hour'],
    [59 * 60_000, '59 minutes'],
    [60_000, '1 minute'],
    [-5, '0 minutes'],
  ])('an age of %i ms reads "%s"', (millis, text) => {
    expect(formatAge(millis)).toBe(text);
  });

  it.each([
    [8 * DAY, '8d'],
    [36 * HOUR, '36h'],
    [90 * 60_000, '90m'],
    [45_000, '45s'],
  ])('a duration of %i ms reads "%s"', (millis, text) => {
    expect(formatDuration(millis)).toBe(text);
  });
});
