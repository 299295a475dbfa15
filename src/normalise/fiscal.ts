import type { Cell } from './cell.js';
import { DATE_YEAR_MAX, DATE_YEAR_MIN, parseDate } from './dates.js';
import { collapseSpaces } from './text.js';

export interface Timing {
  date: string | null;
  fiscalYear: number | null;
  quarter: number | null;
}

/** What a quarter text says: its quarter and, when it carries one, its own fiscal year. */
export interface FiscalQuarter {
  quarter: number | null;
  fiscalYear: number | null;
}

/** A quarter text is a few words; a longer cell is a note, never a quarter. */
const QUARTER_TEXT_MAX_CHARS = 200;

const ORDINAL_WORDS: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4 };

const MONTH_NAME = /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b/;

/** "FY 2026", "FY26", "FY-26", "fiscal year 2026". */
const FY_YEAR = /(?<![a-z])(?:fy|fiscal\s*year)\s*[-']?\s*(\d{4}|\d{2})(?!\d)/;
/** A four-digit year standing alone ("Q2 2026", "2026-Q2"). */
const PLAIN_YEAR = /(?<!\d)(\d{4})(?!\d)/;
/** "Q2", "Q 2", "QTR 2", "Quarter 2", "Q2FY26". */
const Q_QUARTER = /(?<![a-z])(?:q|qtr|quarter)\s*-?\s*([1-4])(?!\d)/;
/** "2nd", "2nd QTR", "1st Quarter", "2 QTR". */
const ORDINAL_QUARTER = /(?<![\d.])([1-4])\s*(?:st|nd|rd|th)?\s*(?:qtr|quarter|q)?(?![a-z\d])/;
/** "Second Quarter", "third". */
const WORD_QUARTER = /(?<![a-z])(first|second|third|fourth)(?:\s*(?:qtr|quarter))?(?![a-z])/;

/**
 * The fiscal quarter (and its own fiscal year) of a quarter text (docs/record.md): "Q2 2026",
 * "Q2, 2026", "Q2 FY2026", "Q2 FY26", "FY 2026 Q2", "FY26 Q2", "FY2026-Q2", "2026 Q2", "2026-Q2",
 * ordinal "2nd QTR", "2nd", "Second Quarter", "3rd (April 1 - June 30)", bare "Q2" or "2", and
 * "FY 2026"/"FY26" alone (a fiscal year without a quarter). Null when the text is none of these,
 * so a sentence that merely contains "2nd" is not read as a quarter.
 */
export function parseFiscalQuarter(value: Cell): FiscalQuarter | null {
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 1 && value <= 4 ? { quarter: value, fiscalYear: null } : null;
  }
  if (typeof value !== 'string' || value.length > QUARTER_TEXT_MAX_CHARS) return null;
  // The Gateway writes "2nd (January 1 - March 31)": the months only repeat the quarter.
  let rest = collapseSpaces(value)
    .toLowerCase()
    .replace(/^(\d+)\.0+$/, '$1')
    .replace(/\(([^()]*)\)/g, (group, inner: string) => (MONTH_NAME.test(inner) ? ' ' : group));
  if (rest.trim() === '') return null;

  let fiscalYear: number | null = null;
  const fy = FY_YEAR.exec(rest);
  if (fy) {
    fiscalYear = fullYear(fy[1]!);
    rest = cut(rest, fy);
  }

  let quarter: number | null = null;
  const quarterMatch = Q_QUARTER.exec(rest) ?? WORD_QUARTER.exec(rest);
  if (quarterMatch) {
    quarter = ORDINAL_WORDS[quarterMatch[1]!] ?? Number(quarterMatch[1]);
    rest = cut(rest, quarterMatch);
  }

  if (fiscalYear === null) {
    const plain = PLAIN_YEAR.exec(rest);
    if (plain) {
      fiscalYear = Number(plain[1]);
      rest = cut(rest, plain);
    }
  }

  if (quarter === null) {
    const ordinal = ORDINAL_QUARTER.exec(rest);
    if (ordinal) {
      quarter = Number(ordinal[1]);
      rest = cut(rest, ordinal);
    }
  }

  // Whatever is left must be punctuation or filler words, else this is not a quarter text.
  const leftover = rest.replace(/\b(?:fiscal|year|fy|quarter|qtr|of)\b/g, '').replace(/[\s,.:;/\-–—()]/g, '');
  if (leftover !== '') return null;
  if (quarter === null && fiscalYear === null) return null;
  // A bare year ("2026") is no quarter text: a year without "FY" could be a calendar year.
  if (quarter === null && fy === null) return null;
  if (fiscalYear !== null && !inRange(fiscalYear)) return null;
  return { quarter, fiscalYear };
}

