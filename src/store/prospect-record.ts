import { createHash } from 'node:crypto';
import type { ProspectRow } from './schema.js';

/**
 * The record of record.md, in its fixed key order: what `jps list --format json` prints and
 * `jps serve` returns. Byte-stable: the same data always serialises to the same bytes.
 */
export interface ProspectRecord {
  id: string;
  source: string;
  source_name: string;
  native_id: string | null;
  title: string;
  description: string | null;
  agency: string;
  office: string | null;
  naics: string | null;
  naics_description: string | null;
  estimated_value_text: string | null;
  estimated_value_min: number | null;
  estimated_value_max: number | null;
  release_date: string | null;
  award_date: string | null;
  award_fiscal_year: number | null;
  award_quarter: number | null;
  place_of_performance: string | null;
  place_city: string | null;
  place_state: string | null;
  place_country: string | null;
  contract_type: string | null;
  set_aside: string | null;
  set_aside_standardized: string;
  set_aside_standardized_label: string;
  primary_contact_name: string | null;
  primary_contact_email: string | null;
  incumbent: string | null;
  url: string | null;
  status: 'active' | 'removed';
  first_seen_at: string;
  last_seen_at: string;
  removed_at: string | null;
  extra: Record<string, string>;
}

/** Every field of the record, in record.md's order. */
export const RECORD_FIELDS = [
  'id',
  'source',
  'source_name',
  'native_id',
  'title',
  'description',
  'agency',
  'office',
  'naics',
  'naics_description',
  'estimated_value_text',
  'estimated_value_min',
  'estimated_value_max',
  'release_date',
  'award_date',
  'award_fiscal_year',
  'award_quarter',
  'place_of_performance',
  'place_city',
  'place_state',
  'place_country',
  'contract_type',
  'set_aside',
  'set_aside_standardized',
  'set_aside_standardized_label',
  'primary_contact_name',
  'primary_contact_email',
  'incumbent',
  'url',
  'status',
  'first_seen_at',
  'last_seen_at',
  'removed_at',
  'extra',
] as const satisfies readonly (keyof ProspectRecord)[];

export type RecordField = (typeof RECORD_FIELDS)[number];

/**
 * The fields a scrape sets from the source row, and the only ones whose change is an `updated`
 * event (with `extra.<header>` for extra's members).
 */
export const TRACKED_FIELDS = [
  'native_id',
  'title',
  'description',
  'agency',
  'office',
  'naics',
  'naics_description',
  'estimated_value_text',
  'estimated_value_min',
  'estimated_value_max',
  'release_date',
  'award_date',
  'award_fiscal_year',
  'award_quarter',
  'place_of_performance',
  'place_city',
  'place_state',
  'place_country',
  'contract_type',
  'set_aside',
  'set_aside_standardized',
  'set_aside_standardized_label',
  'primary_contact_name',
  'primary_contact_email',
  'incumbent',
  'url',
] as const satisfies readonly (keyof ProspectRecord)[];

export type TrackedField = (typeof TRACKED_FIELDS)[number];
export type TrackedFields = Pick<ProspectRecord, TrackedField>;

/** A prospect row of the store, with its source's name, as the record of record.md. */
export function toProspectRecord(row: ProspectRow, sourceName: string): ProspectRecord {
  const record = {} as Record<RecordField, unknown>;
  for (const field of RECORD_FIELDS) {
    if (field === 'source_name') record[field] = sourceName;
    else if (field === 'extra') record[field] = JSON.parse(row.extra) as Record<string, string>;
    else record[field] = row[field];
  }
  return record as unknown as ProspectRecord;
}

/** Hash of everything a change event can be about: equal hashes mean an identical record. */
export function contentHash(fields: TrackedFields, extra: Record<string, string>): string {
  const hash = createHash('sha256');
  for (const field of TRACKED_FIELDS) hash.update(`${field}\u0000${JSON.stringify(fields[field])}\u0001`);
  for (const key of Object.keys(extra).sort())
    hash.update(`extra.${key}\u0000${JSON.stringify(extra[key])}\u0001`);
  return hash.digest('hex');
}
