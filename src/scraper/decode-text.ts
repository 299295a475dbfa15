import { isUtf8 } from 'node:buffer';
import { formatCount } from '../format-count.js';

/** A file's text and how it was read. */
export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
  /** Said to the user: where invalid UTF-8 bytes were shown as U+FFFD. */
  warnings: string[];
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * Decides a file's encoding once, for the whole file, by a rule that keeps the most characters
 * right: valid UTF-8 is UTF-8; UTF-8 with a few invalid bytes (an export cut or patched by hand)
 * is still UTF-8, each bad byte shown as U+FFFD with a warning naming its line; bytes that are
 * mostly not UTF-8 are Windows-1252 (agency exports from Excel often are). A UTF-16 byte-order
 * mark means UTF-16. A leading byte-order mark is removed after decoding, whatever the encoding.
 */
export function decodeFileText(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decoded(bytes, 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decoded(bytes, 'utf-16be');
  const utf8 = validUtf8(bytes);
  if (utf8 !== null) return { text: withoutBom(utf8), encoding: 'utf-8', warnings: [] };
  const scan = scanUtf8(bytes);
  // Each invalid sequence costs a character in UTF-8; each valid multi-byte one would become
  // mojibake ("Ã©") in Windows-1252: the reading with fewer losses wins.
  if (scan.multiByte < scan.invalidAt.length) return decoded(bytes, 'windows-1252');
  const lines = [...new Set(linesOf(bytes, scan.invalidAt))];
  return { ...decoded(bytes, 'utf-8'), warnings: [invalidBytesWarning(scan.invalidAt.length, lines)] };
}

/** A file's bytes as UTF-8 without a byte-order mark, the encoding decided as for its text. */
export interface DecodedBytes {
  utf8: Buffer;
  encoding: DecodedText['encoding'];
  warnings: string[];
}

/**
 * The file as UTF-8 bytes, decided by the rule of `decodeFileText`. A file that is UTF-8 already
 * (nearly every one) is neither decoded nor copied: a large CSV export is then never held as text.
 */
export function decodeFileBytes(bytes: Uint8Array): DecodedBytes {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (!utf16 && isUtf8(buffer)) {
    const bom = UTF8_BOM.every((byte, index) => bytes[index] === byte) ? UTF8_BOM.length : 0;
    return { utf8: buffer.subarray(bom), encoding: 'utf-8', warnings: [] };
  }
  const { text, encoding, warnings } = decodeFileText(bytes);
  return { utf8: Buffer.from(text, 'utf8'), encoding, warnings };
}

/** The text when the bytes are all valid UTF-8 (the native decoder: the common case, fast), else null. */
function validUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

function withoutBom(text: string): string {
  return text.startsWith('\ufeff') ? text.slice(1) : text;
}

function decoded(bytes: Uint8Array, encoding: DecodedText['encoding']): DecodedText {
  // ignoreBOM keeps the mark in the text, so that it is removed the same way for every encoding.
  let text =
    encoding === 'windows-1252'
      ? decodeWindows1252(bytes)
      : new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
  if (text.startsWith('\ufeff')) text = text.slice(1);
  // A UTF-8 byte-order mark read as Windows-1252.
  else if (encoding === 'windows-1252' && UTF8_BOM.every((byte, index) => bytes[index] === byte)) {
    text = text.slice(3);
  }
  return { text, encoding, warnings: [] };
}

/**
 * Windows-1252's 0x80–0x9F: curly quotes, dashes, the euro sign… (0 where the code page has no
 * character: those bytes stay the C1 control of the same number, as browsers read them).
 */
const WINDOWS_1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0,
  0x017d, 0, 0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a,
  0x0153, 0, 0x017e, 0x0178,
];

/**
 * Windows-1252 by its own table: Node 20's TextDecoder reads the `windows-1252` label as
 * ISO-8859-1 (its Latin-1 fast path) and turns Excel's curly quotes and dashes (0x91–0x97) into
 * invisible C1 controls.
 */
