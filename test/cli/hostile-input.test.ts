import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestApi } from '../api/api-harness.js';
import { runJps } from '../helpers/cli.js';
import { makeProspect, recordScrape, tempDir, tempStore } from '../helpers/store.js';
import { storedData } from '../helpers/stored-data.js';

const NOW = new Date('2026-11-20T12:00:00.000Z');
const ESC = '\u001b';
const CLEAR_SCREEN = `${ESC}[2J`;
const SET_TITLE = `${ESC}]0;owned\u0007`;

/** Agency data carrying terminal controls: a screen clear, a title change, a NUL and a C1 CSI. */
async function hostileStore() {
  const store = await tempStore();
  await recordScrape(
    store,
    'ssa',
    [
      makeProspect('ssa:A1', {
        title: `Guard services${CLEAR_SCREEN}${SET_TITLE}`,
        office: `OHO\u0000\u009b2J`,
        award_date: '2026-01-01',
      }),
    ],
    { at: '2026-11-01T10:00:00.000Z' },
  );
  await recordScrape(
    store,
    'ssa',
    [
      makeProspect('ssa:A1', {
        title: `Guard services${CLEAR_SCREEN}${SET_TITLE}`,
        office: `OHO\u0000\u009b2J`,
        award_date: '2026-04-01',
        description: `new${CLEAR_SCREEN}`,
      }),
    ],
    { at: '2026-11-20T10:00:00.000Z' },
  );
  await recordScrape(store, 'dhs', [], {
    at: '2026-11-20T11:00:00.000Z',
    status: 'failed',
    error: { code: 'NOT_DATA', message: `expected JSON, got an HTML page "${SET_TITLE}Down" from https://x` },
  });
  return store.path;
}

/** No escape sequence, NUL, bell or C1 control reaches the terminal. */
function expectTerminalSafe(text: string): void {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
}

describe('huge and out-of-range times are usage errors, never a crash', () => {
  it.each([
    ['history', '--since'],
    ['list', '--changed-since'],
  ])('jps %s %s 99999999999d exits 2 with one line and changes nothing', async (command, flag) => {
    const store = await tempStore();
    await recordScrape(store, 'ssa', [makeProspect('ssa:A1')], { at: '2026-11-01T10:00:00.000Z' });
    const before = storedData(store.path);
    const result = await runJps([command, flag, '99999999999d'], { dbPath: store.path, now: NOW });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(new RegExp(`^jps: ${flag} takes .*, not "99999999999d"$`));
    expect(storedData(store.path)).toBe(before);
  });

  it('answers GET /api/changes?since=99999999999d with a 400 that says what is wrong', async () => {
    const { get } = await startTestApi();
    const answer = await get('/api/changes?since=99999999999d');
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ status: 'error', error: 'validation_error' });
    expect(answer.json.message).toContain('since must be a date');
  });
});

describe('control characters in agency data never reach a terminal raw', () => {
  it("shows them as symbols in jps list's table and keeps them in JSON and CSV", async () => {
    const db = await hostileStore();
    const table = await runJps(['list', '--columns', 'id,title,office'], { dbPath: db, now: NOW });
    expect(table.exitCode).toBe(0);
    expectTerminalSafe(table.stdout);
    expect(table.stdout).toContain('Guard services␛[2J␛]0;owned␇');
    expect(table.stdout).toContain('OHO␀�2J');

    const json = await runJps(['list', '--format', 'json'], { dbPath: db, now: NOW });
    expect(json.stdout).toContain('Guard services\\u001b[2J\\u001b]0;owned\\u0007');
    expect((JSON.parse(json.stdout) as { office: string }[])[0]!.office).toBe('OHO\u0000\u009b2J');
    const csv = await runJps(['list', '--format', 'csv', '--columns', 'title'], { dbPath: db, now: NOW });
    expect(csv.stdout).toContain(`Guard services${CLEAR_SCREEN}${SET_TITLE}`);
  });

  it('shows them as symbols in jps history, both the change report and a timeline', async () => {
    const db = await hostileStore();
    for (const argv of [
      ['history', '--since', '30d'],
      ['history', 'ssa:A1'],
    ]) {
      const result = await runJps(argv, { dbPath: db, now: NOW });
      expect(result.exitCode).toBe(0);
      expectTerminalSafe(result.stdout);
      expect(result.stdout).toContain('Guard services␛[2J');
    }
    const json = await runJps(['history', '--since', '30d', '--format', 'json'], { dbPath: db, now: NOW });
    expect(json.stdout).toContain('new\\u001b[2J');
  });

  it("shows a stored error's controls as symbols in the jps health table", async () => {
    const db = await hostileStore();
    const result = await runJps(['health'], { dbPath: db, now: NOW });
    expect(result.exitCode).toBe(4);
    expectTerminalSafe(result.stdout);
    expect(result.stdout).toContain('␛]0;owned␇Down');
  });

  it('shows them as symbols in the one error line of a failed scrape, and stores the run', async () => {
    const dir = tempDir();
    const page = join(dir, 'page.html');
    writeFileSync(page, `<html><head><title>${SET_TITLE}Not\r\nFound${CLEAR_SCREEN}</title></head></html>`);
    const result = await runJps(['scrape', '--source', 'ssa', '--file', page], {
      dbPath: join(dir, 'jps.db'),
      now: NOW,
    });
    expect(result.exitCode).toBe(3);
    const errors = result.stderr.split('\n').filter((line) => line.startsWith('jps: '));
    expect(errors).toEqual([
      `jps: ssa: expected a workbook, got an HTML page "␛]0;owned␇Not Found␛[2J" from ${page}`,
    ]);
    expectTerminalSafe(result.stderr);
  });

  it("shows them as symbols in a command's error line", async () => {
    const store = await tempStore();
    const before = storedData(store.path);
    const result = await runJps(['history', `ssa:${CLEAR_SCREEN}\nx`], { dbPath: store.path, now: NOW });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      'jps: no prospect has the id "ssa:␛[2J x" (ids look like ssa:OHO-26-HQ0007; find them with jps list)',
    );
    expect(storedData(store.path)).toBe(before);
  });
});

