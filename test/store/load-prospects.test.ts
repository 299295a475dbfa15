import { readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProspects } from '../../src/store/load-prospects.js';
import { startRun } from '../../src/store/runs.js';
import { RawArchiveWriter } from '../../src/scraper/raw-archive.js';
import { makeProspect, tempDir, tempStore } from '../helpers/store.js';

describe('loading a source into the store', () => {
  it('loads 10,000 records, and on an identical re-load records no event and only moves last_seen_at', async () => {
    const store = await tempStore();
    const records = Array.from({ length: 10_000 }, (_, i) =>
      makeProspect(`ssa:APP-${i}`, {
        title: `Requirement ${i}`,
        estimated_value_min: i,
        estimated_value_max: i,
      }),
    );
    const first = await startRun(store.db, 'ssa', '2026-11-20T10:00:00.000Z', 'test');
    const counts = loadProspects(store.sqlite, records, {
      source: 'ssa',
      runId: first,
      at: '2026-11-20T10:00:01.000Z',
      complete: true,
    });
    expect(counts).toEqual({ added: 10_000, updated: 0, removed: 0, restored: 0, unchanged: 0 });

    const second = await startRun(store.db, 'ssa', '2026-11-27T10:00:00.000Z', 'test');
    const again = loadProspects(store.sqlite, records, {
      source: 'ssa',
      runId: second,
      at: '2026-11-27T10:00:01.000Z',
      complete: true,
    });
    expect(again).toEqual({ added: 0, updated: 0, removed: 0, restored: 0, unchanged: 10_000 });
    const events = store.sqlite
      .prepare('SELECT run_id, count(*) AS n FROM prospect_events GROUP BY run_id')
      .all() as { run_id: number; n: number }[];
    expect(events).toEqual([{ run_id: first, n: 10_000 }]);
    const seen = store.sqlite
      .prepare(
        'SELECT last_seen_at, first_seen_at, last_run_id, count(*) AS n FROM prospects GROUP BY 1, 2, 3',
      )
      .all();
    expect(seen).toEqual([
      {
        last_seen_at: '2026-11-27T10:00:01.000Z',
        first_seen_at: '2026-11-20T10:00:01.000Z',
        last_run_id: second,
        n: 10_000,
      },
    ]);
  });

  it('moves last_seen_at of exactly the records a read lists, whether it is partial or complete', async () => {
    const store = await tempStore();
    const record = (id: string) => makeProspect(id, { title: `Requirement ${id}` });
    const load = async (source: string, ids: string[], at: string, complete: boolean) => {
      const runId = await startRun(store.db, source, at, 'test');
      return loadProspects(store.sqlite, ids.map(record), { source, runId, at, complete });
    };
    const WEEK1 = '2026-11-20T10:00:01.000Z';
    const WEEK2 = '2026-11-27T10:00:01.000Z';
    const WEEK3 = '2026-12-04T10:00:01.000Z';
    await load('ssa', ['ssa:A', 'ssa:B', 'ssa:C'], WEEK1, true);
    await load('dot', ['dot:X'], WEEK1, true);
    const seen = () =>
      store.sqlite.prepare('SELECT id, status, last_seen_at FROM prospects ORDER BY id').all();
    expect(await load('ssa', ['ssa:A'], WEEK2, false)).toMatchObject({ unchanged: 1, removed: 0 });
    expect(seen()).toEqual([
      { id: 'dot:X', status: 'active', last_seen_at: WEEK1 },
      { id: 'ssa:A', status: 'active', last_seen_at: WEEK2 },
      { id: 'ssa:B', status: 'active', last_seen_at: WEEK1 },
      { id: 'ssa:C', status: 'active', last_seen_at: WEEK1 },
    ]);
    expect(await load('ssa', ['ssa:A', 'ssa:B'], WEEK3, true)).toMatchObject({ unchanged: 2, removed: 1 });
    expect(seen()).toEqual([
      { id: 'dot:X', status: 'active', last_seen_at: WEEK1 },
      { id: 'ssa:A', status: 'active', last_seen_at: WEEK3 },
      { id: 'ssa:B', status: 'active', last_seen_at: WEEK3 },
      { id: 'ssa:C', status: 'removed', last_seen_at: WEEK1 },
    ]);
  });

  it('keeps the full-text index in step with titles that change', async () => {
    const store = await tempStore();
    const load = async (title: string, at: string) => {
      const runId = await startRun(store.db, 'ssa', at, 'test');
      loadProspects(store.sqlite, [makeProspect('ssa:A-1', { title })], {
        source: 'ssa',
        runId,
        at,
        complete: true,
      });
    };
    const match = (word: string) =>
      store.sqlite
        .prepare('SELECT count(*) AS n FROM prospects_fts WHERE prospects_fts MATCH ?')
        .get(word) as { n: number };
    await load('Cybersecurity assessment', '2026-11-20T10:00:00.000Z');
    expect(match('cybersecurity').n).toBe(1);
    await load('Janitorial services', '2026-11-27T10:00:00.000Z');
    expect(match('cybersecurity').n).toBe(0);
    expect(match('janitorial').n).toBe(1);
  });

  it('keeps only the newest ten raw payloads of a source', () => {
    const folder = tempDir();
    mkdirSync(join(folder, 'ssa'));
    for (let day = 1; day <= 12; day += 1) {
      writeFileSync(join(folder, 'ssa', `ssa_202611${String(day).padStart(2, '0')}_100000.xlsm`), 'old');
    }
    const archive = new RawArchiveWriter(folder, 'ssa', new Date('2026-11-27T10:00:00Z'), 10);
    archive.open('xlsm');
    archive.write('new payload');
    const record = archive.finish();
    expect(record).toMatchObject({ bytes: 11, archivePath: join(folder, 'ssa', 'ssa_20261127_100000.xlsm') });
    const kept = readdirSync(join(folder, 'ssa')).sort();
    expect(kept).toHaveLength(10);
    expect(kept[0]).toBe('ssa_20261104_100000.xlsm');
    expect(kept.at(-1)).toBe('ssa_20261127_100000.xlsm');
  });
});
