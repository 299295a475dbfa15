import { Command, Option } from 'commander';
import type { QueryPool } from '../../api/query-pool.js';
import type { RunningApiServer } from '../../api/server.js';
import type { ApiSource } from '../../store/source-summaries.js';
import { UsageError } from '../../errors.js';
import type { CommandEnv } from '../command-env.js';
import { entryUrlOf, type Context } from '../context.js';

export interface ServeOptions {
  port: number;
  host: string;
  corsOrigin?: string;
  /** Worker threads that run the queries (0: the serving thread runs them); default one per core. */
  queryWorkers?: number;
}

export interface RunningServe {
  api: RunningApiServer;
  /** The query workers, unless `queryWorkers` is 0. */
  pool?: QueryPool;
  /** Stops the server (requests already received finish) and closes the database. */
  stop(): Promise<void>;
}

/** Opens the database read-only and starts the API on it. Prints nothing: the command does. */
export async function startServe(ctx: Context, options: ServeOptions): Promise<RunningServe> {
  const store = await ctx.openStoreForReading();
  const sources: ApiSource[] = ctx.sources.map((source) => ({
    key: source.key,
    name: source.name,
    agency: source.agency,
    url: entryUrlOf(ctx, source),
    description: `${source.name} procurement forecast: ${source.method}`,
  }));
  let api: RunningApiServer;
  let pool: QueryPool | undefined;
  try {
    // The HTTP server and its parameter schemas load only for `jps serve`.
    const { startApiServer } = await import('../../api/server.js');
    const { createPooledWebQueries, createWebQueries } = await import('../../api/web-queries.js');
    const { createWebPages } = await import('../../web/web-pages.js');
    // The queries that read much run on worker threads with their own read-only connections (one
    // per core), so no slow query holds up the thread that answers every request (docs/api.md).
    if (options.queryWorkers !== 0) {
      const { QueryPool } = await import('../../api/query-pool.js');
      pool = new QueryPool({
        path: store.path,
        sources,
        ...(options.queryWorkers !== undefined && { size: options.queryWorkers }),
      });
      await pool.ready();
    }
    api = await startApiServer(
      {
        store,
        sources,
        now: ctx.now,
        corsOrigin: options.corsOrigin,
        ...(pool && { pool }),
        pages: createWebPages({
          db: store.db,
          queries: pool ? createPooledWebQueries(pool, ctx.now) : createWebQueries(store.db, ctx.now),
          sources,
          now: ctx.now,
        }),
        ...(ctx.out.verbose && { log: (line: string) => ctx.out.debug(line) }),
        onError: (error) =>
          ctx.out.warn(
            `jps serve: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
          ),
      },
      { port: options.port, host: options.host },
    );
  } catch (error) {
    await pool?.close();
    await store.close();
    throw listenError(error, options);
  }
  return {
    api,
    ...(pool && { pool }),
    stop: async () => {
      await api.close();
      await pool?.close();
      await store.close();
    },
  };
}

export function serveCommand(env: CommandEnv): Command {
  return new Command('serve')
    .description('serve the database read-only over HTTP: the JSON API the web frontend reads')
    .addOption(
      new Option('--port <n>', 'port to listen on (0: any free port)').default(5000).argParser(parsePort),
    )
    .addOption(new Option('--host <addr>', 'address to bind').default('127.0.0.1'))
    .addOption(
      new Option(
        '--query-workers <n>',
        'threads that run the queries, so a slow one never holds up the rest (0: none; default: one per core)',
      ).argParser(parseWorkers),
    )
    .addOption(
      new Option(
        '--cors-origin <origin>',
        'the one origin allowed to read the API from a browser (default: any)',
      ).argParser(parseOrigin),
    )
    .addHelpText(
      'after',
      '\nRuns until interrupted (Ctrl-C or SIGTERM), letting requests in flight finish.\n\nExamples:\n' +
        '  jps serve\n  jps serve --port 8080 --cors-origin http://localhost:3000\n' +
        '  curl -s "http://127.0.0.1:5000/api/prospects?search=cyber&limit=5" | jq ".data.items[].title"',
    )
    .action(async (options: ServeOptions, command: Command) => {
      const ctx = env.context(command);
      const running = await startServe(ctx, options);
      ctx.out.info(`jps serve: listening on ${running.api.url} (pages at /, JSON at /api)`);
      await untilInterrupted();
      ctx.out.info('jps serve: stopping');
      await running.stop();
    });
}

/** Resolves on the first SIGINT or SIGTERM; the handlers are removed again so a second one is default. */
function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function parseWorkers(text: string): number {
  const workers = Number(text);
  if (!/^\d+$/.test(text) || workers > 64) {
    throw new UsageError(`--query-workers must be a whole number 0–64 (got "${text}")`);
  }
  return workers;
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535)
    throw new UsageError(`--port must be a port number 0–65535 (got "${text}")`);
  return port;
}

function parseOrigin(text: string): string {
  if (text === '*') return text;
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (
    !url ||
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.origin !== text.replace(/\/$/, '')
  ) {
    throw new UsageError(`--cors-origin must be an origin such as http://localhost:3000 (got "${text}")`);
  }
  return url.origin;
}

function listenError(error: unknown, options: ServeOptions): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE') {
    return new UsageError(`port ${options.port} on ${options.host} is in use; pass another --port`, {
      cause: error,
    });
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EACCES') {
    return new UsageError(
      `cannot listen on ${options.host}:${options.port} (${String(code)}); check --host and --port`,
      {
        cause: error,
      },
    );
  }
  return error;
}
