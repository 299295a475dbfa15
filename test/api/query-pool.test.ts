import { existsSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { QueryPool, type QueryPoolOptions } from '../../src/api/query-pool.js';
import { startApiServer } from '../../src/api/server.js';
import { createPooledWebQueries, createWebQueries } from '../../src/api/web-queries.js';
import { createWebPages } from '../../src/web/web-pages.js';
import { openStore, type ReadonlyStore, type Store } from '../../src/store/connection.js';
import { makeProspect, recordScrape, tempStore } from '../helpers/store.js';
import { API_SOURCES, NOW, send } from './api-harness.js';

const BUILT_WORKER = new URL('../../dist/src/api/query-worker.js', import.meta.url);
const MISBEHAVING_WORKER = new URL('../fixtures/query-pool/misbehaving-worker.mjs', import.meta.url);

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

async function seededStore(): Promise<Store> {
  const writer = await tempStore();
  const titles = ['Cyber security operations', 'Cloud migration', 'janitorial services', 'Fleet radios'];
  await recordScrape(
    writer,
    'ssa',
    Array.from({ length: 30 }, (_, i) =>
      makeProspect(`ssa:P-${String(i).padStart(2, '0')}`, {
        title: `${titles[i % titles.length]!} ${i % 3}`,
        release_date: i % 5 === 0 ? null : `2026-${String((i % 9) + 1).padStart(2, '0')}-01`,
        naics: i % 4 === 0 ? null : '541512',
        estimated_value_min: i % 3 === 0 ? null : 1_000 * (i % 4),
      }),
    ),
    { at: '2026-11-20T10:00:00.000Z' },
  );
  await recordScrape(writer, 'dhs', [makeProspect('dhs:D-1', { title: 'Border cyber sensors' })], {
    at: '2026-11-21T10:00:00.000Z',
  });
  return writer;
}

/** The API on `writer`'s database, its queries run by a pool (or, without options, in-process). */
async function serve(writer: Store, pool?: Partial<QueryPoolOptions>) {
  const reader = (await openStore(writer.path, { readonly: true })) as ReadonlyStore;
  const queryPool = pool && new QueryPool({ path: writer.path, sources: API_SOURCES, size: 2, ...pool });
  const pages = createWebPages({
    db: reader.db,
    queries: queryPool
      ? createPooledWebQueries(queryPool, () => NOW)
      : createWebQueries(reader.db, () => NOW),
    sources: API_SOURCES,
    now: () => NOW,
  });
  const api = await startApiServer(
    { store: reader, sources: API_SOURCES, now: () => NOW, pages, ...(queryPool && { pool: queryPool }) },
    { port: 0, host: '127.0.0.1' },
  );
  stops.push(async () => {
    await api.close({ graceMillis: 1_000 });
    await queryPool?.close();
    await reader.close();
  });
  return { pool: queryPool, get: (path: string) => send(api.url, path) };
}

describe('jps serve with query workers', () => {
  beforeAll(() => {
    // The workers run the built code: `npm test` builds first.
    if (!existsSync(BUILT_WORKER)) throw new Error('dist/ is missing: run `npm run build` first');
  });

  it('answers every route exactly as the serving thread does on its own', async () => {
    const writer = await seededStore();
    const inProcess = await serve(writer);
    const pooled = await serve(writer, {});
    const cursor = (await inProcess.get('/api/prospects?limit=4&sort_by=naics')).json.data.pagination
      .next_cursor as string;
    const paths = [
      '/api',
      '/api/prospects',
      '/api/prospects?limit=4&page=3&sort_by=estimated_value_min&sort_order=asc',
      `/api/prospects?limit=4&sort_by=naics&cursor=${cursor}`,
      '/api/prospects?search=cyber',
      '/api/prospects?search=cyber&sort_by=title&limit=2&page=2',
      '/api/prospects?limit=500',
      '/api/prospects?cursor=nonsense',
      '/api/prospects/ssa%3AP-03',
      '/api/prospects/ssa%3AP-03/history',
      '/api/prospects/nobody',
      '/api/prospects/export?search=cloud',
      '/api/changes?since=2026-11-01',
      '/api/data-sources',
      '/api/health',
      '/api/dashboard',
      '/api/database/status',
      '/api/proposals?per_page=5&page=2',
      '/api/llm/status',
      '/api/watches',
      '/api/watches/nothing/prospects',
      '/',
      '/?sort_by=title&sort_order=asc&limit=3&page=2',
      '/?search=cyber&cursor=nonsense',
      '/changes?since=2026-11-01',
    ];
    for (const path of paths) {
      const expected = await inProcess.get(path);
      // Twice: computed by a worker, then kept by the serving thread.
      for (const round of [1, 2]) {
        const answer = await pooled.get(path);
        expect({ path, round, status: answer.status, text: answer.text }).toEqual({
          path,
          round,
          status: expected.status,
          text: expected.text,
        });
        expect(answer.headers['content-type']).toBe(expected.headers['content-type']);
      }
    }
  });

  it('answers a page asked before, and a bad parameter, without waiting for a busy worker', async () => {
    const { get } = await serve(await seededStore(), { workerUrl: MISBEHAVING_WORKER, size: 1 });
    // The frontend's cache-buster (`_`) is no parameter: the same page is the same answer.
    const first = await get('/api/prospects?limit=5&_=1');
    expect(first.status).toBe(200);
    const finished: string[] = [];
    const slow = get('/api/prospects?slow=1&limit=6').then(() => finished.push('slow'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const again = await get('/api/prospects?limit=5&_=2');
    finished.push('again');
    const bad = await get('/api/prospects?limit=5000');
    finished.push('bad');
    await slow;
    expect(again.text).toBe(first.text);
    expect(bad.status).toBe(400);
    expect(finished).toEqual(['again', 'bad', 'slow']);
  });

  it('replaces a worker that crashes, answering its request with a 500 rather than never', async () => {
    const { pool, get } = await serve(await seededStore(), { workerUrl: MISBEHAVING_WORKER });
    await pool!.ready();
    // More crashes than the pool tolerates while starting: a worker that was running is replaced
    // every time.
    for (let i = 0; i < 4; i++) {
      const crashed = await get(`/api/prospects?crash=1&limit=${i + 1}`);
      expect(crashed.status).toBe(500);
      expect(crashed.json).toMatchObject({ status: 'error', error: 'server_error' });
      expect(crashed.json.message).toMatch(/query worker stopped/);
    }
    for (let i = 0; i < 4; i++) expect((await get(`/api/prospects?limit=${i + 1}`)).status).toBe(200);
    expect(pool!.workerCount).toBe(2);
  });

  it('says so when its workers cannot start, rather than failing every request', async () => {
    const pool = new QueryPool({
      path: (await seededStore()).path,
      sources: API_SOURCES,
      size: 2,
      workerUrl: new URL('../fixtures/query-pool/no-such-worker.mjs', import.meta.url),
    });
    stops.push(() => pool.close());
    await expect(pool.ready()).rejects.toThrow(/query workers cannot start/);
    expect(pool.workerCount).toBe(0);
  });

  it('refuses a request with a 503 and Retry-After when too many are waiting', async () => {
    const { get } = await serve(await seededStore(), {
      workerUrl: MISBEHAVING_WORKER,
      size: 1,
      maxWaiting: 1,
    });
    const answers = await Promise.all([1, 2, 3].map((n) => get(`/api/prospects?slow=1&limit=${n}`)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 503]);
    const refused = answers.find((answer) => answer.status === 503)!;
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.json).toMatchObject({ status: 'error', status_code: 503, error: 'server_error' });
    expect(refused.json.message).toMatch(/busy/);
    // /api/health is answered by the serving thread: never queued, never refused.
    const [health] = await Promise.all([
      get('/api/health'),
      ...[1, 2].map((n) => get(`/api/prospects?slow=1&limit=${n + 10}`)),
    ]);
    expect(health.status).toBe(200);
  });

  it('keeps a worker free of deep pages by number for everything else', async () => {
    const { get } = await serve(await seededStore(), { workerUrl: MISBEHAVING_WORKER, size: 2 });
    const finished: string[] = [];
    const ask = (name: string, path: string) =>
      get(path).then((answer) => {
        expect(answer.status).toBe(200);
        finished.push(name);
      });
    // Two slow deep pages: the second waits for the first, so the quick one behind them runs at once.
    const deep = [
      ask('deep 1', '/api/prospects?slow=1&page=500&limit=50'),
      ask('deep 2', '/api/prospects?slow=1&page=501&limit=50'),
    ];
    await new Promise((resolve) => setTimeout(resolve, 50));
    await ask('quick', '/api/prospects?limit=3');
    expect(finished).toEqual(['quick']);
    await Promise.all(deep);
  });

  it('stops its workers when closed, refusing what still comes', async () => {
    const pool = new QueryPool({ path: (await seededStore()).path, sources: API_SOURCES, size: 2 });
    const job = { kind: 'route', route: 'prospects', params: [], query: [], now: NOW.toISOString() } as const;
    expect((await pool.route(job, { deep: false })).reply.statusCode).toBe(200);
    expect(pool.workerCount).toBe(2);
    await pool.close();
    expect(pool.workerCount).toBe(0);
    await expect(pool.route(job, { deep: false })).rejects.toMatchObject({ statusCode: 503 });
  });
});
