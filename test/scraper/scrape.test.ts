import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSsaWorkbook, ssaLandingPage, SSA_ROWS, type SsaRow } from '../fixtures/ssa/ssa-forecast.js';
import { startFixtureServer, type FixtureRoute } from '../helpers/fixture-server.js';
import { runJps } from '../helpers/cli.js';
import { storedEvents, storedRecords, storedRuns } from '../helpers/records.js';
import { tempDir } from '../helpers/store.js';
import { toMacroEnabled, writeWorkbook } from '../helpers/workbook.js';

const PAGE = '/osdbu/contract-forecast-intro.html';
const FILE = '/osdbu/docs/FY26-Contract-Forecast.xlsm';

/** An SSA site whose workbook route the test controls, and a database in a temp folder. */
async function setup(file: FixtureRoute) {
  const server = await startFixtureServer({
    [PAGE]: { headers: { 'content-type': 'text/html' }, body: ssaLandingPage(FILE) },
    [FILE]: file,
  });
  const dbPath = join(tempDir(), 'jps.db');
  const scrape = (...args: string[]) =>
    runJps(['scrape', '--source', 'ssa', ...args], {
      dbPath,
      env: { JPS_SSA_URL: server.url(PAGE), JPS_HTTP_TIMEOUT: '0.5s' },
    });
  return { server, dbPath, scrape };
}

const workbook = (rows: readonly SsaRow[] = SSA_ROWS) => buildSsaWorkbook(rows);

describe('a source that breaks leaves the stored data exactly as it was', () => {
  async function storeFirstWeek(file: { body?: Buffer | string; status?: number }) {
    const ctx = await setup((() => file) as FixtureRoute);
    file.body = await workbook();
    expect((await ctx.scrape()).exitCode).toBe(0);
    return { ...ctx, before: await storedRecords(ctx.dbPath) };
  }

  it('fails with the page title when an HTML error page stands where the workbook should be', async () => {
    const file: { body?: Buffer | string; status?: number } = {};
    const { scrape, dbPath, before, server } = await storeFirstWeek(file);
    file.body =
      '<!DOCTYPE html><html><head><title>Page Not Found</title></head><body><p>Sorry</p></body></html>';

    const result = await scrape();
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toBe(
      `jps: ssa: expected a workbook, got an HTML page "Page Not Found" from ${server.url(FILE)}`,
    );
    expect(await storedRecords(dbPath)).toEqual(before);
    const runs = await storedRuns(dbPath);
    expect(runs.map((run) => run.status)).toEqual(['ok', 'failed']);
    expect(runs[1]).toMatchObject({ error_code: 'NOT_DATA', rows_read: 0 });
  });

  it('names the missing and the found headers when a required column disappears', async () => {
    const file: { body?: Buffer | string } = {};
    const { scrape, dbPath, before } = await storeFirstWeek(file);
    const renamed = await writeWorkbook([
      {
        name: 'FY26 Forecast',
        rows: [
          ['Social Security Administration'],
          ['APP NUMBER', 'SITE Type', 'DESCRIPTION'],
          ['OHO-26-HQ0007', 'DCHO', 'Western Medical Expert Recompete'],
        ],
      },
    ]);
    file.body = await toMacroEnabled(renamed);

    const result = await scrape();
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toBe(
      'jps: ssa: required column "APP #" not found (found "APP NUMBER", "SITE Type", "DESCRIPTION"): the file\'s layout changed',
    );
    expect(await storedRecords(dbPath)).toEqual(before);
  });

  it('fails on a timeout after its retries, and stores nothing', async () => {
    const file: { body?: Buffer | string; delayMillis?: number } = {};
    const { scrape, dbPath, before, server } = await storeFirstWeek(file);
    file.delayMillis = 3_000;

    const result = await scrape();
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toBe(
      `jps: ssa: no answer from ${server.url(FILE)} within 0.5 s (after 4 attempts)`,
    );
    expect(await storedRecords(dbPath)).toEqual(before);
  });

  it('fails on an empty workbook instead of marking every forecast removed', async () => {
    const file: { body?: Buffer | string } = {};
    const { scrape, dbPath, before } = await storeFirstWeek(file);
    file.body = await workbook([]);

    const result = await scrape('--format', 'json');
    expect(result.exitCode).toBe(3);
    expect(JSON.parse(result.stdout)[0]).toMatchObject({ status: 'failed', error: { code: 'NO_ROWS' } });
    expect(await storedRecords(dbPath)).toEqual(before);
  });

  it('does not retry a 403 and tells the user to download the file instead', async () => {
    let requests = 0;
    const { scrape, server } = await setup(() => {
      requests += 1;
      return { status: 403, body: 'Forbidden' };
    });
    const result = await scrape();
    expect(result.exitCode).toBe(3);
    expect(requests).toBe(1);
    expect(result.stderr).toBe(
      `jps: ssa: the site refused jps (HTTP 403) at ${server.url(FILE)}; download the forecast in a browser and run: jps scrape --source ssa --file <file>`,
    );
  });
});

