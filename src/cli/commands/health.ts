import { Command, Option } from 'commander';
import { EXIT, UsageError } from '../../errors.js';
import { sourceHealth } from '../../store/source-health.js';
import { formatAge, withLiveProbe, type SourceHealth, type Verdict } from '../../store/source-verdict.js';
import { parseDuration } from '../../time.js';
import type { CommandEnv } from '../command-env.js';
import { entryUrlOf, type Context } from '../context.js';
import { parseSourceKeys, sourceOption } from '../options.js';
import { formatCount, renderJson, renderTable } from '../output.js';

export const DEFAULT_MAX_AGE = '8d';

export interface HealthCommandOptions {
  /** Source keys asked for; empty means every source. */
  sources: readonly string[];
  live: boolean;
  maxAgeMillis: number;
}

export interface HealthReport {
  sources: SourceHealth[];
  /** A source that counts is not healthy: exit 4. */
  unhealthy: boolean;
}

/**
 * Every requested source's health from the store, and with `live` a probe of each now. Without
 * `--source`, a source that has never run is listed but does not count: a user who scrapes three
 * agencies asks about those three.
 */
export async function runHealth(
  ctx: Pick<Context, 'config' | 'http' | 'now' | 'openStoreForReading' | 'out' | 'sources'>,
  options: HealthCommandOptions,
): Promise<HealthReport> {
  const explicit = options.sources.length > 0;
  const keys = parseSourceKeys(
    options.sources,
    ctx.sources.map((source) => source.key),
  );
  const definitions = explicit
    ? keys.map((key) => ctx.sources.find((source) => source.key === key)!)
    : ctx.sources;

  const store = await ctx.openStoreForReading();
  let sources: SourceHealth[];
  try {
    sources = await sourceHealth(
      store.db,
      definitions.map((source) => source.key),
      { now: ctx.now(), maxAgeMillis: options.maxAgeMillis },
    );
  } finally {
    await store.close();
  }
  const counts = new Map(sources.map((health) => [health.source, explicit || health.last_run !== null]));

  if (options.live) {
    ctx.out.info(`probing ${definitions.length} source${definitions.length === 1 ? '' : 's'}…`);
    // The probe's HTTP and HTML readers load only for --live, so a plain `jps health` starts fast.
    const { probeSource } = await import('../../scraper/probe.js');
    const probes = await Promise.all(
      definitions.map((source) => probeSource(ctx.http, source, entryUrlOf(ctx, source))),
    );
    sources = sources.map((health, index) => withLiveProbe(health, probes[index]!));
  }

  return {
    sources,
    unhealthy: sources.some((health) => counts.get(health.source) === true && health.verdict !== 'healthy'),
  };
}

export function healthCommand(env: CommandEnv): Command {
  return new Command('health')
    .description('say, per source, whether its scrapes still work: healthy, degraded, failing or never run')
    .addOption(sourceOption('a source to check (repeat, or a comma list); default every source'))
    .option(
      '--live',
      'also probe each source now: entry reachable, response time, data found (writes nothing)',
    )
    .option('--max-age <duration>', 'a last success older than this is stale (s, m, h or d)', DEFAULT_MAX_AGE)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .addHelpText(
      'after',
      `
Exit 4 when any requested source is not healthy; without --source, sources never run do not count.

Examples:
  jps health
  jps health --source ssa,dhs --live
  jps health --max-age 36h || mail -s "jps: a source broke" me@example.com`,
    )
    .action(
      async (
        options: { source: string[]; live?: boolean; maxAge: string; format: 'table' | 'json' },
        command: Command,
      ) => {
        const maxAgeMillis = parseDuration(options.maxAge);
        if (maxAgeMillis === null || maxAgeMillis <= 0) {
          throw new UsageError(`--max-age must be a duration such as 36h or 8d (got "${options.maxAge}")`);
        }
        const ctx = env.context(command);
        const report = await runHealth(ctx, {
          sources: options.source,
          live: options.live ?? false,
          maxAgeMillis,
        });
        if (options.format === 'json') {
          ctx.out.data(renderJson(report.sources));
        } else {
          ctx.out.data(renderHealthTable(report.sources, ctx.now(), options.live ?? false));
          ctx.out.info(summarize(report.sources));
        }
        if (report.unhealthy) env.setExitCode(EXIT.unhealthy);
      },
    );
}

/** One line per source: its verdict, its last run and success, its rows, and the reasons. */
function renderHealthTable(sources: readonly SourceHealth[], now: Date, live: boolean): string {
  const ago = (iso: string | null | undefined) =>
    iso ? `${formatAge(now.getTime() - Date.parse(iso))} ago` : '—';
  return renderTable(
    [
      { header: 'source', value: (h: SourceHealth) => h.source },
      { header: 'verdict', value: (h) => h.verdict },
      {
        header: 'last run',
        value: (h) =>
          h.last_run ? `${h.last_run.status} ${ago(h.last_run.finished_at ?? h.last_run.started_at)}` : '—',
      },
      {
        header: 'last success',
        value: (h) => ago(h.last_success?.finished_at ?? h.last_success?.started_at),
      },
      {
        header: 'rows',
        alignRight: true,
        value: (h) =>
          h.rows === null
            ? '—'
            : h.previous_rows === null || h.previous_rows === h.rows
              ? formatCount(h.rows)
              : `${formatCount(h.rows)} (was ${formatCount(h.previous_rows)})`,
      },
      ...(live
        ? [
            {
              header: 'live',
              value: (h: SourceHealth) =>
                !h.live
                  ? '—'
                  : `${h.live.data_found ? 'ok' : 'no data'}${h.live.status_code === null ? '' : `, HTTP ${h.live.status_code}`}${h.live.response_ms === null ? '' : `, ${formatCount(h.live.response_ms)} ms`}`,
            },
          ]
        : []),
      { header: 'reasons', value: (h) => h.reasons.join('; ') },
    ],
    sources,
  );
}

/** "2 healthy, 1 failing, 6 never run" */
function summarize(sources: readonly SourceHealth[]): string {
  const order: Verdict[] = ['healthy', 'degraded', 'failing', 'never_run'];
  return order
    .map((verdict) => [verdict, sources.filter((health) => health.verdict === verdict).length] as const)
    .filter(([, count]) => count > 0)
    .map(([verdict, count]) => `${count} ${verdict.replace('_', ' ')}`)
    .join(', ');
}
