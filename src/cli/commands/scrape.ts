import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { Command, Option } from 'commander';
import { EXIT, UsageError, errorMessage } from '../../errors.js';
import type { ScrapeResult, ScrapeTarget } from '../../scraper/scrape.js';
import { withScrapeLock } from '../../scraper/scrape-lock.js';
import { openStoreForWriting, type Store } from '../../store/connection.js';
import { syncDataSources } from '../../store/data-sources.js';
import type { CommandEnv } from '../command-env.js';
import { entryUrlOf, type Context } from '../context.js';
import { formatCount, renderJson, renderTable, startProgress } from '../output.js';
import { sourceOption } from '../options.js';
import { terminalLine } from '../terminal-text.js';

export interface ScrapeCommandOptions {
  source: string[];
  file?: string;
  url?: string;
  dryRun: boolean;
  allowShrink: boolean;
}

/** Resolves `--source`, `--file` and `--url` into what to scrape; every misuse is a usage error. */
export function scrapeTargets(
  ctx: Pick<Context, 'config' | 'sources'>,
  options: ScrapeCommandOptions,
): ScrapeTarget[] {
  const keys = options.source
    .flatMap((value) => value.split(','))
    .map((key) => key.trim())
    .filter(Boolean);
  const unknown = keys.filter((key) => !ctx.sources.some((source) => source.key === key));
  if (unknown.length > 0) {
    throw new UsageError(
      `unknown source ${unknown.map((k) => `"${k}"`).join(', ')}; known sources: ${ctx.sources.map((s) => s.key).join(', ')}`,
    );
  }
  const selected =
    keys.length === 0 ? [...ctx.sources] : ctx.sources.filter((source) => keys.includes(source.key));
  if ((options.file !== undefined || options.url !== undefined) && keys.length !== 1) {
    throw new UsageError(`${options.file !== undefined ? '--file' : '--url'} needs exactly one --source`);
  }
  if (options.file !== undefined && options.url !== undefined)
    throw new UsageError('give --file or --url, not both');
  if (options.file !== undefined) {
    try {
      accessSync(options.file, constants.R_OK);
      if (!statSync(options.file).isFile()) throw new Error('not a file');
    } catch (error) {
      throw new UsageError(`cannot read --file ${options.file}: ${errorMessage(error)}`);
    }
  }
  if (options.url !== undefined && !/^https?:\/\/[^\s]+$/i.test(options.url)) {
    throw new UsageError(`--url must be an http(s) URL (got "${options.url}")`);
  }
  return selected.map((source) => ({
    source,
    entryUrl: options.url ?? entryUrlOf(ctx, source),
    ...(options.file !== undefined ? { file: options.file } : {}),
  }));
}

/** Scrapes the chosen sources under the scrape lock and returns one result per source. */
export async function runScrape(ctx: Context, options: ScrapeCommandOptions): Promise<ScrapeResult[]> {
  const targets = scrapeTargets(ctx, options);
  // The pipeline (workbook, HTML and CSV readers) loads only when a scrape runs.
  const { scrapeSources } = await import('../../scraper/scrape.js');
  // A dry run writes nothing, not even a new database: with none yet, it counts against an empty
  // one in memory (everything is "added").
  const store =
    options.dryRun && ctx.config.dbPath !== ':memory:' && !existsSync(ctx.config.dbPath)
      ? await emptyMemoryStore(ctx)
      : await ctx.openStore();
  try {
    const work = async () => {
      const progress = await startProgress(
        ctx.out,
        `scraping ${targets.map((t) => t.source.key).join(', ')}`,
      );
      try {
        const results = await scrapeSources(
          {
            store,
            http: ctx.http,
            now: ctx.now,
            rawArchiveKeep: ctx.config.rawArchiveKeep,
            timeBudgetMillis: ctx.config.timeBudgetMillis,
            progress: (source, message) => progress.update(`${source}: ${message}`),
          },
          targets,
          { dryRun: options.dryRun, allowShrink: options.allowShrink },
        );
        if (!options.dryRun) await relinkDuplicates(ctx, store);
        return results;
      } finally {
        progress.stop();
      }
    };
    // A dry run loads into a transaction it rolls back: it takes its turn like any other scrape,
    // so it neither waits on nor stalls a real one past JPS_LOCK_WAIT.
    return await withScrapeLock(
      store.path,
      {
        waitMillis: ctx.config.lockWaitMillis,
        onWait: () =>
          ctx.out.info('jps: another jps scrape is running on this database; waiting for it to finish'),
      },
      work,
    );
  } finally {
    await store.close();
  }
}

