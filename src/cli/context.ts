import { loadConfig, unknownSourceUrlWarnings, type Config } from '../config.js';
import { createHttpClient, type HttpClient } from '../scraper/http.js';
import { ALL_SOURCES } from '../sources/index.js';
import type { SourceDefinition } from '../sources/define-source.js';
import { syncDataSources } from '../store/data-sources.js';
import {
  asStoreError,
  openStoreForReading,
  openStoreForWriting,
  type ReadonlyStore,
  type Store,
} from '../store/connection.js';
import { processOutput, type Output } from './output.js';

/** Options every command accepts, before or after its name. */
export interface GlobalOptions {
  db?: string;
  quiet?: boolean;
  verbose?: boolean;
}

/**
 * What every command is given: built once per invocation in the CLI, and by tests with a temp
 * database, a loopback server and a fixed clock. Nothing else in jps reads the environment.
 */
export interface Context {
  config: Config;
  out: Output;
  now: () => Date;
  sources: readonly SourceDefinition[];
  http: HttpClient;
  /**
   * Opens the database for a command that writes: created and migrated on first use, with every
   * source registered. `readonly: true` is openStoreForReading.
   */
  openStore(options?: { readonly?: boolean; busyTimeoutMillis?: number }): Promise<Store>;
  /**
   * Opens the existing database for a command that only reads: never creates, migrates or writes
   * it (a missing one is exit 2, one needing a migration exit 5).
   */
  openStoreForReading(options?: { busyTimeoutMillis?: number }): Promise<ReadonlyStore>;
}

export interface ContextOverrides {
  out?: Output;
  now?: () => Date;
  sources?: readonly SourceDefinition[];
  http?: HttpClient;
}

export function createContext(
  env: NodeJS.ProcessEnv,
  globals: GlobalOptions,
  overrides: ContextOverrides = {},
): Context {
  const config = loadConfig(env, { db: globals.db });
  const out =
    overrides.out ??
    processOutput({
      quiet: globals.quiet ?? false,
      verbose: globals.verbose ?? false,
      noColor: config.noColor,
    });
  const now = overrides.now ?? (() => new Date());
  const sources = overrides.sources ?? ALL_SOURCES;
  const sourceKeys = sources.map((source) => source.key);
  for (const warning of unknownSourceUrlWarnings(config, sourceKeys)) out.warn(`jps: ${warning}`);
  const http =
    overrides.http ??
    createHttpClient({
      userAgent: config.userAgent,
      retryBaseMillis: config.retryBaseMillis,
      maxDownloadBytes: config.maxDownloadBytes,
      timeoutMillis: config.httpTimeoutMillis,
    });
  return {
    config,
    out,
    now,
    sources,
    http,
    async openStore(options = {}) {
      const { readonly, ...rest } = options;
      if (readonly) return openStoreForReading(config.dbPath, rest);
      const store = await openStoreForWriting(config.dbPath, rest);
      try {
        await syncDataSources(store.db, sources, now().toISOString());
      } catch (error) {
        await store.close();
        throw asStoreError(error, config.dbPath);
      }
      return store;
    },
    openStoreForReading(options = {}) {
      return openStoreForReading(config.dbPath, options);
    },
  };
}

/** The source definition for `key`, with the entry URL after `JPS_<KEY>_URL`. */
export function entryUrlOf(ctx: Pick<Context, 'config'>, source: SourceDefinition): string {
  return ctx.config.sourceUrls[source.key] ?? source.entryUrl;
}
