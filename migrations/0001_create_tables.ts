import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports from src/ and is never edited once released.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('data_sources')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('agency', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('scrape_runs')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull().references('data_sources.key'))
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('running', 'ok', 'partial', 'failed')`),
    )
    .addColumn('origin', 'text')
    .addColumn('rows_read', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('added', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('removed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('restored', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unchanged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('skipped', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('skipped_reasons', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('coverage', 'real')
    .addColumn('partial_reason', 'text')
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('bytes', 'integer')
    .addColumn('sha256', 'text')
    .addColumn('archive_path', 'text')
    .addColumn('duration_ms', 'integer')
    .execute();
  await db.schema
    .createIndex('scrape_runs_source_started')
    .on('scrape_runs')
    .columns(['source', 'started_at'])
    .execute();

  // `pk` aliases the rowid so that VACUUM never renumbers the rows the full-text index points at.
  await db.schema
    .createTable('prospects')
    .addColumn('pk', 'integer', (c) => c.primaryKey())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('source', 'text', (c) => c.notNull().references('data_sources.key'))
    .addColumn('native_id', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('agency', 'text', (c) => c.notNull())
    .addColumn('office', 'text')
    .addColumn('naics', 'text')
    .addColumn('naics_description', 'text')
    .addColumn('estimated_value_text', 'text')
    .addColumn('estimated_value_min', 'real')
    .addColumn('estimated_value_max', 'real')
    .addColumn('release_date', 'text')
    .addColumn('award_date', 'text')
    .addColumn('award_fiscal_year', 'integer')
    .addColumn('award_quarter', 'integer')
    .addColumn('place_of_performance', 'text')
    .addColumn('place_city', 'text')
    .addColumn('place_state', 'text')
    .addColumn('place_country', 'text')
    .addColumn('contract_type', 'text')
    .addColumn('set_aside', 'text')
    .addColumn('set_aside_standardized', 'text', (c) => c.notNull())
    .addColumn('set_aside_standardized_label', 'text', (c) => c.notNull())
    .addColumn('primary_contact_name', 'text')
    .addColumn('primary_contact_email', 'text')
    .addColumn('incumbent', 'text')
    .addColumn('url', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'removed')`))
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('removed_at', 'text')
    .addColumn('extra', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('raw', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('last_run_id', 'integer', (c) => c.references('scrape_runs.id'))
    .execute();
  await db.schema
    .createIndex('prospects_source_status')
    .on('prospects')
    .columns(['source', 'status'])
    .execute();

  await db.schema
    .createTable('prospect_events')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('prospect_id', 'text', (c) => c.notNull().references('prospects.id'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('run_id', 'integer', (c) => c.notNull().references('scrape_runs.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('added', 'updated', 'removed', 'restored')`),
    )
    .addColumn('field', 'text')
    // old and new are JSON, so a number stays a number and a null value differs from no value.
    .addColumn('old', 'text')
    .addColumn('new', 'text')
    .execute();
  await db.schema
    .createIndex('prospect_events_prospect')
    .on('prospect_events')
    .columns(['prospect_id', 'id'])
    .execute();
  await db.schema.createIndex('prospect_events_at').on('prospect_events').columns(['at']).execute();
  await db.schema
    .createIndex('prospect_events_source_at')
    .on('prospect_events')
    .columns(['source', 'at'])
    .execute();

  await sql`CREATE VIRTUAL TABLE prospects_fts USING fts5(
    title, description, agency, office,
    content='prospects', content_rowid='pk',
    tokenize="unicode61 remove_diacritics 2", prefix='2 3'
  )`.execute(db);
  await sql`CREATE TRIGGER prospects_fts_insert AFTER INSERT ON prospects BEGIN
    INSERT INTO prospects_fts(rowid, title, description, agency, office)
    VALUES (new.pk, new.title, new.description, new.agency, new.office);
  END`.execute(db);
  await sql`CREATE TRIGGER prospects_fts_delete AFTER DELETE ON prospects BEGIN
    INSERT INTO prospects_fts(prospects_fts, rowid, title, description, agency, office)
    VALUES ('delete', old.pk, old.title, old.description, old.agency, old.office);
  END`.execute(db);
  await sql`CREATE TRIGGER prospects_fts_update AFTER UPDATE OF title, description, agency, office ON prospects BEGIN
    INSERT INTO prospects_fts(prospects_fts, rowid, title, description, agency, office)
    VALUES ('delete', old.pk, old.title, old.description, old.agency, old.office);
    INSERT INTO prospects_fts(rowid, title, description, agency, office)
    VALUES (new.pk, new.title, new.description, new.agency, new.office);
  END`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE prospects_fts`.execute(db);
  await db.schema.dropTable('prospect_events').execute();
  await db.schema.dropTable('prospects').execute();
  await db.schema.dropTable('scrape_runs').execute();
  await db.schema.dropTable('data_sources').execute();
}
