import { createHash } from 'node:crypto';
import { cleanNativeId, normaliseProspect, type ProspectFields } from '../normalise/prospect.js';
import type { IncomingProspect } from '../store/diff-prospects.js';
import type { MappedRow } from './map-rows.js';

export interface BuiltRecords {
  records: IncomingProspect[];
  skipped: number;
  /** The first reasons rows were skipped, with their row numbers. */
  skippedReasons: string[];
}

const SHOWN_SKIP_REASONS = 5;

/**
 * Normalises mapped rows into records with their ids: `<source>:<native key>`, or a key derived
 * from the record's content where the row has none. A key seen twice gets `-2`, `-3`… in file order.
 */
export function buildRecords(sourceKey: string, agency: string, rows: readonly MappedRow[]): BuiltRecords {
  const records: IncomingProspect[] = [];
  const skippedReasons: string[] = [];
  let skipped = 0;
  const seen = new Map<string, number>();
  for (const row of rows) {
    const result = normaliseProspect(row.raw, { agency });
    if (!result.ok) {
      skipped += 1;
      if (skippedReasons.length < SHOWN_SKIP_REASONS)
        skippedReasons.push(`row ${row.rowNumber}: ${result.reason}`);
      continue;
    }
    const base = cleanNativeId(row.nativeKey) ?? derivedKey(result.fields);
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    const key = count === 1 ? base : `${base}-${count}`;
    records.push({ id: `${sourceKey}:${key}`, fields: result.fields, extra: row.extra, raw: row.source });
  }
  return { records, skipped, skippedReasons };
}

/** First 16 hex digits of SHA-256 over `title|office|naics|place_of_performance`, lower-cased. */
export function derivedKey(
  fields: Pick<ProspectFields, 'title' | 'office' | 'naics' | 'place_of_performance'>,
): string {
  const parts = [fields.title, fields.office, fields.naics, fields.place_of_performance].map((value) =>
    (value ?? '').replace(/\s+/g, ' ').trim().toLowerCase(),
  );
  return createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 16);
}
