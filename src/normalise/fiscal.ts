import type { Cell } from './cell.js';
import { parseDate } from './dates.js';

export interface Timing {
  date: string | null;
  fiscalYear: number | null;
  quarter: number | null;
}

// STUB: replaced by the normalisation work (issue 3).
export function resolveTiming(input: { date?: Cell; quarter?: Cell; fiscalYear?: Cell }): Timing {
  const date = parseDate(input.date);
  if (date === null) return { date: null, fiscalYear: null, quarter: null };
  const [y, m] = date.split('-').map(Number) as [number, number];
  return { date, fiscalYear: m >= 10 ? y + 1 : y, quarter: m >= 10 ? 1 : Math.floor((m - 1) / 3) + 2 };
}
