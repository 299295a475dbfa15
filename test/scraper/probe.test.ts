import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../src/scraper/http.js';
import { probeSource } from '../../src/scraper/probe.js';
import { defineSource } from '../../src/sources/define-source.js';
import { acquisitionGateway } from '../../src/sources/acquisition-gateway.js';
import { ssa } from '../../src/sources/ssa.js';
import { treasury } from '../../src/sources/treasury.js';

const WORKBOOK_BYTES = 32 * 1024 * 1024;
const ZIP_HEAD = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** What the server saw of the last workbook download: the Range asked for and the bytes it got out. */
const workbookServed = { range: '' as string | undefined, bytesWritten: 0, closed: false };

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html><head><title>${title}</title></head><body>${body}</body></html>`;
}

const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
  '/ssa/ok': (_req, res) =>
    html(
      res,
      page(
        'Contract Forecast',
        '<a href="/about">About</a> <a href="../files/forecast.xlsm">FY26 Forecast</a>',
      ),
    ),
  '/files/forecast.xlsm': (req, res) => {
    // Ignores Range, as many agency servers do, and would send 32 MB.
    Object.assign(workbookServed, { range: req.headers.range, bytesWritten: 0, closed: false });
    res.writeHead(200, { 'content-type': 'application/vnd.ms-excel.sheet.macroEnabled.12' });
    const chunk = Buffer.concat([ZIP_HEAD, Buffer.alloc(64 * 1024 - ZIP_HEAD.length)]);
    const pump = () => {
      while (workbookServed.bytesWritten < WORKBOOK_BYTES && !res.destroyed) {
        workbookServed.bytesWritten += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('close', () => (workbookServed.closed = true));
    pump();
  },
  '/files/small.xlsx': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end(Buffer.concat([ZIP_HEAD, Buffer.alloc(2_000)]));
  },
  '/ssa/moved': (_req, res) => html(res, page('Contract Forecast', '<p>The forecast is being updated.</p>')),
  '/ssa/dead-link': (_req, res) =>
    html(res, page('Contract Forecast', '<a href="/files/gone.xlsm">Forecast</a>')),
  '/files/gone.xlsm': (_req, res) => html(res, page('Page Not Found', '<h1>Not found</h1>'), 404),
  '/ssa/error-page-link': (_req, res) =>
    html(res, page('Forecast', '<a href="/files/error.xlsx">Forecast</a>')),
  '/files/error.xlsx': (_req, res) => html(res, page('Page Not Found', '<h1>Sorry</h1>')),
  '/ssa/blocked-file': (_req, res) =>
    html(res, page('Forecast', '<a href="/files/blocked.xlsx">Forecast</a>')),
  '/files/blocked.xlsx': (_req, res) => html(res, page('Access Denied', ''), 403),
  '/ssa/sign-in': (_req, res) =>
    html(
      res,
      page(
        'Sign in | Login.gov',
        '<form action="/session" method="post"><input type="password" name="p"></form>',
      ),
    ),
  '/ssa/forbidden': (_req, res) => html(res, page('Access Denied', '<h1>Access Denied</h1>'), 403),
  '/ssa/gone': (_req, res) => html(res, page('Page Not Found', '<h1>Not found</h1>'), 404),
  '/ssa/slow': (_req, res) => {
    const timer = setTimeout(() => html(res, page('Late', '')), 2_000);
    res.on('close', () => clearTimeout(timer));
  },
  '/gateway': (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.searchParams.get('page') !== '1' || url.searchParams.get('range') !== '500')
      return json(res, {}, 400);
    if (req.headers.origin !== 'https://acquisitiongateway.gov')
      return json(res, { error: 'no origin' }, 403);
    json(res, {
      listing: {
        total: '8412',
        data: {
          '101': { values: {}, render: { nid: '101', title: 'Janitorial services' } },
          '102': { values: {}, render: { nid: '102', title: 'Cloud hosting' } },
        },
      },
    });
  },
  '/gateway-changed': (_req, res) => json(res, { results: [] }),
  '/gateway-empty': (_req, res) => json(res, { listing: { data: {} } }),
  '/apex': (req, res) => {
    if (req.method !== 'POST') return json(res, {}, 405);
    json(res, { returnValue: [{ Name: 'Departmental Offices', newOppData: [{ Id: 'a1' }, { Id: 'a2' }] }] });
  },
  '/apex-renamed': (_req, res) =>
    json(res, { exceptionType: 'System.TypeException', message: 'no such class' }),
  '/dhs': (_req, res) => json(res, [{ apfs_number: 'F1' }, { apfs_number: 'F2' }, { apfs_number: 'F3' }]),
  '/dhs-empty': (_req, res) => json(res, []),
  '/csv': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/csv' });
    res.end('Title,NAICS\nRoof repair,236220\n');
  },
};

function html(res: ServerResponse, text: string, status = 200): void {
  res.writeHead(status, { 'content-type': 'text/html' });
  res.end(text);
}

function json(res: ServerResponse, value: unknown, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const route = routes[new URL(req.url ?? '/', 'http://localhost').pathname];
    if (route) route(req, res);
    else html(res, page('Page Not Found', ''), 404);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const http = createHttpClient({
  userAgent: 'jps-test',
  retryBaseMillis: 1,
  maxDownloadBytes: 64 * 1024 * 1024,
  timeoutMillis: null,
  maxRetries: 0,
});

/** One GET answering every record, shaped as DHS's. */
const downloadSource = defineSource({
  key: 'dhs',
  name: 'DHS',
  agency: 'Department of Homeland Security',
  entryUrl: 'https://example.invalid/dhs',
  method: 'JSON array',
  fileFormats: ['csv'],
  acquire: { kind: 'download' },
  layouts: {},
});

describe('probing a landing page that links a workbook', () => {
  it('finds the link and reads only the first bytes of the file', async () => {
    const probe = await probeSource(http, ssa, `${base}/ssa/ok`);
    expect(probe).toMatchObject({ reachable: true, status_code: 200, data_found: true });
    expect(probe.response_ms).toBeGreaterThanOrEqual(0);
    expect(probe.detail).toBe(
      `the linked file answers (HTTP 200, a ZIP workbook): ${base}/files/forecast.xlsm`,
    );
    expect(workbookServed.range).toBe('bytes=0-65535');
    await expect.poll(() => workbookServed.closed).toBe(true);
    expect(workbookServed.bytesWritten).toBeLessThan(WORKBOOK_BYTES / 2);
  });

  it('takes an entry URL pointed straight at the workbook as the file', async () => {
    const probe = await probeSource(http, ssa, `${base}/files/small.xlsx`);
    expect(probe).toMatchObject({ reachable: true, status_code: 200, data_found: true });
    expect(probe.detail).toBe(
      `the entry URL answers the file itself (a ZIP workbook): ${base}/files/small.xlsx`,
    );
  });

  it('says the link moved when the page no longer has it', async () => {
    const probe = await probeSource(http, ssa, `${base}/ssa/moved`);
    expect(probe).toMatchObject({ reachable: true, status_code: 200, data_found: false });
    expect(probe.detail).toBe(
      `moved: the page ${base}/ssa/moved ("Contract Forecast") does not have a link to a .xlsm, .xlsx or .xls workbook: it changed; download the file in a browser and run: jps scrape --source ssa --file <file>`,
    );
  });

  it('says the link moved when the linked file answers 404', async () => {
    const probe = await probeSource(http, ssa, `${base}/ssa/dead-link`);
    expect(probe).toMatchObject({ reachable: true, status_code: 200, data_found: false });
    expect(probe.detail).toBe(`the linked file: moved: HTTP 404 from ${base}/files/gone.xlsm`);
  });

  it('says the linked file is an error page when it answers HTML', async () => {
    const probe = await probeSource(http, ssa, `${base}/ssa/error-page-link`);
    expect(probe.data_found).toBe(false);
    // The scrape's own words for the same answer.
    expect(probe.detail).toBe(
      `expected a workbook, got an HTML page "Page Not Found" from ${base}/files/error.xlsx`,
    );
  });

  it('says the linked file is blocked on a 403', async () => {
    const probe = await probeSource(http, ssa, `${base}/ssa/blocked-file`);
    expect(probe.data_found).toBe(false);
    expect(probe.detail).toMatch(
      /^the linked file: blocked: the site refused jps \(HTTP 403\) at .*\/files\/blocked\.xlsx; .*--file/,
    );
  });
});

describe('probing an entry URL that goes wrong', () => {
  it('names a sign-in wall and how to get the data anyway', async () => {
    const probe = await probeSource(http, ssa, `${base}/ssa/sign-in`);
    expect(probe).toMatchObject({ reachable: true, status_code: 200, data_found: false });
    expect(probe.detail).toBe(
      `sign-in wall: the forecast at ${base}/ssa/sign-in is behind a sign-in page; sign in with a browser, export the forecast as XLSM and run: jps scrape --source ssa --file <export.xlsm>`,
    );
  });

  it('names a 403 as blocked, with the status code', async () => {
    const probe = await probeSource(http, ssa, `${base}/ssa/forbidden`);
    expect(probe).toMatchObject({ reachable: true, status_code: 403, data_found: false });
    expect(probe.detail).toBe(
      `blocked: the site refused jps (HTTP 403) at ${base}/ssa/forbidden; download it in a browser and run jps scrape --source ssa --file <path>`,
    );
  });

  it('names an entry URL that answers 404 as moved', async () => {
    const probe = await probeSource(http, ssa, `${base}/ssa/gone`);
    expect(probe).toMatchObject({ reachable: true, status_code: 404, data_found: false });
    expect(probe.detail).toBe(`moved: HTTP 404 from ${base}/ssa/gone`);
  });

  it('names a slow site as a timeout', async () => {
    const started = performance.now();
    const probe = await probeSource(http, ssa, `${base}/ssa/slow`, { timeoutMillis: 300 });
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(probe).toEqual({
      reachable: false,
      status_code: null,
      response_ms: null,
      data_found: false,
      detail: `timeout: no answer from ${base}/ssa/slow within 0.3 s (after 1 attempts)`,
    });
  });

  it('names a closed port as unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const probe = await probeSource(http, ssa, `http://127.0.0.1:${port}/ssa`);
    expect(probe).toMatchObject({ reachable: false, status_code: null, data_found: false });
    expect(probe.detail).toMatch(
      /^unreachable: could not reach http:\/\/127\.0\.0\.1:\d+\/ssa: ECONNREFUSED/,
    );
  });
});

