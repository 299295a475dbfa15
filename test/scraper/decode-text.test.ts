import { describe, expect, it } from 'vitest';
import { decodeFileText } from '../../src/scraper/decode-text.js';

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const BOM = [0xef, 0xbb, 0xbf];

describe('one encoding per file, by the rule that keeps the most characters right', () => {
  it('reads valid UTF-8 as UTF-8 and drops its byte-order mark', () => {
    expect(decodeFileText(Buffer.from([...BOM, ...utf8('Café,Zoë\n')]))).toEqual({
      text: 'Café,Zoë\n',
      encoding: 'utf-8',
      warnings: [],
    });
  });

  it('keeps UTF-8 with a few invalid bytes, shows each as U+FFFD and names their lines', () => {
    const bytes = Buffer.concat([
      Buffer.from(BOM),
      utf8('Title,Office\nCafé – annex,OHO\nBad '),
      Buffer.from([0xff]),
      utf8(' byte,Zoë\n'),
    ]);
    expect(decodeFileText(bytes)).toEqual({
      text: 'Title,Office\nCafé – annex,OHO\nBad \ufffd byte,Zoë\n',
      encoding: 'utf-8',
      warnings: ['1 invalid UTF-8 byte sequence on line 3, read as "\ufffd" (the rest of the file is UTF-8)'],
    });
  });

  it('names the first five lines with invalid bytes and counts the rest', () => {
    const lines = Array.from({ length: 8 }, (_, index) =>
      Buffer.concat([utf8(`é${index}`), Buffer.from([0xc3, 0x28]), utf8('\n')]),
    );
    const decoded = decodeFileText(Buffer.concat(lines));
    expect(decoded.encoding).toBe('utf-8');
    expect(decoded.warnings).toEqual([
      '8 invalid UTF-8 byte sequences on lines 1, 2, 3, 4, 5 and 3 more, read as "\ufffd" (the rest of the file is UTF-8)',
    ]);
    expect(decoded.text.split('\n')[0]).toBe('é0\ufffd(');
  });

  it('reads bytes that are mostly not UTF-8 as Windows-1252, without a warning', () => {
    // "Café – 8(a)" saved by Excel as Windows-1252: é is 0xE9, the en dash 0x96.
    const bytes = Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x96, 0x20, 0x38, 0x28, 0x61, 0x29]);
    expect(decodeFileText(bytes)).toEqual({ text: 'Café – 8(a)', encoding: 'windows-1252', warnings: [] });
  });

  it('drops a UTF-8 byte-order mark from a file read as Windows-1252', () => {
    const bytes = Buffer.from([...BOM, 0x43, 0x61, 0x66, 0xe9, 0x2c, 0xe8, 0x2c, 0xe0]);
    expect(decodeFileText(bytes)).toMatchObject({ text: 'Café,è,à', encoding: 'windows-1252' });
  });

  it('reads a file with a UTF-16 byte-order mark as UTF-16', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Café,Zoë', 'utf16le')]);
    expect(decodeFileText(bytes)).toEqual({ text: 'Café,Zoë', encoding: 'utf-16le', warnings: [] });
  });

  it('counts invalid sequences exactly as the decoder replaces them', () => {
    // A truncated 3-byte sequence, an overlong form, a surrogate, a stray continuation byte.
    const bytes = Buffer.concat([
      utf8('éééééééééé '),
      Buffer.from([0xe2, 0x82, 0x20, 0xc0, 0xaf, 0x20, 0xed, 0xa0, 0x80, 0x20, 0x80]),
    ]);
    const decoded = decodeFileText(bytes);
    const replacements = [...decoded.text].filter((char) => char === '\ufffd').length;
    expect(decoded.warnings[0]).toMatch(
      new RegExp(`^${replacements} invalid UTF-8 byte sequences on line 1,`),
    );
  });
});
