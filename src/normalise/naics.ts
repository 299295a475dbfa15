import type { Cell } from './cell.js';
import { cleanText, isEmptyMarker } from './text.js';

export interface Naics {
  code: string | null;
  description: string | null;
}

const NO_NAICS: Naics = { code: null, description: null };

/** The first run of exactly six digits: "54151" and "1234567" hold no code. */
const CODE = /(?<!\d)(\d{6})(?!\d)/;
/** Between code and title: " - ", "-", "--" (DOJ), " : " (HHS), " | " (DOC), and dashes alike. */
const SEPARATOR = /^\s*(?:-+|–|—|:|\|)\s*/;

/**
 * A six-digit NAICS code and the title written after it (docs/record.md "NAICS"). A trailing ".0" is
 * dropped first, because workbooks and pandas exports write the code as a float ("237310.0").
 * A number cell gives its digits.
 */
export function parseNaics(value: Cell): Naics {
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 100_000 && value <= 999_999
      ? { code: String(value), description: null }
      : NO_NAICS;
  }
  if (typeof value !== 'string') return NO_NAICS;
  const text = cleanText(value);
  if (text === null || isEmptyMarker(text)) return NO_NAICS;
  const withoutFloat = text.replace(/(?<!\d)(\d{6})\.0+(?!\d)/, '$1');
  const match = CODE.exec(withoutFloat);
  if (!match) return NO_NAICS;
  const after = withoutFloat.slice(match.index + match[0].length);
  return { code: match[1]!, description: describe(after) };
}

/**
 * The title after the code. A space alone also separates ("541519 Other Computer Related
 * Services"); a list of further codes ("541519, 541512") or an empty marker is no title.
 */
function describe(after: string): string | null {
  const description = after.replace(SEPARATOR, '').trim();
  if (description === '' || isEmptyMarker(description)) return null;
  if (/^[,;/&]/.test(description) || !/\p{L}/u.test(description)) return null;
  if (!SEPARATOR.test(after) && !/^\s/.test(after)) return null;
  return description;
}
