import { resolve } from 'node:path';
import { z } from 'zod';
import { UsageError } from './errors.js';
import { parseDuration } from './time.js';

const duration = (name: string) =>
  z.string().transform((text, ctx) => {
    const millis = parseDuration(text);
    if (millis === null) {
      ctx.addIssue({
        code: 'custom',
        message: `${name} must be a duration such as 90s, 10m or 2h (got "${text}")`,
      });
      return z.NEVER;
    }
    return millis;
  });

const positiveInteger = (name: string) =>
  z.string().transform((text, ctx) => {
    const value = Number(text);
    if (!Number.isInteger(value) || value <= 0) {
      ctx.addIssue({ code: 'custom', message: `${name} must be a positive whole number (got "${text}")` });
      return z.NEVER;
    }
    return value;
  });

/** Every setting jps reads, with the environment variable beside it. */
const envSchema = z.object({
  /** JPS_DB: the SQLite file (`--db` wins). */
  JPS_DB: z.string().min(1).default('data/jps.db'),
  /** JPS_USER_AGENT: what jps calls itself to agency sites. */
  JPS_USER_AGENT: z.string().min(1).optional(),
  /** JPS_HTTP_TIMEOUT: per-request timeout for every source, overriding each source's own. */
  JPS_HTTP_TIMEOUT: duration('JPS_HTTP_TIMEOUT').optional(),
  /** JPS_RETRY_BASE: the first retry's wait; each further retry doubles it. */
  JPS_RETRY_BASE: duration('JPS_RETRY_BASE').default(2_000),
  /** JPS_MAX_DOWNLOAD_MB: the largest answer jps accepts from a site. */
  JPS_MAX_DOWNLOAD_MB: positiveInteger('JPS_MAX_DOWNLOAD_MB').default(200),
  /** JPS_LOCK_WAIT: how long a scrape waits for another one on the same database. */
  JPS_LOCK_WAIT: duration('JPS_LOCK_WAIT').default(30 * 60_000),
  /** JPS_TIME_BUDGET: overrides a paged source's time budget (the Gateway's 20 minutes). */
  JPS_TIME_BUDGET: duration('JPS_TIME_BUDGET').optional(),
  NO_COLOR: z.string().optional(),
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
