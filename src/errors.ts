/**
 * Every error jps means to show a user carries a stable `code`, the process exit code it leads
 * to, and whether trying again later could help. Thrown deep; turned into one stderr line and an
 * exit code only in `cli/main.ts`.
 */
export class JpsError extends Error {
  readonly code: string;
  readonly exitCode: number;
  readonly retryable: boolean;

  constructor(
    code: string,
    message: string,
    options: { exitCode?: number; retryable?: boolean; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'JpsError';
    this.code = code;
    this.exitCode = options.exitCode ?? 1;
    this.retryable = options.retryable ?? false;
  }
}

/** Exit codes of docs/cli.md. */
export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  sourceFailed: 3,
  unhealthy: 4,
  busy: 5,
  /** `digest --send`: a delivery failed; its watch will send the same changes again. */
  deliveryFailed: 6,
} as const;

/** A bad flag, an unknown source, an unreadable file, invalid configuration. */
export class UsageError extends JpsError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('USAGE', message, { exitCode: EXIT.usage, cause: options.cause });
    this.name = 'UsageError';
  }
}

/**
 * Something about the database file itself: locked beyond the wait limit, not a jps database,
 * written by a newer jps (exit 5); missing for a command that only reads, or read-only for one
 * that writes (exit 2); the disk full while a scrape writes (exit 3).
 */
export class StoreError extends JpsError {
  constructor(
    code:
      | 'DB_BUSY'
      | 'NOT_JPS_DB'
      | 'DB_READ_ONLY'
      | 'NO_DATABASE'
      | 'DB_TOO_NEW'
      | 'DB_NEEDS_MIGRATION'
      | 'DISK_FULL'
      | 'DB_IO_ERROR',
    message: string,
    options: { exitCode?: number; cause?: unknown } = {},
  ) {
    super(code, message, { exitCode: options.exitCode ?? EXIT.busy, cause: options.cause });
    this.name = 'StoreError';
  }
}

/**
 * One source could not be scraped: the answer was not what the source expects, the site refused
 * us, or the network failed. The scrape records it and goes on with the other sources (exit 3).
 */
export class SourceError extends JpsError {
  constructor(code: string, message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(code, message, { exitCode: EXIT.sourceFailed, retryable: options.retryable, cause: options.cause });
    this.name = 'SourceError';
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
