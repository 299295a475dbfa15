import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { gatewayCsv, gatewayRecord } from '../fixtures/acquisition-gateway/gateway-export.js';
import { scrapeSource } from '../helpers/cli.js';
import { tempDir } from '../helpers/store.js';

const ROWS = 4_000;

/** The Gateway's CSV export of `ROWS` records; every `changeEvery`th one retitled (0: none). */
function exportFile(dir: string, name: string, changeEvery = 0, rows = ROWS): string {
  const records = Array.from({ length: rows }, (_, i) => gatewayRecord(i)).map((record, i) =>
    changeEvery > 0 && i % changeEvery === 0 ? { ...record, title: `${record.title} (revised)` } : record,
  );
  const path = join(dir, name);
  writeFileSync(path, gatewayCsv(records));
  return path;
}

describe('re-reading a large export', () => {
  it('records exactly the rows that changed when one row in twenty did, and nothing when none did', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'jps.db');
    const scrape = (file: string) =>
      scrapeSource('acquisition-gateway', ['--file', file], { dbPath }).then((r) => r.summary);

    const first = await scrape(exportFile(dir, 'week1.csv'));
    expect(first).toMatchObject({ status: 'ok', added: ROWS, unchanged: 0 });

    const changed = await scrape(exportFile(dir, 'week2.csv', 20));
    expect(changed).toMatchObject({ added: 0, updated: ROWS / 20, removed: 0, unchanged: ROWS - ROWS / 20 });

    const again = await scrape(exportFile(dir, 'week3.csv', 20));
    expect(again).toMatchObject({ added: 0, updated: 0, removed: 0, unchanged: ROWS });

    const db = new SqliteDatabase(dbPath, { readonly: true });
    try {
      const events = db
        .prepare(
          'SELECT run_id, kind, field, count(*) AS n FROM prospect_events GROUP BY 1, 2, 3 ORDER BY 1, 2, 3',
        )
        .all();
      expect(events).toEqual([
        { run_id: first.run_id, kind: 'added', field: null, n: ROWS },
        { run_id: changed.run_id, kind: 'updated', field: 'title', n: ROWS / 20 },
      ]);
      // The search finds the new titles and no longer the old ones.
      const matches = (words: string) =>
        db.prepare('SELECT count(*) FROM prospects_fts WHERE prospects_fts MATCH ?').pluck().get(words);
      expect(matches('revised')).toBe(ROWS / 20);
      const lastEvent = db
        .prepare(
          'SELECT last_event_at = first_seen_at AS untouched, count(*) AS n FROM prospects GROUP BY 1 ORDER BY 1',
        )
        .all();
      expect(lastEvent).toEqual([
        { untouched: 0, n: ROWS / 20 },
        { untouched: 1, n: ROWS - ROWS / 20 },
      ]);
    } finally {
      db.close();
    }
  }, 60_000);

  it('counts a streamed export as it reads it: one under half the last is partial, one a little shorter removes what it dropped', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'jps.db');
    const scrape = (file: string) => scrapeSource('acquisition-gateway', ['--file', file], { dbPath });

    await scrape(exportFile(dir, 'full.csv', 0, 1_000));
    const halved = await scrape(exportFile(dir, 'shrunk.csv', 0, 400));
    expect(halved.summary).toMatchObject({ status: 'partial', rows_read: 400, removed: 0, unchanged: 400 });
    expect(halved.stderr).toContain(
      'rows fell from 1,000 to 400: stored as partial and nothing marked removed',
    );

    const shorter = await scrape(exportFile(dir, 'shorter.csv', 0, 900));
    expect(shorter.summary).toMatchObject({ status: 'ok', rows_read: 900, removed: 100, unchanged: 900 });
  }, 60_000);
});
