// INTERFACE FIRST: the bodies are filled in by the `jps list` work; the API shares them.
import type { Kysely } from 'kysely';
import type { Since } from '../time.js';
import type { ProspectRecord } from './prospect-record.js';
import type { Database } from './schema.js';

/** The fields `jps list --sort` and the API's `sort_by` accept (the API adds `id`). */
export const SORT_FIELDS = [
  'release_date',
  'award_date',
  'estimated_value_min',
  'estimated_value_max',
  'title',
  'agency',
  'naics',
  'first_seen_at',
  'last_seen_at',
] as const;
export type SortField = (typeof SORT_FIELDS)[number] | 'id';

export interface ProspectFilters {
  /** Source keys. */
  sources?: readonly string[];
  /** Case-insensitive substring. */
  agency?: string;
  office?: string;
  /** NAICS code prefix. */
  naics?: string;
  /** A set-aside code (EIGHT_A, …). */
  setAside?: string;
  /** Plain words: never a query language. */
  search?: string;
  status?: 'active' | 'removed' | 'all';
  minValue?: number;
  maxValue?: number;
  releaseFrom?: string;
  releaseTo?: string;
  awardFrom?: string;
  awardTo?: string;
  changedSince?: Since;
}

export interface ProspectQuery {
  filters: ProspectFilters;
  sort: SortField;
  order: 'asc' | 'desc';
  /** null = every matching record. */
  limit: number | null;
  /** 1-based. */
  page: number;
}

export interface ProspectPage {
  records: ProspectRecord[];
  /** Every record matching the filters, whatever the page. */
  total: number;
}

export async function listProspects(_db: Kysely<Database>, _query: ProspectQuery): Promise<ProspectPage> {
  throw new Error('listProspects: not built yet');
}

export async function getProspect(_db: Kysely<Database>, _id: string): Promise<ProspectRecord | undefined> {
  throw new Error('getProspect: not built yet');
}
