/**
 * The filters of `jps list` as users type them — on the command line, in a saved watch, in the
 * API's query string — read and checked in one place, so `1.5M` means the same everywhere and a bad
 * value gets the same explanation everywhere (docs/cli.md, "jps list").
 */
import { UsageError } from './errors.js';
import { formatCount } from './format-count.js';
import { SET_ASIDE_CODES, type ProspectFilters } from './store/prospect-queries.js';
import { parseIsoDate } from './time.js';

/**
 * The filters a watch can save: `jps list`'s, without `--status` and `--changed-since` (a watch
 * follows active forecasts over time; the digest is its notion of "changed").
 */
export type ListFilters = Pick<
  ProspectFilters,
  | 'agency'
  | 'office'
  | 'naics'
  | 'setAside'
  | 'search'
  | 'minValue'
  | 'maxValue'
  | 'releaseFrom'
  | 'releaseTo'
  | 'awardFrom'
  | 'awardTo'
> & { sources?: readonly string[] };

export type ListFilterKey = keyof ListFilters;

/** Every list filter in the order they are described. */
export const LIST_FILTER_KEYS = [
  'search',
  'sources',
  'agency',
  'office',
  'naics',
  'setAside',
  'minValue',
  'maxValue',
  'releaseFrom',
  'releaseTo',
  'awardFrom',
  'awardTo',
] as const satisfies readonly ListFilterKey[];

/** The command-line flag of each filter. */
export const FILTER_FLAGS: Record<ListFilterKey, string> = {
  search: '--search',
  sources: '--source',
  agency: '--agency',
  office: '--office',
  naics: '--naics',
  setAside: '--set-aside',
  minValue: '--min-value',
  maxValue: '--max-value',
  releaseFrom: '--release-from',
  releaseTo: '--release-to',
  awardFrom: '--award-from',
  awardTo: '--award-to',
};

/** What each kind of value must look like, in words that finish "takes …" and "must be …". */
export const EXPECTED = {
  money: 'an amount in dollars like 250000 or 1.5M',
  naics: 'the first 1 to 6 digits of a NAICS code (541 or 541512)',
  setAside: `one of ${SET_ASIDE_CODES.join(', ')}`,
  date: 'a date like 2026-11-20',
  positiveInteger: 'a whole number of at least 1',
  since:
    'a date (2026-11-20), a timestamp (2026-11-20T10:15:07Z), a duration (30s, 90m, 12h, 7d) or last-run',
} as const;

// ---- one reader per kind of value: the value, or null when the text is not one ----------------

const MONEY_UNITS: Record<string, number> = { '': 1, k: 1_000, m: 1_000_000, b: 1_000_000_000 };
/** Amounts past a trillion dollars are typos, and past 2^53 not exact. */
const MAX_DOLLARS = 1e15;

/** `250000`, `250,000`, `$250K`, `1.5M`, `2b` → whole or fractional dollars; null otherwise. */
export function readMoney(text: string): number | null {
  const match = /^\s*\$?\s*(\d[\d,]{0,20}(?:\.\d{1,6})?|\.\d{1,6})\s*([kmb]?)\s*$/i.exec(text);
  if (!match) return null;
  const value = Number(match[1]!.replaceAll(',', '')) * MONEY_UNITS[match[2]!.toLowerCase()]!;
  return Number.isFinite(value) && value <= MAX_DOLLARS ? value : null;
}

/** `541`, ` 541512 ` → the digits; null for anything but 1 to 6 digits. */
export function readNaicsPrefix(text: string): string | null {
  const digits = text.trim();
  return /^\d{1,6}$/.test(digits) ? digits : null;
}

/** `eight_a` → `EIGHT_A`; null for a code docs/record.md does not know. */
export function readSetAside(text: string): string | null {
  const code = text.trim().toUpperCase();
  return (SET_ASIDE_CODES as readonly string[]).includes(code) ? code : null;
}

/** A whole number ≥ 1 (at most 2^53), or null. */
export function readPositiveInteger(text: string): number | null {
  if (!/^\s*\d+\s*$/.test(text)) return null;
  const value = Number(text.trim());
  return Number.isSafeInteger(value) && value >= 1 ? value : null;
}

/** `--source a,b --source c` → the keys, trimmed, each once, in the order given. */
export function splitList(values: readonly string[]): string[] {
  const items = values
    .flatMap((value) => value.split(','))
    .map((item) => item.trim())
    .filter(Boolean);
  return [...new Set(items)];
}

// ---- the whole set of filters -----------------------------------------------------------------

