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

/** Name suffixes and credentials: "John Smith, Jr." and "Jane Doe, PMP" are not "Last, First". */
const SUFFIX =
  /^(?:jr|sr|ii|iii|iv|esq|phd|ph\.?d|md|pmp|cpa|mba|pe|cfcm|cpcm|fac-c|fac-cor|co|cor|ko|cs|pcs)\.?$/i;

/** Something@domain.tld, without spaces: the only e-mails kept (docs/record.md). */
const EMAIL =
  /^[^\s@<>(),;:"[\]]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}$/;

/**
 * The primary contact (docs/record.md "Contacts"): the first contact that has a name or an e-mail
 * gives both fields, so a name is never paired with another person's address.
 */
export function pickContact(contacts: RawContact[]): Contact {
  for (const contact of contacts) {
    const name = contactName(contact);
    const email = parseEmail(contact.email);
    if (name !== null || email !== null) return { name, email };
  }
  return { name: null, email: null };
}

/** The name as "First Last": from a name column, else first + last columns. */
export function contactName(contact: RawContact): string | null {
  const whole = cleanValue(contact.name);
  if (whole !== null) {
    const name = personName(whole);
    if (name !== null) return name;
  }
  const first = cleanValue(contact.firstName);
  const last = cleanValue(contact.lastName);
  const joined = [first, last].filter((part): part is string => part !== null).join(' ');
  return joined === '' ? null : joined;
}

/**
 * DOJ writes "Last, First (ORG)": "Smith, David (FPI)" is "David Smith" and "Strickland Jr,
 * Charles P. (ATF)" is "Charles P. Strickland Jr". A name already written "First Last" is kept.
 */
export function personName(text: string): string | null {
  // The component in parentheses after the name (DOJ's "(ATF)", "(FPI)") is not part of it.
  const name = text.replace(/\s*\([^()]*\)\s*$/, '').trim();
  if (name === '') return null;
  const parts = name.split(',').map((part) => part.trim());
  if (parts.length === 2) {
    const [last, first] = parts as [string, string];
    if (first === '' || last === '') return last || first || null;
    if (SUFFIX.test(first)) return name;
    return `${first} ${last}`;
  }
  if (parts.length === 3) {
    const [last, suffix, first] = parts as [string, string, string];
    // "Smith, Jr., John" → "John Smith Jr."
    if (SUFFIX.test(suffix) && last !== '' && first !== '') return `${first} ${last} ${suffix}`;
  }
  return name;
}

/**
 * An e-mail address trimmed and lower-cased, or null unless it looks like one. A "mailto:" prefix
 * or angle brackets are dropped; of several addresses in one cell the first is kept.
 */
export function parseEmail(value: Cell): string | null {
  const text = cleanValue(value);
  if (text === null) return null;
  const first = text
    .toLowerCase()
    .replace(/^mailto:/, '')
    .split(/[\s;,]+/)
    .map((part) => part.replace(/^<|>$/g, '').replace(/^mailto:/, ''))
    .find((part) => part.includes('@'));
  return first !== undefined && EMAIL.test(first) ? first : null;
}
