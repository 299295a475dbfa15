import * as cheerio from 'cheerio';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Cell } from '../normalise/cell.js';
import { SourceError, errorMessage } from '../errors.js';
import { decodeFileText } from './decode-text.js';
import { checkLineLengths } from './input-limits.js';
import { checkWorkbookSize } from './workbook-size.js';

/** One grid of cells as a file holds it: a workbook sheet, an HTML table, or a CSV. Row 1 is index 0. */
export interface CellTable {
  /** Sheet name, `table 2`, or `csv`: said in errors. */
  name: string;
  rows: Cell[][];
  /** CSV lines that could not be read and were skipped. */
  malformedRows: number;
  /** Said to the user, the file still read: "2 invalid UTF-8 byte sequences on line 14, …". */
  warnings?: string[];
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

/**
 * A CSV file: its encoding decided once for the whole file (decode-text.ts), BOM stripped, quoted
 * commas and newlines kept, a malformed line skipped and counted, an overlong line refused.
 */
export function readCsv(bytes: Uint8Array): CellTable {
  let malformedRows = 0;
  const { text, warnings } = decodeFileText(bytes);
  checkLineLengths(text, 'the CSV file');
  const rows = parseCsv(text, {
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    skip_records_with_error: true,
    on_skip: () => {
      malformedRows += 1;
    },
  }) as string[][];
  return { name: 'csv', rows, malformedRows, warnings };
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
