import { createHash, hash } from 'node:crypto';
import { cleanNativeId, normaliseProspect, type ProspectFields } from '../normalise/prospect.js';
import type { IncomingProspect } from '../store/diff-prospects.js';
import type { SeenAgain } from '../store/load-prospects.js';
import { VERSION } from '../version.js';
import type { MappedRow } from './map-rows.js';

export interface BuiltRecords {
  /** The records, built as they are iterated (once). */
  records: Iterable<IncomingProspect | SeenAgain>;
  /** Counted while the records are iterated: final once they all were. */
  readonly skipped: number;
  /** The first reasons rows were skipped, with their row numbers. */
  readonly skippedReasons: string[];
}

export interface BuildOptions {
  /**
   * Whether the store holds the record `id` from a source row hashing to `sourceHash` (and still
   * lists it as active): then the row is not normalised again but reported seen again.
   */
  isSeenAgain?: (id: string, sourceHash: string) => boolean;
}

const SHOWN_SKIP_REASONS = 5;

/**
 * Normalises mapped rows into records with their ids: `<source>:<native key>`, or a key derived
 * from the record's content where the row has none. A key seen twice gets `-2`, `-3`… in file order.
 */
export function buildRecords(
  sourceKey: string,
  agency: string,
  rows: Iterable<MappedRow>,
  options: BuildOptions = {},
): BuiltRecords {
  const built = { records: each(), skipped: 0, skippedReasons: [] as string[] };
  const seen = new Map<string, number>();
  // An id is claimed only by a row that yields a record, so a skipped row never shifts the
  // suffixes of the rows after it.
  const idOf = (base: string) => {
    const count = (seen.get(base) ?? 0) + 1;
    return `${sourceKey}:${count === 1 ? base : `${base}-${count}`}`;
  };
  const claim = (base: string) => seen.set(base, (seen.get(base) ?? 0) + 1);
  function* each(): Generator<IncomingProspect | SeenAgain> {
    for (const row of rows) {
      const nativeKey = cleanNativeId(row.nativeKey);
      const sourceHash = sourceRowHash(row.source);
      // With a native key the id is known before normalising, so an unchanged row need not be
      // normalised at all.
      if (nativeKey !== null && options.isSeenAgain?.(idOf(nativeKey), sourceHash)) {
        yield { id: idOf(nativeKey), seenAgain: true };
        claim(nativeKey);
        continue;
      }
      const result = normaliseProspect(row.raw, { agency });
      if (!result.ok) {
        built.skipped += 1;
        if (built.skippedReasons.length < SHOWN_SKIP_REASONS)
          built.skippedReasons.push(`row ${row.rowNumber}: ${result.reason}`);
        continue;
      }
      const base = nativeKey ?? derivedKey(result.fields);
      const id = idOf(base);
      claim(base);
      yield { id, fields: result.fields, extra: row.extra, raw: row.source, sourceHash };
    }
  }
  return built;
}

/**
 * Hash of a source row as read and of the jps that reads it: equal hashes mean the row would
 * normalise to the same record. A new jps version re-reads every row once.
 */
export function sourceRowHash(source: Record<string, unknown>): string {
  return hash('sha1', `${VERSION}\u0000${JSON.stringify(source)}`, 'base64');
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
