import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { openStoreForWriting, type Store } from '../../src/store/connection.js';
import type { Database } from '../../src/store/schema.js';
import { syncDataSources } from '../../src/store/data-sources.js';
import { ALL_SOURCES } from '../../src/sources/index.js';
import { makeProspect, recordScrape, tempDir } from '../helpers/store.js';

/** A database as jps left it before this step: every other migration run, a scrape stored. */
async function databaseBefore(): Promise<string> {
  const dbPath = join(tempDir(), 'jps.db');
  const kysely = new Kysely<unknown>({
    dialect: new SqliteDialect({ database: new SqliteDatabase(dbPath) }),
  });
  const others = Object.fromEntries(
    Object.entries(migrations).filter(([name]) => name !== '0006_allow_interrupted_runs'),
  );
  const migrator = new Migrator({ db: kysely, provider: { getMigrations: async () => others } });
  expect((await migrator.migrateToLatest()).error).toBeUndefined();
  await kysely.destroy();
  return dbPath;
}

function dump(sqlite: SqliteDatabase.Database) {
  return {
    runs: sqlite.prepare('SELECT * FROM scrape_runs ORDER BY id').all(),
    events: sqlite.prepare('SELECT * FROM prospect_events ORDER BY id').all(),
    prospects: sqlite.prepare('SELECT * FROM prospects ORDER BY pk').all(),
    indexes: sqlite
      .prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'scrape_runs' ORDER BY name",
      )
      .all(),
  };
}

describe('migration 0006_allow_interrupted_runs', () => {
  it('keeps every run, its id, its indexes and what points at it, and accepts `interrupted`', async () => {
    const dbPath = await databaseBefore();
    {
      const sqlite = new SqliteDatabase(dbPath);
      const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
      const store: Store = { db, sqlite, path: dbPath, readonly: false, close: () => db.destroy() };
      await syncDataSources(store.db, ALL_SOURCES, '2026-01-01T00:00:00.000Z');
      await recordScrape(store, 'ssa', [makeProspect('ssa:A'), makeProspect('ssa:B')], {
        at: '2026-11-01T00:00:00.000Z',
      });
      await recordScrape(store, 'ssa', [makeProspect('ssa:A', { title: 'Renamed' })], {
        at: '2026-11-02T00:00:00.000Z',
      });
      sqlite.exec(
        "INSERT INTO scrape_runs (source, started_at, status) VALUES ('ssa', '2026-11-03T00:00:00.000Z', 'running')",
      );
      expect(() =>
        sqlite.exec("UPDATE scrape_runs SET status = 'interrupted' WHERE status = 'running'"),
      ).toThrow(/CHECK constraint failed/);
      await store.close();
    }
    const check = new SqliteDatabase(dbPath);
    const before = dump(check);
    check.close();

    const store = await openStoreForWriting(dbPath);
    expect(dump(store.sqlite)).toEqual(before);
    expect(store.sqlite.pragma('foreign_key_check')).toEqual([]);
    expect(store.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    store.sqlite.exec("UPDATE scrape_runs SET status = 'interrupted' WHERE status = 'running'");
    expect(() => store.sqlite.exec("UPDATE scrape_runs SET status = 'lost' WHERE id = 1")).toThrow(
      /CHECK constraint failed/,
    );
    expect(() => store.sqlite.exec('DELETE FROM scrape_runs WHERE id = 1')).toThrow(/FOREIGN KEY/);
    await store.close();
  });
});
