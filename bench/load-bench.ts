import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../src/cli/run-cli.js';
import { memoryOutput } from '../src/cli/output.js';
import { buildSsaWorkbook, type SsaRow } from '../test/fixtures/ssa/ssa-forecast.js';
import { gatewayPage, gatewayRecord, paginate } from '../test/fixtures/acquisition-gateway/gateway-export.js';

export interface LoadBenchResult {
  name: string;
  rows: number;
  millis: number;
  rowsPerSecond: number;
  peakRssMegabytes: number;
}

/** A loopback server answering fixed bodies by path (the bench never leaves this machine). */
async function serve(routes: (path: string, query: URLSearchParams) => Uint8Array | string | undefined) {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = routes(url.pathname, url.searchParams);
    res.writeHead(body === undefined ? 404 : 200);
    res.end(body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function timedScrape(
  name: string,
  rows: number,
  dbPath: string,
  argv: string[],
  env: Record<string, string>,
) {
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  const out = memoryOutput();
  const started = performance.now();
  const exitCode = await runCli(argv, { env: { JPS_DB: dbPath, ...env }, out });
  const millis = performance.now() - started;
  clearInterval(sampler);
  if (exitCode !== 0) throw new Error(`${name}: jps exited ${exitCode}: ${out.stderr.join('\n')}`);
  return {
    name,
    rows,
    millis: Math.round(millis),
    rowsPerSecond: Math.round((rows / millis) * 1000),
    peakRssMegabytes: Math.round(peakRss / 1048576),
  };
}

function ssaRows(count: number): SsaRow[] {
  const sites = ['DCHO', 'DERC', 'OAG', 'OHO', 'ODO'];
  const competition = [
    'Full and Open',
    'Sole Source',
    '8(a) Set-Aside',
    'Small Business Set-Aside',
    'HUBZone',
  ];
  return Array.from({ length: count }, (_, i) => ({
    'APP #': `OAG-26-${String(i).padStart(6, '0')}`,
    'SITE Type': sites[i % sites.length],
    'REQUIREMENT TYPE': i % 2 ? 'New' : 'Recompete',
    DESCRIPTION: `Requirement ${i}: facility maintenance and support services\nfor field office ${i % 400}`,
    'EST COST PER FY': `$${(i % 50) * 25 + 100},000`,
    'PLANNED AWARD DATE': new Date(Date.UTC(2026, i % 12, (i % 27) + 1)),
    'CONTRACT TYPE': 'Firm Fixed Price',
    NAICS: 561210 + (i % 9),
    'NAICS DESCRIPTION': 'Facilities Support Services',
    'TYPE OF COMPETITION': competition[i % competition.length],
    'PLACE OF PERFORMANCE': `Region ${String((i % 10) + 1).padStart(2, '0')}`,
    'INCUMBENT VENDOR': i % 3 ? null : `Vendor ${i % 97} LLC`,
  }));
}

/**
 * Rows per second of a whole scrape (fetch over loopback, parse, normalise, load) for a large
 * SSA-format workbook and a large Gateway export, first load and identical re-scrape.
 */
export async function runLoadBench(
  options: { ssaRows?: number; gatewayRecords?: number } = {},
): Promise<LoadBenchResult[]> {
  const ssaCount = options.ssaRows ?? 10_000;
  const gatewayCount = options.gatewayRecords ?? 9_000;
  const dir = mkdtempSync(join(tmpdir(), 'jps-bench-load-'));
  const results: LoadBenchResult[] = [];
  try {
    const workbook = await buildSsaWorkbook(ssaRows(ssaCount));
    const pages = paginate(
      Array.from({ length: gatewayCount }, (_, i) => gatewayRecord(i)),
      500,
    ).map((page) => gatewayPage(page, gatewayCount));
    const site = await serve((path, query) => {
      if (path === '/ssa.html') return '<html><body><a href="/forecast.xlsm">Forecast</a></body></html>';
      if (path === '/forecast.xlsm') return workbook;
      if (path === '/gateway') return pages[Number(query.get('page')) - 1] ?? gatewayPage([], gatewayCount);
      return undefined;
    });
    try {
      const dbPath = join(dir, 'jps.db');
      const env = {
        JPS_SSA_URL: `${site.origin}/ssa.html`,
        JPS_ACQUISITION_GATEWAY_URL: `${site.origin}/gateway`,
      };
      const ssa = ['scrape', '--source', 'ssa'];
      const gateway = ['scrape', '--source', 'acquisition-gateway'];
      results.push(
        await timedScrape(`ssa workbook, ${ssaCount} rows, first load`, ssaCount, dbPath, ssa, env),
      );
      results.push(
        await timedScrape(`ssa workbook, ${ssaCount} rows, identical re-scrape`, ssaCount, dbPath, ssa, env),
      );
      results.push(
        await timedScrape(
          `gateway API, ${gatewayCount} records, first load`,
          gatewayCount,
          dbPath,
          gateway,
          env,
        ),
      );
      results.push(
        await timedScrape(
          `gateway API, ${gatewayCount} records, identical re-scrape`,
          gatewayCount,
          dbPath,
          gateway,
          env,
        ),
      );
    } finally {
      await site.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
