import {
  createServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Driver,
} from 'kysely';
import { errorMessage } from '../errors.js';
import type { ReadonlyStore } from '../store/connection.js';
import { ApiError, errorEnvelope } from './api-error.js';
import { decodeComponent, MAX_QUERY_STRING_CHARS, parseQueryString } from './params.js';
import { ResponseCache } from './response-cache.js';
import { isWritingRequest } from './frontend-compat.js';
import { isDeepPage, type QueryPool } from './query-pool.js';
import { matchRoute, type Reply, type Route, type RouteDeps } from './routes.js';
import type { Database } from '../store/schema.js';
import type { ApiSource } from '../store/source-summaries.js';

export interface ApiServerOptions {
  /** Opened read-only: the server cannot write, whatever a request asks. */
  store: ReadonlyStore;
  sources: readonly ApiSource[];
  now?: () => Date;
  /** `Access-Control-Allow-Origin`; `*` unless one origin is named. */
  corsOrigin?: string;
  /** One line per request (`GET /api/prospects 200 1.4ms`), when given. */
  log?: (line: string) => void;
  /** Errors that became a 500, for the operator. */
  onError?: (error: unknown) => void;
  cache?: { maxEntries: number; maxBytes: number };
  /** Answers every path outside `/api` (the built-in web pages); without it they are 404s. */
  pages?: (request: IncomingMessage, response: ServerResponse) => Promise<void>;
  /**
   * Worker threads that answer the routes that read much (query-pool.ts); without it the serving
   * thread runs every query itself.
   */
  pool?: QueryPool;
}

export interface ListenOptions {
  port: number;
  host: string;
}

export interface RunningApiServer {
  server: Server;
  host: string;
  /** The port actually bound (the one asked for, or the system's choice for port 0). */
  port: number;
  url: string;
  /**
   * Stops accepting connections, lets requests already received finish, then resolves. Connections
   * still open after `graceMillis` are cut.
   */
  close(options?: { graceMillis?: number }): Promise<void>;
}

/** The longest request target read at all: the query's own cap plus room for the path. */
const MAX_URL_CHARS = MAX_QUERY_STRING_CHARS + 2_048;
const DEFAULT_CACHE = { maxEntries: 512, maxBytes: 64 * 1024 * 1024 };
const ALLOWED_METHODS = 'GET, HEAD, OPTIONS';

/**
 * Routes the serving thread answers itself even with a pool: each reads a few rows through an index,
 * or nothing, so it never waits behind the slow queries the workers run (`/api/health` stays
 * quick under any load). Every other route goes to the pool.
 */
const SERVING_THREAD_ROUTES: ReadonlySet<string> = new Set([
  '',
  'health',
  'prospects/:id',
  'prospects/:id/history',
  'auth/status',
  'decisions/user',
  'decisions/prospect/:id*',
  'llm/queue/status',
  'llm/iterative/progress',
  'llm/outputs',
]);

