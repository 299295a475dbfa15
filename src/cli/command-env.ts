import type { Command } from 'commander';
import type { Context, GlobalOptions } from './context.js';

/** What a command factory gets: a way to build its context from the parsed options, and its exit code. */
export interface CommandEnv {
  context(command: Command): Context;
  /** Raises the process's exit code (the highest one set wins). */
  setExitCode(code: number): void;
}

export function globalsOf(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}
