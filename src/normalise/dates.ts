import type { Cell } from './cell.js';
import { cleanText, formatUtcDate } from './text.js';

/** Dates outside these years are typing errors ("0025", "9999"), not forecasts. */
export const DATE_YEAR_MIN = 1990;
export const DATE_YEAR_MAX = 2100;

/** In a date column a whole number in this range is an Excel serial day (docs/record.md). */
const EXCEL_SERIAL_MIN = 20_000;
const EXCEL_SERIAL_MAX = 80_000;
const MILLIS_PER_DAY = 86_400_000;
/** Excel's day 0, counting its fictitious 1900-02-29 (so serial 45839 is 2025-07-01). */
const EXCEL_EPOCH_MILLIS = Date.UTC(1899, 11, 30);

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};

/** A time after the date, as spreadsheets and exports write it ("2025-06-06 00:00:00", "7/1/2025 12:00 AM"). */
const TIME_SUFFIX = String.raw`(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?: ?[AaPp]\.?[Mm]\.?)?(?: ?(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT))?)?`;

const US_DATE = new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})${TIME_SUFFIX}$`);
const ISO_DATE = new RegExp(String.raw`^(\d{4})-(\d{2})-(\d{2})${TIME_SUFFIX}$`);
const MONTH_YEAR = /^(\d{1,2})\/(\d{4})$/;
const MONTH_NAME_YEAR = /^([a-z]+)\.?,? (\d{4})$/i;
const SERIAL = /^(\d{5})(?:\.0+)?$/;

/**
 * A calendar date, `YYYY-MM-DD`, from every form docs/record.md accepts: M/D/YYYY, M/D/YY (20YY),
 * YYYY-MM-DD with or without a time, M/YYYY and "Month YYYY" (the 1st), workbook date cells and
 * Excel serial days (20000–80000, number or text). Anything else, an impossible day (02/30/2025)
 * or a year outside 1990–2100 is null: never today, never a guess.
 */
export function parseDate(value: Cell): string | null {
  if (value === null || value === undefined || typeof value === 'boolean') return null;
  if (value instanceof Date) {
    const text = formatUtcDate(value);
    return text !== null && inRange(Number(text.slice(0, 4))) ? text : null;
  }
  if (typeof value === 'number') return Number.isInteger(value) ? excelSerialDate(value) : null;
  const text = cleanText(value);
  if (text === null) return null;

  let match = US_DATE.exec(text);
  if (match) {
    const [, month, day, year] = match;
    const fullYear = year!.length === 2 ? 2000 + Number(year) : Number(year);
    return calendarDate(fullYear, Number(month), Number(day));
  }
  match = ISO_DATE.exec(text);
  if (match) return calendarDate(Number(match[1]), Number(match[2]), Number(match[3]));
  match = MONTH_YEAR.exec(text);
  if (match) return calendarDate(Number(match[2]), Number(match[1]), 1);
  match = MONTH_NAME_YEAR.exec(text);
  if (match) {
    const month = MONTHS[match[1]!.toLowerCase()];
    return month === undefined ? null : calendarDate(Number(match[2]), month, 1);
  }
  match = SERIAL.exec(text);
  if (match) return excelSerialDate(Number(match[1]));
  return null;
}

/** An Excel serial day as a date, or null outside 20000–80000 or 1990–2100. */
export function excelSerialDate(serial: number): string | null {
  if (!Number.isInteger(serial) || serial < EXCEL_SERIAL_MIN || serial > EXCEL_SERIAL_MAX) return null;
  const text = formatUtcDate(new Date(EXCEL_EPOCH_MILLIS + serial * MILLIS_PER_DAY));
  return text !== null && inRange(Number(text.slice(0, 4))) ? text : null;
}

/** `YYYY-MM-DD` when the day exists in that month and the year is in range; otherwise null. */
export function calendarDate(year: number, month: number, day: number): string | null {
  if (!inRange(year) || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function inRange(year: number): boolean {
  return Number.isInteger(year) && year >= DATE_YEAR_MIN && year <= DATE_YEAR_MAX;
}
