/**
 * A watch's digest from the change events of its window (docs/watches.md): who is in it, judged
 * against the watch's filters before and after the window, and what changed for each. Pure: events
 * and records in, a digest out — the model is `judgeSource` over recorded runs.
 */
import type { ListFilters } from '../list-filters.js';
import type { ProspectRecord } from '../store/prospect-record.js';
import type { StoredEvent } from '../store/watches.js';
import { matchesFilters } from './match-filters.js';

/** One change event as the digest reads it: `old`/`new` already parsed from their JSON. */
export type WindowEvent = StoredEvent;

/** A field whose value at the end of the window differs from its value at the start. */
export interface FieldChange {
  field: string;
  old: unknown;
  new: unknown;
}

export interface DigestEntry {
  prospect: ProspectRecord;
  /** The prospect as it was at the start of the window; null when it was added in it. */
  before: ProspectRecord | null;
  changes: FieldChange[];
}

export interface LeftEntry extends DigestEntry {
  reason: 'removed' | 'no_longer_matches';
}

export type DigestClass = 'new' | 'entered' | 'changed' | 'left';

export interface Digest {
  watch: string;
  /** ISO timestamps of the window. */
  from: string;
  to: string;
  /** The first and last event ids of the window (0 and 0 for an empty one). */
  firstEventId: number;
  lastEventId: number;
  new: DigestEntry[];
  entered: DigestEntry[];
  changed: DigestEntry[];
  left: LeftEntry[];
  /**
   * Likely duplicates among the digest's prospects (id → the ids it likely repeats), so the text
   * formats tell of a requirement once; the json keeps every prospect.
   */
  duplicates?: ReadonlyMap<string, ReadonlySet<string>>;
}

/** The window of a cursor: the events after `afterEventId`, up to `upToEventId`, in id order. */
export function eventsInWindow(
  events: readonly WindowEvent[],
  window: { afterEventId: number; upToEventId: number },
): WindowEvent[] {
  return events
    .filter((event) => event.id > window.afterEventId && event.id <= window.upToEventId)
    .sort((a, b) => a.id - b.id);
}

/** `extra.<header>` changes are noise to a reader: they never put a prospect in a digest. */
function isRecordField(field: string | null): field is string {
  return field !== null && !field.startsWith('extra.');
}

/** JSON values compared as the store compares them: by value, null for missing. */
function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * The prospect at the start of the window: every field updated in it set back to the `old` of its
 * first event there, and the status it had before its first removal or restoration. Null when the
 * prospect was added in the window (it had no before).
 */
export function recordBefore(current: ProspectRecord, events: readonly WindowEvent[]): ProspectRecord | null {
  if (events.some((event) => event.kind === 'added')) return null;
  const before: Record<string, unknown> = { ...current };
  const setBack = new Set<string>();
  let statusSet = false;
  for (const event of events) {
    if (event.kind === 'updated' && isRecordField(event.field) && !setBack.has(event.field)) {
      setBack.add(event.field);
      before[event.field] = event.old;
    } else if (!statusSet && (event.kind === 'removed' || event.kind === 'restored')) {
      statusSet = true;
      before['status'] = event.kind === 'removed' ? 'active' : 'removed';
    }
  }
  return before as unknown as ProspectRecord;
}

/** The fields whose value at the end differs from the start, in the order they first changed. */
export function netChanges(
  before: ProspectRecord | null,
  current: ProspectRecord,
  events: readonly WindowEvent[],
): FieldChange[] {
  if (before === null) return [];
  const changes: FieldChange[] = [];
  const seen = new Set<string>();
  for (const event of events) {
    if (event.kind !== 'updated' || !isRecordField(event.field) || seen.has(event.field)) continue;
    seen.add(event.field);
    const field = event.field as keyof ProspectRecord;
    const old = before[field];
    const now = current[field];
    if (!sameValue(old, now)) changes.push({ field: event.field, old: old ?? null, new: now ?? null });
  }
  return changes;
}

export type Judgement =
  | { class: 'new'; entry: DigestEntry }
  | { class: 'entered' | 'changed'; entry: DigestEntry }
  | { class: 'left'; entry: LeftEntry }
  | null;

/**
 * One prospect's place in a digest, from its events in the window (id order) and its record now.
 * Null when it is not in the digest: it matched neither before nor after, or every change it had
 * cancelled out, or only its `extra` columns changed.
 */
