import type { Cell } from './cell.js';
import { cleanText } from './text.js';

export interface Money {
  text: string | null;
  min: number | null;
  max: number | null;
}

// STUB: replaced by the normalisation work (issue 3).
export function parseMoney(value: Cell): Money {
  if (typeof value === 'number') return { text: String(value), min: Math.round(value), max: Math.round(value) };
  return { text: cleanText(value), min: null, max: null };
}