function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\u0080-\u009f]/g, (char) => {
    const mapped = WINDOWS_1252_HIGH[char.charCodeAt(0) - 0x80]!;
    return mapped === 0 ? char : String.fromCharCode(mapped);
  });
}

interface Utf8Scan {
  /** Valid sequences of two to four bytes (the byte-order mark counts). */
  multiByte: number;
  /** Byte offsets where an invalid sequence starts, ascending. */
  invalidAt: number[];
}

/**
 * Where the bytes are not UTF-8, the way TextDecoder judges it: a sequence is invalid at its
 * first byte that cannot continue it (overlong forms, surrogates and code points past U+10FFFF
 * included), and decoding resumes there.
 */
function scanUtf8(bytes: Uint8Array): Utf8Scan {
  let multiByte = 0;
  const invalidAt: number[] = [];
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index]!;
    if (lead < 0x80) {
      index += 1;
      continue;
    }
    const length = sequenceLength(bytes, index);
    if (length > 0) {
      multiByte += 1;
      index += length;
    } else {
      invalidAt.push(index);
      index += Math.max(1, validPrefix(bytes, index));
    }
  }
  return { multiByte, invalidAt };
}

/** The length of the valid sequence starting at `index`, or 0. */
function sequenceLength(bytes: Uint8Array, index: number): number {
  const lead = bytes[index]!;
  let length: number;
  let low = 0x80;
  let high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) length = 2;
  else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead === 0xe0) low = 0xa0;
    if (lead === 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead === 0xf0) low = 0x90;
    if (lead === 0xf4) high = 0x8f;
  } else return 0;
  for (let offset = 1; offset < length; offset += 1) {
    const byte = bytes[index + offset];
    if (byte === undefined) return 0;
    const [min, max] = offset === 1 ? [low, high] : [0x80, 0xbf];
    if (byte < min || byte > max) return 0;
  }
  return length;
}

/** How many bytes of a broken sequence TextDecoder replaces with one U+FFFD (the maximal prefix). */
function validPrefix(bytes: Uint8Array, index: number): number {
  const lead = bytes[index]!;
  if (lead < 0xc2 || lead > 0xf4) return 1;
  let count = 1;
  let low = 0x80;
  let high = 0xbf;
  if (lead === 0xe0) low = 0xa0;
  if (lead === 0xed) high = 0x9f;
  if (lead === 0xf0) low = 0x90;
  if (lead === 0xf4) high = 0x8f;
  const length = lead <= 0xdf ? 2 : lead <= 0xef ? 3 : 4;
  while (count < length) {
    const byte = bytes[index + count];
    const [min, max] = count === 1 ? [low, high] : [0x80, 0xbf];
    if (byte === undefined || byte < min || byte > max) break;
    count += 1;
  }
  return count;
}

/** The 1-based line of each byte offset (offsets ascending), in one pass over the bytes. */
function linesOf(bytes: Uint8Array, offsets: readonly number[]): number[] {
  const lines: number[] = [];
  let line = 1;
  let index = 0;
  for (const offset of offsets) {
    for (; index < offset; index += 1) if (bytes[index] === 0x0a) line += 1;
    lines.push(line);
  }
  return lines;
}

const LINES_NAMED = 5;

function invalidBytesWarning(count: number, lines: readonly number[]): string {
  const named = lines.slice(0, LINES_NAMED).map(String);
  const more = lines.length - named.length;
  const where =
    lines.length === 1
      ? `line ${named[0]}`
      : `lines ${named.join(', ')}${more > 0 ? ` and ${formatCount(more)} more` : ''}`;
  return (
    `${formatCount(count)} invalid UTF-8 byte sequence${count === 1 ? '' : 's'} on ${where}, ` +
    'read as "\ufffd" (the rest of the file is UTF-8)'
  );
}