/** The request handler of the API, for `startApiServer` or a test's own server. */
export function createApiHandler(options: ApiServerOptions): {
  handle: (request: IncomingMessage, response: ServerResponse) => void;
  /** From now on every answer asks the client to close its connection. */
  drain: () => void;
} {
  const { store, corsOrigin = '*', log, onError } = options;
  if (!store.readonly) throw new Error('the API must be given a read-only store');
  // data_version changes only when another connection commits: the cache's notion of "unchanged".
  const dataVersion = store.sqlite.prepare('PRAGMA data_version').pluck();
  const deps: RouteDeps = {
    db: store.db,
    sources: options.sources,
    now: options.now ?? (() => new Date()),
    cache: new ResponseCache({
      ...(options.cache ?? DEFAULT_CACHE),
      currentVersion: () => dataVersion.get() as number,
    }),
  };
  const baseHeaders: OutgoingHttpHeaders = {
    'content-type': 'application/json; charset=utf-8',
    'access-control-allow-origin': corsOrigin,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    // A named origin may send the session cookie the original frontend sends with every request.
    ...(corsOrigin !== '*' && { 'access-control-allow-credentials': 'true', vary: 'Origin' }),
  };
  let draining = false;

  const send = (response: ServerResponse, statusCode: number, body: Buffer, extra?: OutgoingHttpHeaders) => {
    const headers: OutgoingHttpHeaders = { ...baseHeaders, 'content-length': body.length, ...extra };
    if (draining) headers['connection'] = 'close';
    response.writeHead(statusCode, headers);
    response.end(body);
  };

  const sendError = (response: ServerResponse, error: ApiError, extra?: OutgoingHttpHeaders) =>
    send(response, error.statusCode, Buffer.from(JSON.stringify(errorEnvelope(error))), extra);

  const answer = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const target = request.url ?? '/';
    if (target.length > MAX_URL_CHARS) {
      throw ApiError.validation(`the request URL is too long (over ${MAX_URL_CHARS} characters)`);
    }
    const queryStart = target.indexOf('?');
    const path = queryStart === -1 ? target : target.slice(0, queryStart);
    const segments = apiSegments(path);
    if (!segments && options.pages) return options.pages(request, response);
    const method = request.method ?? 'GET';
    const match = segments && matchRoute(segments);
    if (segments && isWritingRequest(method, segments)) {
      // One of the original backend's writes (a GO decision, "Enhance with AI", delete a source).
      sendError(
        response,
        new ApiError('method_not_allowed', `${method} ${decodeForMessage(path)}: jps serve is read-only`),
        {
          ...(match && { allow: ALLOWED_METHODS }),
          connection: 'close',
        },
      );
      return;
    }
    if (!match) throw ApiError.notFound(`no route ${decodeForMessage(path)}; see GET /api for the list`);
    if (method === 'OPTIONS') {
      // A CORS preflight (a cross-origin frontend sending its own headers): allow reading, nothing else.
      const requested = request.headers['access-control-request-headers'];
      send(response, 204, Buffer.alloc(0), {
        'access-control-allow-methods': ALLOWED_METHODS,
        'access-control-max-age': '600',
        ...(typeof requested === 'string' &&
          requested.length <= 1_000 && { 'access-control-allow-headers': requested }),
      });
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      // A body we will not read is not worth keeping the connection for.
      sendError(
        response,
        new ApiError('method_not_allowed', `${method} is not allowed: jps serve is read-only (GET only)`),
        {
          allow: ALLOWED_METHODS,
          connection: 'close',
        },
      );
      return;
    }
    const query = parseQueryString(queryStart === -1 ? '' : target.slice(queryStart + 1));
    const { pool } = options;
    const key = match.route.pattern.join('/');
    const reply: Reply =
      pool && !SERVING_THREAD_ROUTES.has(key)
        ? await pooled(pool, match.route, match.params, query)
        : await match.route.handle(deps, { params: match.params, query });
    send(response, reply.statusCode, reply.body, reply.headers);
  };

  /**
   * The answer of a worker, unless the serving thread has it without reading the database: the
   * route is first run here with a database and a cache that give up (NeedsWorker) at the first
   * query or missing answer. Bad parameters are thus a 400 at once, and an answer kept from an
   * earlier request (a first page asked again) costs a map lookup, never a wait behind the workers.
   * What the worker computes through the cache is kept here, as the route would have kept it.
   */
  const pooled = async (
    pool: QueryPool,
    route: Route,
    params: readonly string[],
    query: ReadonlyMap<string, string>,
  ): Promise<Reply> => {
    const probe = { ...deps, db: NEEDS_WORKER_DB, cache: new CacheOrWorker(deps.cache) };
    try {
      return await route.handle(probe, { params, query });
    } catch (error) {
      if (!(error instanceof NeedsWorker)) throw error;
    }
    const version = deps.cache.version();
    const { reply, kept } = await pool.route(
      {
        kind: 'route',
        route: route.pattern.join('/'),
        params,
        query: [...query],
        now: deps.now().toISOString(),
      },
      { deep: isDeep(route, query) },
    );
    if (kept) deps.cache.set(kept.key, kept.body, version);
    return reply;
  };

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    const started = log ? performance.now() : 0;
    if (log) {
      response.once('finish', () => {
        log(
          `${request.method} ${request.url} ${response.statusCode} ${(performance.now() - started).toFixed(1)}ms`,
        );
      });
    }
    answer(request, response).catch((caught: unknown) => {
      const error =
        caught instanceof ApiError
          ? caught
          : new ApiError('server_error', `the server could not answer: ${errorMessage(caught)}`);
      if (!(caught instanceof ApiError)) onError?.(caught);
      if (response.headersSent) {
        response.destroy();
        return;
      }
      sendError(response, error, error.headers);
    });
  };

  return {
    handle,
    drain: () => {
      draining = true;
    },
  };
}

