import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports from src/ and is never edited once released.
//
// Likely duplicates (README, "jps duplicates"), kept beside the prospects and never in them: linking
// only ever writes these tables.
// - `duplicate_links`: one row a pair of active prospects that likely describe one requirement,
//   `prospect_id` < `other_id`, with the score and the reasons in words (a JSON array);
// - `duplicate_members`: for every prospect in a group, the group's representative (the one a
//   collapsed list shows) and the group's size, so a list collapses with one indexed condition;
// - `duplicate_linking`: how far linking has read the change events, and with which matcher, so
//   a scrape that changed nothing re-judges nothing.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE duplicate_links (
    prospect_id TEXT NOT NULL,
    other_id TEXT NOT NULL,
    score REAL NOT NULL,
    reasons TEXT NOT NULL,
    linked_at TEXT NOT NULL,
    PRIMARY KEY (prospect_id, other_id)
  ) WITHOUT ROWID`.execute(db);
  await sql`CREATE INDEX duplicate_links_other ON duplicate_links (other_id)`.execute(db);

  await sql`CREATE TABLE duplicate_members (
    prospect_id TEXT NOT NULL PRIMARY KEY,
    representative_id TEXT NOT NULL,
    group_size INTEGER NOT NULL
  ) WITHOUT ROWID`.execute(db);
  await sql`CREATE INDEX duplicate_members_representative ON duplicate_members (representative_id)`.execute(
    db,
  );

  await sql`CREATE TABLE duplicate_linking (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_event_id INTEGER NOT NULL,
    matcher_version INTEGER NOT NULL,
    linked_at TEXT NOT NULL
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE duplicate_linking`.execute(db);
  await sql`DROP TABLE duplicate_members`.execute(db);
  await sql`DROP TABLE duplicate_links`.execute(db);
}
