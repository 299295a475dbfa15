import type { RunStatus } from './schema.js';
import type { ReadonlyDb } from './readonly-db.js';
import { judgeSource, type HealthOptions, type SourceHealth, type SourceRuns } from './source-verdict.js';

// What `jps health`, the API's /api/health and the web pages read to judge a source: its few
// runs that matter. The judging itself is the pure source-verdict.ts.

/** Verdicts for the given sources from what the store knows (no network), in the order given. */
export async function sourceHealth(
  db: ReadonlyDb,
  sourceKeys: readonly string[],
  options: HealthOptions,
): Promise<SourceHealth[]> {
  const results: SourceHealth[] = [];
  for (const source of sourceKeys) {
    results.push(judgeSource(source, await loadSourceRuns(db, source), options));
  }
  return results;
}

/** The runs of `source` that its verdict depends on. */
export async function loadSourceRuns(db: ReadonlyDb, source: string): Promise<SourceRuns> {
  const newest = (statuses: readonly RunStatus[], limit: number) =>
    db
      .selectFrom('scrape_runs')
      .selectAll()
      .where('source', '=', source)
      .where('status', 'in', statuses)
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  // An `interrupted` run counts for nothing: it was closed when a newer run of its source started.
  const [[lastRun], [lastFinishedRun], [lastSuccess, previousSuccess]] = await Promise.all([
    newest(['running', 'ok', 'partial', 'failed'], 1),
    newest(['ok', 'partial', 'failed'], 1),
    newest(['ok', 'partial'], 2),
  ]);
  return { lastRun, lastFinishedRun, lastSuccess, previousSuccess };
}
