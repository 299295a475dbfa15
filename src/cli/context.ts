import { loadConfig, type Config } from '../config.js';
import { createHttpClient, type HttpClient } from '../scraper/http.js';
import { ALL_SOURCES } from '../sources/index.js';
import type { SourceDefinition } from '../sources/define-source.js';
import { syncDataSources } from '../store/data-sources.js';
import { openStore, type Store } from '../store/connection.js';
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
  /** Opens the database (created and migrated on first use), with every source registered. */
  openStore(options?: { readonly?: boolean; busyTimeoutMillis?: number }): Promise<Store>;
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
      if (options.readonly) {
        // Register the sources through a short writable connection first, so ids exist for the API.
        const writable = await openStore(config.dbPath, { busyTimeoutMillis: options.busyTimeoutMillis });
        try {
          await syncDataSources(writable.db, sources, now().toISOString());
        } finally {
          await writable.close();
        }
        return openStore(config.dbPath, options);
      }
      const store = await openStore(config.dbPath, options);
      await syncDataSources(store.db, sources, now().toISOString());
      return store;
    },
  };
}

/** The source definition for `key`, with the entry URL after `JPS_<KEY>_URL`. */
export function entryUrlOf(ctx: Pick<Context, 'config'>, source: SourceDefinition): string {
  return ctx.config.sourceUrls[source.key] ?? source.entryUrl;
}
