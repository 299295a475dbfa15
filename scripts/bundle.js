// Bundles the built CLI (dist/src/cli/main.js) into dist/bin/: the start-up chunk, a chunk per
// command (src/cli/program.ts imports each when it runs), and chunks for what loads later still
// (the scrape pipeline, the live probe). Node resolves and compiles a few files instead of ~400
// (kysely alone ships 280), which is most of `jps list`'s start-up time. Packages only a scrape
// needs stay external and load from node_modules when first used. better-sqlite3's JavaScript is
// bundled too (thirteen CommonJS files cost more to load one by one than the query `jps list`
// runs); its compiled addon stays in node_modules, found by src/store/open-sqlite.ts.
import { readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { build } from 'esbuild';

// The CLI reads its config with zod/mini, the API its parameters with zod's full API, and both
// stand on zod's core. Shared, that core would sit in the start-up chunk with everything the
// full API uses of it (five times what zod/mini needs). So the API gets its own copy of zod:
// the files it reaches from `zod` are bundled a second time under a suffix, and load with the
// API. zod keeps its settings on globalThis, so two copies share them.
const apiZodCopy = {
  name: 'api-zod-copy',
  setup(build) {
    build.onResolve({ filter: /^zod$/ }, async (args) => {
      if (!/[/\\]src[/\\]api[/\\]/.test(args.importer)) return undefined;
      const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir });
      return { path: resolved.path, suffix: '?api', pluginData: 'api-zod' };
    });
    build.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData !== 'api-zod') return undefined;
      const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir });
      return { path: resolved.path, suffix: '?api', pluginData: 'api-zod' };
    });
    build.onLoad({ filter: /.*/ }, (args) => {
      if (args.suffix !== '?api') return undefined;
      return {
        contents: readFileSync(args.path, 'utf8'),
        loader: 'js',
        resolveDir: dirname(args.path),
        pluginData: 'api-zod',
      };
    });
  },
};

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
  external: ['exceljs', 'cheerio', 'htmlparser2', 'got', 'ora', 'csv-parse', 'jszip'],
  // CommonJS packages inside an ES module bundle still call require() for Node's built-ins.
  banner: {
    js: "import { createRequire as __jpsCreateRequire } from 'node:module';\nconst require = __jpsCreateRequire(import.meta.url);",
  },
  // Whitespace and syntax only: V8 compiles what it has to scan, and names stay readable in the
  // stack traces of --verbose.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  plugins: [apiZodCopy],
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
