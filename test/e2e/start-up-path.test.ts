import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltJps, runBuiltJps } from '../helpers/built-jps.js';
import { makeProspect, recordScrape, tempStore } from '../helpers/store.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Runs the built binary with Node's module-loader debug lines on (`NODE_DEBUG=esm,module`), which
 * name every file Node resolves or loads, and returns the files of this project among them.
 */
async function loadedFiles(
  args: string[],
): Promise<{ code: number | null; stdout: string; files: string[] }> {
  const { code, stdout, stderr } = await runBuiltJps(args, { NODE_DEBUG: 'esm,module', NO_COLOR: '1' });
  const files = new Set<string>();
  for (const [match] of stderr.matchAll(/(?:file:\/\/)?\/[^\s'"`,)]+/g)) {
    const path = match.startsWith('file://') ? fileURLToPath(match) : match;
    if (path.startsWith(ROOT)) files.add(path.slice(ROOT.length));
  }
  return { code, stdout, files: [...files] };
}

describe('what a plain `jps list` loads', () => {
  beforeAll(() => {
    requireBuiltJps();
  });

  // Start-up time is most of what `jps list` costs (see bench/startup-bench.ts): every file it
  // loads is compiled first. These belong to other commands and must load only when they run.
  it('prints the table without loading the scrape pipeline, the digest, the server or their packages', async () => {
    const store = await tempStore();
    await recordScrape(store, 'ssa', [makeProspect('ssa:A1', { title: 'Cloud migration' })], {
      at: '2026-11-01T10:00:00.000Z',
    });
    await store.close();

    const { code, stdout, files } = await loadedFiles(['list', '--db', store.path]);

    expect(code).toBe(0);
    expect(stdout).toMatch(/│ ssa:A1\s+│ Cloud migration\s+│/);
    // The debug lines do name what is loaded: the database driver and the list command.
    expect(files).toEqual(expect.arrayContaining([expect.stringMatching(/node_modules\/better-sqlite3\//)]));
    expect(files).toEqual(expect.arrayContaining([expect.stringMatching(/^dist\/bin\/list-\w+\.js$/)]));
    const otherCommands = files.filter(
      (file) =>
        /node_modules\/(exceljs|got|cheerio|csv-parse|ora|nodemailer|jszip|cli-table3|entities)\//.test(
          file,
        ) ||
        /^dist\/bin\/(scrape|history|health|duplicates|serve|sources|watch|digest|server|web-pages|probe|nodemailer|prospect-workbook|link-duplicates)-\w+\.js$/.test(
          file,
        ),
    );
    expect(otherCommands).toEqual([]);
  });
});
