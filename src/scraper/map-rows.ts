import type { Cell } from '../normalise/cell.js';
import type { RawProspect } from '../normalise/prospect.js';
import { cleanNativeId } from '../normalise/prospect.js';
import { cellText, cleanText } from '../normalise/text.js';
import { SourceError } from '../errors.js';
import type { HeaderNames, JsonRecord, Layout, RowReader } from '../sources/define-source.js';
import { checkCellLength, checkColumnCount, checkJsonDepth, headerList } from './input-limits.js';
import type { CellTable } from './read-table.js';

/** The rows of one file or response under their headers, before any source mapping. */
export interface RowSet {
  /**
   * Headers as the file writes them (whitespace collapsed), unique. A streamed file may add
   * `Column 31`… for cells past its header while its rows are read.
   */
  headers: string[];
  /** Data rows, blank ones excluded (of a streamed file: final once its rows were read). */
  readonly rowCount: number;
  /** The data rows, built as they are read so a large file never holds them all at once. */
  rows(): Iterable<HeaderedRow>;
  /** Where the rows came from, for messages: "sheet Forecast, header on row 5". */
  description: string;
  /** Lines that could not be read (of a streamed file: final once its rows were read). */
  readonly malformedRows: number;
  /** Said to the user, the rows still read (an encoding repaired on some lines). */
  warnings?: string[];
}

export interface HeaderedRow {
  /** 1-based row of the file (or position of the JSON record). */
  rowNumber: number;
  cells: Map<string, Cell>;
  /** The row as read, for the store's `raw` column. */
  raw: Record<string, unknown>;
}

/** One row mapped onto the record's concepts, with the columns no concept reads. */
export interface MappedRow {
  rowNumber: number;
  raw: RawProspect;
  nativeKey: Cell;
  extra: Record<string, string>;
  source: Record<string, unknown>;
}

const HEADER_SCAN_ROWS = 30;

/** Header matching ignores case and repeated spaces (and what the layout's `headerName` drops). */
export function headerKey(header: string, layout?: Pick<Layout, 'headerName'>): string {
  return (layout?.headerName ? layout.headerName(header) : header).replace(/\s+/g, ' ').trim().toLowerCase();
}

const namesOf = (names: HeaderNames): readonly string[] => (typeof names === 'string' ? [names] : names);

/**
 * Finds the table and the row among its first 30 that hold every required header (by content,
 * never by offset), and returns the data rows under it. Blank rows are not rows.
 */
export function tableRowSet(tables: readonly CellTable[], layout: Layout): RowSet {
  const ordered = layout.sheet
    ? [...tables].sort((a, b) => Number(b.name === layout.sheet) - Number(a.name === layout.sheet))
    : tables;
  let best: { table: CellTable; headers: string[]; found: number } | undefined;
  for (const table of ordered) {
    const scan = Math.min(table.rows.length, HEADER_SCAN_ROWS);
    for (let index = 0; index < scan; index += 1) {
      const headers = (table.rows[index] ?? []).map((cell) => cleanText(cell) ?? '');
      const present = new Set(headers.map((header) => headerKey(header, layout)));
      const found = layout.requiredHeaders.filter((names) =>
        namesOf(names).some((n) => present.has(headerKey(n, layout))),
      ).length;
      if (found === layout.requiredHeaders.length) return rowsUnder(table, index, headers, layout);
      if (
        !best ||
        found > best.found ||
        (found === best.found && nonEmpty(headers) > nonEmpty(best.headers))
      ) {
        best = { table, headers, found };
      }
    }
  }
  throw missingHeaders(
    layout,
    best?.headers ?? [],
    tables.length === 0 ? 'the file has no sheet or table' : undefined,
  );
}

