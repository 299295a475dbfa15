import Table from 'cli-table3';
import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/cli/display-width.js';
import { drawTable } from '../../src/cli/draw-table.js';

// jps printed its tables with cli-table3 until it drew them itself for a faster start; the
// tables must stay the same, character for character, so cli-table3 stays here as the yardstick.
function cliTable3(head: string[], rows: string[][], alignRight: boolean[]): string {
  const table = new Table({
    head,
    style: { head: [], border: [], compact: true },
    colAligns: alignRight.map((right) => (right ? 'right' : 'left')),
    wordWrap: false,
  });
  for (const row of rows) table.push(row);
  return table.toString();
}

// Pieces of agency text that test the widths: accents, wide CJK, emoji (alone, with a skin
// tone, joined, flags, keycaps), combining marks, ©/® that turn into emoji with U+FE0F, the
// ellipsis of a cut cell, and line breaks.
const PIECES = [
  'a',
  'Z',
  '0',
  ' ',
  '-',
  '#',
  '*',
  '$1,000',
  'Café',
  'ñ',
  'ß',
  'Ω',
  '…',
  '–',
  '“',
  '”',
  '工程',
  'ｶ',
  '한',
  '😀',
  '👍🏽',
  '👩‍💻',
  '🇺🇸',
  '1️⃣',
  '#⃣',
  '©',
  '®',
  '©️',
  '™',
  'e\u0301',
  '\u0300',
  '\u00ad',
  '\u00a0',
  '\n',
  '␛',
  '\ufffd',
  '𠀋',
  '✓',
  '★',
];
const cellText = fc.array(fc.constantFrom(...PIECES), { maxLength: 8 }).map((pieces) => pieces.join(''));

describe('tables drawn for a terminal', () => {
  it.each([
    [
      'a header and two rows',
      ['id', 'value'],
      [
        ['a', '$1'],
        ['bb', '$20,000'],
      ],
      [false, true],
    ],
    ['a header alone, no rows', ['id', 'title'], [], [false, false]],
    ['an empty cell', ['id', 'title'], [['x', '']], [false, false]],
    [
      'a cell of two lines',
      ['id', 'notes'],
      [
        ['x', 'first\nsecond line'],
        ['y', 'z'],
      ],
      [false, false],
    ],
    ['wide characters', ['title'], [['工程 services'], ['😀 ok']], [false]],
    [
      'no header',
      [],
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
      [false, true],
    ],
  ])('draws %s as cli-table3 did', (_name, head, rows, alignRight) => {
    expect(drawTable(head, rows, alignRight)).toBe(cliTable3(head, rows, alignRight));
  });

  it('draws any mix of text, widths and line breaks as cli-table3 did', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 4 })
          .chain((columns) =>
            fc.tuple(
              fc.array(cellText, { minLength: columns, maxLength: columns }),
              fc.array(fc.array(cellText, { minLength: columns, maxLength: columns }), { maxLength: 4 }),
              fc.array(fc.boolean(), { minLength: columns, maxLength: columns }),
            ),
          ),
        ([head, rows, alignRight]) => {
          expect(drawTable(head, rows, alignRight)).toBe(cliTable3(head, rows, alignRight));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('counts every character it takes as one column wide as string-width does', () => {
    for (let code = 0x20; code <= 0x10ffff; code += code < 0x10000 ? 1 : 97) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const char = String.fromCodePoint(code);
      for (const text of [char, `a${char}b`]) {
        if (displayWidth(text) !== stringWidth(text))
          expect([text, displayWidth(text)]).toEqual([text, stringWidth(text)]);
      }
    }
    fc.assert(fc.property(cellText, (text) => displayWidth(text) === stringWidth(text)));
  });
});
