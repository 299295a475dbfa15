import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports from src/ and is never edited once released.
//
// What makes a large scrape load several times faster:
// - `source_hash`, a hash of the source row as read (and of the jps version that read it): a row
//   read again byte for byte is known unchanged without being normalised again;
// - the full-text index and `last_event_at` are kept by the loader, a batch at a time, instead of
//   by triggers run once per row (and, for `last_event_at`, once per event). The delete trigger
//   stays: jps never deletes a prospect, but whoever does keeps the full-text index right.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE prospects ADD COLUMN source_hash TEXT`.execute(db);
  await sql`DROP TRIGGER prospects_fts_insert`.execute(db);
  await sql`DROP TRIGGER prospects_fts_update`.execute(db);
  await sql`DROP TRIGGER prospects_last_event_at`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
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
