import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { encodeCursor, filtersDigest } from '../src/store/page-cursor.js';
import type { BenchFigure } from './ingest-bench.js';

/**
 * `jps serve` under a flood: 16 clients each asking, one after another, for pages nobody asked
 * before (deep pages by cursor, searches, and now and then a deep page by number), while one more
 * client asks for what should stay cheap (`/api/health`, a first page already asked) every 20 ms.
 * Once with the queries on the serving thread (`--query-workers 0`), once on the default pool.
 */

function jpsBin(): string {
  for (const candidate of ['../../bin/jps.js', '../bin/jps.js']) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error('bin/jps.js not found next to the bench');
}

/** `jps serve --db <db>` as its own process, until `stop`. */
async function startServe(dbPath: string, queryWorkers: number | null) {
  const args = [jpsBin(), '--db', dbPath, 'serve', '--port', '0'];
  if (queryWorkers !== null) args.push('--query-workers', String(queryWorkers));
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => reject(new Error(`jps serve exited ${code}: ${output}`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** One GET; a connection the server closed counts as status 0, not as the bench failing. */
function get(agent: Agent, url: string): Promise<{ status: number; millis: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const failed = () => resolve({ status: 0, millis: performance.now() - started });
    const req = request(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, millis: performance.now() - started }));
      res.on('error', failed);
    });
    req.on('error', failed);
    req.end();
  });
}

const percentile = (values: number[], fraction: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))] ?? 0;
};

/**
 * Cursors that start deep pages: after random rows of the list, written as the server writes them
 * (the default list's filters are `{ status: 'active' }`), so each is a page nobody asked before.
 */
function deepCursors(dbPath: string, count: number): string[] {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const max = (db.prepare('SELECT max(pk) AS n FROM prospects').get() as { n: number }).n;
    const row = db.prepare(
      "SELECT release_date, title, id FROM prospects WHERE pk >= ? AND status = 'active' LIMIT 1",
    );
    const digest = filtersDigest({ status: 'active' });
    const cursors: string[] = [];
    for (let i = 0; i < count; i++) {
      const found = row.get(1 + Math.floor(((i * 7919) % 1000) * (max / 1000) + i)) as
        { release_date: string | null; title: string; id: string } | undefined;
      if (!found) continue;
      const byTitle = i % 2 === 1;
      const cursor = encodeCursor({
        sort: byTitle ? 'title' : 'release_date',
        order: byTitle ? 'asc' : 'desc',
        filtersDigest: digest,
        value: byTitle ? found.title : found.release_date,
        id: found.id,
        position: 500_000,
      });
      cursors.push(byTitle ? `sort_by=title&sort_order=asc&cursor=${cursor}` : `cursor=${cursor}`);
    }
    return cursors;
  } finally {
    db.close();
  }
}

/**
 * How much faster this machine runs a CPU-bound loop on one thread per core than on one thread,
 * now: the most a pool could gain. On a shared machine it can be far below the number of cores.
 */
async function spareParallelism(): Promise<{ threads: number; speedup: number }> {
  const code = `const { parentPort } = require('node:worker_threads');
    let x = 0; for (let i = 0; i < 2e8; i++) x += i % 7; parentPort.postMessage(x);`;
  const rate = async (threads: number) => {
    const started = performance.now();
    await Promise.all(
      Array.from(
        { length: threads },
        () =>
          new Promise((resolve, reject) => {
            const worker = new Worker(code, { eval: true, execArgv: [] });
            worker.once('message', resolve);
            worker.once('error', reject);
          }),
      ),
    );
    return threads / (performance.now() - started);
  };
  const threads = availableParallelism();
  const one = (await rate(1)) + (await rate(1));
  const all = (await rate(threads)) + (await rate(threads));
  return { threads, speedup: all / one };
}

interface FloodRun {
  probeP50: number;
  probeP99: number;
  answeredPerSecond: number;
  refused: number;
  failed: number;
}

const WORDS = ['cloud', 'janitorial', 'cyber', 'hvac', 'fleet', 'radio', 'satellite', 'training'];

