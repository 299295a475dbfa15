import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ApiSource } from '../store/source-summaries.js';
import { ApiError, type ApiErrorCode } from './api-error.js';
import type { Reply } from './routes.js';

/**
 * What a query worker is asked to do: answer one API route, or run the query of one of the
 * built-in pages. Plain data, copied to the worker; `now` is the serving thread's clock.
 */
export type PoolJob =
  | {
      kind: 'route';
      /** The route's pattern joined with `/` (`prospects/:id`). */
      route: string;
      params: readonly string[];
      query: readonly (readonly [string, string])[];
      now: string;
    }
  | { kind: 'web-prospects' | 'web-changes'; rawQuery: string; now: string };

/** A route's answer from a worker, and what it computed through the response cache. */
export interface PooledReply {
  reply: Reply;
  /** An answer the route keeps while the database is unchanged, under its key. */
  kept?: { key: string; body: Buffer };
}

export type WorkerAnswer =
  /** Sent once, when the worker has opened its connection. */
  | { ready: true }
  | { id: number; ok: true; value: unknown; kept?: { key: string; body: Uint8Array } }
  | {
      id: number;
      ok: false;
      error: { message: string; stack?: string; api?: { code: ApiErrorCode; statusCode: number } };
    };

export interface WorkerSetup {
  path: string;
  sources: readonly ApiSource[];
  busyTimeoutMillis?: number;
}

export interface QueryPoolOptions extends WorkerSetup {
  /** Worker threads, each with its own read-only connection (default: one per core). */
  size?: number;
  /** Requests waiting for a worker beyond which a new one is refused with a 503 (default 64). */
  maxWaiting?: number;
  /** Deep requests (see `deep`) waiting beyond which a new one is refused (default 8). */
  maxDeepWaiting?: number;
  /** The worker's module; by default the built `query-worker.js` beside this one. */
  workerUrl?: URL;
}

interface Task {
  job: PoolJob;
  deep: boolean;
  resolve: (answer: { value: unknown; kept?: { key: string; body: Uint8Array } }) => void;
  reject: (error: unknown) => void;
}

interface Slot {
  worker: Worker;
  task: Task | undefined;
  /** It has opened its connection: its start-up worked. */
  ready: boolean;
  error?: Error;
}

/** A page by number from this many rows on counts past all of them: a deep request. */
const DEEP_OFFSET_ROWS = 10_000;

/**
 * A page asked by number (not by cursor) past DEEP_OFFSET_ROWS: SQLite reaches it only by
 * reading every row before it. A value that is not a number is not deep: it is a 400.
 */
export function isDeepPage(query: ReadonlyMap<string, string>): boolean {
  if (query.has('cursor')) return false;
  const page = Number(query.get('page') ?? 1);
  const perPage = Number(query.get('limit') ?? query.get('per_page') ?? 50);
  return (page - 1) * perPage >= DEEP_OFFSET_ROWS;
}

/** Workers that die before answering anything this many times in a row stop being replaced. */
const MAX_START_FAILURES = 3;

/**
 * A few worker threads, each with its own read-only connection, that run the API's queries, so
 * the thread that serves HTTP only routes, checks parameters and sends answers, and a slow
 * statement (better-sqlite3 is synchronous) holds up only its own worker.
 *
 * Requests wait in two bounded queues, each served first come first served. A deep one (a page
 * by number far into a list, which SQLite can only reach by counting past every row before it,
 * or an export) runs on at most all but one worker, so the others stay free for the rest; when a
 * queue is full, the request is refused at once with a 503 and Retry-After rather than made to
 * wait behind everyone else. A worker that crashes fails its own request with a 500 and is
 * replaced.
 */
export class QueryPool {
  readonly size: number;
  readonly #setup: WorkerSetup;
  readonly #workerUrl: URL;
  readonly #maxWaiting: number;
  readonly #maxDeepWaiting: number;
  readonly #maxDeepRunning: number;
  readonly #slots: Slot[] = [];
  readonly #quick: Task[] = [];
  readonly #deep: Task[] = [];
  #nextId = 1;
  #startFailures = 0;
  #broken: Error | undefined;
  #closing: Promise<void> | undefined;
  /** Settled once every first worker is ready, or the pool is broken. */
  readonly #started: Promise<void>;
  #onStarted: { resolve: () => void; reject: (error: Error) => void } | undefined;

