import { Command } from 'commander';
import { UsageError } from '../../errors.js';
import type { CommandEnv } from '../command-env.js';

// Placeholder until `jps scrape` is built.
export function scrapeCommand(_env: CommandEnv): Command {
  return new Command('scrape').description('(not built yet)').action(() => {
    throw new UsageError('jps scrape is not available yet');
  });
}
