import { RECORD_FIELDS, type RecordField } from '../store/prospect-record.js';

/** The columns of a CSV or workbook export by default: every field of record.md but `extra`. */
export const EXPORT_FIELDS: readonly RecordField[] = RECORD_FIELDS.filter((field) => field !== 'extra');

/**
 * RFC 4180 CSV with CRLF line ends. A text cell starting with `=`, `+`, `-`, `@`, a tab or a
 * carriage return is prefixed with `'` so a spreadsheet shows it instead of running it as a
 * formula; a number (a negative amount, or text that is only a number) never is (cli.md).
 */
export function renderCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const lines = [header, ...rows].map((cells) => cells.map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

const FORMULA_START = /^[=+\-@\t\r]/;
// "-5" or "+1,250.50" is read by a spreadsheet as the number it is, never as a formula.
const PLAIN_NUMBER = /^[+-]?((\d{1,3}(,\d{3})+|\d+)(\.\d+)?|\.\d+)$/;

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (typeof value !== 'number' && FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
