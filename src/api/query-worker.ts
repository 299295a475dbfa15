import { parentPort, workerData } from 'node:worker_threads';
import { openStoreForReading } from '../store/connection.js';
import { ApiError } from './api-error.js';
import type { PoolJob, WorkerAnswer, WorkerSetup } from './query-pool.js';
import { ResponseCache } from './response-cache.js';
import { ROUTES, type RouteDeps } from './routes.js';
import { createWebQueries } from './web-queries.js';

/**
 * One query worker of `jps serve` (query-pool.ts): its own read-only connection, the API's routes,
 * one job at a time. Its answers are copied back to the serving thread.
 */

/**
 * The worker keeps no answers (the serving thread does), but notes the one a route computed
 * through its cache, with its key, for the serving thread to keep.
 */
class NotingCache extends ResponseCache {
  computed: { key: string; body: Buffer } | undefined;

  constructor() {
    super({ maxEntries: 0, maxBytes: 0, currentVersion: () => 0 });
  }

  override get(): undefined {
    return undefined;
  }

  override set(key: string, body: Buffer): void {
    this.computed = { key, body };
  }
}

const setup = workerData as WorkerSetup;
const port = parentPort!;
const store = await openStoreForReading(setup.path, {
  ...(setup.busyTimeoutMillis !== undefined && { busyTimeoutMillis: setup.busyTimeoutMillis }),
});
const routes = new Map(ROUTES.map((route) => [route.pattern.join('/'), route]));

async function run(job: PoolJob): Promise<{ value: unknown; kept?: { key: string; body: Buffer } }> {
  const now = () => new Date(job.now);
  switch (job.kind) {
    case 'route': {
      const route = routes.get(job.route);
      if (!route) throw new Error(`no route ${job.route} in the query worker`);
      const cache = new NotingCache();
      const deps: RouteDeps = { db: store.db, sources: setup.sources, now, cache };
      const reply = await route.handle(deps, { params: job.params, query: new Map(job.query) });
      return { value: reply, ...(cache.computed && { kept: cache.computed }) };
    }
    case 'web-prospects':
      return { value: await createWebQueries(store.db, now).prospects(job.rawQuery) };
    case 'web-changes':
      return { value: await createWebQueries(store.db, now).changes(job.rawQuery) };
    default:
      throw new Error(`unknown job ${String((job satisfies never as { kind: unknown }).kind)}`);
  }
}

port.postMessage({ ready: true } satisfies WorkerAnswer);
port.on('message', ({ id, job }: { id: number; job: PoolJob }) => {
  run(job).then(
    ({ value, kept }) =>
      port.postMessage({ id, ok: true, value, ...(kept && { kept }) } satisfies WorkerAnswer),
    (error: unknown) =>
      port.postMessage({
        id,
        ok: false,
        error:
          error instanceof ApiError
            ? { message: error.message, api: { code: error.code, statusCode: error.statusCode } }
            : {
                message: error instanceof Error ? error.message : String(error),
                ...(error instanceof Error && error.stack !== undefined && { stack: error.stack }),
              },
      } satisfies WorkerAnswer),
  );
});
