import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSsaWorkbook, ssaLandingPage } from '../fixtures/ssa/ssa-forecast.js';
import { requireBuiltJps, runBuiltJps } from '../helpers/built-jps.js';
import { startFixtureServer } from '../helpers/fixture-server.js';
import { storedRuns } from '../helpers/records.js';
import { tempDir } from '../helpers/store.js';

/** Runs the built `bin/jps.js` as a user's shell would, with only the environment given. */
const jps = (args: string[], env: Record<string, string>) =>
  runBuiltJps(args, { JPS_RETRY_BASE: '0.05s', ...env });

async function ssaSite(delayMillis = 0) {
  const workbook = await buildSsaWorkbook();
  return startFixtureServer({
    '/ssa.html': { body: ssaLandingPage('/FY26-Forecast.xlsm') },
    '/FY26-Forecast.xlsm': { body: workbook, delayMillis },
  });
}

describe('the built jps binary', () => {
  beforeAll(() => {
    requireBuiltJps();
  });

  it('scrapes a source into a new database and prints the summary table', async () => {
    const server = await ssaSite();
    const dbPath = join(tempDir(), 'nested', 'jps.db');
    const result = await jps(['scrape', '--source', 'ssa'], {
      JPS_DB: dbPath,
      JPS_SSA_URL: server.url('/ssa.html'),
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/│ ssa\s+│ ok\s+│\s+4 │\s+4 │/);
    expect(existsSync(dbPath)).toBe(true);
  });

  it('prints its version and exits 0', async () => {
    const result = await jps(['--version'], {});
    expect(result).toMatchObject({ code: 0, stdout: '0.1.0\n' });
  });

  it('exits 2 with one line and no stack for a usage error', async () => {
    const result = await jps(['scrape', '--source', 'nasa', '--db', join(tempDir(), 'jps.db')], {});
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^jps: unknown source "nasa"/);
  });

  it('exits 5 when the database is not a jps database', async () => {
    const dir = tempDir();
    const notDb = join(dir, 'notes.db');
    await import('node:fs').then((fs) =>
      fs.writeFileSync(notDb, 'this is not SQLite, just a text file that is long enough'.repeat(20)),
    );
    const result = await jps(['scrape', '--source', 'ssa', '--db', notDb], {});
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/^jps: .*notes\.db is not a jps database/);
  });

  it('makes two overlapping scrapes of one database take turns', async () => {
    const server = await ssaSite(1_500);
    const dbPath = join(tempDir(), 'jps.db');
    const env = { JPS_DB: dbPath, JPS_SSA_URL: server.url('/ssa.html') };
    const first = jps(['scrape', '--source', 'ssa'], env);
    await new Promise((resolve) => setTimeout(resolve, 700));
    const second = jps(['scrape', '--source', 'ssa'], env);
    const [a, b] = await Promise.all([first, second]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(b.stderr).toContain('another jps scrape is running on this database; waiting for it to finish');

    const runs = await storedRuns(dbPath);
    expect(runs).toHaveLength(2);
    expect(runs[1]!.started_at >= runs[0]!.finished_at!).toBe(true);
    expect(runs.map((run) => [run.added, run.unchanged])).toEqual([
      [4, 0],
      [0, 4],
    ]);
  });

  it('gives up with exit 5 when another scrape holds the database past JPS_LOCK_WAIT', async () => {
    const server = await ssaSite(3_000);
    const dbPath = join(tempDir(), 'jps.db');
    const env = { JPS_DB: dbPath, JPS_SSA_URL: server.url('/ssa.html') };
    const first = jps(['scrape', '--source', 'ssa'], env);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const second = await jps(['scrape', '--source', 'ssa'], { ...env, JPS_LOCK_WAIT: '0.5s' });
    expect(second.code).toBe(5);
    expect(second.stderr).toContain('another jps scrape is still running');
    expect((await first).code).toBe(0);
  });
});
