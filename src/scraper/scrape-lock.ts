import { withProcessLock } from '../store/process-lock.js';

/** Makes two `jps scrape` processes on one database take turns: crontab lines may overlap. */
export async function withScrapeLock<T>(
  dbPath: string,
  options: { waitMillis: number; onWait: () => void },
  work: () => Promise<T>,
): Promise<T> {
  return withProcessLock(dbPath, { ...options, kind: 'scrape', busyDoing: 'is still running' }, work);
}
