// Bundles the built CLI (dist/src/cli/main.js) into dist/bin/: the start-up chunk, a chunk per
// command (src/cli/program.ts imports each when it runs), and chunks for what loads later still
// (the scrape pipeline, the live probe). Node resolves and compiles a few files instead of ~400
// (kysely alone ships 280), which is most of `jps list`'s start-up time. Packages only a scrape
// needs stay external and load from node_modules when first used. better-sqlite3's JavaScript is
// bundled too (thirteen CommonJS files cost more to load one by one than the query `jps list`
// runs); its compiled addon stays in node_modules, found by src/store/open-sqlite.ts.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry a content hash: clear the old ones so a packed tarball holds only today's.
rmSync('dist/bin', { recursive: true, force: true });

await build({
  entryPoints: { jps: 'dist/src/cli/main.js' },
  outdir: 'dist/bin',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['exceljs', 'cheerio', 'got', 'ora', 'csv-parse', 'jszip'],
  // CommonJS packages inside an ES module bundle still call require() for Node's built-ins.
  banner: {
    js: "import { createRequire as __jpsCreateRequire } from 'node:module';\nconst require = __jpsCreateRequire(import.meta.url);",
  },
  // Whitespace and syntax only: V8 compiles what it has to scan, and names stay readable in the
  // stack traces of --verbose.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  logLevel: 'warning',
});

// `jps serve`'s query workers (src/api/query-pool.ts finds this file beside the chunks): a bundle
// of its own, so that the CLI's start-up chunks stay as they are.
await build({
  entryPoints: { 'query-worker': 'dist/src/api/query-worker.js' },
  outdir: 'dist/bin',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3', 'exceljs', 'cheerio', 'got', 'ora', 'csv-parse', 'jszip'],
  banner: {
    js: "import { createRequire as __jpsCreateRequire } from 'node:module';\nconst require = __jpsCreateRequire(import.meta.url);",
  },
  sourcemap: 'linked',
  logLevel: 'warning',
});
