import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports from src/ and is never edited once released.
//
// What makes a large scrape load several times faster:
// - `source_hash`, a hash of the source row as read (and of the jps version that read it): a row
//   read again byte for byte is known unchanged without being normalised again;
// - the full-text index and `last_event_at` are kept by the loader, a batch at a time, instead of
//   by triggers run once per row (and, for `last_event_at`, once per event). The delete trigger
//   stays: jps never deletes a prospect, but whoever does keeps the full-text index right;
// - first and last seen sorted with their tie-break (id ascending) in the index, one per direction:
//   the rows of one run all share these times, so an index on the time alone left a sort of up to
//   every prospect a run found (0.1–1 s on a million). Each still ends with `status`.

const SEEN_INDEXES: Record<string, string> = {
  prospects_first_seen_at_asc: 'first_seen_at, id, status',
  prospects_first_seen_at_desc: 'first_seen_at DESC, id, status',
  prospects_last_seen_at_asc: 'last_seen_at, id, status',
  prospects_last_seen_at_desc: 'last_seen_at DESC, id, status',
};

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE prospects ADD COLUMN source_hash TEXT`.execute(db);
  await sql`DROP TRIGGER prospects_fts_insert`.execute(db);
  await sql`DROP TRIGGER prospects_fts_update`.execute(db);
  await sql`DROP TRIGGER prospects_last_event_at`.execute(db);
  for (const [name, columns] of Object.entries(SEEN_INDEXES)) {
    await sql`CREATE INDEX ${sql.ref(name)} ON prospects (${sql.raw(columns)})`.execute(db);
  }
  await sql`DROP INDEX prospects_first_seen_at`.execute(db);
  await sql`DROP INDEX prospects_last_seen_at`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX prospects_first_seen_at ON prospects (first_seen_at, status)`.execute(db);
  await sql`CREATE INDEX prospects_last_seen_at ON prospects (last_seen_at, status)`.execute(db);
  for (const name of Object.keys(SEEN_INDEXES)) await sql`DROP INDEX ${sql.ref(name)}`.execute(db);
  await sql`CREATE TRIGGER prospects_last_event_at AFTER INSERT ON prospect_events BEGIN
    UPDATE prospects SET last_event_at = new.at
      WHERE id = new.prospect_id AND (last_event_at IS NULL OR last_event_at < new.at);
  END`.execute(db);
  await sql`CREATE TRIGGER prospects_fts_update AFTER UPDATE OF title, description, agency, office ON prospects BEGIN
    INSERT INTO prospects_fts(prospects_fts, rowid, title, description, agency, office)
    VALUES ('delete', old.pk, old.title, old.description, old.agency, old.office);
    INSERT INTO prospects_fts(rowid, title, description, agency, office)
    VALUES (new.pk, new.title, new.description, new.agency, new.office);
  END`.execute(db);
  await sql`CREATE TRIGGER prospects_fts_insert AFTER INSERT ON prospects BEGIN
    INSERT INTO prospects_fts(rowid, title, description, agency, office)
    VALUES (new.pk, new.title, new.description, new.agency, new.office);
  END`.execute(db);
  await sql`ALTER TABLE prospects DROP COLUMN source_hash`.execute(db);
}
