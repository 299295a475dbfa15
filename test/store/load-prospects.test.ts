import { readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { loadProspects } from '../../src/store/load-prospects.js';
import { startRun } from '../../src/store/runs.js';
import type { Database } from '../../src/store/schema.js';
import { RawArchiveWriter } from '../../src/scraper/raw-archive.js';
import { makeProspect, tempDir, tempStore } from '../helpers/store.js';

describe('loading a source into the store', () => {
  it('loads 10,000 records in a handful of statements per batch, not one per row', async () => {
    const store = await tempStore();
    let statements = 0;
    const db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: store.sqlite }),
      log: (event) => {
        if (event.level === 'query') statements += 1;
      },
    });
    const records = Array.from({ length: 10_000 }, (_, i) =>
      makeProspect(`ssa:APP-${i}`, {
        title: `Requirement ${i}`,
        estimated_value_min: i,
        estimated_value_max: i,
      }),
    );
    const runId = await startRun(db, 'ssa', '2026-11-20T10:00:00.000Z', 'test');
    statements = 0;
    const counts = await db
      .transaction()
      .execute((trx) =>
        loadProspects(trx, records, { source: 'ssa', runId, at: '2026-11-20T10:00:01.000Z', complete: true }),
      );
    expect(counts).toEqual({ added: 10_000, updated: 0, removed: 0, restored: 0, unchanged: 0 });
    // One read of what is stored, 50 inserts of 200 records and 10 of 1,000 events.
    expect(statements).toBeLessThanOrEqual(70);

    statements = 0;
    const again = await db
      .transaction()
      .execute((trx) =>
        loadProspects(trx, records, { source: 'ssa', runId, at: '2026-11-27T10:00:01.000Z', complete: true }),
      );
    expect(again.unchanged).toBe(10_000);
    // One read and 20 updates of last_seen_at in batches of 500.
    expect(statements).toBeLessThanOrEqual(25);
  });

  it('keeps the full-text index in step with titles that change', async () => {
    const store = await tempStore();
    const load = async (title: string, at: string) => {
      const runId = await startRun(store.db, 'ssa', at, 'test');
      await store.db.transaction().execute((trx) =>
        loadProspects(trx, [makeProspect('ssa:A-1', { title })], {
          source: 'ssa',
          runId,
          at,
          complete: true,
        }),
      );
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
