import { type Kysely } from 'kysely';

// Frozen in time: this file never imports from src/ and is never edited once released.
//
// A watch is a saved `jps list` search with places to deliver its digest to (docs/watches.md).
// - `filters` is a JSON object of the list filters as jps reads them (`{"search":"cyber",
//   "sources":["dhs"],"setAside":"EIGHT_A","minValue":1500000}`); a watch without filters is `{}`.
// - `targets` is a JSON array of `{"kind":"webhook"|"email","target":"…"}`.
// - The cursor is the last change event the watch was told about: the next digest covers the
//   events with a larger id. Event ids only grow, and one scrape's events commit together, so
//   "every event with an id up to N" is always a whole set of loads. `cursor_at` is when that
//   was, for the digest's "from".

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('watches')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('filters', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('targets', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('cursor_event_id', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('cursor_at', 'text', (c) => c.notNull())
    .addColumn('last_digest_at', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('watches').execute();
}