describe('probing JSON endpoints', () => {
  it('reads page 1 of a paged API, with its headers, and reports the total', async () => {
    const probe = await probeSource(http, acquisitionGateway, `${base}/gateway`);
    expect(probe).toMatchObject({ reachable: true, status_code: 200, data_found: true });
    expect(probe.detail).toBe('page 1 returned 2 records (8,412 reported in all)');
  });

  it('says what changed when a paged API answers another shape', async () => {
    const probe = await probeSource(http, acquisitionGateway, `${base}/gateway-changed`);
    expect(probe.data_found).toBe(false);
    expect(probe.detail).toBe(
      'page 1: unexpected answer: the Gateway answer has no "listing" member: the export API changed',
    );
  });

  it('finds no data on an empty first page', async () => {
    const probe = await probeSource(http, acquisitionGateway, `${base}/gateway-empty`);
    expect(probe).toMatchObject({ data_found: false, detail: 'page 1: no records' });
  });

  it('posts the Apex call and counts the records of its returnValue', async () => {
    const probe = await probeSource(http, treasury, `${base}/apex`);
    expect(probe).toMatchObject({
      reachable: true,
      status_code: 200,
      data_found: true,
      detail: 'the answer holds 2 records',
    });
  });

  it("says the Apex class was renamed when returnValue is missing, in Treasury's own words", async () => {
    const probe = await probeSource(http, treasury, `${base}/apex-renamed`);
    expect(probe.data_found).toBe(false);
    expect(probe.detail).toMatch(
      /^unexpected answer: the Treasury forecast answered without "returnValue": the Apex classname .* stopped answering/,
    );
  });

  it('counts the records of a JSON array download', async () => {
    const probe = await probeSource(http, downloadSource, `${base}/dhs`);
    expect(probe).toMatchObject({ data_found: true, detail: 'the answer holds 3 records' });
  });

  it('finds no data in an empty JSON array', async () => {
    const probe = await probeSource(http, downloadSource, `${base}/dhs-empty`);
    expect(probe).toMatchObject({ data_found: false, detail: 'no records' });
  });

  it('accepts a CSV download as data', async () => {
    const probe = await probeSource(http, downloadSource, `${base}/csv`);
    expect(probe).toMatchObject({ data_found: true, detail: 'the answer is CSV text of 31 bytes' });
  });
});
