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

// STUB: replaced by the normalisation work (issue 3).
export function standardiseSetAside(text: string | null): SetAsideCode {
  if (text && /8\(?a\)?/i.test(text)) return 'EIGHT_A';
  if (text && /small business/i.test(text)) return 'SMALL_BUSINESS';
  return 'NOT_AVAILABLE';
}

// STUB: replaced by the normalisation work (issue 3).
export function standardiseDhsSetAside(setAside: string | null, program: string | null): SetAsideCode {
  return standardiseSetAside([setAside, program].filter(Boolean).join(' / '));
}
