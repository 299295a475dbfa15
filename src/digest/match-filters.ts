import type { ListFilters } from '../list-filters.js';
import type { ProspectRecord } from '../store/prospect-record.js';

/** The fields a filter reads: a record as it is now, or as it was at the start of a window. */
export type FilterableRecord = Pick<
  ProspectRecord,
  | 'source'
  | 'status'
  | 'title'
  | 'description'
  | 'agency'
  | 'office'
  | 'naics'
  | 'set_aside_standardized'
  | 'estimated_value_min'
  | 'estimated_value_max'
  | 'release_date'
  | 'award_date'
>;

/** Letters and digits, case and accents folded: how the full-text index sees a word. */
function words(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}\p{Co}]+/u)
    .filter(Boolean);
}

/**
 * Whether `record` matches `filters` the way `jps list` decides it in SQL (docs/cli.md): an active
 * record; a substring of agency and office in any case; a NAICS prefix; the set-aside code; a value
 * range that overlaps (a record without any value never matches it); dates inclusive (a record
 * without the date never matches); every searched word the start of a word of the title,
 * description, agency or office.
 */
export function matchesFilters(record: FilterableRecord, filters: ListFilters): boolean {
  if (record.status !== 'active') return false;
  if (filters.sources?.length && !filters.sources.includes(record.source)) return false;
  const contains = (value: string | null, part: string) =>
    value !== null && value.toLowerCase().includes(part.toLowerCase());
  if (filters.agency !== undefined && !contains(record.agency, filters.agency)) return false;
  if (filters.office !== undefined && !contains(record.office, filters.office)) return false;
  if (filters.naics !== undefined && !(record.naics ?? '').startsWith(filters.naics)) return false;
  if (filters.setAside !== undefined && record.set_aside_standardized !== filters.setAside) return false;
  const { minValue, maxValue } = filters;
  if (minValue !== undefined || maxValue !== undefined) {
    const { estimated_value_min: min, estimated_value_max: max } = record;
    if (min === null && max === null) return false;
    if (minValue !== undefined && max !== null && max < minValue) return false;
    if (maxValue !== undefined && min !== null && min > maxValue) return false;
  }
  const within = (value: string | null, from?: string, to?: string) =>
    (from === undefined && to === undefined) ||
    (value !== null && (from === undefined || value >= from) && (to === undefined || value <= to));
  if (!within(record.release_date, filters.releaseFrom, filters.releaseTo)) return false;
  if (!within(record.award_date, filters.awardFrom, filters.awardTo)) return false;
  if (filters.search !== undefined) {
    const wanted = words(filters.search);
    if (wanted.length > 0) {
      const have = words(
        [record.title, record.description, record.agency, record.office].filter((t) => t !== null).join(' '),
      );
      if (!wanted.every((word) => have.some((token) => token.startsWith(word)))) return false;
    }
  }
  return true;
}
