import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { ProspectFields } from '../normalise/prospect.js';

/** The tables of migrations/, as Kysely sees them. */
export interface Database {
  data_sources: DataSourcesTable;
  scrape_runs: ScrapeRunsTable;
  prospects: ProspectsTable;
  prospect_events: ProspectEventsTable;
  prospect_totals: ProspectTotalsTable;
  duplicate_links: DuplicateLinksTable;
  duplicate_members: DuplicateMembersTable;
  duplicate_linking: DuplicateLinkingTable;
  watches: WatchesTable;
}

export interface DataSourcesTable {
  id: Generated<number>;
  key: string;
  name: string;
  agency: string;
  created_at: string;
}

/** `interrupted`: left `running` by a jps that was killed, closed when its source was next scraped. */
export type RunStatus = 'running' | 'ok' | 'partial' | 'failed' | 'interrupted';

export interface ScrapeRunsTable {
  id: Generated<number>;
  source: string;
  started_at: string;
  finished_at: string | null;
  status: RunStatus;
  /** The URL or file the run read. */
  origin: string | null;
  rows_read: Generated<number>;
  added: Generated<number>;
  updated: Generated<number>;
  removed: Generated<number>;
  restored: Generated<number>;
  unchanged: Generated<number>;
  skipped: Generated<number>;
  /** JSON array of strings: the first reasons rows were skipped. */
  skipped_reasons: Generated<string>;
  coverage: number | null;
  /** Why an otherwise complete run was stored as partial (a shrunken file). */
  partial_reason: string | null;
  error_code: string | null;
  error_message: string | null;
  bytes: number | null;
  sha256: string | null;
  archive_path: string | null;
  duration_ms: number | null;
}

export type ProspectStatus = 'active' | 'removed';

/** A stored prospect: its identity, the normalised fields of docs/record.md, and what the store adds. */
export type ProspectsTable = {
  /** Aliases the rowid, so VACUUM never renumbers the rows the full-text index points at. */
  pk: Generated<number>;
  id: string;
  source: string;
} & Omit<ProspectFields, 'set_aside_standardized'> & {
    set_aside_standardized: string;
    status: ProspectStatus;
    first_seen_at: string;
    last_seen_at: string;
    removed_at: string | null;
    /** JSON object: the source columns no field reads, by original header. */
    extra: string;
    /** JSON object: the source row as read. */
    raw: string;
    /** SHA-256 over the normalised fields and extra: equal hash, nothing changed. */
    content_hash: string;
    last_run_id: number | null;
    /** The time of its latest change event, kept by a trigger (migration 0002): `--changed-since`. */
    last_event_at: Generated<string | null>;
  };

/** Prospects per source and status, kept by triggers on `prospects` (migration 0002). */
export interface ProspectTotalsTable {
  source: string;
  status: ProspectStatus;
  total: number;
}

export type EventKind = 'added' | 'updated' | 'removed' | 'restored';

export interface ProspectEventsTable {
  id: Generated<number>;
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

export type ProspectRow = Selectable<ProspectsTable>;
export type NewProspectRow = Insertable<ProspectsTable>;
export type ProspectUpdate = Updateable<ProspectsTable>;
export type RunRow = Selectable<ScrapeRunsTable>;
export type EventRow = Selectable<ProspectEventsTable>;
export type DataSourceRow = Selectable<DataSourcesTable>;

/** A pair of active prospects that likely describe one requirement (migration 0004). */
export interface DuplicateLinksTable {
  /** The smaller id of the pair. */
  prospect_id: string;
  other_id: string;
  score: number;
  /** JSON array of strings: the evidence in words. */
  reasons: string;
  linked_at: string;
}

/** Each prospect in a group of likely duplicates, with the member a collapsed list shows. */
export interface DuplicateMembersTable {
  prospect_id: string;
  representative_id: string;
  group_size: number;
}

/** How far linking has read the change events (one row). */
export interface DuplicateLinkingTable {
  id: number;
  last_event_id: number;
  matcher_version: number;
  linked_at: string;
}

/** Saved searches with places to deliver their digests (migration 0003). */
export interface WatchesTable {
  id: Generated<number>;
  name: string;
  /** JSON object: the list filters, as src/list-filters.ts reads them. */
  filters: string;
  /** JSON array of `{ kind, target }`. */
  targets: string;
  created_at: string;
  /** The last change event the watch was told about: its next digest starts after it. */
  cursor_event_id: number;
  /** When the cursor was set: the next digest's "from". */
  cursor_at: string;
  /** When a digest was last delivered (null: never). */
  last_digest_at: string | null;
}
export type WatchRow = Selectable<WatchesTable>;
