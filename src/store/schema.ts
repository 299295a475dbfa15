import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** The tables of migrations/, as Kysely sees them. */
export interface Database {
  data_sources: DataSourcesTable;
  scrape_runs: ScrapeRunsTable;
  prospects: ProspectsTable;
  prospect_events: ProspectEventsTable;
}

export interface DataSourcesTable {
  id: Generated<number>;
  key: string;
  name: string;
  agency: string;
  created_at: string;
}

export type RunStatus = 'running' | 'ok' | 'partial' | 'failed';

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

export interface ProspectsTable {
  pk: Generated<number>;
  id: string;
  source: string;
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
