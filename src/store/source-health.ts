// INTERFACE FIRST: the bodies are filled in by the `jps health` work; the API shares them.
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export type Verdict = 'healthy' | 'degraded' | 'failing' | 'never_run';

export interface LiveProbe {
  reachable: boolean;
  status_code: number | null;
  response_ms: number | null;
  data_found: boolean;
  detail: string;
}

/** One source's health, as `jps health --format json` prints it and `/api/health` returns it. */
export interface SourceHealth {
  source: string;
  verdict: Verdict;
  reasons: string[];
  last_run: unknown;
  last_success: unknown;
  last_success_age_hours: number | null;
  rows: number | null;
  previous_rows: number | null;
  coverage: number | null;
  live: LiveProbe | null;
}

export interface HealthOptions {
  now: Date;
  maxAgeMillis: number;
}

/** Verdicts for the given sources from what the store knows (no network). */
export async function sourceHealth(
  _db: Kysely<Database>,
  _sourceKeys: readonly string[],
  _options: HealthOptions,
): Promise<SourceHealth[]> {
  throw new Error('sourceHealth: not built yet');
}
