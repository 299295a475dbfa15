import type { hash as Hash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { ProspectFields } from '../normalise/prospect.js';
import type { ProspectRow, ProspectStatus } from './schema.js';

/**
 * The record of docs/record.md, in its fixed key order: what `jps list --format json` prints and
 * `jps serve` returns. Byte-stable: the same data always serialises to the same bytes.
 */
export type ProspectRecord = { id: string; source: string; source_name: string } & TrackedFields & {
    status: ProspectStatus;
    first_seen_at: string;
    last_seen_at: string;
    removed_at: string | null;
    extra: Record<string, string>;
  };

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

/** Every field of the record, in docs/record.md's order. */
export const RECORD_FIELDS = [
  'id',
  'source',
  'source_name',
  ...TRACKED_FIELDS,
  'status',
  'first_seen_at',
  'last_seen_at',
  'removed_at',
  'extra',
] as const satisfies readonly (keyof ProspectRecord)[];

export type RecordField = (typeof RECORD_FIELDS)[number];

export type TrackedField = (typeof TRACKED_FIELDS)[number];
/** The normalised fields of a source row: what the scrape compares and stores. */
export type TrackedFields = ProspectFields;

/** A prospect row of the store, with its source's name, as the record of docs/record.md. */
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
  // One string hashed in one call: the same digest as hashing its parts in turn, at a fraction of
  // the cost per record.
  let text = '';
  for (const field of TRACKED_FIELDS) text += `${field}\u0000${JSON.stringify(fields[field])}\u0001`;
  for (const key of Object.keys(extra).sort())
    text += `extra.${key}\u0000${JSON.stringify(extra[key])}\u0001`;
  return sha256Hex(text);
}

// node:crypto loads on the first hash, not with this module: `jps list` reads records but hashes
// none, and loading it (OpenSSL's set-up) is a few milliseconds of every start.
const require = createRequire(import.meta.url);
let hash: typeof Hash | undefined;

function sha256Hex(text: string): string {
  hash ??= (require('node:crypto') as { hash: typeof Hash }).hash;
  return hash('sha256', text, 'hex');
}
