import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scrapeSources, type ScrapeContext, type ScrapeTarget } from '../../src/scraper/scrape.js';
import { createHttpClient } from '../../src/scraper/http.js';
import { findSource } from '../../src/sources/index.js';
import type { Store } from '../../src/store/connection.js';
import { writeHhsCsv } from '../helpers/hhs-csv.js';
import { tempDir, tempStore } from '../helpers/store.js';

const NOW = new Date('2026-11-27T12:00:00.000Z');

function scrapeContext(store: Store): ScrapeContext {
  return {
    store,
    http: createHttpClient({
      userAgent: 'jps-test',
      retryBaseMillis: 10,
      maxDownloadBytes: 1e6,
      timeoutMillis: null,
    }),
    now: () => NOW,
    rawArchiveKeep: 1,
    timeBudgetMillis: null,
    progress: () => {},
  };
}

function hhsTarget(file: string): ScrapeTarget {
  return { source: findSource('hhs')!, entryUrl: 'http://127.0.0.1:9/', file };
}

/** Every stored prospect and change event, as one string: equal means byte-identical data. */
function storedData(store: Store): string {
  return JSON.stringify([
    store.sqlite.prepare('SELECT * FROM prospects ORDER BY pk').all(),
    store.sqlite.prepare('SELECT * FROM prospect_events ORDER BY id').all(),
  ]);
}

describe('a scrape that fills the disk', () => {
  // The disk is "full" through SQLite's max_page_count, which makes the database unable to grow
  // exactly as a full file system does: the statement fails with SQLITE_FULL.
  it('fails the source with "disk full writing <path>", keeps the stored data, and recovers', async () => {
    const store = await tempStore();
    const ctx = scrapeContext(store);
    const folder = tempDir();
    const [first] = await scrapeSources(ctx, [hhsTarget(writeHhsCsv(join(folder, 'a.csv'), 20))], {
      dryRun: false,
      allowShrink: false,
    });
    expect(first).toMatchObject({ status: 'ok', added: 20 });
    const before = storedData(store);

    const pages = store.sqlite.pragma('page_count', { simple: true }) as number;
    store.sqlite.pragma(`max_page_count = ${pages + 4}`);
    const big = writeHhsCsv(join(folder, 'b.csv'), 3_000, 2);
    const [full] = await scrapeSources(ctx, [hhsTarget(big)], { dryRun: false, allowShrink: false });
    expect(full).toMatchObject({ status: 'failed', added: 0, updated: 0 });
    expect(full!.error).toEqual({
      code: 'DISK_FULL',
      message: `disk full writing ${store.path}: nothing of this run was stored; free some space and scrape again`,
    });
    expect(store.sqlite.inTransaction).toBe(false);
    expect(storedData(store)).toBe(before);
    expect(store.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');

    store.sqlite.pragma('max_page_count = 1073741823');
    const [again] = await scrapeSources(ctx, [hhsTarget(big)], { dryRun: false, allowShrink: false });
    expect(again).toMatchObject({ status: 'ok', added: 2_980, updated: 20 });
  });

  it('reports a full disk in a dry run the same way, and writes nothing', async () => {
    const store = await tempStore();
    const ctx = scrapeContext(store);
    const before = storedData(store);
    const pages = store.sqlite.pragma('page_count', { simple: true }) as number;
    store.sqlite.pragma(`max_page_count = ${pages + 2}`);
    const big = writeHhsCsv(join(tempDir(), 'b.csv'), 3_000);
    const [dry] = await scrapeSources(ctx, [hhsTarget(big)], { dryRun: true, allowShrink: false });
    expect(dry!.error?.code).toBe('DISK_FULL');
    expect(storedData(store)).toBe(before);
  });
});
