import { existsSync } from 'node:fs';
import { UsageError } from '../errors.js';
import type { Store } from '../store/connection.js';
import type { Context } from './context.js';

/**
 * Opens the database a command reads, refusing to create one at a mistyped path (docs/cli.md,
 * "--db"): a missing database is a usage error that says how to make one.
 */
export async function openExistingStore(
  ctx: Pick<Context, 'config' | 'openStore'>,
  options: { busyTimeoutMillis?: number } = {},
): Promise<Store> {
  const path = ctx.config.dbPath;
  if (path !== ':memory:' && !existsSync(path)) {
    throw new UsageError(`no jps database at ${path} — run \`jps scrape\` first`);
  }
  return ctx.openStore(options);
}
