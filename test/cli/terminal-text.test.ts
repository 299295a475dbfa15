import { describe, expect, it } from 'vitest';
import { terminalLine, terminalText } from '../../src/cli/terminal-text.js';

describe('text printed for a terminal', () => {
  it.each([
    ['a screen clear', 'A\u001b[2JB', 'A\u241b[2JB'],
    ['an OSC title change', '\u001b]0;pwned\u0007x', '\u241b]0;pwned\u2407x'],
    ['a NUL', 'a\u0000b', 'a\u2400b'],
    ['a carriage return that would overwrite the line', 'safe\rEVIL', 'safe\u240dEVIL'],
    ['a C1 CSI', 'a\u009b2Jb', 'a\ufffd2Jb'],
    ['a DEL', 'a\u007fb', 'a\u2421b'],
    ['a tab', 'a\tb', 'a b'],
    ['plain text and accents', 'Café – 8(a) “quoted”', 'Café – 8(a) “quoted”'],
  ])('shows %s as visible symbols, one for one', (_name, text, shown) => {
    expect(terminalText(text)).toBe(shown);
  });

  it('keeps the newlines of a layout, and joins them in one line', () => {
    expect(terminalText('one\ntwo')).toBe('one\ntwo');
    expect(terminalLine('one \r\n two\nthree')).toBe('one two three');
  });
});
