import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * The database as a reader sees it: every query builder that reads, none that writes. The API gets
 * this type, so an `insertInto`, `updateTable`, `deleteFrom` or a schema change written there fails
 * to compile (the connection is read-only too, so one written around the type fails at run time).
 * Queries that only read take it. A transaction stays: a reader may need one consistent snapshot.
 */
export type ReadonlyDb = Omit<
  Kysely<Database>,
  'insertInto' | 'replaceInto' | 'updateTable' | 'deleteFrom' | 'mergeInto' | 'schema'
>;
