// docs/ is the what of jps, and comments point there: this keeps it from falling behind the code.
// Every command of the commander tree needs a heading in docs/cli.md naming it (`jps watch add`),
// with each of its flags written in that section; every API route needs its path in docs/api.md.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../src/api/routes.js';
import { buildProgram } from '../../src/cli/program.js';

const docs = resolve(import.meta.dirname, '../../docs');
const read = (name: string) => readFileSync(resolve(docs, name), 'utf8');

/** Every command below the root, with its path from the root ("watch add"). */
function commandsOf(command: Command, prefix = ''): { path: string; command: Command }[] {
  return command.commands.flatMap((sub) => {
    const path = `${prefix}${sub.name()}`;
    return [{ path, command: sub }, ...commandsOf(sub, `${path} `)];
  });
}

/**
 * The text under the heading that names `jps <path>` in backticks, up to the next heading naming
 * another command (so `jps watch` does not swallow `jps watch add`'s section). null: no heading.
 */
function sectionOf(markdown: string, path: string): string | null {
  const lines = markdown.split('\n');
  const names = (line: string) => /^#+ /.test(line) && line.includes('`jps ');
  const start = lines.findIndex((line) => names(line) && new RegExp(`\`jps ${path}(\`| )`).test(line));
  if (start === -1) return null;
  const end = lines.findIndex((line, index) => index > start && names(line));
  return lines.slice(start, end === -1 ? undefined : end).join('\n');
}

const mentions = (text: string, flag: string) => new RegExp(`${flag}(?![a-z0-9-])`).test(text);

const program = await buildProgram({
  context: () => {
    throw new Error('the docs test builds the command tree only');
  },
  setExitCode: () => {},
});

describe('docs/', () => {
  it('documents every command and every flag of the CLI in docs/cli.md', () => {
    const cli = read('cli.md');
    const missing: string[] = [];
    for (const option of program.options) {
      if (option.long && !mentions(cli, option.long))
        missing.push(`the global flag ${option.long}: write it anywhere in docs/cli.md`);
    }
    for (const { path, command } of commandsOf(program)) {
      const section = sectionOf(cli, path);
      if (section === null) {
        missing.push(
          `\`jps ${path}\`: add a heading naming it, e.g. "## \`jps ${path}\` — …", to docs/cli.md`,
        );
        continue;
      }
      const flags = command.options.map((option) => option.long).filter((flag) => flag !== undefined);
      const absent = flags.filter((flag) => !mentions(section, flag));
      if (absent.length > 0)
        missing.push(`\`jps ${path}\`: ${absent.join(', ')} — write them in its section of docs/cli.md`);
    }
    expect(missing, `docs/cli.md is missing:\n  ${missing.join('\n  ')}\n`).toEqual([]);
  });

  it('documents every API route in docs/api.md', () => {
    const api = read('api.md');
    const missing = ROUTES.map((route) => ['/api', ...route.pattern].join('/'))
      .filter((path) => !api.includes(`\`GET ${path}\``))
      .map((path) => `\`GET ${path}\`: add a heading or line with it (in backticks) to docs/api.md`);
    expect(missing, `docs/api.md is missing:\n  ${missing.join('\n  ')}\n`).toEqual([]);
  });

  it('has every docs/ page a comment in src/ points to', () => {
    const cited = new Map<string, string>();
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else
          for (const [, name] of readFileSync(path, 'utf8').matchAll(/docs\/([a-z-]+\.md)/g))
            cited.set(name!, path);
      }
    };
    walk(resolve(import.meta.dirname, '../../src'));
    const absent = [...cited].filter(([name]) => !existsSync(resolve(docs, name)));
    expect(
      absent.map(([name, file]) => `docs/${name} (cited in ${file})`),
      'cited pages that do not exist',
    ).toEqual([]);
  });
});
