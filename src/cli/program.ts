import { Command, Option } from 'commander';
import { VERSION } from '../version.js';
import type { CommandEnv } from './command-env.js';

type CommandFactory = (env: CommandEnv) => Command;

/**
 * Every `jps <command>`, in the order `jps --help` lists them. Each is imported when it is needed,
 * so `jps list` compiles neither the scrape pipeline nor the digest's renderers (see
 * `buildProgram`).
 */
const COMMANDS: Record<string, () => Promise<CommandFactory>> = {
  scrape: async () => (await import('./commands/scrape.js')).scrapeCommand,
  list: async () => (await import('./commands/list.js')).listCommand,
  history: async () => (await import('./commands/history.js')).historyCommand,
  health: async () => (await import('./commands/health.js')).healthCommand,
  duplicates: async () => (await import('./commands/duplicates.js')).duplicatesCommand,
  serve: async () => (await import('./commands/serve.js')).serveCommand,
  sources: async () => (await import('./commands/sources.js')).sourcesCommand,
  watch: async () => (await import('./commands/watch.js')).watchCommand,
  digest: async () => (await import('./commands/digest.js')).digestCommand,
};

/**
 * The commander tree: `jps <command>`, with the global options accepted before or after it.
 * Given the arguments of a run, it holds only the command they name when they plainly name one
 * (`jps --db x list …`): that command's parsing, help and errors are the same either way, and the
 * others cost nothing. Anything else (no command, `--help`, an unknown command or option) gets
 * the whole tree, so root help and commander's suggestions see every command.
 */
export async function buildProgram(env: CommandEnv, argv?: readonly string[]): Promise<Command> {
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
  const named = argv === undefined ? undefined : commandNamedBy(argv, program);
  const loaders = named === undefined ? Object.values(COMMANDS) : [COMMANDS[named]!];
  for (const factory of await Promise.all(loaders.map((load) => load()))) {
    program.addCommand(factory(env));
  }
  return program;
}

/**
 * The command `argv` names, read the way commander reads it: past the root's own options (and
 * the value of one that takes a value). undefined when it names none or anything is unclear.
 */
function commandNamedBy(argv: readonly string[], root: Command): string | undefined {
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    if (!arg.startsWith('-') || arg === '-') return Object.hasOwn(COMMANDS, arg) ? arg : undefined;
    if (arg.startsWith('--') && arg.includes('=')) {
      if (!root.options.some((option) => option.required && arg.startsWith(`${option.long}=`)))
        return undefined;
      continue;
    }
    const option = root.options.find((candidate) => candidate.long === arg || candidate.short === arg);
    if (option === undefined || option.optional) return undefined;
    if (option.required) index += 1;
  }
  return undefined;
}
