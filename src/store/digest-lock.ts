import { withProcessLock } from './process-lock.js';

/**
 * Makes two `jps digest` processes on one database take turns, as scrapes do: the second waits
 * until the first has delivered and moved its cursors, then reads the windows afresh, so one
 * window is never delivered twice.
 */
export async function withDigestLock<T>(
  dbPath: string,
  options: { waitMillis: number; onWait: () => void },
  work: () => Promise<T>,
): Promise<T> {
  return withProcessLock(dbPath, { ...options, kind: 'digest', busyDoing: 'is still delivering' }, work);
}