function rowsUnder(table: CellTable, headerIndex: number, headerCells: string[], layout: Layout): RowSet {
  const where = table.name === 'csv' ? '' : `${table.name}, `;
  const { stream } = table;
  const headers = new TableHeaders(
    headerCells,
    layout,
    table.name === 'csv' ? 'the CSV file' : `sheet ${table.name}`,
  );
  headers.extendTo(Math.max(0, ...table.rows.slice(headerIndex + 1).map((row) => row.length)));
  headerCells.forEach((header, column) =>
    checkCellLength(header, `the header of column ${column + 1} (${where}row ${headerIndex + 1})`),
  );
  let rowCount = 0;
  if (!stream) {
    for (let index = headerIndex + 1; index < table.rows.length; index += 1) {
      if (!isBlankRow(table.rows[index] ?? [], headers.names)) rowCount += 1;
    }
  }
  function* cellRows(): Generator<[number, Cell[]]> {
    if (stream) {
      let index = 0;
      for (const row of stream.each()) {
        if (index > headerIndex) yield [index, row];
        index += 1;
      }
      return;
    }
    for (let index = headerIndex + 1; index < table.rows.length; index += 1)
      yield [index, table.rows[index] ?? []];
  }
  function* rows(): Generator<HeaderedRow> {
    // A streamed file's rows are counted as they are read, the count final at their end.
    if (stream) rowCount = 0;
    for (const [index, row] of cellRows()) {
      headers.extendTo(row.length);
      if (isBlankRow(row, headers.names)) continue;
      if (stream) rowCount += 1;
      const cells = new Map<string, Cell>();
      const raw: Record<string, unknown> = {};
      row.forEach((cell, column) => {
        const header = headers.names[column];
        if (header === undefined || isBlankCell(cell)) return;
        if (typeof cell === 'string')
          checkCellLength(cell, `${where}row ${index + 1}, column ${headerList([header])},`);
        cells.set(header, cell);
        raw[header] = cell instanceof Date ? cellText(cell) : cell;
      });
      yield { rowNumber: index + 1, cells, raw };
    }
  }
  return {
    headers: headers.names,
    get rowCount() {
      return rowCount;
    },
    rows,
    description: `${where}header on row ${headerIndex + 1}`,
    get malformedRows() {
      return table.malformedRows;
    },
    warnings: table.warnings ?? [],
  };
}

function isBlankCell(cell: Cell): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

/** A row is blank when none of its cells under a header has a value. */
function isBlankRow(row: readonly Cell[], headers: readonly string[]): boolean {
  return row.every((cell, column) => headers[column] === undefined || isBlankCell(cell));
}

/**
 * A table's headers, unique: blank header cells over data become `Column 17`, a repeated header
 * `Title (2)`. Cells past the header row's end get `Column N` as the rows that hold them are read.
 */
class TableHeaders {
  readonly names: string[] = [];
  readonly #seen = new Map<string, number>();

  constructor(
    readonly headerCells: readonly string[],
    readonly layout: Layout,
    readonly where: string,
  ) {
    this.extendTo(headerCells.length);
  }