/** Starts the API on `host:port` (port 0: any free port) and resolves once it is listening. */
export async function startApiServer(
  options: ApiServerOptions,
  listen: ListenOptions,
): Promise<RunningApiServer> {
  const { handle, drain } = createApiHandler(options);
  const server = createServer({ requestTimeout: 30_000, headersTimeout: 10_000 }, handle);
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) =>
    answerClientError(error, socket),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    server,
    host: address.address,
    port: address.port,
    url: `http://${host}:${address.port}`,
    close: ({ graceMillis = 10_000 } = {}) => {
      closing ??= new Promise<void>((resolve) => {
        drain();
        const cutOff = setTimeout(() => server.closeAllConnections(), graceMillis);
        server.close(() => {
          clearTimeout(cutOff);
          resolve();
        });
        // Keep-alive connections between requests hold nothing in flight.
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}

/** Thrown where a route, run on the serving thread, would read the database: a worker must answer. */
class NeedsWorker extends Error {}

/** The cache of the serving thread, which gives up on a missing answer. */
class CacheOrWorker extends ResponseCache {
  readonly #kept: ResponseCache;

  constructor(kept: ResponseCache) {
    super({ maxEntries: 0, maxBytes: 0, currentVersion: () => kept.version() });
    this.#kept = kept;
  }

  override get(key: string): Buffer {
    const body = this.#kept.get(key);
    if (body === undefined) throw new NeedsWorker();
    return body;
  }

  override version(): number {
    return this.#kept.version();
  }

  override set(): void {}
}

/** A database whose every query gives up: the serving thread never queries for a pooled route. */
const NEEDS_WORKER_DB = new Kysely<Database>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createQueryCompiler: () => new SqliteQueryCompiler(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createDriver: (): Driver => {
      const connection: DatabaseConnection = {
        executeQuery: () => Promise.reject(new NeedsWorker()),
        // eslint-disable-next-line require-yield
        streamQuery: async function* () {
          throw new NeedsWorker();
        },
      };
      return {
        init: async () => {},
        acquireConnection: async () => connection,
        beginTransaction: () => Promise.reject(new NeedsWorker()),
        commitTransaction: async () => {},
        rollbackTransaction: async () => {},
        releaseConnection: async () => {},
        destroy: async () => {},
      };
    },
  },
});

/** An export reads every matching record; a page far in by number counts past every row before it. */
function isDeep(route: Pick<Route, 'pattern'>, query: ReadonlyMap<string, string>): boolean {
  return route.pattern.join('/') === 'prospects/export' || isDeepPage(query);
}

/**
 * The path after `/api`, split on `/` before decoding so that an encoded `/` inside an id stays
 * part of it; undefined when the path is not under `/api`. One trailing slash is ignored
 * (`/api/data-sources/`).
 */
function apiSegments(path: string): string[] | undefined {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  const raw = trimmed.split('/');
  if (raw[0] !== '' || raw[1] !== 'api') return undefined;
  return raw.slice(2).map((segment) => decodeComponent(segment, false));
}

function decodeForMessage(path: string): string {
  try {
    return decodeURIComponent(path).slice(0, 200);
  } catch {
    return path.slice(0, 200);
  }
}

/**
 * A request Node could not parse (an oversized header block, a malformed request line) still gets
 * the JSON error envelope, not a bare status line.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  if (error.code === 'HPE_CLOSED_CONNECTION') {
    // Bytes after a request that said `Connection: close`: its answer is already on the way.
    socket.end();
    return;
  }
  const message =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? 'the request line or headers are too large'
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? 'the request took too long to arrive'
        : 'the request could not be read as HTTP';
  const body = JSON.stringify(errorEnvelope(ApiError.validation(message)));
  socket.end(
    `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
