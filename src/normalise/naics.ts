import type { Cell } from './cell.js';

export interface Naics {
  code: string | null;
  description: string | null;
}

// STUB: replaced by the normalisation work (issue 3).
export function parseNaics(value: Cell): Naics {
  const m = /(\d{6})(?:\.0)?\s*(?:-+|:|\|)?\s*(.*)/.exec(String(value ?? ''));
  return m ? { code: m[1]!, description: m[2] || null } : { code: null, description: null };
}
