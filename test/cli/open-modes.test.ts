import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { runJps } from '../helpers/cli.js';
import { makeProspect, recordScrape, tempDir, tempStore } from '../helpers/store.js';

/** Every command that only reads, with arguments that would otherwise succeed. */
const READERS: [string, string[]][] = [
  ['list', ['list']],
  ['history', ['history']],
  ['health', ['health']],
  ['serve', ['serve', '--port', '0']],
  ['digest', ['digest']],
  ['watch list', ['watch', 'list']],
  ['watch show', ['watch', 'show', 'cyber']],
];

/** A file's bytes and those of its -wal, so "nothing was written" covers a write that stayed in the WAL. */
function snapshot(dbPath: string): string {
  const wal = `${dbPath}-wal`;
  return (
    readFileSync(dbPath).toString('base64') + (existsSync(wal) ? readFileSync(wal).toString('base64') : '')
  );
}

/** A database with one prospect, closed, as a finished scrape leaves it. */
async function storedDatabase(): Promise<string> {
  const store = await tempStore();
  await recordScrape(store, 'ssa', [makeProspect('ssa:A', { title: 'Help desk' })], {
    at: '2026-11-20T10:00:00.000Z',
  });
  await store.close();
  return store.path;
}

/** Runs `sql` on the database through a connection of its own, then closes it. */
function alter(dbPath: string, sql: string): void {
  const sqlite = new SqliteDatabase(dbPath);
  sqlite.exec(sql);
  sqlite.close();
}

describe('commands that only read', () => {
  it.each(READERS)(
    '%s on a mistyped --db exits 2 and creates neither the folder nor a database',
    async (_name, argv) => {
      const folder = join(tempDir(), 'typo');
      const dbPath = join(folder, 'jps.db');
      const { exitCode, stdout, stderr } = await runJps(argv, { dbPath });
      expect(stderr).toBe(`jps: no jps database at ${dbPath} — run \`jps scrape\` first`);
      expect(exitCode).toBe(2);
      expect(stdout).toBe('');
      expect(existsSync(folder)).toBe(false);
    },
  );

  it('treats an empty file as no database, leaving it empty', async () => {
    const dbPath = join(tempDir(), 'jps.db');
    writeFileSync(dbPath, '');
    const { exitCode, stderr } = await runJps(['list'], { dbPath });
    expect(stderr).toBe(`jps: no jps database at ${dbPath} — run \`jps scrape\` first`);
    expect(exitCode).toBe(2);
    expect(readFileSync(dbPath)).toHaveLength(0);
  });

  it.each(READERS.filter(([name]) => name !== 'serve'))(
    '%s on a database that needs a migration exits 5 naming `jps scrape` and leaves it unmigrated',
    async (_name, argv) => {
      const dbPath = join(tempDir(), 'jps.db');
      const kysely = new Kysely<unknown>({
        dialect: new SqliteDialect({ database: new SqliteDatabase(dbPath) }),
      });
      const firstOnly = Object.keys(migrations)[0]!;
      const migrator = new Migrator({ db: kysely, provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateTo(firstOnly)).error).toBeUndefined();
      await kysely.destroy();
      const before = snapshot(dbPath);

      const { exitCode, stdout, stderr } = await runJps(argv, { dbPath });
      expect(stderr).toBe(
        `jps: the database ${dbPath} needs migrating to this jps (migration ${Object.keys(migrations)[1]}); run \`jps scrape\` once, which migrates it`,
      );
      expect(exitCode).toBe(5);
      expect(stdout).toBe('');
      expect(snapshot(dbPath)).toBe(before);
    },
  );

  it('list reads a stored database without writing a byte of it', async () => {
    const dbPath = await storedDatabase();
    const before = snapshot(dbPath);
    const { exitCode, stdout } = await runJps(['list', '--format', 'json'], { dbPath });
    expect(exitCode).toBe(0);
    expect((JSON.parse(stdout) as { id: string }[]).map((p) => p.id)).toEqual(['ssa:A']);
    expect(snapshot(dbPath)).toBe(before);
  });
});

describe('a database written by a newer jps', () => {
  it.each([...READERS, ['scrape', ['scrape', '--source', 'hhs', '--file']]])(
    '%s exits 5 saying to upgrade jps, and changes nothing',
    async (name, argv) => {
      const dbPath = await storedDatabase();
      alter(dbPath, "INSERT INTO kysely_migration (name, timestamp) VALUES ('0099_from_the_future', 'x')");
      const before = snapshot(dbPath);
      const file = join(tempDir(), 'hhs.csv');
      writeFileSync(file, 'Title\nHelp desk\n');
      const { exitCode, stdout, stderr } = await runJps(name === 'scrape' ? [...argv, file] : argv, {
        dbPath,
      });
      expect(stderr).toBe(
        `jps: the database ${dbPath} was written by a newer jps (migration 0099_from_the_future); upgrade jps`,
      );
      expect(exitCode).toBe(5);
      expect(stdout).toBe('');
      expect(snapshot(dbPath)).toBe(before);
    },
  );
});

describe('jps scrape, which writes', () => {
  it('migrates a database an older jps left behind', async () => {
    const dbPath = join(tempDir(), 'jps.db');
    const kysely = new Kysely<unknown>({
      dialect: new SqliteDialect({ database: new SqliteDatabase(dbPath) }),
    });
    const migrator = new Migrator({ db: kysely, provider: { getMigrations: async () => migrations } });
    await migrator.migrateTo(Object.keys(migrations)[0]!);
    await kysely.destroy();
    const file = join(tempDir(), 'empty.csv');
    writeFileSync(file, '');
    const scrape = await runJps(['scrape', '--source', 'hhs', '--file', file], { dbPath });
    expect(scrape.exitCode).toBe(3);
    const list = await runJps(['list'], { dbPath });
    expect(list.stderr).toBe('no prospects match');
    expect(list.exitCode).toBe(0);
  });
});
