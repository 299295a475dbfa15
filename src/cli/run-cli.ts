import { CommanderError, type Command } from 'commander';
import { EXIT, JpsError, errorMessage } from '../errors.js';
import type { CommandEnv } from './command-env.js';
import { globalsOf } from './command-env.js';
import { createContext, type ContextOverrides } from './context.js';
import { processOutput, type Output } from './output.js';
import { buildProgram } from './program.js';
import { terminalLine, terminalSafeStderr } from './terminal-text.js';
import { asStoreError } from '../store/connection.js';

export interface CliDeps extends ContextOverrides {
  env: NodeJS.ProcessEnv;
}

/**
 * Runs one jps invocation and returns its exit code. Every error ends here as one line on stderr
 * (a stack trace only with --verbose). Tests call this in-process with a memory output.
 */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
  const verbose = argv.includes('--verbose') || argv.includes('-v');
  const out: Output = terminalSafeStderr(
    deps.out ??
      processOutput({
        quiet: argv.includes('--quiet') || argv.includes('-q'),
        verbose,
        noColor: Boolean(deps.env['NO_COLOR']),
      }),
  );
  let exitCode: number = EXIT.ok;
  // The database the command works on, so that a store error that escapes names its file.
  let dbPath: string | undefined;
  const env: CommandEnv = {
    context: (command: Command) => {
      const ctx = createContext(deps.env, globalsOf(command), { ...deps, out });
      dbPath = ctx.config.dbPath;
      return ctx;
    },
    setExitCode: (code) => {
      exitCode = Math.max(exitCode, code);
    },
  };
  const program = await buildProgram(env, argv);
  const configure = (command: Command): void => {
    command.exitOverride();
    command.configureOutput({
      writeOut: (text) => out.data(text.replace(/\n$/, '')),
      writeErr: (text) => out.error(text.replace(/\n$/, '')),
      outputError: (text, write) => write(text.startsWith('error:') ? `jps: ${text.slice(7)}` : text),
    });
    command.commands.forEach(configure);
  };
  configure(program);

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (caught) {
    if (caught instanceof CommanderError) {
      return caught.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const error = dbPath === undefined ? caught : asStoreError(caught, dbPath);
    if (error instanceof JpsError) {
      out.error(`jps: ${terminalLine(error.message)}`);
      if (verbose && error.stack) out.debug(error.stack);
      return error.exitCode;
    }
    out.error(
      `jps: unexpected error: ${terminalLine(errorMessage(error))}${verbose ? '' : ' (run with --verbose for details)'}`,
    );
    if (verbose && error instanceof Error && error.stack) out.debug(error.stack);
    return EXIT.internal;
  }
}
