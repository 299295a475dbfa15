import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';

function allCommands(command: Command): Command[] {
  return [command, ...command.commands.flatMap(allCommands)];
}

describe('the shared flags', () => {
  it('spell --source as -s, repeatable, on every command that takes it', async () => {
    const program = await buildProgram({
      context: () => {
        throw new Error('not run');
      },
      setExitCode: () => {},
    });
    const withSource = allCommands(program).filter((command) =>
      command.options.some((option) => option.long === '--source'),
    );
    expect(withSource.map((command) => command.name()).sort()).toEqual(
      expect.arrayContaining(['scrape', 'list', 'history', 'health', 'add']),
    );
    for (const command of withSource) {
      const option = command.options.find((o) => o.long === '--source')!;
      expect(option.short, command.name()).toBe('-s');
      expect(option.parseArg?.('b', ['a']), command.name()).toEqual(['a', 'b']);
    }
  });
});
