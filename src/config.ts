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
  /** JPS_SMTP_URL: where `jps digest --send` hands e-mail (`smtp://user:pass@host:587`, `smtps://…:465`). */
  JPS_SMTP_URL: z.optional(text('JPS_SMTP_URL')),
  /** JPS_MAIL_FROM: the From of a digest e-mail (`jps <jps@example.org>`). */
  JPS_MAIL_FROM: z.optional(text('JPS_MAIL_FROM')),
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
  /** JPS_SMTP_URL, JPS_MAIL_FROM: e-mail delivery of digests; null when not set. */
  smtpUrl: string | null;
  mailFrom: string | null;
}

export const DEFAULT_USER_AGENT = 'jps/0.1 (federal procurement forecast aggregator)';

/** `JPS_…_URL` variables that name no source's entry URL (watch.md's mail server). */
const NOT_SOURCE_URLS = new Set(['JPS_SMTP_URL']);

/** Reads the configuration from the environment; every problem is listed in one usage error. */
export function loadConfig(env: NodeJS.ProcessEnv, overrides: { db?: string } = {}): Config {
  const parsed = envSchema.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  const sourceUrls: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (!/^JPS_[A-Z0-9_]+_URL$/.test(name) || !value || name in envSchema.shape) continue;
    if (NOT_SOURCE_URLS.has(name)) continue;
    if (!isHttpUrl(value)) {
      problems.push(
        `${name}: ${name} must be an http(s) URL such as https://www.ssa.gov/osdbu/ (got "${value}")`,
      );
      continue;
    }
    sourceUrls[sourceKeyOfUrlVariable(name)] = value;
  }
  if (!parsed.success || problems.length > 0) {
    throw new UsageError(`invalid configuration: ${problems.join('; ')}`);
  }
  const values = parsed.data;
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
    smtpUrl: values.JPS_SMTP_URL ?? null,
    mailFrom: values.JPS_MAIL_FROM ?? null,
  };
}

/** `JPS_ACQUISITION_GATEWAY_URL` → `acquisition-gateway`. */
function sourceKeyOfUrlVariable(name: string): string {
  return name.slice(4, -4).toLowerCase().replaceAll('_', '-');
}

/** `acquisition-gateway` → `JPS_ACQUISITION_GATEWAY_URL`. */
function urlVariableOf(sourceKey: string): string {
  return `JPS_${sourceKey.toUpperCase().replaceAll('-', '_')}_URL`;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * One warning per `JPS_<KEY>_URL` that names no source (`JPS_GATEWAY_URL`): such a variable is
 * ignored, and a user who set it expects it to count.
 */
export function unknownSourceUrlWarnings(config: Config, sourceKeys: readonly string[]): string[] {
  return Object.keys(config.sourceUrls)
    .filter((key) => !sourceKeys.includes(key))
    .map((key) => {
      const near = sourceKeys.find((known) => known.includes(key) || key.includes(known));
      const hint = near ? `; did you mean ${urlVariableOf(near)}?` : ` (sources: ${sourceKeys.join(', ')})`;
      return `${urlVariableOf(key)} is ignored: no source has the key "${key}"${hint}`;
    });
}