  extendTo(width: number): void {
    if (width <= this.names.length) return;
    checkColumnCount(width, this.where);
    for (let column = this.names.length; column < width; column += 1) {
      const base = this.headerCells[column] || `Column ${column + 1}`;
      const count = (this.#seen.get(headerKey(base, this.layout)) ?? 0) + 1;
      this.#seen.set(headerKey(base, this.layout), count);
      this.names.push(count === 1 ? base : `${base} (${count})`);
    }
  }
}

/** JSON records as rows: nested members flattened to `a.b` paths. */
export function jsonRowSet(records: readonly JsonRecord[], layout: Layout): RowSet {
  const headers = new Set<string>();
  const rows = records.map((record, index) => {
    checkJsonDepth(record, `JSON record ${index + 1}`);
    const cells = new Map<string, Cell>();
    flatten(record, '', cells);
    for (const [header, cell] of cells) {
      if (typeof cell === 'string')
        checkCellLength(cell, `JSON record ${index + 1}, member ${headerList([header])},`);
    }
    for (const header of cells.keys()) headers.add(header);
    return { rowNumber: index + 1, cells, raw: record };
  });
  checkColumnCount(headers.size, 'the JSON records (members, nested ones flattened)');
  const present = new Set([...headers].map((header) => headerKey(header, layout)));
  const missing = layout.requiredHeaders.filter(
    (names) => !namesOf(names).some((n) => present.has(headerKey(n, layout))),
  );
  if (rows.length > 0 && missing.length > 0) throw missingHeaders(layout, [...headers]);
  return {
    headers: [...headers],
    rowCount: rows.length,
    rows: () => rows,
    description: 'JSON records',
    malformedRows: 0,
  };
}

function flatten(value: unknown, prefix: string, into: Map<string, Cell>): void {
  if (value === null || value === undefined) return;
  if (typeof value === 'object' && !Array.isArray(value)) {
    for (const [name, member] of Object.entries(value))
      flatten(member, prefix ? `${prefix}.${name}` : name, into);
    return;
  }
  if (Array.isArray(value)) {
    if (value.length > 0)
      into.set(
        prefix,
        value.every((item) => typeof item !== 'object') ? value.join(', ') : JSON.stringify(value),
      );
    return;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    into.set(prefix, value);
}

function missingHeaders(layout: Layout, found: readonly string[], why?: string): SourceError {
  const present = new Set(found.map((header) => headerKey(header, layout)));
  const missing = layout.requiredHeaders
    .filter((names) => !namesOf(names).some((n) => present.has(headerKey(n, layout))))
    .map((names) => `"${namesOf(names)[0]}"`);
  const named = found.filter((header) => header !== '');
  const foundText = named.length > 0 ? headerList(named) : 'no headers';
  return new SourceError(
    'MISSING_HEADERS',
    why ??
      `required column${missing.length === 1 ? '' : 's'} ${missing.join(', ')} not found (found ${foundText}): the file's layout changed`,
  );
}

function nonEmpty(headers: readonly string[]): number {
  return headers.filter((header) => header !== '').length;
}

/**
 * Maps every row through the layout: concepts from their headers (first alias present wins),
 * the source's transform for its quirks, and every other non-empty column into `extra`.
 */
export function mapRows(rowSet: RowSet, layout: Layout): MappedRow[] {
  return [...eachMappedRow(rowSet, layout)];
}

/** mapRows one row at a time, as the rows are read. */
export function* eachMappedRow(rowSet: RowSet, layout: Layout): Generator<MappedRow> {
  const key = (header: string) => headerKey(header, layout);
  const byKey = new Map<string, string>();
  for (const header of rowSet.headers) if (!byKey.has(key(header))) byKey.set(key(header), header);
  const resolve = (names: HeaderNames): string | undefined =>
    namesOf(names)
      .map((name) => byKey.get(key(name)))
      .find((header) => header !== undefined);

  const columns = Object.entries(layout.columns).map(
    ([concept, names]) => [concept, resolve(names!)] as const,
  );
  const keyHeaders = (layout.key ?? [])
    .map(resolve)
    .filter((header): header is string => header !== undefined);
  // A column counts as read when it is any alias of a concept, so `extra` is the same for every row.
  const read = new Set<string>();
  for (const names of [...Object.values(layout.columns), ...(layout.key ?? []), ...(layout.reads ?? [])]) {
    for (const name of namesOf(names!)) {
      const header = byKey.get(key(name));
      if (header !== undefined) read.add(header);
    }
  }
  const extraHeaders = rowSet.headers.filter((header) => !read.has(header) && !layout.ignore?.(header));
  // `Column N` headers a streamed file adds as it is read go to `extra` (layouts name real headers).
  let known = rowSet.headers.length;

  for (const row of rowSet.rows()) {
    for (; known < rowSet.headers.length; known += 1) {
      const header = rowSet.headers[known]!;
      if (!byKey.has(key(header))) byKey.set(key(header), header);
      if (!layout.ignore?.(header)) extraHeaders.push(header);
    }
    const reader: RowReader = {
      get: (name) => {
        const header = byKey.get(key(name));
        return header === undefined ? undefined : row.cells.get(header);
      },
    };
    let raw: RawProspect = {};
    for (const [concept, header] of columns) {
      if (header !== undefined) (raw as Record<string, Cell>)[concept] = row.cells.get(header);
    }
    if (layout.transform) raw = layout.transform(raw, reader);
    const extra: Record<string, string> = {};
    for (const header of extraHeaders) {
      const cell = row.cells.get(header);
      const text = cell === undefined ? null : cleanText(cell);
      if (text !== null) extra[header] = text;
    }
    let nativeKey: string | null = null;
    for (const header of keyHeaders) {
      const id = cleanNativeId(row.cells.get(header));
      nativeKey = id === null || !layout.cleanKey ? id : cleanNativeId(layout.cleanKey(id));
      if (nativeKey !== null) break;
    }
    yield { rowNumber: row.rowNumber, raw, nativeKey, extra, source: row.raw };
  }
}