describe('retries', () => {
  it('retries a 503, honouring Retry-After, and then stores the file', async () => {
    const body = await workbook();
    let requests = 0;
    const { scrape } = await setup(() => {
      requests += 1;
      return requests === 1 ? { status: 503, headers: { 'retry-after': '0' }, body: 'busy' } : { body };
    });
    const result = await scrape('--format', 'json');
    expect(result.exitCode).toBe(0);
    expect(requests).toBe(2);
    expect(JSON.parse(result.stdout)[0]).toMatchObject({ status: 'ok', added: SSA_ROWS.length });
  });
});

describe('change tracking', () => {
  it('records nothing but the run when the same file is scraped again', async () => {
    const body = await workbook();
    const { scrape, dbPath } = await setup({ body });
    await scrape();
    const eventsAfterFirst = await storedEvents(dbPath);

    const again = await scrape('--format', 'json');
    expect(JSON.parse(again.stdout)[0]).toMatchObject({
      added: 0,
      updated: 0,
      removed: 0,
      unchanged: SSA_ROWS.length,
    });
    expect(await storedEvents(dbPath)).toEqual(eventsAfterFirst);
    expect(eventsAfterFirst.map((e) => e.kind)).toEqual(['added', 'added', 'added', 'added']);
  });

  it('records exactly the fields that changed, the rows that went, the rows that came and those that returned', async () => {
    const file: { body?: Buffer } = {};
    const { scrape, dbPath } = await setup((() => file) as FixtureRoute);
    file.body = await workbook();
    await scrape();

    // Next week: the expert contract's award slips a quarter and its value changes, one utility
    // row is gone, and a new requirement appears.
    const [expert, supply, delivery, cyber] = SSA_ROWS as [SsaRow, SsaRow, SsaRow, SsaRow];
    const newRow: SsaRow = {
      'APP #': 'OHO-26-HQ0099',
      'SITE Type': 'DCHO',
      DESCRIPTION: 'Hearing transcription services',
      NAICS: 561410,
    };
    file.body = await workbook([
      { ...expert, 'PLANNED AWARD DATE': new Date(Date.UTC(2026, 9, 1)), 'EST COST PER FY': '$1,250,000' },
      delivery,
      cyber,
      newRow,
    ]);
    const week2 = await scrape('--format', 'json', '--allow-shrink');
    expect(JSON.parse(week2.stdout)[0]).toMatchObject({
      added: 1,
      updated: 1,
      removed: 1,
      restored: 0,
      unchanged: 2,
    });

    const events = (await storedEvents(dbPath)).slice(SSA_ROWS.length);
    expect(
      events.map(({ prospect_id, kind, field, old, new: value }) => ({
        prospect_id,
        kind,
        field,
        old,
        new: value,
      })),
    ).toEqual([
      {
        prospect_id: 'ssa:OHO-26-HQ0007',
        kind: 'updated',
        field: 'estimated_value_text',
        old: '$1,000,000',
        new: '$1,250,000',
      },
      {
        prospect_id: 'ssa:OHO-26-HQ0007',
        kind: 'updated',
        field: 'estimated_value_min',
        old: 1000000,
        new: 1250000,
      },
      {
        prospect_id: 'ssa:OHO-26-HQ0007',
        kind: 'updated',
        field: 'estimated_value_max',
        old: 1000000,
        new: 1250000,
      },
      {
        prospect_id: 'ssa:OHO-26-HQ0007',
        kind: 'updated',
        field: 'award_date',
        old: '2026-07-01',
        new: '2026-10-01',
      },
      { prospect_id: 'ssa:OHO-26-HQ0007', kind: 'updated', field: 'award_fiscal_year', old: 2026, new: 2027 },
      { prospect_id: 'ssa:OHO-26-HQ0007', kind: 'updated', field: 'award_quarter', old: 4, new: 1 },
      { prospect_id: 'ssa:OHO-26-HQ0099', kind: 'added', field: null, old: undefined, new: undefined },
      { prospect_id: 'ssa:RCF-25-11026-02', kind: 'removed', field: null, old: undefined, new: undefined },
    ]);
    const removed = (await storedRecords(dbPath)).find((r) => r.id === 'ssa:RCF-25-11026-02')!;
    expect(removed.status).toBe('removed');
    expect(removed.removed_at).not.toBeNull();

    // The week after, the utility row is back, unchanged.
    file.body = await workbook([expert, supply, delivery, cyber, newRow]);
    const week3 = await scrape('--format', 'json');
    expect(JSON.parse(week3.stdout)[0]).toMatchObject({ added: 0, restored: 1, removed: 0 });
    const last = (await storedEvents(dbPath)).slice(-7);
    expect(last.filter((e) => e.kind === 'restored').map((e) => e.prospect_id)).toEqual([
      'ssa:RCF-25-11026-02',
    ]);
    expect((await storedRecords(dbPath)).find((r) => r.id === 'ssa:RCF-25-11026-02')!.status).toBe('active');
  });

  it('stores a file with under half the previous rows as partial and removes nothing, unless --allow-shrink', async () => {
    const many = Array.from({ length: 10 }, (_, i) => ({
      'APP #': `OAG-26-${String(i).padStart(4, '0')}`,
      DESCRIPTION: `Requirement ${i}`,
    }));
    const file: { body?: Buffer } = {};
    const { scrape, dbPath } = await setup((() => file) as FixtureRoute);
    file.body = await workbook(many);
    await scrape();

    file.body = await workbook(many.slice(0, 4));
    const shrunk = await scrape('--format', 'json');
    expect(shrunk.exitCode).toBe(0);
    expect(JSON.parse(shrunk.stdout)[0]).toMatchObject({ status: 'partial', removed: 0, unchanged: 4 });
    expect(shrunk.stderr).toContain('jps: ssa: partial: rows fell from 10 to 4');
    expect((await storedRecords(dbPath)).filter((r) => r.status === 'active')).toHaveLength(10);

    const allowed = await scrape('--format', 'json', '--allow-shrink');
    expect(JSON.parse(allowed.stdout)[0]).toMatchObject({ status: 'ok', removed: 6 });
  });

  it('fetches and counts on --dry-run but writes nothing', async () => {
    const { scrape, dbPath } = await setup({ body: await workbook() });
    const result = await scrape('--dry-run', '--format', 'json');
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)[0]).toMatchObject({
      status: 'ok',
      run_id: null,
      added: SSA_ROWS.length,
    });
    expect(await storedRecords(dbPath)).toEqual([]);
    expect(await storedRuns(dbPath)).toEqual([]);
  });
});

describe('usage', () => {
  it.each([
    [
      ['scrape', '--source', 'nasa'],
      'jps: unknown source "nasa"; known sources: acquisition-gateway, ssa, dhs, treasury, dot, hhs, doc, doj, dos',
    ],
    [['scrape', '--file', 'x.csv'], 'jps: --file needs exactly one --source'],
    [
      ['scrape', '--source', 'ssa', '--file', '/nonexistent/forecast.xlsm'],
      'jps: cannot read --file /nonexistent/forecast.xlsm',
    ],
    [
      ['scrape', '--source', 'ssa', '--url', 'ftp://example'],
      'jps: --url must be an http(s) URL (got "ftp://example")',
    ],
  ])('%j exits 2 with one line', async (argv, message) => {
    const result = await runJps(argv, { dbPath: join(tempDir(), 'jps.db') });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(message);
  });
});
