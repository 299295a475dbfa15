import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { afterEach } from 'vitest';
import { startApiServer, type ApiServerOptions, type RunningApiServer } from '../../src/api/server.js';
import type { ApiSource } from '../../src/store/source-summaries.js';
import { openStore, type ReadonlyStore, type Store } from '../../src/store/connection.js';
import { ALL_SOURCES } from '../../src/sources/index.js';
import { tempStore } from '../helpers/store.js';

export const NOW = new Date('2026-11-27T12:00:00.000Z');

export const API_SOURCES: ApiSource[] = ALL_SOURCES.map((source) => ({
  key: source.key,
  name: source.name,
  agency: source.agency,
  url: source.entryUrl,
  description: source.method,
}));

export interface TestApi {
  /** A writable connection to the same database: what a concurrent `jps scrape` would hold. */
  writer: Store;
  reader: ReadonlyStore;
  api: RunningApiServer;
  get(path: string, init?: RequestInit): Promise<Answer>;
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

const running: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of running.splice(0).reverse()) await stop();
});

/**
 * A database with every source registered (filled by `seed` through a writable connection), served
 * read-only on a loopback port chosen by the system.
 */
export async function startTestApi(
  seed: (writer: Store) => Promise<void> = async () => {},
  options: Partial<ApiServerOptions> = {},
): Promise<TestApi> {
  const writer = await tempStore();
  await seed(writer);
  const reader = (await openStore(writer.path, { readonly: true })) as ReadonlyStore;
  const api = await startApiServer(
    { store: reader, sources: API_SOURCES, now: () => NOW, ...options },
    { port: 0, host: '127.0.0.1' },
  );
  running.push(async () => {
    await api.close({ graceMillis: 1_000 });
    await reader.close().catch(() => {});
  });
  return { writer, reader, api, get: (path, init) => send(api.url, path, init) };
}

interface RequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** One request over its own connection, the path sent exactly as written (no URL normalising). */
export function send(baseUrl: string, path: string, init: RequestInit = {}): Promise<Answer> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: init.method ?? 'GET',
        headers: {
          ...(init.body !== undefined && { 'content-length': Buffer.byteLength(init.body) }),
          ...init.headers,
        },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text === '' ? undefined : JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}
