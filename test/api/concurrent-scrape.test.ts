import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { makeProspect, recordScrape } from '../helpers/store.js';
import { startTestApi, type Answer } from './api-harness.js';

function ssaProspects(count: number, titlePrefix: string) {
  return Array.from({ length: count }, (_, index) =>
    makeProspect(`ssa:P-${String(index).padStart(5, '0')}`, {
      title: `${titlePrefix} forecast ${index}`,
      release_date: `2027-01-${String((index % 28) + 1).padStart(2, '0')}`,
    }),
  );
}

async function fire(get: (path: string) => Promise<Answer>, path: string, count: number): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (let index = 0; index < count; index++) answers.push(await get(path));
  return answers;
}

describe('serving while a scrape writes to the same database', () => {
  it('answers every request while scrapes commit, each answer from one consistent state', async () => {
    const { get, writer } = await startTestApi(async (store) => {
      await recordScrape(store, 'ssa', ssaProspects(400, 'First'), { at: '2026-11-01T00:00:00.000Z' });
    });
    const scrapes = (async () => {
      for (let run = 1; run <= 6; run++) {
        const at = new Date(Date.parse('2026-11-01T00:00:00.000Z') + run * 3_600_000).toISOString();
        await recordScrape(writer, 'ssa', ssaProspects(400 + run * 20, `Run${run}`), { at });
      }
    })();
    const readers = Promise.all([
      fire(get, '/api/prospects?limit=100&sort_by=id&sort_order=asc', 40),
      fire(get, '/api/prospects?search=forecast&limit=5', 40),
      fire(get, '/api/data-sources', 20),
      fire(get, '/api/changes?since=2026-01-01&limit=20', 20),
    ]);
    const [answers] = await Promise.all([readers, scrapes]);
    for (const answer of answers.flat()) expect(answer.status).toBe(200);
    for (const answer of answers[0]!) {
      expect([400, 420, 440, 460, 480, 500, 520]).toContain(answer.json.data.pagination.total_items);
    }
    // Once the scrapes are done, nothing cached from before them is answered.
    const after = await get('/api/prospects?limit=100&sort_by=id&sort_order=asc');
    expect(after.json.data.pagination.total_items).toBe(520);
    expect(after.json.data.items[0].title).toBe('Run6 forecast 0');
    const sources = await get('/api/data-sources');
    const ssa = sources.json.data.find((source: { key: string }) => source.key === 'ssa');
    expect(ssa.prospect_count).toBe(520);
  });

  it('keeps answering while another thread holds long write transactions (WAL readers never wait)', async () => {
    const { get, writer, api } = await startTestApi(async (store) => {
      await recordScrape(store, 'ssa', ssaProspects(300, 'First'), { at: '2026-11-01T00:00:00.000Z' });
    });
    // A writer on its own thread and connection, as a `jps scrape` process would be: each
    // transaction rewrites every title and holds the write lock for a while before committing.
    const worker = new Worker(
      `
      const { workerData, parentPort } = require('node:worker_threads');
      const Database = require(workerData.driver);
      const db = new Database(workerData.path);
      db.pragma('busy_timeout = 5000');
      const started = Date.now();
      let commits = 0;
      while (Date.now() - started < 1500) {
        db.exec('BEGIN IMMEDIATE');
        db.prepare("UPDATE prospects SET title = 'Rewritten ' || ? || ' ' || pk").run(commits);
        const hold = Date.now();
        while (Date.now() - hold < 50) {}
        db.exec('COMMIT');
        commits++;
      }
      db.close();
      parentPort.postMessage(commits);
      `,
      {
        eval: true,
        workerData: { path: writer.path, driver: createRequire(import.meta.url).resolve('better-sqlite3') },
      },
    );
    const commits = new Promise<number>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    const latencies: number[] = [];
    const answers: Answer[] = [];
    let done = false;
    void commits.then(() => (done = true));
    while (!done) {
      const started = performance.now();
      answers.push(await get('/api/prospects?limit=50&page=2'));
      latencies.push(performance.now() - started);
    }
    expect(await commits).toBeGreaterThan(5);
    expect(answers.length).toBeGreaterThan(10);
    for (const answer of answers) expect(answer.status).toBe(200);
    // A reader blocked on the writer's lock would wait its 50 ms hold at least.
    latencies.sort((a, b) => a - b);
    expect(latencies[Math.floor(latencies.length / 2)]).toBeLessThan(40);
    expect(api.port).toBeGreaterThan(0);
    const final = await get('/api/prospects?limit=1&sort_by=id&sort_order=asc');
    expect(final.json.data.items[0].title).toMatch(/^Rewritten /);
  });
});
