import { resolve } from 'node:path';
import * as z from 'zod/mini';
import { UsageError } from './errors.js';
import { parseDuration } from './time.js';

// zod/mini: the same schemas without the method-chaining classes, so every command starts
// without loading the whole of zod.

const text = (name: string) => z.string().check(z.minLength(1, { error: `${name} must not be empty` }));

const duration = (name: string) =>
  z.pipe(
    z.string(),
    z.transform((value: string, ctx) => {
      const millis = parseDuration(value);
      if (millis === null) {
        ctx.issues.push({
          code: 'custom',
          message: `${name} must be a duration such as 90s, 10m or 2h (got "${value}")`,
          input: value,
        });
        return z.NEVER;
      }
      return millis;
    }),
  );

const positiveInteger = (name: string) =>
  z.pipe(
    z.string(),
    z.transform((value: string, ctx) => {
      const number = Number(value);
      if (!Number.isInteger(number) || number <= 0) {
        ctx.issues.push({
          code: 'custom',
          message: `${name} must be a positive whole number (got "${value}")`,
          input: value,
        });
        return z.NEVER;
      }
      return number;
    }),
  );

/** Every setting jps reads, with the environment variable beside it. */
const envSchema = z.object({
  /** JPS_DB: the SQLite file (`--db` wins). */
  JPS_DB: z._default(text('JPS_DB'), 'data/jps.db'),
  /** JPS_USER_AGENT: what jps calls itself to agency sites. */
  JPS_USER_AGENT: z.optional(text('JPS_USER_AGENT')),
  /** JPS_HTTP_TIMEOUT: per-request timeout for every source, overriding each source's own. */
  JPS_HTTP_TIMEOUT: z.optional(duration('JPS_HTTP_TIMEOUT')),
  /** JPS_RETRY_BASE: the first retry's wait; each further retry doubles it. */
  JPS_RETRY_BASE: z._default(duration('JPS_RETRY_BASE'), 2_000),
  /** JPS_MAX_DOWNLOAD_MB: the largest answer jps accepts from a site. */
  JPS_MAX_DOWNLOAD_MB: z._default(positiveInteger('JPS_MAX_DOWNLOAD_MB'), 200),
  /** JPS_LOCK_WAIT: how long a scrape waits for another one on the same database. */
  JPS_LOCK_WAIT: z._default(duration('JPS_LOCK_WAIT'), 30 * 60_000),
  /** JPS_TIME_BUDGET: overrides a paged source's time budget (the Gateway's 20 minutes). */
  JPS_TIME_BUDGET: z.optional(duration('JPS_TIME_BUDGET')),
  NO_COLOR: z.optional(z.string()),
});

export interface Config {
  dbPath: string;
  userAgent: string;
  httpTimeoutMillis: number | null;
  retryBaseMillis: number;
  maxDownloadBytes: number;
  lockWaitMillis: number;
  timeBudgetMillis: number | null;
  /** Entry URL overrides by source key, from `JPS_<KEY>_URL`. */
  sourceUrls: Record<string, string>;
  rawArchiveKeep: number;
  noColor: boolean;
}

export const DEFAULT_USER_AGENT = 'jps/0.1 (federal procurement forecast aggregator)';

/** Reads the configuration from the environment; every problem is listed in one usage error. */
export function loadConfig(env: NodeJS.ProcessEnv, overrides: { db?: string } = {}): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new UsageError(`invalid configuration: ${problems}`);
  }
  const values = parsed.data;
  const sourceUrls: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    const match = /^JPS_([A-Z0-9_]+)_URL$/.exec(name);
    if (match && value) sourceUrls[match[1]!.toLowerCase().replaceAll('_', '-')] = value;
  }
  const dbPath = overrides.db ?? values.JPS_DB;
  return {
    dbPath: dbPath === ':memory:' ? dbPath : resolve(dbPath),
    userAgent: values.JPS_USER_AGENT ?? DEFAULT_USER_AGENT,
    httpTimeoutMillis: values.JPS_HTTP_TIMEOUT ?? null,
    retryBaseMillis: values.JPS_RETRY_BASE,
    maxDownloadBytes: values.JPS_MAX_DOWNLOAD_MB * 1024 * 1024,
    lockWaitMillis: values.JPS_LOCK_WAIT,
    timeBudgetMillis: values.JPS_TIME_BUDGET ?? null,
    sourceUrls,
    rawArchiveKeep: 10,
    noColor: values.NO_COLOR !== undefined && values.NO_COLOR !== '',
  };
}
