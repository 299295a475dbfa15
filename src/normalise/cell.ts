/**
 * One value as a source gives it: text, a number cell, a boolean, or a workbook date cell.
 * A `Date` is always a calendar date from a workbook, at 00:00 UTC of that day, so reading its
 * UTC parts gives the day the agency typed whatever time zone jps runs in.
 */
export type Cell = string | number | boolean | Date | null | undefined;