/**
 * A fiscal year column: 2026, "2026", "2026.0", "FY 2026", "FY26", "26" (two-digit years are 20YY).
 * Null for anything else.
 */
export function parseFiscalYear(value: Cell): number | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return null;
    text = String(value);
  } else if (typeof value === 'string') {
    text = collapseSpaces(value).toLowerCase();
  } else {
    return null;
  }
  const match = /^(?:(?:fy|fiscal year)\s*[-']?\s*)?(\d{4}|\d{2})(?:\.0+)?$/.exec(text);
  if (!match) return null;
  const year = fullYear(match[1]!);
  return inRange(year) ? year : null;
}

/** The fiscal year and quarter a `YYYY-MM-DD` date falls in: 2025-11-15 → FY2026 Q1. */
export function fiscalOfDate(date: string): { fiscalYear: number; quarter: number } | null {
  const match = /^(\d{4})-(\d{2})-\d{2}$/.exec(date);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  if (month < 1 || month > 12) return null;
  // FY N runs from 1 October of N−1: October–December are Q1 of the next fiscal year.
  if (month >= 10) return { fiscalYear: year + 1, quarter: 1 };
  return { fiscalYear: year, quarter: Math.floor((month - 1) / 3) + 2 };
}

/** The first day of a fiscal quarter: FY2026 Q1 → 2025-10-01, FY2025 Q2 → 2025-01-01. */
export function quarterStartDate(fiscalYear: number, quarter: number): string | null {
  if (!Number.isInteger(fiscalYear) || !Number.isInteger(quarter) || quarter < 1 || quarter > 4) return null;
  const year = quarter === 1 ? fiscalYear - 1 : fiscalYear;
  if (!inRange(year)) return null;
  const month = quarter === 1 ? 10 : (quarter - 2) * 3 + 1;
  return `${year}-${String(month).padStart(2, '0')}-01`;
}

/**
 * A date, fiscal year and quarter from a date column, a quarter column and a fiscal-year column
 * (docs/record.md "Fiscal years and quarters"):
 * - a date sets the fiscal year and quarter it falls in;
 * - a quarter with a known year sets the date to that quarter's first day; the quarter text's own
 *   year wins over the fiscal-year column;
 * - a fiscal year alone sets the fiscal year only; a quarter without a year sets only the quarter.
 * The date column may hold a quarter text too (DOJ's "Target Award Date" is a date or "Q3, 2025").
 * Nothing here reads the clock: a quarter whose year is unknown never gets the current year.
 */
export function resolveTiming(input: { date?: Cell; quarter?: Cell; fiscalYear?: Cell }): Timing {
  const date = parseDate(input.date);
  if (date !== null) {
    const fiscal = fiscalOfDate(date);
    return { date, fiscalYear: fiscal?.fiscalYear ?? null, quarter: fiscal?.quarter ?? null };
  }

  const fromDate = typeof input.date === 'string' ? parseFiscalQuarter(input.date) : null;
  const fromQuarter = parseFiscalQuarter(input.quarter);
  const quarter = fromDate?.quarter ?? fromQuarter?.quarter ?? null;
  const fiscalYear =
    fromDate?.fiscalYear ?? fromQuarter?.fiscalYear ?? parseFiscalYear(input.fiscalYear) ?? null;

  if (quarter !== null && fiscalYear !== null) {
    return { date: quarterStartDate(fiscalYear, quarter), fiscalYear, quarter };
  }
  return { date: null, fiscalYear, quarter };
}

function fullYear(digits: string): number {
  // Two-digit years are 20YY (docs/record.md).
  return digits.length === 2 ? 2000 + Number(digits) : Number(digits);
}

function cut(text: string, match: RegExpExecArray): string {
  return `${text.slice(0, match.index)} ${text.slice(match.index + match[0].length)}`;
}

function inRange(year: number): boolean {
  return year >= DATE_YEAR_MIN && year <= DATE_YEAR_MAX;
}
