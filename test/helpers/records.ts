import { openStore } from '../../src/store/connection.js';
import { toProspectRecord, type ProspectRecord } from '../../src/store/prospect-record.js';
import type { EventRow, RunRow } from '../../src/store/schema.js';

/** Every stored record of `source` (active and removed), as docs/record.md's records, by id. */
export async function storedRecords(dbPath: string, source?: string): Promise<ProspectRecord[]> {
  const store = await openStore(dbPath);
  try {
    let query = store.db
      .selectFrom('prospects')
      .innerJoin('data_sources', 'data_sources.key', 'prospects.source')
      .selectAll('prospects')
      .select('data_sources.name as source_name')
      .orderBy('prospects.id');
    if (source) query = query.where('prospects.source', '=', source);
    return (await query.execute()).map((row) => toProspectRecord(row, row.source_name));
  } finally {
    await store.close();
  }
}

/** Every stored change event, oldest first, with old/new parsed from JSON. */
export async function storedEvents(
  dbPath: string,
): Promise<(Omit<EventRow, 'old' | 'new'> & { old: unknown; new: unknown })[]> {
  const store = await openStore(dbPath);
  try {
    const rows = await store.db.selectFrom('prospect_events').selectAll().orderBy('id').execute();
    return rows.map((row) => ({
      ...row,
      old: row.old === null ? undefined : JSON.parse(row.old),
      new: row.new === null ? undefined : JSON.parse(row.new),
    }));
  } finally {
    await store.close();
  }
}

/** Every recorded run, oldest first. */
export async function storedRuns(dbPath: string): Promise<RunRow[]> {
  const store = await openStore(dbPath);
  try {
    return await store.db.selectFrom('scrape_runs').selectAll().orderBy('id').execute();
  } finally {
    await store.close();
  }
}

/** A source's stored records (active and removed) by id. */
export async function recordsById(dbPath: string, source: string): Promise<Map<string, ProspectRecord>> {
  return new Map((await storedRecords(dbPath, source)).map((record) => [record.id, record]));
}

/** The change events one run recorded, in the order it recorded them, without their bookkeeping. */
export async function runEvents(dbPath: string, runId: number) {
  return (await storedEvents(dbPath))
    .filter((event) => event.run_id === runId)
    .map(({ prospect_id, kind, field, old, new: now }) => ({ prospect_id, kind, field, old, new: now }));
}
