import type { ProspectRecord } from '../store/prospect-record.js';

// How a forecast's fields read on the pages: "$2M–$5M", "FY2026 Q3", "Jul 1, 2026".

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "$250K", "$1.5M", "$2B", "$900": whole dollars, shortened past a thousand. */
export function moneyWords(dollars: number): string {
  const units: [number, string][] = [
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [size, unit] of units) {
    if (Math.abs(dollars) >= size) {
      const scaled = dollars / size;
      const digits = scaled >= 100 || Number.isInteger(scaled) ? 0 : scaled >= 10 ? 1 : 2;
      return `$${Number(scaled.toFixed(digits))}${unit}`;
    }
  }
  return `$${Math.round(dollars)}`;
}

/** The value range in words, or null when the record has no bound. */
export function valueRangeWords(
  record: Pick<ProspectRecord, 'estimated_value_min' | 'estimated_value_max'>,
): string | null {
  const { estimated_value_min: min, estimated_value_max: max } = record;
  if (min !== null && max !== null)
    return min === max ? moneyWords(min) : `${moneyWords(min)}–${moneyWords(max)}`;
  if (min !== null) return `${moneyWords(min)} or more`;
  if (max !== null) return `up to ${moneyWords(max)}`;
  return null;
}

/** "Jul 1, 2026" for a date (YYYY-MM-DD); the text itself when it is not one. */
export function dateWords(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return date;
  return `${MONTHS[Number(match[2]) - 1] ?? match[2]} ${Number(match[3])}, ${match[1]}`;
}

/** "Nov 20, 2026 10:15 UTC" for a timestamp. */
export function timeWords(at: string): string {
  return `${dateWords(at.slice(0, 10))} ${at.slice(11, 16)} UTC`;
}

/** "FY2026 Q3", "FY2026", "Q3" or null. */
export function fiscalWords(
  record: Pick<ProspectRecord, 'award_fiscal_year' | 'award_quarter'>,
): string | null {
  const parts = [
    record.award_fiscal_year === null ? null : `FY${record.award_fiscal_year}`,
    record.award_quarter === null ? null : `Q${record.award_quarter}`,
  ].filter((part) => part !== null);
  return parts.length > 0 ? parts.join(' ') : null;
}

/** The record's fields in the order and the words of the forecast page. */
export const FIELD_LABELS: Record<string, string> = {
  id: 'jps id',
  source: 'Source key',
  source_name: 'Source',
  native_id: "Agency's id",
  title: 'Title',
  description: 'Description',
  agency: 'Agency',
  office: 'Office',
  naics: 'NAICS',
  naics_description: 'NAICS description',
  estimated_value_text: 'Estimated value (as written)',
  estimated_value_min: 'Estimated value, lower bound',
  estimated_value_max: 'Estimated value, upper bound',
  release_date: 'Solicitation release',
  award_date: 'Award',
  award_fiscal_year: 'Award fiscal year',
  award_quarter: 'Award fiscal quarter',
  place_of_performance: 'Place of performance',
  place_city: 'City',
  place_state: 'State',
  place_country: 'Country',
  contract_type: 'Contract type',
  set_aside: 'Set-aside (as written)',
  set_aside_standardized: 'Set-aside code',
  set_aside_standardized_label: 'Set-aside',
  primary_contact_name: 'Contact',
  primary_contact_email: 'Contact e-mail',
  incumbent: 'Incumbent',
  url: "Agency's page",
  status: 'Status',
  first_seen_at: 'First seen',
  last_seen_at: 'Last seen',
  removed_at: 'Removed',
};

/** A field's name in words; `extra.<header>` is the source's own column. */
export function fieldWords(field: string): string {
  if (field.startsWith('extra.')) return `${field.slice('extra.'.length)} (source column)`;
  return FIELD_LABELS[field] ?? field;
}

const MONEY_FIELDS = new Set(['estimated_value_min', 'estimated_value_max']);
const DATE_FIELDS = new Set(['release_date', 'award_date']);
const TIME_FIELDS = new Set(['first_seen_at', 'last_seen_at', 'removed_at']);

/** One stored value of `field` in words ("none" for no value). */
export function valueWords(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return 'none';
  if (typeof value === 'number' && MONEY_FIELDS.has(field))
    return `${moneyWords(value)} (${value.toLocaleString('en-US')})`;
  if (typeof value === 'string' && DATE_FIELDS.has(field)) return dateWords(value);
  if (typeof value === 'string' && TIME_FIELDS.has(field)) return timeWords(value);
  if (typeof value === 'number' && field === 'award_fiscal_year') return `FY${value}`;
  if (typeof value === 'number' && field === 'award_quarter') return `Q${value}`;
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
