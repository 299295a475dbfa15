import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { ProspectRecord, TrackedFields } from '../../src/store/prospect-record.js';
import { openStore, type Store } from '../../src/store/connection.js';
import { syncDataSources } from '../../src/store/data-sources.js';
import { loadProspects, type IncomingProspect } from '../../src/store/load-prospects.js';
import { finishRun, startRun } from '../../src/store/runs.js';
import type { RunStatus } from '../../src/store/schema.js';
import { ALL_SOURCES } from '../../src/sources/index.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A fresh folder for a test's database (and raw archive), removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jps-test-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A migrated store in a temp folder, every source registered. */
export async function tempStore(): Promise<Store> {
  const store = await openStore(join(tempDir(), 'jps.db'));
  await syncDataSources(store.db, ALL_SOURCES, '2026-01-01T00:00:00.000Z');
  cleanups.push(() => void store.close());
  return store;
}

const EMPTY_FIELDS: TrackedFields = {
  native_id: null,
  title: 'Untitled',
  description: null,
  agency: 'Social Security Administration',
  office: null,
  naics: null,
  naics_description: null,
  estimated_value_text: null,
  estimated_value_min: null,
  estimated_value_max: null,
  release_date: null,
  award_date: null,
  award_fiscal_year: null,
  award_quarter: null,
  place_of_performance: null,
  place_city: null,
  place_state: null,
  place_country: null,
  contract_type: null,
  set_aside: null,
  set_aside_standardized: 'NOT_AVAILABLE',
  set_aside_standardized_label: 'N/A',
  primary_contact_name: null,
  primary_contact_email: null,
  incumbent: null,
  url: null,
};

/** A normalised record as a scrape would hand it to the store. */
export function makeProspect(
  id: string,
  fields: Partial<Omit<TrackedFields, 'set_aside_standardized'>> & { set_aside_standardized?: string } = {},
  extra: Record<string, string> = {},
): IncomingProspect {
  const all = { ...EMPTY_FIELDS, native_id: id.split(':')[1] ?? null, ...fields } as TrackedFields;
  return { id, fields: all, extra, raw: {} };
}

/** A record as the store returns it, every field empty unless given. */
export function makeRecord(id: string, fields: Partial<ProspectRecord> = {}): ProspectRecord {
  return {
    id,
    source: id.split(':')[0]!,
    source_name: 'Test source',
    ...EMPTY_FIELDS,
    native_id: id.split(':')[1] ?? null,
    status: 'active',
    first_seen_at: '2026-11-01T06:00:00.000Z',
    last_seen_at: '2026-11-08T06:00:00.000Z',
    removed_at: null,
    extra: {},
    ...fields,
  };
}

export interface RecordedRun {
  /** When the run started (ISO, Z); events are stamped a second later. */
  at: string;
  status?: Exclude<RunStatus, 'running' | 'interrupted'>;
  /** Rows read; defaults to the number of prospects. */
  rowsRead?: number;
  skipped?: number;
  skippedReasons?: string[];
  coverage?: number | null;
  error?: { code: string; message: string } | null;
}

/**
 * Records one scrape of `source` exactly as `jps scrape` would: a run, the load of its prospects
 * (nothing loaded for a failed run; nothing removed unless it is `ok`), and the run's outcome.
 */
export async function recordScrape(
  store: Store,
  source: string,
  prospects: readonly IncomingProspect[],
  run: RecordedRun,
): Promise<number> {
  const status = run.status ?? 'ok';
  const runId = await startRun(store.db, source, run.at, 'test');
  const loadedAt = new Date(Date.parse(run.at) + 1000).toISOString();
  const counts =
    status === 'failed'
      ? { added: 0, updated: 0, removed: 0, restored: 0, unchanged: 0 }
      : loadProspects(store.sqlite, prospects, { source, runId, at: loadedAt, complete: status === 'ok' });
  await finishRun(store.db, runId, {
    status,
    finishedAt: new Date(Date.parse(run.at) + 2000).toISOString(),
    durationMillis: 2000,
    rowsRead: run.rowsRead ?? (status === 'failed' ? 0 : prospects.length),
    ...counts,
    skipped: run.skipped ?? 0,
    skippedReasons: run.skippedReasons ?? [],
    coverage: run.coverage ?? null,
    partialReason: null,
    error:
      run.error ??
      (status === 'failed' ? { code: 'HTTP_STATUS', message: 'HTTP 503 from http://127.0.0.1/' } : null),
    bytes: null,
    sha256: null,
    archivePath: null,
  });
  return runId;
}
