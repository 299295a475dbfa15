import { request } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { startApiServer } from '../src/api/server.js';
import { createWebQueries } from '../src/api/web-queries.js';
import { ALL_SOURCES } from '../src/sources/index.js';
import type { ReadonlyStore } from '../src/store/connection.js';
import type { Database } from '../src/store/schema.js';
import { createWebPages } from '../src/web/web-pages.js';

/**
 * The built-in pages of `jps serve` on a large database: the server's own time for each page
 * (first request, then the median of the next ones) and the bytes the first page costs a browser.
 * The database is opened read-only without migrating, so a shared bench database is never written.
 */

export interface WebBenchResult {
  name: string;
  path: string;
  status: number;
  bytes: number;
  coldMillis: number;
  medianMillis: number;
}

const WARM_REQUESTS = 15;

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolvePromise, reject) => {
    const req = request(url, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export async function runWebBench(
  dbPath: string,
): Promise<{ results: WebBenchResult[]; firstPageBytes: number; firstPageParts: string }> {
  const sqlite = new SqliteDatabase(dbPath, { readonly: true, fileMustExist: true });
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  const store = { db, sqlite, path: dbPath, readonly: true, close: () => db.destroy() } as ReadonlyStore;
  const now = () => new Date();
  const sources = ALL_SOURCES.map((source) => ({
    key: source.key,
    name: source.name,
    agency: source.agency,
    url: source.entryUrl,
    description: source.method,
  }));
  // The server's own time per request, as `jps serve --verbose` logs it.
  const serverMillis: number[] = [];
  const api = await startApiServer(
    {
      store,
      sources,
      now,
      pages: createWebPages({ db, queries: createWebQueries(db, now), sources, now }),
      log: (line) => serverMillis.push(Number(/ ([\d.]+)ms$/.exec(line)?.[1] ?? NaN)),
    },
    { port: 0, host: '127.0.0.1' },
  );
  try {
    const changed = sqlite
      .prepare("select prospect_id from prospect_events where kind = 'updated' order by id desc limit 1")
      .pluck()
      .get() as string | undefined;
    const scenarios: [string, string][] = [
      ['forecasts, first page', '/'],
      ['forecasts, search "security"', '/?search=security'],
      ['forecasts, search "cyber*"', '/?search=cyber*'],
      ['forecasts, search + 8(a) + agency', '/?search=security&set_aside=EIGHT_A&agency=homeland'],
      ['forecasts, page 500 by title', '/?sort_by=title&sort_order=asc&page=500'],
      ...(changed
        ? ([['a forecast with its timeline', `/prospects/${encodeURIComponent(changed)}`]] as [
            string,
            string,
          ][])
        : []),
      ['what changed, last run', '/changes'],
      ['sources', '/health'],
    ];
    const results: WebBenchResult[] = [];
    for (const [name, path] of scenarios) {
      serverMillis.length = 0;
      const first = await get(api.url + path);
      // The log line is written when the response finishes; let it arrive.
      await new Promise((r) => setImmediate(r));
      const coldMillis = serverMillis[0] ?? NaN;
      serverMillis.length = 0;
      for (let i = 0; i < WARM_REQUESTS; i++) await get(api.url + path);
      await new Promise((r) => setImmediate(r));
      const sorted = [...serverMillis].sort((a, b) => a - b);
      results.push({
        name,
        path,
        status: first.status,
        bytes: first.body.length,
        coldMillis,
        medianMillis: sorted[Math.floor(sorted.length / 2)] ?? NaN,
      });
    }
    const page = await get(`${api.url}/`);
    const css = await get(`${api.url}/assets/jps.css`);
    const js = await get(`${api.url}/assets/jps.js`);
    return {
      results,
      firstPageBytes: page.body.length + css.body.length + js.body.length,
      firstPageParts: `HTML ${page.body.length} + CSS ${css.body.length} + JS ${js.body.length} bytes, uncompressed, no other request`,
    };
  } finally {
    await api.close({ graceMillis: 1_000 });
    await store.close();
  }
}

export function formatWebBench(bench: Awaited<ReturnType<typeof runWebBench>>): string {
  const lines = bench.results.map(
    (result) =>
      `${result.name.padEnd(40)} ${String(result.status)}  cold ${result.coldMillis.toFixed(1).padStart(8)} ms  median ${result.medianMillis.toFixed(1).padStart(8)} ms  ${String(result.bytes).padStart(7)} B  ${result.path}`,
  );
  lines.push(`first page transferred: ${bench.firstPageBytes} bytes (${bench.firstPageParts})`);
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  // `node dist/bench/web-bench.js <db>`: the pages' bench alone.
  const dbPath = process.argv[2];
  if (!dbPath) {
    console.error('usage: web-bench <database path> (seed one with `npm run seed:large`)');
    process.exit(2);
  }
  console.log(formatWebBench(await runWebBench(dbPath)));
}
