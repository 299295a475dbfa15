import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';

// The built jps carries better-sqlite3's JavaScript in its own bundle (scripts/bundle.js says
// why); its compiled addon stays in node_modules. better-sqlite3 finds the addon through the
// `bindings` package, which looks beside the file that calls it — the bundle, where it is not —
// so jps names the addon itself: where an install puts it, or a debug build.
let addonPath: string | null | undefined;

function nativeAddon(): string | null {
  if (addonPath === undefined) {
    addonPath = null;
    try {
      const root = dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json'));
      addonPath =
        ['Release', 'Debug']
          .map((build) => join(root, 'build', build, 'better_sqlite3.node'))
          .find(existsSync) ?? null;
    } catch {
      // Not resolvable from here: better-sqlite3 looks for the addon itself.
    }
  }
  return addonPath;
}

/** `new Database(path, options)` of better-sqlite3. */
export function openSqlite(path: string, options: Database.Options = {}): Database.Database {
  const addon = nativeAddon();
  return new Database(path, addon === null ? options : { nativeBinding: addon, ...options });
}
