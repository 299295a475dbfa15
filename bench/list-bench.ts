import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { openStore } from '../src/store/connection.js';
import { listEvents, prospectHistory } from '../src/store/event-queries.js';
import { listProspects, type ProspectQuery } from '../src/store/prospect-queries.js';

const run = promisify(execFile);

export interface BenchResult {
  name: string;
  runs: number;
  medianMillis: number;
  p95Millis: number;
  /** What one run returned, so a suspiciously fast query can be told from an empty one. */
  detail: string;
}

export interface ListBenchOptions {
  /** Timed runs per query (after one warm-up). */
  runs?: number;
  /** Timed runs of the whole `jps list` process (0 leaves it out). */
  processRuns?: number;
}

function percentile(sorted: readonly number[], fraction: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

async function time(name: string, runs: number, body: () => Promise<string>): Promise<BenchResult> {
  let detail = await body();
  const millis: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    detail = await body();
    millis.push(performance.now() - start);
  }
  millis.sort((a, b) => a - b);
  const round = (value: number) => Math.round(value * 100) / 100;
  return {
    name,
    runs,
    medianMillis: round(percentile(millis, 0.5)),
    p95Millis: round(percentile(millis, 0.95)),
    detail,
  };
}

/** bin/jps.js, whether this file runs compiled (dist/bench/) or from source (bench/). */
function jpsBin(): string {
  for (const candidate of ['../../bin/jps.js', '../bin/jps.js']) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error('bin/jps.js not found next to the bench');
}

const firstPage = (
  filters: ProspectQuery['filters'],
  sort: ProspectQuery['sort'] = 'release_date',
): ProspectQuery => ({
  filters,
  sort,
  order: 'desc',
  limit: 50,
  page: 1,
});

/**
 * Times the queries users run most on the database at `dbPath` (seed one with seed-large): the
 * first page of `jps list` sorted by release date, an agency + NAICS filter, a two-word search,
 * `--changed-since 7d`, one prospect's history, and the whole `jps list` process.
 */
export async function runListBench(dbPath: string, options: ListBenchOptions = {}): Promise<BenchResult[]> {
  const runs = options.runs ?? 15;
  const processRuns = options.processRuns ?? 7;
  const store = await openStore(dbPath, { readonly: true });
  const results: BenchResult[] = [];
  try {
    const db = store.db;
    const list = async (filters: ProspectQuery['filters'], sort?: ProspectQuery['sort']) => {
      const page = await listProspects(db, firstPage(filters, sort));
      const ranked = sort === 'relevance' ? (page.notes ? '; too many to rank: by date' : '; ranked') : '';
      return `${page.records.length} of ${page.total.toLocaleString('en-US')}${ranked}`;
    };
    const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString();
    const changed = await db
      .selectFrom('prospect_events')
      .select('prospect_id')
      .where('kind', '=', 'updated')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    const historyId = changed?.prospect_id ?? '';

    results.push(await time('list: page 1 by release date', runs, () => list({})));
    results.push(
      await time('list: --agency homeland --naics 5415', runs, () =>
        list({ agency: 'homeland', naics: '5415' }),
      ),
    );
    results.push(
      await time('list: --search "cloud migration" --sort release_date', runs, () =>
        list({ search: 'cloud migration' }),
      ),
    );
    // A search's default order, best match first (search-query.ts): one word, two words, and one
    // word matching too many records to rank.
    for (const search of ['volpe', 'cloud migration', 'cyber']) {
      results.push(
        await time(`list: --search "${search}" (relevance)`, runs, () => list({ search }, 'relevance')),
      );
    }
    results.push(
      await time('list: --changed-since 7d', runs, () =>
        list({ changedSince: { kind: 'time', at: weekAgo } }),
      ),
    );
    results.push(
      await time(
        `history ${historyId}`,
        runs,
        async () => `${(await prospectHistory(db, historyId)).length} events`,
      ),
    );
    results.push(
      await time('history --since 7d (page 1)', runs, async () => {
        const page = await listEvents(db, { since: { kind: 'time', at: weekAgo }, limit: 50, page: 1 });
        return `${page.events.length} of ${page.total.toLocaleString('en-US')}`;
      }),
    );
  } finally {
    await store.close();
  }

  if (processRuns === 0) return results;
  const bin = jpsBin();
  results.push(
    await time('process: jps list', processRuns, async () => {
      const { stdout, stderr } = await run(process.execPath, [bin, 'list', '--db', dbPath], {
        env: { ...process.env, NO_COLOR: '1' },
        maxBuffer: 16 * 1024 * 1024,
      });
      return `${stdout.split('\n').length} lines; ${stderr.trim().split('\n').at(-1) ?? ''}`;
    }),
  );
  return results;
}

function isMain(): boolean {
  const entry = process.argv[1];
  return entry !== undefined && import.meta.url === pathToFileURL(resolve(entry)).href;
}

if (isMain()) {
  const args = process.argv.slice(2);
  const dbPath = args.find((arg) => !arg.startsWith('--'));
  if (!dbPath) {
    console.error('usage: list-bench <db path> [--no-process] (seed one with seed-large)');
    process.exit(2);
  }
  for (const result of await runListBench(dbPath, {
    processRuns: args.includes('--no-process') ? 0 : undefined,
  })) {
    console.log(
      `${result.name.padEnd(44)} median ${result.medianMillis.toFixed(2).padStart(8)} ms  ` +
        `p95 ${result.p95Millis.toFixed(2).padStart(8)} ms  (${result.detail})`,
    );
  }
}
