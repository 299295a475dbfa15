import type { Migration } from 'kysely';
import * as createTables from './0001_create_tables.js';
import * as addListIndexes from './0002_add_list_indexes.js';
import * as createWatches from './0003_create_watches.js';
import * as createDuplicateLinks from './0004_create_duplicate_links.js';
import * as moveLoadBookkeepingToLoader from './0005_move_load_bookkeeping_to_loader.js';
import * as allowInterruptedRuns from './0006_allow_interrupted_runs.js';

/** Every schema step in order. Loaded statically so the built CLI needs no file-system scan. */
export const migrations: Record<string, Migration> = {
  '0001_create_tables': createTables,
  '0002_add_list_indexes': addListIndexes,
  '0003_create_watches': createWatches,
  '0004_create_duplicate_links': createDuplicateLinks,
  '0005_move_load_bookkeeping_to_loader': moveLoadBookkeepingToLoader,
  '0006_allow_interrupted_runs': allowInterruptedRuns,
};
