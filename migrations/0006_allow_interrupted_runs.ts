import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports from src/ and is never edited once released.
//
// A run left `running` by a jps that was killed (or a machine that went down) is closed as
// `interrupted` when its source is next scraped. SQLite cannot change a CHECK constraint in
// place, so `scrape_runs` is rebuilt the way https://sqlite.org/lang_altertable.html#otheralter
// says: foreign keys off, a new table from the old one's own definition (so any column a later
// step added is kept), rows copied with their ids (events and prospects still point at their
// runs), the old table dropped, the new one renamed, its indexes re-created, the keys checked.

const BEFORE = "status in ('running', 'ok', 'partial', 'failed')";
const AFTER = "status in ('running', 'ok', 'partial', 'failed', 'interrupted')";

export async function up(db: Kysely<any>): Promise<void> {
  await rebuildScrapeRuns(db, BEFORE, AFTER);
}

export async function down(db: Kysely<any>): Promise<void> {
  await rebuildScrapeRuns(
    db,
    AFTER,
    BEFORE,
    "UPDATE scrape_runs SET status = 'failed' WHERE status = 'interrupted'",
  );
}

async function rebuildScrapeRuns(db: Kysely<any>, from: string, to: string, first?: string): Promise<void> {
  await sql`PRAGMA foreign_keys = OFF`.execute(db);
  try {
    await sql`BEGIN IMMEDIATE`.execute(db);
    try {
      if (first !== undefined) await sql.raw(first).execute(db);
      const { rows } = await sql<{ type: string; sql: string | null }>`
        SELECT type, sql FROM sqlite_master WHERE tbl_name = 'scrape_runs' ORDER BY type = 'table' DESC`.execute(
        db,
      );
      const table = rows.find((row) => row.type === 'table')?.sql ?? '';
      if (!table.includes(from)) {
        throw new Error(`scrape_runs does not have the expected status check (${from})`);
      }
      const created = table
        .replace(from, to)
        .replace(/^CREATE TABLE "?scrape_runs"?/i, 'CREATE TABLE "scrape_runs_rebuilt"');
      await sql.raw(created).execute(db);
      await sql`INSERT INTO scrape_runs_rebuilt SELECT * FROM scrape_runs`.execute(db);
      await sql`DROP TABLE scrape_runs`.execute(db);
      await sql`ALTER TABLE scrape_runs_rebuilt RENAME TO scrape_runs`.execute(db);
      // Indexes and triggers went with the old table: their own statements re-create them.
      for (const row of rows) {
        if (row.type !== 'table' && row.sql !== null) await sql.raw(row.sql).execute(db);
      }
      const { rows: broken } = await sql`PRAGMA foreign_key_check`.execute(db);
      if (broken.length > 0) throw new Error('rebuilding scrape_runs broke a foreign key');
      await sql`COMMIT`.execute(db);
    } catch (error) {
      await sql`ROLLBACK`.execute(db);
      throw error;
    }
  } finally {
    await sql`PRAGMA foreign_keys = ON`.execute(db);
  }
}
