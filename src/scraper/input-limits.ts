import { SourceError } from '../errors.js';
import { formatCount } from '../format-count.js';

/**
 * What one file or response may bring. Real agency files stay far inside these (SSA's workbook,
 * the widest, has 66 columns; Excel itself holds at most 32,767 characters in a cell, and the
 * longest description seen is a few thousand); a file beyond them is broken or hostile, and fails
 * its source with one clear line instead of filling memory or the database (the README lists
 * them). The cell limit is generous because a Gateway body may embed an image as base64.
 */
export const INPUT_LIMITS = {
  /** Columns of the table that holds the forecast (each unread one becomes an `extra.*` field). */
  maxColumns: 300,
  /** Characters in one cell or JSON value. */
  maxCellChars: 1_000_000,
  /** Characters in one line of a CSV file. */
  maxLineChars: 2_000_000,
  /** Bytes a workbook may expand to, summed over its parts, as its ZIP directory declares them. */
  maxWorkbookBytes: 200 * 1024 * 1024,
  /** Levels of nested objects and arrays in a JSON answer. */
  maxJsonDepth: 64,
} as const;

/** How many headers a message lists before "… and 4,980 more". */
const HEADERS_LISTED = 20;
/** How much of one header a message shows. */
const HEADER_CHARS = 60;

/** `"A", "B", … and 4,980 more`: a header list short enough for one error line. */
export function headerList(headers: readonly string[]): string {
  const shown = headers.slice(0, HEADERS_LISTED).map((header) => `"${cut(header, HEADER_CHARS)}"`);
  const more = headers.length - shown.length;
  return more > 0 ? `${shown.join(', ')} … and ${formatCount(more)} more` : shown.join(', ');
}

function cut(text: string, chars: number): string {
  return text.length <= chars ? text : `${text.slice(0, chars - 1)}…`;
}

export function checkColumnCount(columns: number, where: string): void {
  if (columns > INPUT_LIMITS.maxColumns) {
    throw new SourceError(
      'TOO_MANY_COLUMNS',
      `${where} has ${formatCount(columns)} columns; jps reads at most ${formatCount(INPUT_LIMITS.maxColumns)}, so this is not a forecast layout`,
    );
  }
}

export function checkCellLength(text: string, where: string): void {
  if (text.length > INPUT_LIMITS.maxCellChars) {
    throw new SourceError(
      'CELL_TOO_LONG',
      `${where} holds ${formatCount(text.length)} characters; jps reads at most ${formatCount(INPUT_LIMITS.maxCellChars)} in one cell`,
    );
  }
}

/**
 * Fails when a line of `utf8` holds more than `INPUT_LIMITS.maxLineChars` characters (counted as
 * JavaScript counts them). One pass, no copies: only a line longer in bytes than the limit has its
 * characters counted.
 */
export function checkLineLengths(utf8: Uint8Array, where: string): void {
  const bytes = Buffer.from(utf8.buffer, utf8.byteOffset, utf8.byteLength);
  let line = 1;
  for (let start = 0; start < bytes.length; line += 1) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline < 0 ? bytes.length : newline;
    if (end - start > INPUT_LIMITS.maxLineChars) {
      const chars = utf16Length(bytes, start, end);
      if (chars > INPUT_LIMITS.maxLineChars) {
        throw new SourceError(
          'LINE_TOO_LONG',
          `line ${formatCount(line)} of ${where} holds ${formatCount(chars)} characters; jps reads at most ${formatCount(INPUT_LIMITS.maxLineChars)} in one line`,
        );
      }
    }
    if (newline < 0) break;
    start = newline + 1;
  }
}

/** The length as a JavaScript string of valid UTF-8 bytes: a four-byte character is two units. */
function utf16Length(bytes: Uint8Array, start: number, end: number): number {
  let units = 0;
  for (let index = start; index < end; index += 1) {
    const byte = bytes[index]!;
    if (byte < 0x80 || byte >= 0xc0) units += byte >= 0xf0 ? 2 : 1;
  }
  return units;
}

/**
 * Fails when `value` nests objects and arrays deeper than `INPUT_LIMITS.maxJsonDepth`. Walks with
 * an explicit stack: 100,000 levels of `[[[…]]]` must be a clear error, not a stack overflow.
 */
export function checkJsonDepth(value: unknown, where: string): void {
  const stack: [unknown, number][] = [[value, 1]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [node, depth] = next;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > INPUT_LIMITS.maxJsonDepth) {
      throw new SourceError(
        'JSON_TOO_DEEP',
        `${where} nests objects and arrays more than ${INPUT_LIMITS.maxJsonDepth} levels deep: not forecast records`,
      );
    }
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
}
