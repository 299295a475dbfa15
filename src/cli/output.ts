import { drawTable } from './draw-table.js';
import { terminalText } from './terminal-text.js';

/**
 * All printing of jps goes through here: data to stdout, everything else to stderr, so a script
 * piping stdout only ever sees data. Tests use `memoryOutput()` to read what a command printed.
 */
export interface Output {
  /** Writes data (a table, JSON, CSV) to stdout. */
  data(text: string): void;
  /** Writes binary data (a workbook) to stdout. */
  bytes(data: Uint8Array): void;
  /** Whether stdout is a terminal, where binary data must not go. */
  readonly dataIsTerminal: boolean;
  /** Progress and notes on stderr; silent with --quiet. */
  info(text: string): void;
  /** Warnings on stderr; shown even with --quiet. */
  warn(text: string): void;
  /** The one-line error of a failed command. */
  error(text: string): void;
  /** Shown only with --verbose. */
  debug(text: string): void;
  /** Whether stderr is a terminal and colour and spinners are allowed. */
  readonly interactive: boolean;
  readonly quiet: boolean;
  readonly verbose: boolean;
}

export function processOutput(options: { quiet: boolean; verbose: boolean; noColor: boolean }): Output {
  const interactive = Boolean(process.stderr.isTTY) && !options.noColor && !options.quiet;
  return {
    data: (text) => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    bytes: (data) => void process.stdout.write(data),
    dataIsTerminal: Boolean(process.stdout.isTTY),
    info: (text) => {
      if (!options.quiet) process.stderr.write(`${text}\n`);
    },
    warn: (text) => void process.stderr.write(`${text}\n`),
    error: (text) => void process.stderr.write(`${text}\n`),
    debug: (text) => {
      if (options.verbose) process.stderr.write(`${text}\n`);
    },
    interactive,
    quiet: options.quiet,
    verbose: options.verbose,
  };
}

export interface MemoryOutput extends Output {
  readonly stdout: string[];
  readonly stdoutBytes: Buffer[];
  readonly stderr: string[];
}

export function memoryOutput(options: { verbose?: boolean; dataIsTerminal?: boolean } = {}): MemoryOutput {
  const stdout: string[] = [];
  const stdoutBytes: Buffer[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stdoutBytes,
    stderr,
    data: (text) => void stdout.push(text.endsWith('\n') ? text : `${text}\n`),
    bytes: (data) => void stdoutBytes.push(Buffer.from(data)),
    dataIsTerminal: options.dataIsTerminal ?? false,
    info: (text) => void stderr.push(text),
    warn: (text) => void stderr.push(text),
    error: (text) => void stderr.push(text),
    debug: (text) => {
      if (options.verbose) stderr.push(text);
    },
    interactive: false,
    quiet: false,
    verbose: options.verbose ?? false,
  };
}

export type Format = 'table' | 'json' | 'ndjson' | 'csv';

export interface Column<Row> {
  header: string;
  value: (row: Row) => string;
  /** Right-align (numbers). */
  alignRight?: boolean;
  /** May be cut (with "…") to fit `maxWidth`; columns without it keep their whole text. */
  shrink?: boolean;
  /** With the table's `maxWidth`: the widest this column may be, so it leaves room to others. */
  maxWidth?: number;
}

export interface TableOptions {
  /** The widest a line may be, borders included; cells of `shrink` columns are cut to fit. */
  maxWidth?: number;
}

/** A plain-text table for a terminal, with no colour so it reads the same in a cron e-mail. */
export function renderTable<Row>(
  columns: readonly Column<Row>[],
  rows: readonly Row[],
  options: TableOptions = {},
): string {
  // Agency data never reaches a terminal with its control characters live.
  let cells = rows.map((row) =>
    columns.map((column) => terminalText(column.value(row).replace(/\r\n?/g, '\n'))),
  );
  if (options.maxWidth !== undefined) {
    // A table cell is one line.
    cells = cells.map((line) => line.map((cell) => cell.replace(/\s*\n\s*/g, ' ')));
    const widths = fitWidths(columns, cells, options.maxWidth);
    cells = cells.map((line) => line.map((cell, index) => truncate(cell, widths[index]!)));
  }
  return drawTable(
    columns.map((column) => terminalText(column.header)),
    cells,
    columns.map((column) => column.alignRight === true),
  );
}

/** Column widths that fit `maxWidth` (3 characters of border a column, plus 1), cutting the widest shrinkable one first. */
function fitWidths<Row>(
  columns: readonly Column<Row>[],
  cells: readonly string[][],
  maxWidth: number,
): number[] {
  const widths = columns.map((column, index) =>
    Math.min(
      column.maxWidth ?? Infinity,
      cells.reduce((widest, line) => Math.max(widest, [...line[index]!].length), [...column.header].length),
    ),
  );
  const floor = columns.map((column) => Math.max([...column.header].length, 8));
  let excess = widths.reduce((sum, width) => sum + width, 0) + 3 * columns.length + 1 - maxWidth;
  while (excess > 0) {
    let widest = -1;
    for (const [index, column] of columns.entries()) {
      if (column.shrink && widths[index]! > floor[index]! && (widest < 0 || widths[index]! > widths[widest]!))
        widest = index;
    }
    if (widest < 0) break;
    widths[widest]! -= 1;
    excess -= 1;
  }
  return widths;
}

/** `text` cut to `width` characters, the last one an ellipsis when something was cut. */
export function truncate(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

/** One JSON array, two-space indented, keys in the order the objects were built. */
export function renderJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** One JSON object per line. */
export function renderNdjson(values: readonly unknown[]): string {
  return values.map((value) => `${JSON.stringify(value)}\n`).join('');
}

export { renderCsv } from '../export/csv.js';

export { formatCount } from '../format-count.js';

export interface Progress {
  update(text: string): void;
  stop(): void;
}

/**
 * A spinner on a terminal; nothing (or a debug line with --verbose) in cron and pipes, so a
 * crontab's e-mail holds only the summary.
 */
export async function startProgress(out: Output, text: string): Promise<Progress> {
  if (!out.interactive) {
    out.debug(text);
    return { update: (next) => out.debug(next), stop: () => {} };
  }
  const { default: ora } = await import('ora');
  const spinner = ora({ text, stream: process.stderr }).start();
  return {
    update: (next) => {
      spinner.text = next;
    },
    stop: () => void spinner.stop(),
  };
}
