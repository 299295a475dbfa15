import * as cheerio from 'cheerio';
import { parse as parseCsvStream } from 'csv-parse';
import ExcelJS from 'exceljs';
import type { Cell } from '../normalise/cell.js';
import { SourceError, errorMessage } from '../errors.js';
import { decodeFileBytes } from './decode-text.js';
import { checkLineLengths } from './input-limits.js';
import { checkWorkbookSize } from './workbook-size.js';

/** One grid of cells as a file holds it: a workbook sheet, an HTML table, or a CSV. Row 1 is index 0. */
export interface CellTable {
  /** Sheet name, `table 2`, or `csv`: said in errors. */
  name: string;
  rows: Cell[][];
  /** CSV lines that could not be read and were skipped (of a stream: final once it was read). */
  readonly malformedRows: number;
  /** Said to the user, the file still read: "2 invalid UTF-8 byte sequences on line 14, …". */
  warnings?: string[];
  /**
   * Set for a table read as a stream (a CSV file): `rows` then holds only its first rows, where a
   * header is looked for, and every row is read again, one at a time, when `each` is iterated.
   */
  stream?: TableStream;
}

export interface TableStream {
  /** Every row from the first, read afresh. */
  each(): Iterable<Cell[]>;
}

/** Every sheet of an .xlsx or .xlsm workbook, cells as numbers, text, booleans and UTC dates. */
export async function readWorkbook(bytes: Uint8Array): Promise<CellTable[]> {
  checkWorkbookSize(bytes);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch (error) {
    throw new SourceError('BAD_WORKBOOK', `the workbook could not be read (${errorMessage(error)})`, {
      cause: error,
    });
  }
  return workbook.worksheets.map((sheet) => {
    const rows: Cell[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
      const cells: Cell[] = [];
      row.eachCell({ includeEmpty: true }, (cell, columnNumber) => {
        cells[columnNumber - 1] = workbookCell(cell.value);
      });
      rows[rowNumber - 1] = cells;
    });
    for (let index = 0; index < rows.length; index += 1) rows[index] ??= [];
    return { name: sheet.name, rows, malformedRows: 0 };
  });
}

function workbookCell(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('formula' in value || 'sharedFormula' in value) {
      const result = (value as ExcelJS.CellFormulaValue).result;
      return result === undefined || (typeof result === 'object' && !(result instanceof Date))
        ? null
        : (result as Cell);
    }
    if ('hyperlink' in value) {
      const text = (value as ExcelJS.CellHyperlinkValue).text as unknown;
      return typeof text === 'string' ? text : null;
    }
    if ('error' in value) return null;
  }
  return null;
}

/** Rows of a CSV file held to look for its header (map-rows scans the first 30). */
const CSV_HEAD_ROWS = 64;
/** Bytes handed to the CSV parser at a time. */
const CSV_CHUNK_BYTES = 1 << 20;

/**
 * A CSV file: its encoding decided once for the whole file (decode-text.ts), BOM stripped, quoted
 * commas and newlines kept, a malformed line skipped and counted, an overlong line refused. Only
 * its first rows are parsed up front, to find the header; every row is parsed once more, one at a
 * time, as the rows are used — so a large export is never held as cells, nor parsed twice.
 */
export function readCsv(bytes: Uint8Array): CellTable {
  const { utf8, warnings } = decodeFileBytes(bytes);
  checkLineLengths(utf8, 'the CSV file');
  const head: Cell[][] = [];
  for (const row of csvRecords(utf8, () => {})) {
    head.push(row);
    if (head.length === CSV_HEAD_ROWS) break;
  }
  let malformedRows = 0;
  return {
    name: 'csv',
    rows: head,
    get malformedRows() {
      return malformedRows;
    },
    warnings,
    stream: {
      each: () => {
        malformedRows = 0;
        return csvRecords(utf8, () => {
          malformedRows += 1;
        });
      },
    },
  };
}

/** The records of a CSV file's UTF-8 bytes, parsed a chunk at a time as they are iterated. */
function* csvRecords(utf8: Buffer, onSkip: () => void): Generator<string[]> {
  const parser = parseCsvStream({
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    skip_records_with_error: true,
    on_skip: () => {
      onSkip();
      return undefined;
    },
  });
  let failure: unknown = null;
  parser.on('error', (error) => (failure = error));
  const drain = function* () {
    for (
      let record = parser.read() as string[] | null;
      record !== null;
      record = parser.read() as string[] | null
    )
      yield record;
    if (failure !== null) throw failure;
  };
  // The parser reads bytes and decodes each field whole, so a chunk may end inside a character.
  for (let start = 0; start < utf8.length; start += CSV_CHUNK_BYTES) {
    parser.write(utf8.subarray(start, start + CSV_CHUNK_BYTES));
    yield* drain();
  }
  parser.end();
  yield* drain();
}

/** Every `<table>` of an HTML page (Treasury's ".xls" export is one), cells as text. */
export function readHtmlTables(html: string): CellTable[] {
  const $ = cheerio.load(html);
  return $('table')
    .toArray()
    .map((table, index) => {
      const rows = $(table)
        .find('tr')
        .toArray()
        .filter((tr) => $(tr).closest('table').get(0) === table)
        .map((tr) =>
          $(tr)
            .children('th, td')
            .toArray()
            .map((cell) => {
              $(cell).find('br').replaceWith('\n');
              return $(cell)
                .text()
                .replace(/[ \t\r\f]*\n[ \t\r\f]*/g, '\n')
                .replace(/[ \t\r\f]+/g, ' ')
                .trim();
            }),
        );
      return { name: `table ${index + 1}`, rows, malformedRows: 0 };
    });
}
