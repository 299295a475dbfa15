// `npm install`/`npm ci` in a checkout runs this. With the dev tools installed it builds dist/, so a
// fresh clone's `npm ci && npx jps …` works. Without them (`npm ci --omit=dev` on a server that was
// given a built checkout) there is nothing to build with, and dist/ must already be there.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let hasTools = true;
try {
  require.resolve('typescript');
  require.resolve('esbuild');
} catch {
  hasTools = false;
}

if (hasTools) {
  execSync('npm run build', { stdio: 'inherit' });
} else if (!existsSync(new URL('../dist/bin/jps.js', import.meta.url))) {
  console.error(
    'jps: dist/ is not built and the build tools are not installed (--omit=dev). ' +
      'Run `npm ci` with dev dependencies once to build, or install a packed tarball (`npm pack`).',
  );
  process.exit(1);
}
