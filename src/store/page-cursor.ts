import { createHash } from 'node:crypto';
import { UsageError } from '../errors.js';

/**
 * Where a keyset page starts: just after the row with this sort value and id, in a list sorted and
 * filtered as `sort`, `order` and `filters` say. Handed to clients as an opaque text (`next_cursor`,
 * docs/api.md) so that page 10,000 is found by seeking the sort index, not by walking 500,000 rows.
 */
export interface PageCursor {
  sort: string;
  order: 'asc' | 'desc';
  /** A digest of the filters the list was made with: a cursor never continues another list. */
  filtersDigest: string;
  /** The sort value of the last row of the previous page (null: that row had none). */
  value: string | number | null;
  /** Its id, the tie-break. */
  id: string;
  /** How many rows came before the page the cursor starts (for the page number). */
  position: number;
}

/** A cursor that is not one jps handed out, or that continues another list. */
export class InvalidCursorError extends UsageError {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidCursorError';
  }
}

/** Longer than any cursor jps writes (an id and a title are bounded by the loader). */
export const MAX_CURSOR_CHARS = 4_000;

/** A short digest of a list's filters: equal filters give the same digest in any key order. */
export function filtersDigest(filters: object): string {
  return createHash('sha256').update(canonicalJson(filters)).digest('base64url').slice(0, 16);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function encodeCursor(cursor: PageCursor): string {
  const { sort, order, filtersDigest: f, value, id, position } = cursor;
  return Buffer.from(JSON.stringify({ s: sort, o: order, f, v: value, i: id, n: position })).toString(
    'base64url',
  );
}

/**
 * The cursor in `text`, checked against the list it is used on. A cursor is refused, with the
 * reason, when it is not one jps wrote or when it was made for another sort, order or filters.
 */
export function decodeCursor(
  text: string,
  expected: { sort: string; order: 'asc' | 'desc'; filtersDigest: string },
): PageCursor {
  const malformed = () =>
    new InvalidCursorError(
      'cursor is not one jps gave out: pass the next_cursor of an earlier page unchanged, or leave it out to start from the first page',
    );
  if (text.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]+$/.test(text)) throw malformed();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw malformed();
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw malformed();
  const { s, o, f, v, i, n } = parsed as Record<string, unknown>;
  if (
    typeof s !== 'string' ||
    (o !== 'asc' && o !== 'desc') ||
    typeof f !== 'string' ||
    typeof i !== 'string' ||
    i === '' ||
    !(v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) ||
    typeof n !== 'number' ||
    !Number.isSafeInteger(n) ||
    n < 0
  ) {
    throw malformed();
  }
  if (s !== expected.sort || o !== expected.order) {
    throw new InvalidCursorError(
      `cursor continues a list sorted by ${s} ${o}, not ${expected.sort} ${expected.order}: repeat that sort_by and sort_order, or leave the cursor out to start again`,
    );
  }
  if (f !== expected.filtersDigest) {
    throw new InvalidCursorError(
      'cursor continues a list with other filters: repeat the filters of the page that gave it, or leave the cursor out to start again',
    );
  }
  return { sort: s, order: o, filtersDigest: f, value: v, id: i, position: n };
}