/**
 * A filter value that is not what its filter takes. Its message names the command-line flag; the
 * API rewrites it with its own parameter name from `key`, `expected` and `given`.
 */
export class FilterValueError extends UsageError {
  constructor(
    readonly key: ListFilterKey,
    readonly problem: string,
    message: string,
  ) {
    super(message);
    this.name = 'FilterValueError';
  }
}

function invalid(key: ListFilterKey, expected: string, given: string): FilterValueError {
  return new FilterValueError(
    key,
    `must be ${expected} (got "${given}")`,
    `${FILTER_FLAGS[key]} takes ${expected}, not "${given}"`,
  );
}

function outOfOrder(from: ListFilterKey, to: ListFilterKey): FilterValueError {
  return new FilterValueError(
    from,
    `must not be after ${to}`,
    `${FILTER_FLAGS[from]}/${FILTER_FLAGS[to]}: the start is after the end`,
  );
}

/** The filters as typed: text for each, several texts for the sources. */
export type ListFilterText = Partial<Record<Exclude<ListFilterKey, 'sources'>, string>> & {
  sources?: readonly string[];
};

/**
 * Reads and checks every filter; the first bad value is a `FilterValueError` saying what the filter
 * takes. `knownSources` are the source keys a `--source` may name. Blank text filters are no filter.
 */
export function parseListFilters(text: ListFilterText, knownSources: readonly string[]): ListFilters {
  const filters: ListFilters = {};
  if (text.sources !== undefined) {
    const keys = splitList(text.sources);
    for (const key of keys) {
      if (!knownSources.includes(key)) {
        throw new FilterValueError(
          'sources',
          `names no known source ("${key}"; known: ${knownSources.join(', ')})`,
          `unknown source "${key}" (known: ${knownSources.join(', ')})`,
        );
      }
    }
    if (keys.length > 0) filters.sources = keys;
  }
  if (text.search !== undefined && text.search.trim() !== '') filters.search = text.search;
  if (text.agency?.trim()) filters.agency = text.agency.trim();
  if (text.office?.trim()) filters.office = text.office.trim();
  if (text.naics !== undefined) {
    const naics = readNaicsPrefix(text.naics);
    if (naics === null) throw invalid('naics', EXPECTED.naics, text.naics);
    filters.naics = naics;
  }
  if (text.setAside !== undefined) {
    const code = readSetAside(text.setAside);
    if (code === null) throw invalid('setAside', EXPECTED.setAside, text.setAside);
    filters.setAside = code;
  }
  for (const key of ['minValue', 'maxValue'] as const) {
    const given = text[key];
    if (given === undefined) continue;
    const value = readMoney(given);
    if (value === null) throw invalid(key, EXPECTED.money, given);
    filters[key] = value;
  }
  if (filters.minValue !== undefined && filters.maxValue !== undefined && filters.minValue > filters.maxValue)
    throw outOfOrder('minValue', 'maxValue');
  for (const key of ['releaseFrom', 'releaseTo', 'awardFrom', 'awardTo'] as const) {
    const given = text[key];
    if (given === undefined) continue;
    const date = parseIsoDate(given);
    if (date === null) throw invalid(key, EXPECTED.date, given);
    filters[key] = date;
  }
  for (const [from, to] of [
    ['releaseFrom', 'releaseTo'],
    ['awardFrom', 'awardTo'],
  ] as const) {
    if (filters[from] !== undefined && filters[to] !== undefined && filters[from] > filters[to])
      throw outOfOrder(from, to);
  }
  return filters;
}

/**
 * Checks filters read back from the store (a watch saved by this or an older jps) by writing them
 * as text and reading them again: one validator, whatever the way in.
 */
export function checkListFilters(value: unknown, knownSources: readonly string[]): ListFilters {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new UsageError('saved filters are not an object');
  const saved = value as Record<string, unknown>;
  const text: ListFilterText = {};
  for (const key of Object.keys(saved)) {
    if (!(LIST_FILTER_KEYS as readonly string[]).includes(key))
      throw new UsageError(`saved filters name an unknown filter "${key}"`);
  }
  for (const key of LIST_FILTER_KEYS) {
    const given = saved[key];
    if (given === undefined) continue;
    if (key === 'sources') {
      if (!Array.isArray(given) || !given.every((item) => typeof item === 'string'))
        throw new UsageError('saved filter "sources" is not a list of source keys');
      text.sources = given as string[];
    } else if (typeof given === 'string' || typeof given === 'number') {
      text[key] = String(given);
    } else {
      throw new UsageError(`saved filter "${key}" is not text or a number`);
    }
  }
  return parseListFilters(text, knownSources);
}

