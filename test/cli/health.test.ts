import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_SOURCES } from '../../src/sources/index.js';
import type { SourceHealth } from '../../src/store/source-verdict.js';
import { runJps } from '../helpers/cli.js';
import { makeProspect, recordScrape, tempStore } from '../helpers/store.js';

// runJps takes the clock as a Date, but its type also intersects CliDeps' `now: () => Date`.
const NOW_OPTION = new Date('2026-11-27T12:00:00.000Z') as Date & (() => Date);

const NOW: Date = NOW_OPTION;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function ago(millis: number): string {
  return new Date(NOW.getTime() - millis).toISOString();
}

const JSON_KEYS = [
  'source',
  'verdict',
  'reasons',
  'last_run',
  'last_success',
  'last_success_age_hours',
  'rows',
  'previous_rows',
  'coverage',
  'live',
];

async function healthJson(argv: string[], dbPath: string, env: NodeJS.ProcessEnv = {}) {
  const result = await runJps(['health', '--format', 'json', ...argv], { dbPath, now: NOW_OPTION, env });
  return { ...result, sources: JSON.parse(result.stdout || '[]') as SourceHealth[] };
}

describe('jps health from the store', () => {
  it('lists every source as never run on a fresh database and exits 0', async () => {
    const store = await tempStore();
    const { exitCode, sources } = await healthJson([], store.path);
    expect(exitCode).toBe(0);
    expect(sources.map((health) => health.source)).toEqual(ALL_SOURCES.map((source) => source.key));
    expect(sources.every((health) => health.verdict === 'never_run')).toBe(true);
  });

  it('prints the JSON objects of docs/cli.md, keys in order', async () => {
    const store = await tempStore();
    await recordScrape(store, 'ssa', [makeProspect('ssa:A')], { at: ago(2 * DAY), rowsRead: 90 });
    await recordScrape(store, 'ssa', [makeProspect('ssa:A')], { at: ago(DAY), rowsRead: 94 });
    const { exitCode, sources } = await healthJson(['--source', 'ssa'], store.path);
    expect(exitCode).toBe(0);
    expect(sources).toHaveLength(1);
    expect(Object.keys(sources[0]!)).toEqual(JSON_KEYS);
    expect(sources[0]).toMatchObject({
      source: 'ssa',
      verdict: 'healthy',
      reasons: [],
      last_run: { status: 'ok', started_at: ago(DAY) },
      last_success: { status: 'ok', started_at: ago(DAY) },
      last_success_age_hours: 24,
      rows: 94,
      previous_rows: 90,
      coverage: null,
      live: null,
    });
  });

  it('does not count sources never run when no --source is given', async () => {
    const store = await tempStore();
    await recordScrape(store, 'ssa', [makeProspect('ssa:A')], { at: ago(HOUR) });
    const { exitCode, sources } = await healthJson([], store.path);
    expect(exitCode).toBe(0);
    expect(sources.find((health) => health.source === 'acquisition-gateway')?.verdict).toBe('never_run');
  });

  it('exits 4 when a source asked for by --source has never run', async () => {
    const store = await tempStore();
    await recordScrape(store, 'ssa', [makeProspect('ssa:A')], { at: ago(HOUR) });
    const { exitCode, sources } = await healthJson(['--source', 'acquisition-gateway'], store.path);
    expect(exitCode).toBe(4);
    expect(sources.map((health) => [health.source, health.verdict])).toEqual([
      ['acquisition-gateway', 'never_run'],
    ]);
  });

  it('exits 4 when a source that has run is failing, and names why in the table', async () => {
    const store = await tempStore();
    await recordScrape(store, 'ssa', [makeProspect('ssa:A')], { at: ago(2 * DAY) });
    await recordScrape(store, 'ssa', [], {
      at: ago(DAY),
      status: 'failed',
      error: { code: 'HTTP_BLOCKED', message: 'the site refused jps (HTTP 403)' },
    });
    const { exitCode, stdout, stderr } = await runJps(['health'], { dbPath: store.path, now: NOW_OPTION });
    expect(exitCode).toBe(4);
    const ssaLine = stdout.split('\n').find((line) => line.includes(' ssa '));
    expect(ssaLine).toMatch(
      /failing.*failed 23 hours ago.*47 hours ago.*last run failed: the site refused jps \(HTTP 403\)/,
    );
    expect(stdout).toMatch(/acquisition-gateway +│ never_run +│ — +│ — +│ +— │ never run +│/);
    expect(stderr).toContain(`1 failing, ${ALL_SOURCES.length - 1} never run`);
  });

  it('takes --source (or -s) as a comma list or repeated, in the order given', async () => {
    const store = await tempStore();
    const comma = await healthJson(['--source', 'ssa,acquisition-gateway'], store.path);
    const repeated = await healthJson(['--source', 'ssa', '--source', 'acquisition-gateway'], store.path);
    const short = await healthJson(['-s', 'ssa', '-s', 'acquisition-gateway'], store.path);
    expect(comma.sources.map((health) => health.source)).toEqual(['ssa', 'acquisition-gateway']);
    expect(repeated.sources.map((health) => health.source)).toEqual(['ssa', 'acquisition-gateway']);
    expect(short.sources.map((health) => health.source)).toEqual(['ssa', 'acquisition-gateway']);
  });

  it('judges staleness by --max-age', async () => {
    const store = await tempStore();
    await recordScrape(store, 'ssa', [makeProspect('ssa:A')], { at: ago(2 * DAY + HOUR) });
    expect((await healthJson([], store.path)).exitCode).toBe(0);
    const strict = await healthJson(['--max-age', '1d'], store.path);
    expect(strict.exitCode).toBe(4);
    expect(strict.sources.find((health) => health.source === 'ssa')?.reasons).toEqual([
      'stale: last success 2 days ago (max 1d)',
    ]);
    expect((await healthJson(['--max-age', '72h'], store.path)).exitCode).toBe(0);
  });

  it.each([
    [['--source', 'nasa'], /unknown source "nasa" \(known: .*\bssa\b/],
    [['--max-age', 'a week'], /--max-age must be a duration such as 36h or 8d \(got "a week"\)/],
    [['--max-age', '0d'], /--max-age must be a duration/],
    [['--format', 'csv'], /argument 'csv' is invalid/],
  ])('rejects %j as a usage error (exit 2)', async (argv, message) => {
    const store = await tempStore();
    const { exitCode, stderr, stdout } = await runJps(['health', ...argv], {
      dbPath: store.path,
      now: NOW_OPTION,
    });
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(message);
    expect(stdout).toBe('');
  });
});

describe('jps health --live', () => {
  let server: Server;
  let base = '';
  const answers: Record<string, (res: ServerResponse) => void> = {};

  beforeAll(async () => {
    server = createServer((req, res) => {
      const answer = answers[new URL(req.url ?? '/', 'http://localhost').pathname];
      if (answer) return answer(res);
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<html><head><title>Page Not Found</title></head></html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  /** Every source's entry URL on the loopback server, so no probe can leave this machine. */
  function loopbackEnv(): NodeJS.ProcessEnv {
    return Object.fromEntries(
      ALL_SOURCES.map((source) => [
        `JPS_${source.key.toUpperCase().replaceAll('-', '_')}_URL`,
        `${base}/${source.key}`,
      ]),
    );
  }

  beforeAll(() => {
    answers['/ssa'] = (res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        '<html><head><title>Forecast</title></head><body><a href="/files/forecast.xlsx">Forecast</a></body></html>',
      );
    };
    answers['/files/forecast.xlsx'] = (res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(1000)]));
    };
    answers['/acquisition-gateway'] = (res) => {
      res.writeHead(403, { 'content-type': 'text/html' });
      res.end('<html><head><title>Access Denied</title></head></html>');
    };
  });

  it('adds each probe to its source, and a failed probe fails the source (exit 4)', async () => {
    const store = await tempStore();
    await recordScrape(store, 'ssa', [makeProspect('ssa:A')], { at: ago(HOUR) });
    await recordScrape(store, 'acquisition-gateway', [], { at: ago(HOUR), rowsRead: 7_900 });
    const { exitCode, sources } = await healthJson(['--live'], store.path, loopbackEnv());
    expect(exitCode).toBe(4);
    const ssa = sources.find((health) => health.source === 'ssa')!;
    expect(ssa.verdict).toBe('healthy');
    expect(ssa.live).toMatchObject({ reachable: true, status_code: 200, data_found: true });
    expect(Object.keys(ssa.live!)).toEqual([
      'reachable',
      'status_code',
      'response_ms',
      'data_found',
      'detail',
    ]);
    const gateway = sources.find((health) => health.source === 'acquisition-gateway')!;
    expect(gateway.verdict).toBe('failing');
    expect(gateway.live).toMatchObject({ reachable: true, status_code: 403, data_found: false });
    expect(gateway.reasons[0]).toMatch(/^live probe: blocked: the site refused jps \(HTTP 403\)/);
  });

  it('lists a never-run source whose probe fails without counting it', async () => {
    const store = await tempStore();
    await recordScrape(store, 'ssa', [makeProspect('ssa:A')], { at: ago(HOUR) });
    const { exitCode, sources } = await healthJson(['--live'], store.path, loopbackEnv());
    expect(exitCode).toBe(0);
    expect(sources.find((health) => health.source === 'acquisition-gateway')?.verdict).toBe('failing');
  });

  it('shows the probe in the table', async () => {
    const store = await tempStore();
    await recordScrape(store, 'ssa', [makeProspect('ssa:A')], { at: ago(HOUR) });
    const { exitCode, stdout } = await runJps(['health', '--live', '--source', 'ssa'], {
      dbPath: store.path,
      now: NOW_OPTION,
      env: loopbackEnv(),
    });
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(
      /ssa +│ healthy +│ ok 59 minutes ago +│ 59 minutes ago +│ +1 │ ok, HTTP 200, \d+ ms +│ +│/,
    );
  });
});
