import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ProspectRecord, RecordField } from '../store/prospect-record.js';

/** What the "About" sheet says: where the workbook came from and what it holds. */
export interface WorkbookAbout {
  /** The command or request that made it (`jps list --naics 5415 --format xlsx`). */
  madeBy: string;
  madeAt: Date;
  /** Each filter and order asked for, as [name, value]. */
  filters: readonly (readonly [string, string])[];
  /** "showing 1–50 of 4,201", "all 312 records". */
  records: string;
}

const DATE_FIELDS: ReadonlySet<RecordField> = new Set(['release_date', 'award_date']);
const TIME_FIELDS: ReadonlySet<RecordField> = new Set(['first_seen_at', 'last_seen_at', 'removed_at']);
const MONEY_FIELDS: ReadonlySet<RecordField> = new Set(['estimated_value_min', 'estimated_value_max']);
const WHOLE_NUMBER_FIELDS: ReadonlySet<RecordField> = new Set(['award_fiscal_year', 'award_quarter']);
/** Columns of long text: wrapped in a wide column rather than one endless line. */
const LONG_TEXT_WIDTHS: Partial<Record<RecordField, number>> = {
  title: 50,
  description: 80,
  naics_description: 40,
  place_of_performance: 30,
};

const DATE_FORMAT = 'yyyy-mm-dd';
const TIME_FORMAT = 'yyyy-mm-dd hh:mm:ss';
const MONEY_FORMAT = '"$"#,##0.00';
/** Rows written between two turns of the event loop. */
const YIELD_EVERY_ROWS = 200;
/** Excel's limit on the text of one cell. */
const MAX_CELL_CHARS = 32_767;

/** A record's value as a typed cell: dates and times as dates, amounts and years as numbers. */
function cellValue(field: RecordField, value: unknown): string | number | Date | null {
  if (value === null || value === undefined) return null;
  if ((DATE_FIELDS.has(field) || TIME_FIELDS.has(field)) && typeof value === 'string') {
    // Dates are days at 00:00 UTC, times are UTC: Excel shows them as stored, with no zone.
    const date = new Date(DATE_FIELDS.has(field) ? `${value}T00:00:00Z` : value);
    return Number.isNaN(date.getTime()) ? value : date;
  }
  if (typeof value === 'number') return value;
  // Written as a string cell, never a formula, whatever it starts with.
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.length > MAX_CELL_CHARS ? `${text.slice(0, MAX_CELL_CHARS - 1)}…` : text;
}

function columnFormat(field: RecordField): string | undefined {
  if (DATE_FIELDS.has(field)) return DATE_FORMAT;
  if (TIME_FIELDS.has(field)) return TIME_FORMAT;
  if (MONEY_FIELDS.has(field)) return MONEY_FORMAT;
  if (WHOLE_NUMBER_FIELDS.has(field)) return '0';
  return undefined;
}

/** "A", …, "Z", "AA", …: the letters of the 1-based column `index`. */
function columnLetters(index: number): string {
  let letters = '';
  for (let n = index; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

/**
 * The .xlsx of `records` with `columns` (cli.md's `--format xlsx`): a sheet "Prospects" whose
 * header row is bold, frozen and filtered, with typed cells (dates as dates, amounts as numbers in
 * a currency format, long text wrapped), and a sheet "About" saying what it holds. No cell is a
 * formula. Written row by row, so a long list costs little memory.
 */
export async function prospectWorkbook(
  records: readonly ProspectRecord[],
  columns: readonly RecordField[],
  about: WorkbookAbout,
): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true });
  workbook.creator = 'jps';
  workbook.created = about.madeAt;

  const sheet = workbook.addWorksheet('Prospects', {
    views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }],
  });
  sheet.autoFilter = `A1:${columnLetters(columns.length)}1`;
  sheet.columns = columns.map((field) => {
    const wide = LONG_TEXT_WIDTHS[field];
    const numFmt = columnFormat(field);
    return {
      key: field,
      width:
        wide ??
        (DATE_FIELDS.has(field) ? 12 : TIME_FIELDS.has(field) ? 20 : MONEY_FIELDS.has(field) ? 16 : 18),
      style: {
        ...(numFmt && { numFmt }),
        ...(wide && { alignment: { wrapText: true, vertical: 'top' as const } }),
      },
    };
  });
  const header = sheet.getRow(1);
  header.values = [...columns];
  header.font = { bold: true };
  header.alignment = { vertical: 'top' };
  header.commit();
  for (const [index, record] of records.entries()) {
    const row = sheet.addRow(columns.map((field) => cellValue(field, record[field])));
    row.commit();
    // A workbook costs about a millisecond a row: let a server answer others in between.
    if (index % YIELD_EVERY_ROWS === YIELD_EVERY_ROWS - 1)
      await new Promise((resolve) => setImmediate(resolve));
  }
  sheet.commit();

  const info = workbook.addWorksheet('About');
  info.columns = [
    { key: 'name', width: 18 },
    { key: 'value', width: 70 },
  ];
  const line = (name: string, value: string | Date, numFmt?: string) => {
    const row = info.addRow([name, value]);
    row.getCell(1).font = { bold: true };
    if (numFmt) row.getCell(2).numFmt = numFmt;
    row.commit();
  };
  line('Made by', about.madeBy);
  line('Made at (UTC)', about.madeAt, TIME_FORMAT);
  line('Records', about.records);
  if (about.filters.length === 0) line('Filters', 'none');
  for (const [name, value] of about.filters) line(name, value);
  info.commit();

  await workbook.commit();
  await finished;
  return Buffer.concat(chunks);
}
