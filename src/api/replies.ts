import type { Reply, RouteDeps } from './routes.js';

/** The answer for `key` while the database is unchanged, computing and keeping it otherwise. */
export async function cached(deps: RouteDeps, key: string, compute: () => Promise<Reply>): Promise<Reply> {
  const hit = deps.cache.get(key);
  if (hit !== undefined) return { statusCode: 200, body: hit };
  const version = deps.cache.version();
  const fresh = await compute();
  if (fresh.statusCode === 200) deps.cache.set(key, fresh.body, version);
  return fresh;
}

export function success(data: unknown): Reply {
  return { statusCode: 200, body: Buffer.from(`{"status":"success","data":${JSON.stringify(data)}}`) };
}
