import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built `bin/jps.js` of this checkout. */
export const BIN = fileURLToPath(new URL('../../bin/jps.js', import.meta.url));

export interface Spawned {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Fails with what to do when `dist/` was not built (npm test builds it first). */
export function requireBuiltJps(): void {
  if (!existsSync(BIN.replace(/bin\/jps\.js$/, 'dist/bin/jps.js'))) {
    throw new Error('dist/ is missing: run `npm run build` (npm test does) before these tests');
  }
}

/**
 * Runs the built `bin/jps.js` as a user's shell or cron would: a process of its own, with only
 * PATH and the environment given.
 */
export function runBuiltJps(args: readonly string[], env: Record<string, string>): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env['PATH'] ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
