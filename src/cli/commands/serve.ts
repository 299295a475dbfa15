import { Command } from 'commander';
import { UsageError } from '../../errors.js';
import type { CommandEnv } from '../command-env.js';

// Placeholder until `jps serve` is built.
export function serveCommand(_env: CommandEnv): Command {
  return new Command('serve').description('(not built yet)').action(() => {
    throw new UsageError('jps serve is not available yet');
  });
}
