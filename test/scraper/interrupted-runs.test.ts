import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runJps } from '../helpers/cli.js';
import { writeHhsCsv } from '../helpers/hhs-csv.js';
import { storedRuns } from '../helpers/records.js';
import { tempDir, tempStore } from '../helpers/store.js';

// runJps takes the clock as a Date, but its type also intersects CliDeps' `now: () => Date`.
const NOW = new Date('2026-11-27T12:00:00.000Z') as Date & (() => Date);
const THREE_HOURS_AGO = new Date(NOW.getTime() - 3 * 3_600_000).toISOString();

describe('a run left running by a jps that was killed', () => {
  it("is closed as interrupted when its source's next scrape starts, and health stops counting it", async () => {
    const store = await tempStore();
    const dbPath = store.path;
    const folder = tempDir();
    const first = await runJps(
      ['scrape', '--source', 'hhs', '--file', writeHhsCsv(join(folder, 'a.csv'), 5)],
      {
        dbPath,
        now: new Date(NOW.getTime() - 24 * 3_600_000) as typeof NOW,
      },
    );
    expect(first.exitCode).toBe(0);
    // What a kill -9 in the middle of a load leaves: the run's row, still `running`.
    for (const source of ['hhs', 'ssa']) {
      store.sqlite
        .prepare(
          "INSERT INTO scrape_runs (source, started_at, status, origin) VALUES (?, ?, 'running', 'killed')",
        )
        .run(source, THREE_HOURS_AGO);
    }

    const stuck = await runJps(['health', '--source', 'hhs', '--format', 'json'], { dbPath, now: NOW });
    expect(stuck.exitCode).toBe(4);
    expect(JSON.parse(stuck.stdout)[0].reasons[0]).toBe(
      'last run interrupted: started 3 hours ago and never finished',
    );

    const next = await runJps(
      ['scrape', '--source', 'hhs', '--file', writeHhsCsv(join(folder, 'b.csv'), 6)],
      {
        dbPath,
        now: NOW,
      },
    );
    expect(next.stderr).toBe('');
    expect(next.exitCode).toBe(0);
    const runs = await storedRuns(dbPath);
    expect(runs.map((run) => [run.source, run.status])).toEqual([
      ['hhs', 'ok'],
      ['hhs', 'interrupted'],
      ['ssa', 'running'],
      ['hhs', 'ok'],
    ]);
    expect(runs[1]).toMatchObject({
      finished_at: null,
      error_code: 'INTERRUPTED',
      error_message: 'the jps running it stopped before it finished (killed, or the machine went down)',
    });

    const health = await runJps(['health', '--source', 'hhs', '--format', 'json'], { dbPath, now: NOW });
    expect(health.exitCode).toBe(0);
    expect(JSON.parse(health.stdout)[0]).toMatchObject({
      verdict: 'healthy',
      reasons: [],
      last_run: { status: 'ok' },
      rows: 6,
      previous_rows: 5,
    });
    const history = await runJps(['history', '--source', 'hhs', '--format', 'json'], { dbPath, now: NOW });
    expect(history.exitCode).toBe(0);
    expect((JSON.parse(history.stdout) as { kind: string }[]).map((event) => event.kind)).toEqual(['added']);
  });

  it('is not closed by a dry run, which writes nothing', async () => {
    const store = await tempStore();
    store.sqlite
      .prepare(
        "INSERT INTO scrape_runs (source, started_at, status, origin) VALUES ('hhs', ?, 'running', 'killed')",
      )
      .run(THREE_HOURS_AGO);
    const file = writeHhsCsv(join(tempDir(), 'a.csv'), 2);
    const dry = await runJps(['scrape', '--source', 'hhs', '--file', file, '--dry-run'], {
      dbPath: store.path,
      now: NOW,
    });
    expect(dry.exitCode).toBe(0);
    expect((await storedRuns(store.path)).map((run) => run.status)).toEqual(['running']);
  });
});
