import { Agent, createServer, request, type OutgoingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { startApiServer, type RunningApiServer } from '../src/api/server.js';
import { ALL_SOURCES } from '../src/sources/index.js';
import { openStore, type ReadonlyStore } from '../src/store/connection.js';

/**
 * `jps serve` under load against a bare `node:http` server that answers the same bytes as a fixed
 * body, same machine, same run: the ratio of their request rates is what we track. Each server
 * runs on its own worker thread (as it would in its own process), the load generator on the main
 * thread, over loopback with keep-alive connections.
 */

export interface BenchResult {
  name: string;
  path: string;
  connections: number;
  /** Requests timed (after the warm-up), and how many of them were not a 200. */
  requests: number;
  errors: number;
  responseBytes: number;
  /** The first request to a fresh server: the query itself, before any answer is cached. */
  coldMillis: number;
  requestsPerSecond: number;
  p50Millis: number;
  p99Millis: number;
  bareRequestsPerSecond: number;
  bareP50Millis: number;
  bareP99Millis: number;
  /** jps requests/s ÷ bare requests/s. */
  ratio: number;
  detail: string;
}

export interface ServeBenchOptions {
  connections?: number;
  /** Each measurement stops at this many requests or this duration, whichever comes first. */
  maxRequests?: number;
  durationMillis?: number;
  /** The measurement is split into this many alternating rounds of jps and bare. */
  rounds?: number;
  warmupRequests?: number;
}

interface Scenario {
  name: string;
  /** The path of request `n`: a fixed one, or a different one each time to defeat the cache. */
  path: (n: number) => string;
  /** A scenario whose every request runs a query is measured once, briefly: it is the slow one. */
  brief?: boolean;
}

const SCENARIOS: readonly Scenario[] = [
  { name: 'page 1 (50 records)', path: () => '/api/prospects?page=1&limit=50' },
  {
    name: 'search "cybersecurity migration"',
    path: () => '/api/prospects?search=cybersecurity+migration&page=1&limit=50',
  },
  {
    // Every request a page never asked before: what a cache miss costs (the cache keeps 512 answers).
    name: 'uncached: a new page each request',
    path: (n) => `/api/prospects?page=${(n % 5_000) + 2}&limit=50`,
    brief: true,
  },
];

const WORKER_KIND = 'jps-serve-bench-server';

type ServerSpec =
  | { kind: typeof WORKER_KIND; server: 'jps'; dbPath: string }
  | { kind: typeof WORKER_KIND; server: 'bare'; body: Uint8Array; headers: OutgoingHttpHeaders };

/**
 * Measures each scenario on `dbPath` (read-only) at 16 concurrent connections. jps and the bare
 * server take turns in short rounds, so that whatever else the machine is doing weighs on both.
 */
export async function runServeBench(dbPath: string, options: ServeBenchOptions = {}): Promise<BenchResult[]> {
  const connections = options.connections ?? 16;
  const rounds = options.rounds ?? 3;
  const round = {
    connections,
    maxRequests: Math.ceil((options.maxRequests ?? 60_000) / rounds),
    durationMillis: (options.durationMillis ?? 6_000) / rounds,
  };
  const warmup = {
    connections,
    maxRequests: options.warmupRequests ?? 500,
    durationMillis: round.durationMillis,
  };
  const results: BenchResult[] = [];
  for (const scenario of SCENARIOS) {
    const jps = await startWorkerServer({ kind: WORKER_KIND, server: 'jps', dbPath });
    let bare: WorkerServer | undefined;
    try {
      const cold = await timedGet(jps.url, scenario.path(0));
      if (cold.status !== 200) {
        throw new Error(
          `GET ${scenario.path(0)} answered ${cold.status}: ${cold.body.toString().slice(0, 200)}`,
        );
      }
      bare = await startWorkerServer({
        kind: WORKER_KIND,
        server: 'bare',
        body: cold.body,
        headers: cold.headers,
      });
      if (!scenario.brief) await runLoad(jps.url, scenario.path, warmup);
      await runLoad(bare.url, scenario.path, warmup);
      const jpsRounds: Sample[] = [];
      const bareRounds: Sample[] = [];
      for (let index = 0; index < (scenario.brief ? 1 : rounds); index++) {
        jpsRounds.push(await runLoad(jps.url, scenario.path, round));
        bareRounds.push(await runLoad(bare.url, scenario.path, round));
      }
      const jpsStats = summarise(jpsRounds);
      const bareStats = summarise(bareRounds);
      const ratio = jpsStats.requestsPerSecond / bareStats.requestsPerSecond;
      results.push({
        name: `serve ${scenario.name}`,
        path: scenario.path(0),
        connections,
        requests: jpsStats.requests,
        errors: jpsStats.errors,
        responseBytes: cold.body.length,
        coldMillis: round2(cold.millis),
        requestsPerSecond: Math.round(jpsStats.requestsPerSecond),
        p50Millis: round2(jpsStats.p50Millis),
        p99Millis: round2(jpsStats.p99Millis),
        bareRequestsPerSecond: Math.round(bareStats.requestsPerSecond),
        bareP50Millis: round2(bareStats.p50Millis),
        bareP99Millis: round2(bareStats.p99Millis),
        ratio: round2(ratio),
        detail:
          `${Math.round(jpsStats.requestsPerSecond)} req/s p50 ${round2(jpsStats.p50Millis)} ms p99 ${round2(jpsStats.p99Millis)} ms` +
          ` vs bare ${Math.round(bareStats.requestsPerSecond)} req/s p99 ${round2(bareStats.p99Millis)} ms: ratio ${round2(ratio)};` +
          ` cold ${round2(cold.millis)} ms; ${cold.body.length} bytes; ${jpsStats.errors} errors of ${jpsStats.requests}`,
      });
    } finally {
      await jps.stop();
      await bare?.stop();
    }
  }
  return results;
}

/** A plain-text table of the results, for a terminal. */
export function formatServeBench(results: readonly BenchResult[]): string {
  const lines = [
    'scenario                                   req/s   p50 ms   p99 ms | bare req/s  p99 ms | ratio | cold ms',
  ];
  for (const r of results) {
    lines.push(
      `${r.name.padEnd(40)} ${String(r.requestsPerSecond).padStart(7)} ${r.p50Millis.toFixed(2).padStart(8)} ${r.p99Millis
        .toFixed(2)
        .padStart(
          8,
        )} | ${String(r.bareRequestsPerSecond).padStart(10)} ${r.bareP99Millis.toFixed(2).padStart(7)} | ${r.ratio
        .toFixed(2)
        .padStart(5)} | ${r.coldMillis.toFixed(1).padStart(7)}`,
    );
  }
  return lines.join('\n');
}

// --- the load generator: bounded in requests and time, loopback only ---

/** One round of load: every latency, the wall time it took, and the answers that were not 200. */
interface Sample {
  latencies: number[];
  elapsedMillis: number;
  errors: number;
}

interface LoadStats {
  requests: number;
  errors: number;
  requestsPerSecond: number;
  p50Millis: number;
  p99Millis: number;
}

function summarise(samples: readonly Sample[]): LoadStats {
  const latencies = samples.flatMap((sample) => sample.latencies).sort((a, b) => a - b);
  const elapsed = samples.reduce((sum, sample) => sum + sample.elapsedMillis, 0);
  return {
    requests: latencies.length,
    errors: samples.reduce((sum, sample) => sum + sample.errors, 0),
    requestsPerSecond: (latencies.length / elapsed) * 1000,
    p50Millis: percentile(latencies, 0.5),
    p99Millis: percentile(latencies, 0.99),
  };
}

interface Timed {
  status: number;
  millis: number;
  body: Buffer;
  headers: OutgoingHttpHeaders;
}

/** One GET; under load the body is only counted, not kept, so the client stays cheap. */
function get(agent: Agent, baseUrl: string, path: string, keepBody = true): Promise<Timed> {
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const req = request(`${baseUrl}${path}`, { agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => {
        if (keepBody) chunks.push(chunk);
      });
      res.on('end', () =>
        resolvePromise({
          status: res.statusCode ?? 0,
          millis: performance.now() - started,
          body: Buffer.concat(chunks),
          headers: pickHeaders(res.headers),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function timedGet(baseUrl: string, path: string): Promise<Timed> {
  const agent = new Agent({ keepAlive: false });
  try {
    return await get(agent, baseUrl, path);
  } finally {
    agent.destroy();
  }
}

async function runLoad(
  baseUrl: string,
  path: (n: number) => string,
  options: { connections: number; maxRequests: number; durationMillis: number },
): Promise<Sample> {
  if (!/^http:\/\/(127\.0\.0\.1|\[::1\]|localhost)[:/]/.test(baseUrl)) {
    throw new Error('the load generator only targets loopback');
  }
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies: number[] = [];
  let issued = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + options.durationMillis;
  const connection = async () => {
    while (issued < options.maxRequests && performance.now() < deadline) {
      const n = issued++;
      const answer = await get(agent, baseUrl, path(n), false);
      latencies.push(answer.millis);
      if (answer.status !== 200) errors++;
    }
  };
  await Promise.all(Array.from({ length: options.connections }, connection));
  const elapsedMillis = performance.now() - started;
  agent.destroy();
  return { latencies, elapsedMillis, errors };
}

function percentile(sorted: readonly number[], fraction: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? 0;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** The headers a bare server repeats so that both answer the same bytes on the wire. */
function pickHeaders(headers: Record<string, string | string[] | undefined>): OutgoingHttpHeaders {
  const kept: OutgoingHttpHeaders = {};
  for (const name of [
    'content-type',
    'access-control-allow-origin',
    'cache-control',
    'x-content-type-options',
  ]) {
    const value = headers[name];
    if (value !== undefined) kept[name] = value;
  }
  return kept;
}

// --- the servers, each on its own thread ---

interface WorkerServer {
  url: string;
  stop: () => Promise<void>;
}

async function startWorkerServer(spec: ServerSpec): Promise<WorkerServer> {
  const worker = new Worker(new URL(import.meta.url), { workerData: spec });
  const url = await new Promise<string>((resolvePromise, reject) => {
    worker.once('message', (message: { url: string }) => resolvePromise(message.url));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the bench server exited (${code}) before listening`)));
  });
  return {
    url,
    stop: async () => {
      const exited = new Promise((resolvePromise) => worker.once('exit', resolvePromise));
      worker.postMessage('stop');
      await exited;
    },
  };
}

async function serveInWorker(spec: ServerSpec): Promise<void> {
  let stop: () => Promise<void>;
  if (spec.server === 'jps') {
    const store = (await openStore(spec.dbPath, { readonly: true })) as ReadonlyStore;
    const api: RunningApiServer = await startApiServer(
      {
        store,
        sources: ALL_SOURCES.map((source) => ({
          key: source.key,
          name: source.name,
          agency: source.agency,
          url: source.entryUrl,
          description: source.method,
        })),
      },
      { port: 0, host: '127.0.0.1' },
    );
    parentPort!.postMessage({ url: api.url });
    stop = async () => {
      await api.close({ graceMillis: 1_000 });
      await store.close();
    };
  } else {
    const body = Buffer.from(spec.body);
    const headers = { ...spec.headers, 'content-length': body.length };
    const server: Server = createServer((_req, res) => {
      res.writeHead(200, headers);
      res.end(body);
    });
    await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
    parentPort!.postMessage({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    stop = () =>
      new Promise<void>((resolvePromise) => {
        server.close(() => resolvePromise());
        server.closeAllConnections();
      });
  }
  parentPort!.once('message', () => {
    void stop().then(() => parentPort!.close());
  });
}

if (!isMainThread && (workerData as ServerSpec | undefined)?.kind === WORKER_KIND) {
  await serveInWorker(workerData as ServerSpec);
} else if (
  isMainThread &&
  process.argv[1] &&
  import.meta.url === pathToFileURL(resolve(process.argv[1])).href
) {
  // `node dist/bench/serve-bench.js <db>`: the serve bench alone.
  const dbPath = process.argv[2];
  if (!dbPath) {
    console.error('usage: serve-bench <database path> (seed one with `npm run seed:large`)');
    process.exit(2);
  }
  console.log(formatServeBench(await runServeBench(dbPath)));
}