function dollars(value: number): string {
  return `$${formatCount(value)}`;
}

/**
 * The filters in words, for `jps watch list`: `search "cyber" · source dhs · set-aside EIGHT_A`.
 * "everything" when there is none.
 */
export function describeListFilters(filters: ListFilters): string {
  const parts: string[] = [];
  if (filters.search !== undefined) parts.push(`search "${filters.search}"`);
  if (filters.sources?.length) parts.push(`source ${filters.sources.join(', ')}`);
  if (filters.agency !== undefined) parts.push(`agency ~ "${filters.agency}"`);
  if (filters.office !== undefined) parts.push(`office ~ "${filters.office}"`);
  if (filters.naics !== undefined) parts.push(`NAICS ${filters.naics}…`);
  if (filters.setAside !== undefined) parts.push(`set-aside ${filters.setAside}`);
  if (filters.minValue !== undefined || filters.maxValue !== undefined) {
    const { minValue: min, maxValue: max } = filters;
    parts.push(
      min !== undefined && max !== undefined
        ? `value ${dollars(min)}–${dollars(max)}`
        : min !== undefined
          ? `value ≥ ${dollars(min)}`
          : `value ≤ ${dollars(max!)}`,
    );
  }
  const range = (label: string, from?: string, to?: string) => {
    if (from !== undefined && to !== undefined) parts.push(`${label} ${from} to ${to}`);
    else if (from !== undefined) parts.push(`${label} from ${from}`);
    else if (to !== undefined) parts.push(`${label} to ${to}`);
  };
  range('release', filters.releaseFrom, filters.releaseTo);
  range('award', filters.awardFrom, filters.awardTo);
  return parts.length === 0 ? 'everything' : parts.join(' · ');
}

/**
 * A watch's filters narrowed by more filters (`jps list --watch cyber --agency cisa`): a record
 * must pass both. Null when no record can (two different set-asides, sources that do not overlap).
 * Two substrings of one field, neither inside the other, cannot be said as one filter: a usage error.
 */
export function narrowListFilters(base: ListFilters, more: ListFilters): ListFilters | null {
  const out: ListFilters = { ...base };
  if (more.sources?.length) {
    const sources = base.sources?.length
      ? more.sources.filter((key) => base.sources!.includes(key))
      : more.sources;
    if (sources.length === 0) return null;
    out.sources = sources;
  }
  if (more.search !== undefined)
    out.search = base.search === undefined ? more.search : `${base.search} ${more.search}`;
  for (const key of ['agency', 'office'] as const) {
    const extra = more[key];
    const have = base[key];
    if (extra === undefined) continue;
    if (have === undefined || extra.toLowerCase().includes(have.toLowerCase())) out[key] = extra;
    else if (!have.toLowerCase().includes(extra.toLowerCase()))
      throw new UsageError(
        `${FILTER_FLAGS[key]} "${extra}": the watch already filters ${key} by "${have}"; a second ${key} text is not supported`,
      );
  }
  if (more.naics !== undefined) {
    const have = base.naics ?? '';
    if (more.naics.startsWith(have)) out.naics = more.naics;
    else if (!have.startsWith(more.naics)) return null;
  }
  if (more.setAside !== undefined) {
    if (base.setAside !== undefined && base.setAside !== more.setAside) return null;
    out.setAside = more.setAside;
  }
  if (more.minValue !== undefined) out.minValue = Math.max(more.minValue, base.minValue ?? more.minValue);
  if (more.maxValue !== undefined) out.maxValue = Math.min(more.maxValue, base.maxValue ?? more.maxValue);
  const later = (a?: string, b?: string) => (a === undefined ? b : b === undefined || a > b ? a : b);
  const earlier = (a?: string, b?: string) => (a === undefined ? b : b === undefined || a < b ? a : b);
  if (more.releaseFrom !== undefined) out.releaseFrom = later(base.releaseFrom, more.releaseFrom);
  if (more.releaseTo !== undefined) out.releaseTo = earlier(base.releaseTo, more.releaseTo);
  if (more.awardFrom !== undefined) out.awardFrom = later(base.awardFrom, more.awardFrom);
  if (more.awardTo !== undefined) out.awardTo = earlier(base.awardTo, more.awardTo);
  for (const [from, to] of [
    ['minValue', 'maxValue'],
    ['releaseFrom', 'releaseTo'],
    ['awardFrom', 'awardTo'],
  ] as const) {
    const a = out[from];
    const b = out[to];
    if (a !== undefined && b !== undefined && a > b) return null;
  }
  return out;
}
