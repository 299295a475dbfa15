import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

/** What a route answers. A function route can vary its answer per request (503 then 200, paging). */
export interface FixtureAnswer {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Wait this long before answering (a slow or hanging site). */
  delayMillis?: number;
}

export type FixtureRoute =
  | FixtureAnswer
  | ((request: {
      url: URL;
      method: string;
      body: string;
      headers: IncomingMessage['headers'];
    }) => FixtureAnswer);

export interface FixtureServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  url(path: string): string;
  /** Replaces or adds routes (by path, query ignored unless the key has one). */
  route(path: string, answer: FixtureRoute): void;
  /** Every request received, in order: `GET /path?query`. */
  requests: string[];
  close(): Promise<void>;
}

const NOT_FOUND_PAGE = '<html><head><title>Page Not Found</title></head><body>Not found</body></html>';

const servers: FixtureServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/**
 * A loopback HTTP server (127.0.0.1, port 0) serving the pages and files a test made: every fetch
 * in a test goes here, never to the internet. Closed after each test.
 */
export async function startFixtureServer(routes: Record<string, FixtureRoute> = {}): Promise<FixtureServer> {
  const table = new Map<string, FixtureRoute>(Object.entries(routes));
  const requests: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      requests.push(`${req.method} ${url.pathname}${url.search}`);
      const route = table.get(`${url.pathname}${url.search}`) ?? table.get(url.pathname);
      let answer: FixtureAnswer;
      try {
        answer = !route
          ? { status: 404, headers: { 'content-type': 'text/html' }, body: NOT_FOUND_PAGE }
          : typeof route === 'function'
            ? route({
                url,
                method: req.method ?? 'GET',
                body: Buffer.concat(chunks).toString('utf8'),
                headers: req.headers,
              })
            : route;
      } catch (error) {
        // A broken route in a test answers 500 with the reason rather than crashing the run.
        answer = { status: 500, body: `fixture route failed: ${String(error)}` };
      }
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(answer.status ?? 200, answer.headers ?? {});
        res.end(answer.body ?? '');
      };
      if (answer.delayMillis) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          send();
        }, answer.delayMillis);
        timers.add(timer);
      } else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const fixture: FixtureServer = {
    origin,
    url: (path) => `${origin}${path}`,
    route: (path, answer) => void table.set(path, answer),
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(fixture);
  return fixture;
}
