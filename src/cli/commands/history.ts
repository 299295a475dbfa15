import { Command } from 'commander';
import { UsageError } from '../../errors.js';
import type { CommandEnv } from '../command-env.js';

// Placeholder until `jps history` is built.
export function historyCommand(_env: CommandEnv): Command {
  return new Command('history').description('(not built yet)').action(() => {
    throw new UsageError('jps history is not available yet');
  });
}
