import { collapseSpaces, isEmptyMarker } from './text.js';

export type SetAsideCode =
  | 'EIGHT_A'
  | 'HUBZONE'
  | 'WOMEN_OWNED'
  | 'VETERAN_OWNED'
  | 'SOLE_SOURCE'
  | 'FULL_AND_OPEN'
  | 'SMALL_BUSINESS'
  | 'NOT_AVAILABLE';

export const SET_ASIDE_LABELS: Record<SetAsideCode, string> = {
  EIGHT_A: '8(a)',
  HUBZONE: 'HUBZone',
  WOMEN_OWNED: 'Women-Owned',
  VETERAN_OWNED: 'Veteran-Owned',
  SOLE_SOURCE: 'Sole Source',
  FULL_AND_OPEN: 'Full and Open',
  SMALL_BUSINESS: 'Small Business',
  NOT_AVAILABLE: 'N/A',
};

/** The certifications, in the order docs/record.md checks them. */
const CERTIFICATIONS: readonly [SetAsideCode, RegExp][] = [
  ['EIGHT_A', /(?<![a-z0-9])8\s*\(\s*a\s*\)|(?<![a-z0-9])8a(?![a-z0-9])/],
  ['HUBZONE', /hub[\s-]?zone/],
  ['WOMEN_OWNED', /wosb|women[\s-]owned|woman[\s-]owned/],
  ['VETERAN_OWNED', /vosb|veteran|service[\s-]disabled/],
];

const SET_ASIDE_WORD = /set[\s-]?aside/;

/**
 * The set-aside code of a text (docs/record.md "Set-aside"), the first matching row winning so that a
 * certification beats the generic words: "8(a) Small Business Set-Aside" is EIGHT_A, "Small
 * Business Sole Source" is SOLE_SOURCE, "Other Than Small Business" is FULL_AND_OPEN.
 */
export function standardiseSetAside(text: string | null): SetAsideCode {
  if (text === null) return 'NOT_AVAILABLE';
  const lower = collapseSpaces(text).toLowerCase();
  const whole = lower.replace(/^[\s.,;:()[\]-]+|[\s.,;:()[\]-]+$/g, '');
  // "None" is a value here: no set-aside, so the competition is full and open.
  if (whole === 'none') return 'FULL_AND_OPEN';
  if (isEmptyMarker(whole)) return 'NOT_AVAILABLE';

  const certification = certificationOf(lower);
  if (certification !== null) return certification;
  if (/sole[\s-]source/.test(lower)) return 'SOLE_SOURCE';
  if (/full (?:and|&) open|unrestricted|other than small/.test(lower)) return 'FULL_AND_OPEN';
  if (['competitive', 'competition', 'open market'].includes(whole)) return 'FULL_AND_OPEN';
  if (/small business|small disadvantaged business/.test(lower)) return 'SMALL_BUSINESS';
  if (SET_ASIDE_WORD.test(lower) && /\b(?:total|partial|full)\b/.test(lower)) return 'SMALL_BUSINESS';
  if (['sb', 'full', 'partial', 'total'].includes(whole)) return 'SMALL_BUSINESS';
  return 'NOT_AVAILABLE';
}

/**
 * The certification a text names (8(a), HUBZone, women-owned, veteran-owned), or null: the first
 * rows of the set-aside table, for sources that judge their code from more than one member (DHS).
 */
export function certificationIn(text: string): SetAsideCode | null {
  return certificationOf(collapseSpaces(text).toLowerCase());
}

function certificationOf(lower: string): SetAsideCode | null {
  for (const [code, pattern] of CERTIFICATIONS) if (pattern.test(lower)) return code;
  return null;
}
