import { Command } from 'commander';
import { UsageError } from '../../errors.js';
import type { CommandEnv } from '../command-env.js';

// Placeholder until `jps list` is built.
export function listCommand(_env: CommandEnv): Command {
  return new Command('list').description('(not built yet)').action(() => {
    throw new UsageError('jps list is not available yet');
  });
}
