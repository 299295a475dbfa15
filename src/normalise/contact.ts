import type { Cell } from './cell.js';
import { cleanValue } from './text.js';

export interface RawContact {
  name?: Cell;
  firstName?: Cell;
  lastName?: Cell;
  email?: Cell;
}

export interface Contact {
  name: string | null;
  email: string | null;
}

// STUB: replaced by the normalisation work (issue 3).
export function pickContact(contacts: RawContact[]): Contact {
  for (const c of contacts) {
    const name = cleanValue(c.name) ?? ([cleanValue(c.firstName), cleanValue(c.lastName)].filter(Boolean).join(' ') || null);
    const email = cleanValue(c.email)?.toLowerCase() ?? null;
    if (name || email) return { name, email };
  }
  return { name: null, email: null };
}
