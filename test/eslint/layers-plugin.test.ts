import { resolve } from 'node:path';
import { Linter, type ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
// A path in a variable: the plugin is plain JS, loaded the way eslint.config.js loads it.
const pluginPath = '../../eslint/layers-plugin.js';
const { layersPlugin } = (await import(pluginPath)) as { layersPlugin: ESLint.Plugin };

function lint(file: string, code: string): string[] {
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser as Linter.Parser },
        plugins: { jps: layersPlugin },
        rules: { 'jps/layers': 'error' },
      },
    ],
    { filename: resolve(root, file) },
  );
  return messages.map((m) => m.message);
}

describe('the layer lint rule', () => {
  it.each([
    ['src/cli/commands/list.ts', "import { x } from '../../store/prospect-queries.js';"],
    ['src/scraper/scrape.ts', "import { x } from '../sources/index.js';"],
    ['src/sources/dhs.ts', "import { x } from '../normalise/money.js';"],
    ['src/api/routes.ts', "import { x } from '../store/prospect-queries.js';"],
    ['src/web/pages.ts', "import { x } from '../digest/window.js';"],
    ['src/duplicates/match.ts', "import { x } from '../normalise/text.js';"],
    ['src/digest/window.ts', "import type { ProspectRecord } from '../store/prospect-record.js';"],
    ['src/store/connection.ts', "import { migrations } from '../../migrations/index.js';"],
    ['src/scraper/scrape.ts', "import { x } from './http.js';"],
    ['test/store/x.test.ts', "import { x } from '../../src/api/routes.js';"],
  ])('lets %s import what style.md allows: %s', (file, code) => {
    expect(lint(file, code)).toEqual([]);
  });

  it.each([
    ['src/normalise/money.ts', "import { x } from '../store/schema.js';", 'nothing of ours'],
    [
      'src/sources/dhs.ts',
      "import { x } from '../scraper/http.js';",
      'src/sources may not import src/scraper',
    ],
    ['src/api/routes.ts', "import { x } from '../scraper/scrape.js';", 'src/api may not import src/scraper'],
    ['src/digest/window.ts', "import { x } from '../store/prospect-queries.js';", 'src/digest may not'],
    [
      'src/store/load.ts',
      "import { x } from '../duplicates/match.js';",
      'src/store may not import src/duplicates',
    ],
    ['src/duplicates/match.ts', "import { x } from '../store/schema.js';", 'src/duplicates may not'],
    [
      'src/scraper/scrape.ts',
      "const m = await import('../cli/output.js');",
      'src/scraper may not import src/cli',
    ],
    ['src/store/x.ts', "export { x } from '../api/routes.js';", 'src/store may not import src/api'],
    [
      'migrations/0003_add_x.ts',
      "import type { Database } from '../src/store/schema.js';",
      'migrations may not',
    ],
  ])('reports a layer violation in %s: %s', (file, code, expected) => {
    const messages = lint(file, code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(expected);
  });

  it('asks for a new src/ folder to be added to the layer table', () => {
    const messages = lint('src/reports/x.ts', "import { x } from '../store/schema.js';");
    expect(messages[0]).toContain('src/reports/ is not a known layer');
  });
});
