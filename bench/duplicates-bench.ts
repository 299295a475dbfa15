import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findDuplicateLinks, type DuplicateCandidate } from '../src/duplicates/find-duplicate-links.js';
import { linkDuplicates, type LinkingResult } from '../src/scraper/link-duplicates.js';
import { openStore } from '../src/store/connection.js';
import { activeDuplicateCandidates } from '../src/store/duplicate-links.js';
import {
  formatLinkQuality,
  labelledSet,
  linkQuality,
  type LinkQuality,
} from '../test/fixtures/duplicates/labelled-set.js';
import { seedLarge } from './seed-large.js';

export interface DuplicatesBenchResult {
  labelled: { prospects: number; quality: LinkQuality };
  prospects: number;
  /** The matcher alone over every active prospect, in memory. */
  matcherMillis: number;
  /** `linkDuplicates` on a store never linked: read, judge every pair, write. */
  full: LinkingResult;
  /** Again with nothing changed since. */
  unchanged: LinkingResult;
  /** After 1,000 prospects changed (a title revised, as a re-scrape records it). */
  changed: LinkingResult;
}

/**
 * The duplicate matcher's quality on the labelled set, and linking a store of `prospects` (seeded
 * as bench/seed-large.ts does): once whole, once with nothing changed, once after 1,000 changes.
 */
export async function runDuplicatesBench(prospects = 100_000): Promise<DuplicatesBenchResult> {
  const set = await labelledSet();
  const candidates: DuplicateCandidate[] = set.records.map((record) => ({
    id: record.id,
    source: record.id.slice(0, record.id.indexOf(':')),
    ...record.fields,
  }));
  const quality = linkQuality(findDuplicateLinks(candidates), set);

  const dir = mkdtempSync(join(tmpdir(), 'jps-bench-duplicates-'));
  try {
    const dbPath = join(dir, 'jps.db');
    const seeded = await seedLarge(dbPath, { prospects, log: () => {} });
    const store = await openStore(dbPath);
    try {
      const active = await activeDuplicateCandidates(store.db);
      const matcherStarted = performance.now();
      findDuplicateLinks(active);
      const matcherMillis = Math.round(performance.now() - matcherStarted);

      let clock = Date.parse('2026-12-01T00:00:00.000Z');
      const now = () => new Date((clock += 1000));
      const full = await linkDuplicates(store.db, now);
      const unchanged = await linkDuplicates(store.db, now);

      // 1,000 prospects revised by a scrape: the title changes and an updated event is recorded.
      const { sqlite } = store;
      const runId = (sqlite.prepare('SELECT max(id) AS id FROM scrape_runs').get() as { id: number }).id;
      const at = new Date(clock).toISOString();
      const revise = sqlite.transaction(() => {
        const rows = sqlite
          .prepare("SELECT id, source, title FROM prospects WHERE status = 'active' ORDER BY pk LIMIT 1000")
          .all() as { id: string; source: string; title: string }[];
        const update = sqlite.prepare('UPDATE prospects SET title = ? WHERE id = ?');
        const event = sqlite.prepare(
          "INSERT INTO prospect_events (prospect_id, source, run_id, at, kind, field, old, new) VALUES (?, ?, ?, ?, 'updated', 'title', ?, ?)",
        );
        for (const row of rows) {
          const title = `${row.title} (Revised Scope)`;
          update.run(title, row.id);
          event.run(row.id, row.source, runId, at, JSON.stringify(row.title), JSON.stringify(title));
        }
      });
      revise();
      const changed = await linkDuplicates(store.db, now);
      return {
        labelled: { prospects: set.records.length, quality },
        prospects: seeded.prospects,
        matcherMillis,
        full,
        unchanged,
        changed,
      };
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatDuplicatesBench(result: DuplicatesBenchResult): string {
  const linking = (name: string, r: LinkingResult) =>
    `${name.padEnd(48)} ${String(r.durationMillis).padStart(7)} ms  (${r.mode}: ${r.changedProspects} judged again, ${r.linksFound} links found, ${r.linksStored} stored)`;
  const count = result.prospects.toLocaleString('en-US');
  return [
    `labelled set (${result.labelled.prospects} prospects): ${formatLinkQuality(result.labelled.quality)}`,
    `${`matcher alone, ${count} prospects in memory`.padEnd(48)} ${String(result.matcherMillis).padStart(7)} ms`,
    linking(`link ${count} prospects, first time`, result.full),
    linking('link again, nothing changed', result.unchanged),
    linking('link again after 1,000 prospects changed', result.changed),
  ].join('\n');
}