async function emptyMemoryStore(ctx: Context): Promise<Store> {
  const store = await openStoreForWriting(':memory:');
  await syncDataSources(store.db, ctx.sources, ctx.now().toISOString());
  return store;
}

/**
 * After a scrape, the likely-duplicate links of what changed are judged again (a scrape that
 * changed nothing judges nothing). The scrape's data is stored whatever happens here.
 */
async function relinkDuplicates(ctx: Context, store: Store): Promise<void> {
  try {
    const { linkDuplicates } = await import('../../scraper/link-duplicates.js');
    const linked = await linkDuplicates(store.db, ctx.now);
    ctx.out.debug(
      `likely duplicates: ${linked.mode === 'none' ? 'nothing changed' : `${formatCount(linked.changedProspects)} prospects judged again`}, ${formatCount(linked.linksStored)} links (${linked.durationMillis} ms)`,
    );
  } catch (error) {
    ctx.out.warn(`jps: linking likely duplicates failed (the scrape is stored): ${errorMessage(error)}`);
  }
}

export function scrapeCommand(env: CommandEnv): Command {
  return new Command('scrape')
    .description("fetch the agencies' forecasts and store what changed (every source unless --source)")
    .addOption(sourceOption())
    .option('--file <path>', 'read a file you downloaded instead of fetching (needs one --source)')
    .option('--url <url>', 'fetch from this entry URL instead of the default (needs one --source)')
    .option('--dry-run', 'fetch and parse, print the summary, write nothing', false)
    .option(
      '--allow-shrink',
      'store a file with under half the previous rows as complete (marks the rest removed)',
      false,
    )
    .addOption(new Option('--format <format>', 'summary format').choices(['table', 'json']).default('table'))
    .addHelpText(
      'after',
      `
Exit codes: 0 every source stored (partial counts), 3 a source failed (the others were stored),
2 usage error, 5 the database is busy.

Examples:
  jps scrape                                   every source
  jps scrape --source ssa,dhs --format json
  jps scrape --source hhs --file ~/Downloads/hhs-forecast.csv
  JPS_SSA_URL=http://mirror.example/ssa.html jps scrape --source ssa`,
    )
    .action(async (options: ScrapeCommandOptions & { format: 'table' | 'json' }, command: Command) => {
      const ctx = env.context(command);
      const results = await runScrape(ctx, options);
      for (const result of results) {
        if (result.error) ctx.out.error(`jps: ${result.source}: ${terminalLine(result.error.message)}`);
        for (const note of result.notes) ctx.out.warn(`jps: ${result.source}: ${terminalLine(note)}`);
        for (const warning of result.warnings)
          ctx.out.warn(`jps: ${result.source}: partial: ${terminalLine(warning)}`);
      }
      if (options.format === 'json') {
        ctx.out.data(
          renderJson(results.map(({ warnings: _warnings, notes: _notes, ...summary }) => summary)),
        );
      } else {
        ctx.out.data(renderScrapeTable(results));
      }
      if (results.some((result) => result.status === 'failed')) env.setExitCode(EXIT.sourceFailed);
    });
}

function renderScrapeTable(results: readonly ScrapeResult[]): string {
  const count = (pick: (r: ScrapeResult) => number) => (r: ScrapeResult) => formatCount(pick(r));
  const table = renderTable(
    [
      { header: 'source', value: (r: ScrapeResult) => r.source },
      {
        header: 'status',
        value: (r) =>
          r.coverage !== null && r.coverage < 1 ? `${r.status} ${Math.floor(r.coverage * 100)}%` : r.status,
      },
      { header: 'rows', value: count((r) => r.rows_read), alignRight: true },
      { header: 'added', value: count((r) => r.added), alignRight: true },
      { header: 'updated', value: count((r) => r.updated), alignRight: true },
      { header: 'removed', value: count((r) => r.removed), alignRight: true },
      { header: 'restored', value: count((r) => r.restored), alignRight: true },
      { header: 'unchanged', value: count((r) => r.unchanged), alignRight: true },
      { header: 'skipped', value: count((r) => r.skipped), alignRight: true },
      { header: 'time', value: (r) => `${(r.duration_ms / 1000).toFixed(1)} s`, alignRight: true },
    ],
    results,
  );
  const reasons = results
    .filter((r) => r.skipped_reasons.length > 0)
    .map((r) =>
      terminalLine(`${r.source} skipped ${formatCount(r.skipped)}: ${r.skipped_reasons.join('; ')}`),
    );
  return [table, ...reasons].join('\n');
}
