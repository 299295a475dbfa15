// INTERFACE FIRST: the bodies are filled in by the `jps history` work; the API shares them.
import type { Kysely } from 'kysely';
import type { Since } from '../time.js';
import type { Database, EventKind } from './schema.js';

/** One change event as `jps history --format json` prints it and the API returns it. */
export interface ChangeEvent {
  prospect_id: string;
  source: string;
  title: string;
  run_id: number;
  at: string;
  kind: EventKind;
  field: string | null;
  old: unknown;
  new: unknown;
}

export interface EventQuery {
  since: Since;
  sources?: readonly string[];
  kind?: EventKind;
  /** null = every matching event. */
  limit: number | null;
  page: number;
}

/** One prospect's timeline, oldest first. */
export async function prospectHistory(_db: Kysely<Database>, _prospectId: string): Promise<ChangeEvent[]> {
  throw new Error('prospectHistory: not built yet');
}

/** Change events across all prospects, newest first. */
export async function listEvents(
  _db: Kysely<Database>,
  _query: EventQuery,
): Promise<{ events: ChangeEvent[]; total: number }> {
  throw new Error('listEvents: not built yet');
}
