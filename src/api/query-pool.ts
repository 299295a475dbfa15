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

/** A route's answer from a worker: the reply, and whether it is the same for anyone asking it. */
export interface PooledReply {
  reply: Reply;
  /** The route answered through its response cache: the reply depends on the request alone. */
  cacheable: boolean;
}

export type WorkerAnswer =
  | { id: number; ok: true; value: unknown; cacheable?: boolean }
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
  resolve: (answer: { value: unknown; cacheable: boolean }) => void;
  reject: (error: unknown) => void;
}

interface Slot {
  worker: Worker;
  task: Task | undefined;
  /** It has answered once: its start-up worked. */
  answered: boolean;
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
    for (let index = 0; index < this.size; index++) this.#slots.push(this.#start());
  }

  /** Worker threads running now (0 once closed). */
  get workerCount(): number {
    return this.#slots.length;
  }

  /** One API route's answer, computed on a worker. */
  async route(job: Extract<PoolJob, { kind: 'route' }>, options: { deep: boolean }): Promise<PooledReply> {
    const { value, cacheable } = await this.run(job, options);
    const reply = value as { statusCode: number; body: Uint8Array; headers?: Record<string, string> };
    return {
      reply: {
        statusCode: reply.statusCode,
        body: Buffer.from(reply.body.buffer, reply.body.byteOffset, reply.body.byteLength),
        ...(reply.headers && { headers: reply.headers }),
      },
      cacheable,
    };
  }

  /** Runs `job` on the first free worker, or refuses it at once when too many are waiting. */
  run(job: PoolJob, options: { deep: boolean }): Promise<{ value: unknown; cacheable: boolean }> {
    if (this.#closing) return Promise.reject(unavailable('jps serve is stopping'));
    if (this.#broken) return Promise.reject(this.#broken);
    const waiting = this.#quick.length + this.#deep.length;
    if (waiting >= this.#maxWaiting || (options.deep && this.#deep.length >= this.#maxDeepWaiting)) {
      return Promise.reject(
        unavailable(
          options.deep
            ? `the server is busy with ${this.#deep.length} deep pages waiting; try again in a second, or follow next_cursor instead of asking for a page by number`
            : `the server is busy with ${waiting} requests waiting; try again in a second`,
        ),
      );
    }
    return new Promise((resolve, reject) => {
      (options.deep ? this.#deep : this.#quick).push({ job, deep: options.deep, resolve, reject });
      this.#pump();
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
    const slot: Slot = { worker, task: undefined, answered: false };
    worker.on('message', (answer: WorkerAnswer) => {
      const task = slot.task;
      slot.task = undefined;
      slot.answered = true;
      this.#startFailures = 0;
      if (task) {
        if (answer.ok) task.resolve({ value: answer.value, cacheable: answer.cacheable === true });
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
      if (!slot.answered && ++this.#startFailures >= MAX_START_FAILURES) {
        this.#slots.splice(index, 1);
        if (this.#slots.length === 0) {
          this.#broken = new Error(`the query workers cannot start${reason}`);
          for (const task of this.#quick.splice(0).concat(this.#deep.splice(0))) task.reject(this.#broken);
        }
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
