import { runCli, type CliDeps } from '../../src/cli/run-cli.js';
import { memoryOutput } from '../../src/cli/output.js';
import type { ScrapeResult } from '../../src/scraper/scrape.js';

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `jps <argv>` in-process against `dbPath`, with a memory output and (optionally) a fixed
 * clock and extra environment. The environment is only what the test gives: nothing leaks in.
 */
export async function runJps(
  argv: readonly string[],
  options: { dbPath: string; env?: NodeJS.ProcessEnv; now?: Date } & Omit<
    Partial<CliDeps>,
    'env' | 'out' | 'now'
  >,
): Promise<CliResult> {
  const out = memoryOutput();
  const { dbPath, env, now, ...deps } = options;
  const exitCode = await runCli(argv, {
    ...deps,
    env: { JPS_DB: dbPath, JPS_RETRY_BASE: '0.01s', ...env },
    out,
    ...(now ? { now: () => now } : {}),
  });
  return { exitCode, stdout: out.stdout.join(''), stderr: out.stderr.join('\n') };
}

/** `jps scrape --source <key> --format json …`, with the one source's summary parsed. */
export async function scrapeSource(
  source: string,
  argv: readonly string[],
  options: { dbPath: string; env?: NodeJS.ProcessEnv; now?: Date },
): Promise<CliResult & { summary: ScrapeResult }> {
  const result = await runJps(['scrape', '--source', source, '--format', 'json', ...argv], options);
  const summaries = result.stdout.trim() === '' ? [] : (JSON.parse(result.stdout) as ScrapeResult[]);
  return { ...result, summary: summaries[0]! };
}
