import { Command, Option } from 'commander';
import type { CommandEnv } from '../command-env.js';
import { entryUrlOf, type Context } from '../context.js';
import { renderJson, renderTable } from '../output.js';

export interface SourceSummary {
  key: string;
  name: string;
  agency: string;
  entry_url: string;
  method: string;
  file_formats: string[];
}

/** Every source jps knows, with its entry URL after `JPS_<KEY>_URL`. */
export function runSources(ctx: Pick<Context, 'config' | 'sources'>): SourceSummary[] {
  return ctx.sources.map((source) => ({
    key: source.key,
    name: source.name,
    agency: source.agency,
    entry_url: entryUrlOf(ctx, source),
    method: source.method,
    file_formats: [...source.fileFormats],
  }));
}

export function sourcesCommand(env: CommandEnv): Command {
  return new Command('sources')
    .description('list every agency source: key, name, entry URL, how it is fetched, and what --file accepts')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .addHelpText('after', '\nExamples:\n  jps sources\n  jps sources --format json | jq -r ".[].key"')
    .action((options: { format: 'table' | 'json' }, command: Command) => {
      const ctx = env.context(command);
      const sources = runSources(ctx);
      if (options.format === 'json') {
        ctx.out.data(renderJson(sources));
        return;
      }
      ctx.out.data(
        renderTable(
          [
            { header: 'key', value: (s: SourceSummary) => s.key },
            { header: 'name', value: (s) => s.name },
            { header: 'method', value: (s) => s.method },
            { header: '--file', value: (s) => s.file_formats.join(', ') },
            { header: 'entry URL', value: (s) => s.entry_url },
          ],
          sources,
        ),
      );
    });
}