describe('spreadsheet-safe CSV', () => {
  it('prefixes text a spreadsheet would run, tab and carriage return too, but never a number', async () => {
    const store = await tempStore();
    await recordScrape(
      store,
      'ssa',
      [
        makeProspect('ssa:A1', { title: '=1+1', estimated_value_min: -5, estimated_value_text: '-5' }),
        makeProspect('ssa:A2', { title: '\tcmd', estimated_value_text: '-$5K' }),
        makeProspect('ssa:A3', { title: '\r@SUM(A1)', estimated_value_text: '+1,250.50' }),
      ],
      { at: '2026-11-01T10:00:00.000Z' },
    );
    const result = await runJps(
      [
        'list',
        '--format',
        'csv',
        '--columns',
        'id,title,estimated_value_min,estimated_value_text',
        '--sort',
        'title',
      ],
      { dbPath: store.path, now: NOW },
    );
    const [header, ...rows] = result.stdout.split('\r\n');
    expect(header).toBe('id,title,estimated_value_min,estimated_value_text');
    expect(rows.sort()).toEqual([
      '',
      `ssa:A1,'=1+1,-5,-5`,
      `ssa:A2,'\tcmd,,'-$5K`,
      `ssa:A3,"'\r@SUM(A1)",,"+1,250.50"`,
    ]);
  });
});

describe('source URLs from the environment', () => {
  it('refuses a JPS_<KEY>_URL that is not an http(s) URL with exit 2, listing every problem', async () => {
    const store = await tempStore();
    const result = await runJps(['sources'], {
      dbPath: store.path,
      env: { JPS_SSA_URL: 'www.ssa.gov/osdbu', JPS_DHS_URL: 'ftp://example.org/x', JPS_LOCK_WAIT: 'soon' },
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      'jps: invalid configuration: JPS_LOCK_WAIT: JPS_LOCK_WAIT must be a duration such as 90s, 10m or 2h (got "soon"); ' +
        'JPS_SSA_URL: JPS_SSA_URL must be an http(s) URL such as https://www.ssa.gov/osdbu/ (got "www.ssa.gov/osdbu"); ' +
        'JPS_DHS_URL: JPS_DHS_URL must be an http(s) URL such as https://www.ssa.gov/osdbu/ (got "ftp://example.org/x")',
    );
  });

  it('warns on stderr about a JPS_<KEY>_URL whose key names no source, and goes on', async () => {
    const store = await tempStore();
    const result = await runJps(['sources', '--format', 'json'], {
      dbPath: store.path,
      env: { JPS_GATEWAY_URL: 'http://127.0.0.1:9/api', JPS_SMTP_URL: 'smtp://mail.example:587' },
    });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe(
      'jps: JPS_GATEWAY_URL is ignored: no source has the key "gateway"; did you mean JPS_ACQUISITION_GATEWAY_URL?',
    );
    expect(JSON.parse(result.stdout)).toHaveLength(9);
  });
});
