import { sql } from 'kysely';
import type { ReadonlyDb } from './readonly-db.js';

/** How much of the active records jps's own normalisation filled in (`GET /api/llm/status`). */
export interface NormalisationCoverage {
  /** Active records. */
  total: number;
  /** …with a NAICS code. */
  withNaics: number;
  /** …with an estimated value parsed into a minimum or a maximum. */
  withValue: number;
  /** …whose set-aside was recognised (anything but NOT_AVAILABLE). */
  withSetAside: number;
}

/**
 * The total comes from the per-source totals the triggers keep; each coverage is the total less
 * the records without it, counted on an index that ends with `status` (migration 0002): the few
 * records lacking a field are far fewer to count than the many having it.
 */
export async function normalisationCoverage(db: ReadonlyDb): Promise<NormalisationCoverage> {
  const { rows } = await sql<{ total: number; noNaics: number; noValue: number; noSetAside: number }>`
    select
      (select coalesce(sum(total), 0) from prospect_totals where status = 'active') as total,
      (select count(*) from prospects where naics is null and status = 'active') as noNaics,
      (select count(*) from prospects
        where estimated_value_min is null and estimated_value_max is null and status = 'active') as noValue,
      (select count(*) from prospects where set_aside_standardized = 'NOT_AVAILABLE' and status = 'active')
        as noSetAside
  `.execute(db);
  const row = rows[0]!;
  const total = Number(row.total);
  return {
    total,
    withNaics: total - Number(row.noNaics),
    withValue: total - Number(row.noValue),
    withSetAside: total - Number(row.noSetAside),
  };
}
