import { createRequire } from 'node:module';
import type { decodeHTMLStrict as DecodeHTMLStrict } from 'entities';

import type { Cell } from './cell.js';

/**
 * The texts that mean "no value" (docs/record.md), compared case-insensitively after whitespace is
 * collapsed. Only the whole text counts: "TBD - see notes" is a value.
 */
const EMPTY_MARKERS = new Set([
  '',
  'tbd',
  'to be determined',
  'n/a',
  'na',
  'none',
  'null',
  'not applicable',
  'various',
  'currently, this information is not available',
  '[tbd]',
]);

/** The longest marker: a longer text is a value, whatever its case. */
const LONGEST_MARKER = Math.max(...[...EMPTY_MARKERS].map((marker) => marker.length));

export function isEmptyMarker(value: string): boolean {
  const text = collapseSpaces(value);
  return text.length <= LONGEST_MARKER && EMPTY_MARKERS.has(text.toLowerCase());
}

export interface TextOptions {
  /**
   * Decode HTML entities (the default). Off for text that came out of `htmlToText`, which has
   * decoded them once already: decoding twice would turn an escaped `&amp;lt;` into `<`.
   */
  decodeEntities?: boolean;
}

/** Single-line text: trimmed, spaces collapsed, newlines as spaces; empty → null. Empty markers are kept. */
export function cleanText(value: Cell, options: TextOptions = {}): string | null {
  if (value === null || value === undefined) return null;
  let text = cellText(value);
  if (options.decodeEntities !== false) text = decodeEntities(text);
  text = collapseSpaces(text);
  return text === '' ? null : text;
}

/** cleanText, and an empty marker ("TBD", "N/A", …) is no value. */
export function cleanValue(value: Cell, options: TextOptions = {}): string | null {
  const text = cleanText(value, options);
  return text === null || isEmptyMarker(text) ? null : text;
}

/** Multi-line plain text: each line cleaned, empty lines dropped, `\n` endings; empty marker → null. */
export function cleanMultiline(value: Cell, options: TextOptions = {}): string | null {
  if (value === null || value === undefined) return null;
  let text = cellText(value);
  if (options.decodeEntities !== false) text = decodeEntities(text);
  text = text
    .split(/\r\n|\r|\n|\u2028|\u2029|\v|\f/)
    .map(collapseSpaces)
    .filter((line) => line !== '')
    .join('\n');
  return text === '' || isEmptyMarker(text) ? null : text;
}

/** A cell as text: numbers as written, workbook dates as YYYY-MM-DD, booleans as TRUE/FALSE. */
export function cellText(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return formatUtcDate(value) ?? '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return String(value);
}

/**
 * The calendar day of a workbook date cell, from its UTC parts only (cell.ts): the time zone jps
 * runs in never shifts it. Null for an invalid date.
 */
export function formatUtcDate(date: Date): string | null {
  const time = date.getTime();
  if (Number.isNaN(time)) return null;
  const year = date.getUTCFullYear();
  if (year < 0 || year > 9999) return null;
  return `${pad(year, 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
}

const CLEAN_LINE = /^(?:[!-~]+(?: [!-~]+)*)?$/;

/**
 * One line of text: non-breaking and other Unicode spaces become spaces, zero-width characters
 * and the BOM go, newlines become spaces, runs of whitespace become one space, ends trimmed.
 */
export function collapseSpaces(text: string): string {
  // Most cells are already clean: printable ASCII, single spaces, no space at either end.
  if (CLEAN_LINE.test(text)) return text;
  return text
    .replace(/\u200b|\u200c|\u200d|\u2060|\ufeff|\u00ad/g, '')
    .replace(/[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g, ' ')
    .trim();
}

/**
 * Only complete references (`&amp;`, `&#8217;`, `&#x2019;`) are decoded in plain text, so a
 * company name such as "AT&T" or "R&D&E" is never changed. Browsers also decode some names
 * without the semicolon (`&copy2025`); that is left to `htmlToText`, which reads real HTML.
 */
const ENTITY_PATTERN = /&(?:#\d{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{1,31});/g;
const ENTITY_CACHE_LIMIT = 2000;
const entityCache = new Map<string, string>();

// The entities tables are built when their module loads: they load at the first reference to
// decode, so a command that cleans no agency text (`jps list`) does not build them on its way up.
const require = createRequire(import.meta.url);
let decodeHTMLStrict: typeof DecodeHTMLStrict | undefined;

/**
 * Decodes HTML character references the way a browser does (the `entities` tables parse5 uses),
 * without loading a whole HTML parser for every command that cleans text.
 */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY_PATTERN, decodeOneEntity);
}

function decodeOneEntity(reference: string): string {
  const cached = entityCache.get(reference);
  if (cached !== undefined) return cached;
  decodeHTMLStrict ??= (require('entities') as { decodeHTMLStrict: typeof DecodeHTMLStrict })
    .decodeHTMLStrict;
  const decoded = decodeHTMLStrict(reference);
  if (entityCache.size < ENTITY_CACHE_LIMIT) entityCache.set(reference, decoded);
  return decoded;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
