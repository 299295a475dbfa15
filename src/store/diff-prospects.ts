import { contentHash, TRACKED_FIELDS, type TrackedFields } from './prospect-record.js';
import type { EventKind, ProspectStatus } from './schema.js';

/** One normalised record a scrape read, ready to store. Ids are unique within one load. */
export interface IncomingProspect {
  id: string;
  fields: TrackedFields;
  extra: Record<string, string>;
  raw: Record<string, unknown>;
  /** Hash of the source row as read (sourceRowHash), when the record came from one. */
  sourceHash?: string;
}

/** What the store holds of a prospect that a change can be about. */
export type StoredProspect = TrackedFields & {
  id: string;
  status: ProspectStatus;
  /** JSON object text, as stored. */
  extra: string;
  content_hash: string;
};

export interface DiffOptions {
  source: string;
  runId: number;
  /** When the load happens: the time of every event, `first_seen_at` and `last_seen_at`. */
  at: string;
  /** Only a complete, successful read may mark what it no longer lists as removed. */
  complete: boolean;
}

/** A prospect to add, or the new state of a stored one: its fields plus what the store keeps. */
export interface ProspectWrite {
  record: IncomingProspect;
  hash: string;
}

export interface ProspectEvent {
  prospect_id: string;
  source: string;
  run_id: number;
  at: string;
  kind: EventKind;
  field: string | null;
  /** JSON text of the old value (updated events only). */
  old: string | null;
  /** JSON text of the new value (updated events only). */
  new: string | null;
}

export interface LoadCounts {
  added: number;
  updated: number;
  removed: number;
  restored: number;
  unchanged: number;
}

export interface ProspectDiff {
  /** Records the store does not have. */
  inserts: ProspectWrite[];
  /** Stored records that changed or return: rewritten whole and made active. */
  updates: ProspectWrite[];
  /** Ids of active records read again exactly as stored: only their `last_seen_at` moves. */
  unchanged: string[];
  /** Ids of active records a complete read no longer lists. */
  removed: string[];
  /** In the order they happened: per record, restored before its field updates. */
  events: ProspectEvent[];
  counts: LoadCounts;
}

/**
 * What applying one read of a source to the store changes, decided without touching the store:
 * a new record is added; a stored one whose content hash differs gets one `updated` event per
 * changed field (`extra.<header>` for extra's members); a removed one that returns is restored
 * (and updated too when it changed); an identical active one is only seen again. When the read is
 * `complete`, every stored active record it does not list is removed.
 *
 * `stored` holds the source's stored records, or — when a large read is diffed a batch at a time —
 * at least those of `incoming`'s ids. `hashOf` lets a caller that already hashed a record say so.
 */
export function diffProspects(
  stored: ReadonlyMap<string, StoredProspect>,
  incoming: Iterable<IncomingProspect>,
  options: DiffOptions,
  hashOf: (record: IncomingProspect) => string = (record) => contentHash(record.fields, record.extra),
): ProspectDiff {
  const { source, runId, at } = options;
  const diff: ProspectDiff = {
    inserts: [],
    updates: [],
    unchanged: [],
    removed: [],
    events: [],
    counts: { added: 0, updated: 0, removed: 0, restored: 0, unchanged: 0 },
  };
  const event = (
    prospectId: string,
    kind: EventKind,
    field: string | null = null,
    old?: unknown,
    now?: unknown,
  ) =>
    diff.events.push({
      prospect_id: prospectId,
      source,
      run_id: runId,
      at,
      kind,
      field,
      old: field === null ? null : JSON.stringify(old ?? null),
      new: field === null ? null : JSON.stringify(now ?? null),
    });

  const seen = new Set<string>();
  for (const record of incoming) {
    seen.add(record.id);
    const hash = hashOf(record);
    const before = stored.get(record.id);
    if (!before) {
      diff.inserts.push({ record, hash });
      event(record.id, 'added');
      diff.counts.added += 1;
      continue;
    }
    if (before.content_hash === hash && before.status === 'active') {
      diff.unchanged.push(record.id);
      diff.counts.unchanged += 1;
      continue;
    }
    if (before.status === 'removed') {
      event(record.id, 'restored');
      diff.counts.restored += 1;
    }
    if (before.content_hash !== hash) {
      for (const field of TRACKED_FIELDS) {
        if (!sameValue(before[field], record.fields[field]))
          event(record.id, 'updated', field, before[field], record.fields[field]);
      }
      const oldExtra = JSON.parse(before.extra) as Record<string, string>;
      for (const key of new Set([...Object.keys(oldExtra), ...Object.keys(record.extra)])) {
        if (oldExtra[key] !== record.extra[key])
          event(record.id, 'updated', `extra.${key}`, oldExtra[key], record.extra[key]);
      }
      diff.counts.updated += 1;
    }
    diff.updates.push({ record, hash });
  }

  if (options.complete) {
    for (const row of stored.values()) {
      if (row.status !== 'active' || seen.has(row.id)) continue;
      diff.removed.push(row.id);
      event(row.id, 'removed');
    }
    diff.counts.removed = diff.removed.length;
  }
  return diff;
}

function sameValue(a: unknown, b: unknown): boolean {
  return (a ?? null) === (b ?? null);
}
