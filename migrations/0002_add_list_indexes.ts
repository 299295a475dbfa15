import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports from src/ and is never edited once released.
//
// What makes `jps list` and `jps history` answer in milliseconds on a million prospects:
// - one index per sort field, so a first page reads fifty rows instead of sorting them all. Each
//   ends with `status`, so a filter on status and a count over the range never read the table.
//   The release date's, the default sort, also carries the columns most filters test, so a first
//   page under those filters reads only the rows it shows;
// - `prospect_totals`, the number of prospects per source and status kept by triggers, so the
//   "of 941,789" of an unfiltered list is a lookup rather than a count over every row;
// - `prospects.last_event_at`, the time of a prospect's latest change event kept by a trigger, so
//   `--changed-since` is a range on one index rather than a join over every recent event;
// - events indexed newest first with ties in recording order, the order `jps history` prints, so
//   a page of events is read in order instead of sorting every recent one. It replaces the plain
//   index on `at`, which it also serves.

const SORT_INDEXES: Record<string, string> = {
  prospects_release_date:
    'release_date, status, source, agency, office, naics, set_aside_standardized, last_event_at',
  prospects_award_date: 'award_date, status',
  // Each value index holds the other bound too, so a value-range count reads no row.
  prospects_value_min: 'estimated_value_min, estimated_value_max, status',
  prospects_value_max: 'estimated_value_max, estimated_value_min, status',
  prospects_title: 'title collate nocase, status',
  // agency and office also answer their substring filters: the distinct names are read from the
  // index and the matching ones looked up, with a NAICS prefix beside them.
  prospects_agency: 'agency collate nocase, naics, status',
  prospects_office: 'office collate nocase, naics, status',
  prospects_naics: 'naics, status',
  prospects_first_seen_at: 'first_seen_at, status',
  prospects_last_seen_at: 'last_seen_at, status',
  prospects_set_aside: 'set_aside_standardized, status',
};

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE prospects ADD COLUMN last_event_at TEXT`.execute(db);
  await sql`UPDATE prospects SET last_event_at =
    (SELECT max(at) FROM prospect_events WHERE prospect_events.prospect_id = prospects.id)`.execute(db);

  for (const [name, columns] of Object.entries(SORT_INDEXES)) {
    await sql`CREATE INDEX ${sql.ref(name)} ON prospects (${sql.raw(columns)})`.execute(db);
  }

  // The few removed prospects, so the active ones among a full-text match are counted without
  // reading their rows.
  await sql`CREATE INDEX prospects_removed ON prospects (status) WHERE status = 'removed'`.execute(db);

  await sql`CREATE TABLE prospect_totals (
    source TEXT NOT NULL,
    status TEXT NOT NULL,
    total INTEGER NOT NULL,
    PRIMARY KEY (source, status)
  ) WITHOUT ROWID`.execute(db);
  await sql`INSERT INTO prospect_totals (source, status, total)
    SELECT source, status, count(*) FROM prospects GROUP BY source, status`.execute(db);
  await sql`CREATE TRIGGER prospect_totals_insert AFTER INSERT ON prospects BEGIN
    INSERT INTO prospect_totals (source, status, total) VALUES (new.source, new.status, 1)
      ON CONFLICT (source, status) DO UPDATE SET total = total + 1;
  END`.execute(db);
  await sql`CREATE TRIGGER prospect_totals_delete AFTER DELETE ON prospects BEGIN
    UPDATE prospect_totals SET total = total - 1 WHERE source = old.source AND status = old.status;
  END`.execute(db);
  await sql`CREATE TRIGGER prospect_totals_update AFTER UPDATE OF source, status ON prospects
    WHEN old.source IS NOT new.source OR old.status IS NOT new.status BEGIN
    UPDATE prospect_totals SET total = total - 1 WHERE source = old.source AND status = old.status;
    INSERT INTO prospect_totals (source, status, total) VALUES (new.source, new.status, 1)
      ON CONFLICT (source, status) DO UPDATE SET total = total + 1;
  END`.execute(db);

  await sql`CREATE INDEX prospects_last_event_at ON prospects (last_event_at, status)`.execute(db);
  await sql`CREATE INDEX prospect_events_newest ON prospect_events (at DESC, id)`.execute(db);
  await sql`DROP INDEX prospect_events_at`.execute(db);

  await sql`CREATE TRIGGER prospects_last_event_at AFTER INSERT ON prospect_events BEGIN
    UPDATE prospects SET last_event_at = new.at
      WHERE id = new.prospect_id AND (last_event_at IS NULL OR last_event_at < new.at);
  END`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX prospect_events_at ON prospect_events (at)`.execute(db);
  await sql`DROP INDEX prospect_events_newest`.execute(db);
  await sql`DROP TRIGGER prospects_last_event_at`.execute(db);
  await sql`DROP INDEX prospects_last_event_at`.execute(db);
  for (const name of ['prospect_totals_insert', 'prospect_totals_delete', 'prospect_totals_update']) {
    await sql`DROP TRIGGER ${sql.ref(name)}`.execute(db);
  }
  await sql`DROP TABLE prospect_totals`.execute(db);
  await sql`DROP INDEX prospects_removed`.execute(db);
  for (const name of Object.keys(SORT_INDEXES)) await sql`DROP INDEX ${sql.ref(name)}`.execute(db);
  await sql`ALTER TABLE prospects DROP COLUMN last_event_at`.execute(db);
}