  constructor(options: QueryPoolOptions) {
    this.size = Math.max(1, options.size ?? availableParallelism());
    this.#setup = {
      path: options.path,
      sources: options.sources,
      ...(options.busyTimeoutMillis !== undefined && { busyTimeoutMillis: options.busyTimeoutMillis }),
    };
    this.#workerUrl = options.workerUrl ?? defaultWorkerUrl();
    this.#maxWaiting = options.maxWaiting ?? 64;
    this.#maxDeepWaiting = options.maxDeepWaiting ?? 8;
    this.#maxDeepRunning = Math.max(1, this.size - 1);
    this.#started = new Promise((resolve, reject) => {
      this.#onStarted = { resolve, reject };
    });
    // Nobody may wait for it (a pool used at once): a failed start is then reported per request.
    this.#started.catch(() => {});
    for (let index = 0; index < this.size; index++) this.#slots.push(this.#start());
  }

  /** Resolves once every worker has opened its connection; rejects when they cannot start. */
  ready(): Promise<void> {
    return this.#started;
  }

  /** Worker threads running now (0 once closed). */
  get workerCount(): number {
    return this.#slots.length;
  }

  /** One API route's answer, computed on a worker. */
  async route(job: Extract<PoolJob, { kind: 'route' }>, options: { deep: boolean }): Promise<PooledReply> {
    const { value, kept } = await this.run(job, options);
    const reply = value as { statusCode: number; body: Uint8Array; headers?: Record<string, string> };
    return {
      reply: {
        statusCode: reply.statusCode,
        body: asBuffer(reply.body),
        ...(reply.headers && { headers: reply.headers }),
      },
      ...(kept && { kept: { key: kept.key, body: asBuffer(kept.body) } }),
    };
  }

  /** Runs `job` on the first free worker, or refuses it at once when too many are waiting. */
  run(
    job: PoolJob,
    options: { deep: boolean },
  ): Promise<{ value: unknown; kept?: { key: string; body: Uint8Array } }> {
    if (this.#closing) return Promise.reject(unavailable('jps serve is stopping'));
    if (this.#broken) return Promise.reject(this.#broken);
    return new Promise((resolve, reject) => {
      const queue = options.deep ? this.#deep : this.#quick;
      const task: Task = { job, deep: options.deep, resolve, reject };
      queue.push(task);
      this.#pump();
      const waiting = this.#quick.length + this.#deep.length;
      const full = waiting > this.#maxWaiting || (options.deep && this.#deep.length > this.#maxDeepWaiting);
      if (!full || !queue.includes(task)) return;
      queue.splice(queue.indexOf(task), 1);
      reject(
        unavailable(
          options.deep
            ? `the server is busy with ${this.#deep.length} deep pages waiting; try again in a second, or follow next_cursor instead of asking for a page by number`
            : `the server is busy with ${waiting - 1} requests waiting; try again in a second`,
        ),
      );
    });
  }

  /** Stops every worker; requests still waiting are refused with a 503. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      for (const task of this.#quick.splice(0).concat(this.#deep.splice(0))) {
        task.reject(unavailable('jps serve is stopping'));
      }
      const slots = this.#slots.splice(0);
      await Promise.all(slots.map((slot) => slot.worker.terminate()));
    })();
    return this.#closing;
  }

  #start(): Slot {
    const worker = new Worker(this.#workerUrl, { workerData: this.#setup });
    const slot: Slot = { worker, task: undefined, ready: false };
    worker.on('message', (answer: WorkerAnswer) => {
      if ('ready' in answer) {
        slot.ready = true;
        this.#startFailures = 0;
        if (this.#slots.every((other) => other === slot || other.ready)) this.#onStarted?.resolve();
        return;
      }
      const task = slot.task;
      slot.task = undefined;
      if (task) {
        if (answer.ok) task.resolve({ value: answer.value, ...(answer.kept && { kept: answer.kept }) });
        else task.reject(rebuiltError(answer.error));
      }
      this.#pump();
    });
    worker.on('error', (error) => {
      slot.error = error;
    });
    worker.on('exit', (code) => {
      const index = this.#slots.indexOf(slot);
      if (index === -1) return; // closed
      const reason = slot.error ? `: ${slot.error.message}` : ` (exit code ${code})`;
      slot.task?.reject(new Error(`the query worker stopped while answering${reason}`));
      slot.task = undefined;
      // A worker that dies before opening its connection (a missing database, a broken install)
      // would die again: after a few in a row the pool gives up rather than spin.
      if (!slot.ready && ++this.#startFailures >= MAX_START_FAILURES) {
        this.#broken = new Error(`the query workers cannot start${reason}`);
        this.#onStarted?.reject(this.#broken);
        for (const other of this.#slots.splice(0)) void other.worker.terminate();
        for (const task of this.#quick.splice(0).concat(this.#deep.splice(0))) task.reject(this.#broken);
        return;
      }
      this.#slots[index] = this.#start();
      this.#pump();
    });
    return slot;
  }

  #pump(): void {
    for (const slot of this.#slots) {
      if (slot.task) continue;
      const deepRunning = this.#slots.filter((other) => other.task?.deep).length;
      const task =
        this.#quick.shift() ?? (deepRunning < this.#maxDeepRunning ? this.#deep.shift() : undefined);
      if (!task) return;
      slot.task = task;
      slot.worker.postMessage({ id: this.#nextId++, job: task.job });
    }
  }
}

/** A copied body as a Buffer, without copying it again. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A 503 that tells the client when to try again. */
function unavailable(message: string): ApiError {
  return new ApiError('server_error', message, 503, { 'retry-after': '1' });
}

function rebuiltError(error: Extract<WorkerAnswer, { ok: false }>['error']): Error {
  if (error.api) return new ApiError(error.api.code, error.message, error.api.statusCode);
  const rebuilt = new Error(error.message);
  if (error.stack) rebuilt.stack = error.stack;
  return rebuilt;
}

/**
 * The built worker beside this module (`dist/src/api/`, or `dist/bin/` in the bundle). Run from
 * the TypeScript sources, as the tests do, it is the built one: `npm run build` makes it.
 */
function defaultWorkerUrl(): URL {
  const beside = new URL('./query-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(beside))) return beside;
  return new URL('../../dist/src/api/query-worker.js', import.meta.url);
}
