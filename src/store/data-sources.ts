import type { Kysely } from 'kysely';
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
