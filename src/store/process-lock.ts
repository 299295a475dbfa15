import { openSqlite } from './open-sqlite.js';
import { StoreError } from '../errors.js';

/**
 * Makes two jps processes doing the same kind of work on one database take turns (crontab lines
 * may overlap). The lock is an exclusive transaction on a small file beside the database,
 * `<db>.<kind>-lock`, so the operating system releases it when a process dies and a waiting
 * process never finds a stale lock.
 */
export async function withProcessLock<T>(
  dbPath: string,
  options: {
    /** Names the lock file and the work in the busy message: `scrape`, `digest`. */
    kind: string;
    /** What the other process is doing, for the busy message ("is still running"). */
    busyDoing: string;
    waitMillis: number;
    onWait: () => void;
  },
  work: () => Promise<T>,
): Promise<T> {
  if (dbPath === ':memory:') return work();
  const lock = openSqlite(`${dbPath}.${options.kind}-lock`);
  try {
    lock.pragma('busy_timeout = 0');
    try {
      lock.exec('BEGIN EXCLUSIVE');
    } catch (error) {
      if (!isBusy(error)) throw error;
      options.onWait();
      lock.pragma(`busy_timeout = ${Math.max(1, Math.floor(options.waitMillis))}`);
      try {
        lock.exec('BEGIN EXCLUSIVE');
      } catch (again) {
        if (!isBusy(again)) throw again;
        throw new StoreError(
          'DB_BUSY',
          `another jps ${options.kind} ${options.busyDoing} on ${dbPath} after waiting ${Math.round(options.waitMillis / 1000)} s (JPS_LOCK_WAIT); try again later`,
          { cause: again },
        );
      }
    }
    try {
      return await work();
    } finally {
      lock.exec('ROLLBACK');
    }
  } finally {
    lock.close();
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}
