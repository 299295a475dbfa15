import type { Cell } from './cell.js';

// STUB: replaced by the normalisation work (issue 3).
export function isEmptyMarker(value: string): boolean {
  return ['', 'tbd', 'n/a', 'na', 'none', 'null', 'various'].includes(value.trim().toLowerCase());
}

/** Single-line text: trimmed, spaces collapsed, newlines as spaces; empty → null. Empty markers are kept. */
export function cleanText(value: Cell): string | null {
  if (value === null || value === undefined) return null;
  const text = cellText(value).replace(/\s+/g, ' ').trim();
  return text === '' ? null : text;
}

/** cleanText, and an empty marker ("TBD", "N/A", …) is no value. */
export function cleanValue(value: Cell): string | null {
  const text = cleanText(value);
  return text === null || isEmptyMarker(text) ? null : text;
}

/** Multi-line plain text: each line cleaned, empty lines dropped, `\n` endings; empty marker → null. */
export function cleanMultiline(value: Cell): string | null {
  if (value === null || value === undefined) return null;
  const text = cellText(value)
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
  return text === '' || isEmptyMarker(text) ? null : text;
}

/** A cell as text: numbers as written, workbook dates as YYYY-MM-DD, booleans as TRUE/FALSE. */
export function cellText(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return String(value);
}