async function flood(
  url: string,
  cursors: readonly string[],
  options: { durationMillis: number; byNumberEvery: number },
): Promise<FloodRun> {
  const floodAgent = new Agent({ keepAlive: true, maxSockets: 16 });
  const probeAgent = new Agent({ keepAlive: true, maxSockets: 1 });
  // A server that has been up a while has been asked its first page already.
  for (let i = 0; i < 3; i += 1) {
    await get(probeAgent, `${url}/api/prospects?page=1&limit=50`);
    await get(probeAgent, `${url}/api/health`);
  }
  const deadline = performance.now() + options.durationMillis;
  let n = 0;
  let answered = 0;
  let refused = 0;
  let failed = 0;
  const client = async () => {
    while (performance.now() < deadline) {
      const i = n++;
      const path =
        i % options.byNumberEvery === options.byNumberEvery - 1
          ? `/api/prospects?page=${((i * 7919) % 15_000) + 2}&limit=50`
          : i % 3 === 0
            ? `/api/prospects?search=${WORDS[i % WORDS.length]}+${WORDS[(i >> 3) % WORDS.length]}&page=${(i % 40) + 2}&limit=50`
            : `/api/prospects?limit=50&${cursors[i % cursors.length]}`;
      const { status } = await get(floodAgent, `${url}${path}`);
      if (status === 200) answered += 1;
      else if (status === 503) refused += 1;
      else failed += 1;
    }
  };
  const probes: number[] = [];
  const prober = async () => {
    let i = 0;
    while (performance.now() < deadline) {
      const path = i++ % 2 === 0 ? '/api/health' : '/api/prospects?page=1&limit=50';
      probes.push((await get(probeAgent, `${url}${path}`)).millis);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const started = performance.now();
  await Promise.all([...Array.from({ length: 16 }, client), prober()]);
  const elapsed = performance.now() - started;
  floodAgent.destroy();
  probeAgent.destroy();
  return {
    probeP50: percentile(probes, 0.5),
    probeP99: percentile(probes, 0.99),
    answeredPerSecond: (answered / elapsed) * 1000,
    refused,
    failed,
  };
}

/**
 * Two floods, each with the queries on the serving thread and then on the pool: one with a deep
 * page by number in every 8 requests (what a cheap request must survive), one with none (what the
 * pool's throughput is, every request a query).
 */
export async function runServePoolBench(dbPath: string, durationMillis = 8_000): Promise<BenchFigure[]> {
  const cursors = deepCursors(dbPath, 400);
  const runs = new Map<string, FloodRun>();
  for (const [name, byNumberEvery] of [
    ['mixed', 8],
    ['keyset', Number.MAX_SAFE_INTEGER],
  ] as const) {
    for (const workers of [0, null]) {
      const server = await startServe(dbPath, workers);
      try {
        runs.set(
          `${name} ${workers === 0 ? 'alone' : 'pool'}`,
          await flood(server.url, cursors, { durationMillis, byNumberEvery }),
        );
      } finally {
        await server.stop();
      }
    }
  }
  const spare = await spareParallelism();
  const run = (key: string) => runs.get(key)!;
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const rate = (r: FloodRun) =>
    `${r.answeredPerSecond.toFixed(1)} req/s (${r.refused} refused 503, ${r.failed} failed)`;
  return [
    {
      work: 'serve: p99 of /api/health + cached page 1, 16 clients flooding deep pages, searches, 1 in 8 by number',
      jps: `${ms(run('mixed pool').probeP99)} (p50 ${ms(run('mixed pool').probeP50)})`,
      yardstick: `goal 50 ms; queries on the serving thread: ${ms(run('mixed alone').probeP99)}`,
      ratio: run('mixed pool').probeP99 / 50,
      goal: '≤ 1×',
    },
    {
      work: 'serve: that flood, answered',
      jps: rate(run('mixed pool')),
      yardstick: `serving thread: ${rate(run('mixed alone'))}`,
      ratio: run('mixed pool').answeredPerSecond / run('mixed alone').answeredPerSecond,
    },
    {
      work: 'serve: 16 clients flooding deep pages by cursor and searches (every one a query)',
      jps: `${rate(run('keyset pool'))}; probe p99 ${ms(run('keyset pool').probeP99)}`,
      yardstick:
        `serving thread: ${rate(run('keyset alone'))}; probe p99 ${ms(run('keyset alone').probeP99)};` +
        ` a CPU-bound loop on ${spare.threads} threads ran ${spare.speedup.toFixed(2)}× as fast as on 1 here`,
      ratio: run('keyset pool').answeredPerSecond / run('keyset alone').answeredPerSecond,
      goal: '> 1×',
    },
  ];
}
