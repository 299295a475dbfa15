import { Command, Option } from 'commander';
import { VERSION } from '../version.js';
import type { CommandEnv } from './command-env.js';
import { duplicatesCommand } from './commands/duplicates.js';
import { healthCommand } from './commands/health.js';
import { digestCommand } from './commands/digest.js';
import { historyCommand } from './commands/history.js';
import { listCommand } from './commands/list.js';
import { scrapeCommand } from './commands/scrape.js';
import { serveCommand } from './commands/serve.js';
import { sourcesCommand } from './commands/sources.js';
import { watchCommand } from './commands/watch.js';

/** The commander tree: `jps <command>`, with the global options accepted before or after it. */
export function buildProgram(env: CommandEnv): Command {
  const program = new Command('jps')
    .description(
      'Federal procurement forecasts from nine agency sites in one SQLite database, with every change tracked.',
    )
    .version(VERSION, '-V, --version')
    .addOption(new Option('--db <path>', 'the SQLite database (env JPS_DB, default data/jps.db)'))
    .option('-q, --quiet', 'print only data and errors')
    .option('-v, --verbose', 'print details, and stack traces on errors')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Exit codes: 0 done, 1 internal error, 2 usage or configuration error, 3 a source failed (scrape),
4 a source is not healthy (health), 5 the database is busy or not a jps database,
6 a digest delivery failed (digest --send; it will be sent again).

Examples:
  jps scrape                             scrape all nine agencies
  jps list --search cyber --set-aside EIGHT_A
  jps history --since 7d                 what changed this week
  jps health || echo "a source broke"    for cron
  jps scrape; jps digest --send          tell each watch what moved`,
    );
  for (const command of [
    scrapeCommand(env),
    listCommand(env),
    historyCommand(env),
    healthCommand(env),
    duplicatesCommand(env),
    serveCommand(env),
    sourcesCommand(env),
    watchCommand(env),
    digestCommand(env),
  ]) {
    program.addCommand(command);
  }
  return program;
}
