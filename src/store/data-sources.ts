import type { Kysely } from 'kysely';
import type { ReadonlyDb } from './readonly-db.js';
import type { Database, DataSourceRow } from './schema.js';

export interface SourceIdentity {
  key: string;
  name: string;
  agency: string;
}

/**
 * Registers every source jps knows, in registry order, so that each has a small stable integer id
 * (the frontend's data-source id) whether or not it has ever been scraped. Names follow the code.
 */
export async function syncDataSources(
  db: Kysely<Database>,
  sources: readonly SourceIdentity[],
  now: string,
): Promise<void> {
  const existing = new Map(
    (await db.selectFrom('data_sources').selectAll().execute()).map((row) => [row.key, row]),
  );
  for (const source of sources) {
    const row = existing.get(source.key);
    if (!row) {
      await db
        .insertInto('data_sources')
        .values({ key: source.key, name: source.name, agency: source.agency, created_at: now })
        .execute();
    } else if (row.name !== source.name || row.agency !== source.agency) {
      await db
        .updateTable('data_sources')
        .set({ name: source.name, agency: source.agency })
        .where('key', '=', source.key)
        .execute();
    }
  }
}

export async function listDataSources(db: Kysely<Database>): Promise<DataSourceRow[]> {
  return db.selectFrom('data_sources').selectAll().orderBy('id').execute();
}

/** When the first source was registered — the database's creation, as far as jps knows — or null. */
export async function firstRegisteredAt(db: ReadonlyDb): Promise<string | null> {
  const first = await db
    .selectFrom('data_sources')
    .select((eb) => eb.fn.min('created_at').as('at'))
    .executeTakeFirst();
  return first?.at ?? null;
}

/** Reads one row, so a database that cannot be read (gone, corrupt, locked) throws here. */
export async function checkReadable(db: ReadonlyDb): Promise<void> {
  await db.selectFrom('data_sources').select('id').limit(1).execute();
}
