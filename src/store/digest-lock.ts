import SqliteDatabase from 'better-sqlite3';
import { StoreError } from '../errors.js';

/**
 * Makes two `jps digest` processes on one database take turns, as scrapes do
 * (src/scraper/scrape-lock.ts): the second waits until the first has delivered and moved its
 * cursors, then reads the windows afresh, so one window is never delivered twice. The lock is an
 * exclusive transaction on a small file beside the database, which the operating system releases
 * when a process dies.
 */
export async function withDigestLock<T>(
  dbPath: string,
  options: { waitMillis: number; onWait: () => void },
  work: () => Promise<T>,
): Promise<T> {
  if (dbPath === ':memory:') return work();
  const lock = new SqliteDatabase(`${dbPath}.digest-lock`);
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
          `another jps digest is still delivering on ${dbPath} after waiting ${Math.round(options.waitMillis / 1000)} s (JPS_LOCK_WAIT); try again later`,
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