export function judgeProspect(
  current: ProspectRecord,
  events: readonly WindowEvent[],
  filters: ListFilters,
): Judgement {
  const relevant = events.filter((event) => event.kind !== 'updated' || isRecordField(event.field));
  if (relevant.length === 0) return null;
  const before = recordBefore(current, events);
  const after = matchesFilters(current, filters);
  const matchedBefore = before !== null && matchesFilters(before, filters);
  const changes = netChanges(before, current, events);
  if (before === null || before.status === 'removed') {
    // Added or restored in the window: new to whoever watches it, whatever else happened.
    return after ? { class: 'new', entry: { prospect: current, before, changes } } : null;
  }
  if (after && !matchedBefore) return { class: 'entered', entry: { prospect: current, before, changes } };
  if (after && matchedBefore)
    return changes.length > 0 ? { class: 'changed', entry: { prospect: current, before, changes } } : null;
  if (!after && matchedBefore) {
    const reason = current.status === 'removed' ? 'removed' : 'no_longer_matches';
    return { class: 'left', entry: { prospect: current, before, changes, reason } };
  }
  return null;
}

/** Release date first (empty last), then id: the order within each class. */
function byReleaseThenId(a: DigestEntry, b: DigestEntry): number {
  const ra = a.prospect.release_date;
  const rb = b.prospect.release_date;
  if (ra !== rb) {
    if (ra === null) return 1;
    if (rb === null) return -1;
    return ra < rb ? -1 : 1;
  }
  return a.prospect.id < b.prospect.id ? -1 : a.prospect.id > b.prospect.id ? 1 : 0;
}

/**
 * A watch's digest over the events of its window. `records` holds the current record of every
 * prospect with an event in the window (a prospect without one is left out).
 */
export function buildDigest(input: {
  watch: string;
  filters: ListFilters;
  from: string;
  to: string;
  events: readonly WindowEvent[];
  records: ReadonlyMap<string, ProspectRecord>;
}): Digest {
  const byProspect = new Map<string, WindowEvent[]>();
  for (const event of [...input.events].sort((a, b) => a.id - b.id)) {
    const list = byProspect.get(event.prospect_id);
    if (list) list.push(event);
    else byProspect.set(event.prospect_id, [event]);
  }
  const digest: Digest = {
    watch: input.watch,
    from: input.from,
    to: input.to,
    firstEventId: input.events.reduce((min, e) => Math.min(min, e.id), Number.POSITIVE_INFINITY),
    lastEventId: input.events.reduce((max, e) => Math.max(max, e.id), 0),
    new: [],
    entered: [],
    changed: [],
    left: [],
  };
  if (!Number.isFinite(digest.firstEventId)) digest.firstEventId = 0;
  for (const [id, events] of byProspect) {
    const current = input.records.get(id);
    if (!current) continue;
    const judgement = judgeProspect(current, events, input.filters);
    if (judgement === null) continue;
    if (judgement.class === 'left') digest.left.push(judgement.entry);
    else digest[judgement.class].push(judgement.entry);
  }
  digest.new.sort(byReleaseThenId);
  digest.entered.sort(byReleaseThenId);
  digest.changed.sort(byReleaseThenId);
  digest.left.sort(byReleaseThenId);
  return digest;
}

/** The ids of every prospect a digest tells about. */
export function digestProspectIds(digest: Digest): string[] {
  return [...digest.new, ...digest.entered, ...digest.changed, ...digest.left].map(
    (entry) => entry.prospect.id,
  );
}

/** How many prospects a digest tells about. */
export function digestSize(digest: Digest): number {
  return digest.new.length + digest.entered.length + digest.changed.length + digest.left.length;
}

/** A watch as its digest needs it. */
export interface WatchWindowStart {
  name: string;
  filters: ListFilters;
  /** The last event the watch was told about, and when. */
  cursor_event_id: number;
  cursor_at: string;
}

/**
 * A watch's digest from a snapshot of the store: its window runs from its cursor to the last
 * committed event of the snapshot (or, with `since`, over every event of the snapshot, which was
 * read from that time). The digest's event range is the window's, so a webhook's `id` names it.
 */
export function digestForWatch(
  watch: WatchWindowStart,
  snapshot: {
    lastEventId: number;
    events: readonly WindowEvent[];
    records: ReadonlyMap<string, ProspectRecord>;
  },
  options: { to: string; since?: string },
): Digest {
  const events =
    options.since !== undefined
      ? snapshot.events
      : eventsInWindow(snapshot.events, {
          afterEventId: watch.cursor_event_id,
          upToEventId: snapshot.lastEventId,
        });
  const digest = buildDigest({
    watch: watch.name,
    filters: watch.filters,
    from: options.since ?? watch.cursor_at,
    to: options.to,
    events,
    records: snapshot.records,
  });
  if (options.since === undefined) {
    digest.firstEventId = watch.cursor_event_id + 1;
    digest.lastEventId = Math.max(snapshot.lastEventId, watch.cursor_event_id);
  }
  return digest;
}
