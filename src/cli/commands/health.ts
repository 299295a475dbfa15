import { Command } from 'commander';
import { UsageError } from '../../errors.js';
import type { CommandEnv } from '../command-env.js';

// Placeholder until `jps health` is built.
export function healthCommand(_env: CommandEnv): Command {
  return new Command('health').description('(not built yet)').action(() => {
    throw new UsageError('jps health is not available yet');
  });
}
