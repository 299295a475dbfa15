import type { Cell } from './cell.js';
import { cleanText, isEmptyMarker } from './text.js';

export interface Money {
  /** The value as written, whitespace collapsed; empty markers ("TBD") kept. */
  text: string | null;
  /** Lower bound in whole US dollars. */
  min: number | null;
  /** Upper bound in whole US dollars. */
  max: number | null;
}

const NO_AMOUNT = { min: null, max: null } as const;

const UNIT_MULTIPLIERS: Record<string, number> = {
  k: 1_000,
  thousand: 1_000,
  m: 1_000_000,
  mm: 1_000_000,
  mil: 1_000_000,
  million: 1_000_000,
  b: 1_000_000_000,
  bn: 1_000_000_000,
  bil: 1_000_000_000,
  billion: 1_000_000_000,
};

/**
 * One number as written: an optional currency sign, digits (with thousands separators or a
 * decimal part) and an optional unit. The unit must end the word, so "5 months" has none.
 */
const AMOUNT_PATTERN =
  /(us\s?\$|\$|usd\s?)?\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?:\s*(thousand|million|billion|mil|bil|mm|bn|k|m|b)(?![a-z]))?/gi;

/** Words and marks that make a single amount a lower bound only. */
const LOWER_ONLY =
  />|≥|(?<![a-z])(?:over|above|more than|greater than|at least|minimum|min|exceeds?|exceeding|or more|and above|and up|and over|plus)(?![a-z])/;
/** Words and marks that make a single amount an upper bound only. */
const UPPER_ONLY =
  /<|≤|(?<![a-z])(?:below|under|less than|up to|upto|nte|not[\s-]to[\s-]exceed|maximum|max|or less|no more than|no greater than)(?![a-z])/;

/** Between a lower and an upper bound. */
const RANGE_CONNECTOR = /^\s*(?:-|–|—|~|to|and|through|thru)\s*/i;

/** A bare year (and a year range) is never money: docs/record.md. */
const YEAR_MIN = 1900;
const YEAR_MAX = 2100;

interface Amount {
  value: number;
  multiplier: number | null;
  /** Has a currency sign, a unit, a thousands separator or at least four digits (not a year). */
  moneyLike: boolean;
  start: number;
  end: number;
}

/**
 * An estimated value: the text as written and its bounds in whole dollars (docs/record.md "Values").
 * A number cell gives its digits as text and itself as both bounds.
 */
export function parseMoney(value: Cell): Money {
  if (typeof value === 'number') return moneyOfNumber(value);
  const text = cleanText(value);
  if (text === null) return { text: null, ...NO_AMOUNT };
  if (isEmptyMarker(text)) return { text, ...NO_AMOUNT };
  return { text, ...parseMoneyText(text) };
}

function moneyOfNumber(value: number): Money {
  if (!Number.isFinite(value)) return { text: null, ...NO_AMOUNT };
  const text = String(value);
  // A workbook that stores a year in the value column has not given a value.
  if (value < 0 || isYear(value)) return { text, ...NO_AMOUNT };
  const dollars = Math.round(value);
  if (!Number.isSafeInteger(dollars)) return { text, ...NO_AMOUNT };
  return { text, min: dollars, max: dollars };
}

/** The bounds written in a text, or nulls when it holds no money. */
export function parseMoneyText(text: string): { min: number | null; max: number | null } {
  const lower = text.toLowerCase().replace(/\s+/g, ' ');
  const amounts = findAmounts(lower);
  if (amounts.length === 0) return NO_AMOUNT;

  if (amounts.length >= 2) {
    // Two bounds: strictness marks (">", "< or =") are ignored, the bounds are the numbers written.
    const [first, second] = amounts as [Amount, Amount];
    let low = dollars(first, second.multiplier, second.value);
    let high = dollars(second, null, 0);
    if (low === null || high === null) return NO_AMOUNT;
    if (low > high) [low, high] = [high, low];
    return { min: low, max: high };
  }

  const only = amounts[0] as Amount;
  const amount = dollars(only, null, 0);
  if (amount === null) return NO_AMOUNT;
  const around = lower.slice(0, only.start) + ' ' + lower.slice(only.end);
  const plusAfter = /^\s*\+/.test(lower.slice(only.end));
  const isLower = plusAfter || LOWER_ONLY.test(withoutUpperPhrases(around));
  const isUpper = UPPER_ONLY.test(around);
  if (isLower && !isUpper) return { min: amount, max: null };
  if (isUpper && !isLower) return { min: null, max: amount };
  return { min: amount, max: amount };
}

/** "not to exceed" says "exceed" but is an upper bound. */
function withoutUpperPhrases(text: string): string {
  return text.replace(/not[\s-]to[\s-]exceed/g, ' ');
}

/**
 * The amounts of a text, in order. A number counts when it looks like money by itself, or when it
 * is the lower bound of a range whose upper bound does ("1 - 5M"). Numbers glued to letters
 * ("FY2026", "Q2", "2nd", "5-year") and bare years ("2024") are not amounts.
 */
function findAmounts(text: string): Amount[] {
  const candidates: Amount[] = [];
  for (const match of text.matchAll(AMOUNT_PATTERN)) {
    const [whole, currency, digits, unit] = match;
    const index = match.index;
    const numberStart = index + whole.indexOf(digits!);
    const before = text.slice(0, numberStart);
    const after = text.slice(index + whole.length);
    if (/[a-z0-9.]$/.test(currency ? text.slice(0, index) : before)) continue;
    if (!unit && /^(?:[a-z0-9%]|-[a-z]|\.\d)/.test(after)) continue;
    const value = Number(digits!.replace(/,/g, ''));
    if (!Number.isFinite(value)) continue;
    const separated = digits!.includes(',');
    const integerDigits = digits!.split('.')[0]!.replace(/,/g, '').length;
    const bareYear = !currency && !unit && !separated && integerDigits === 4 && isYear(value);
    if (bareYear) continue;
    candidates.push({
      value,
      multiplier: unit ? UNIT_MULTIPLIERS[unit.toLowerCase()]! : null,
      moneyLike: Boolean(currency) || Boolean(unit) || separated || integerDigits >= 4,
      start: index,
      end: index + whole.length,
    });
  }
  const amounts: Amount[] = [];
  candidates.forEach((candidate, i) => {
    if (candidate.moneyLike) {
      amounts.push(candidate);
      return;
    }
    const next = candidates[i + 1];
    const between = next ? text.slice(candidate.end, next.start) : '';
    if (next?.moneyLike && RANGE_CONNECTOR.test(between) && between.replace(RANGE_CONNECTOR, '') === '') {
      amounts.push(candidate);
    }
  });
  return amounts;
}

/**
 * An amount in whole dollars. The unit written only after the upper bound applies to a lower
 * bound written below 1,000 ("$1 - $5M"), unless that would put it above the upper bound
 * ("$500 - $1K" is 500 to 1,000).
 */
function dollars(amount: Amount, upperMultiplier: number | null, upperValue: number): number | null {
  let multiplier = amount.multiplier ?? 1;
  if (
    amount.multiplier === null &&
    upperMultiplier !== null &&
    amount.value < 1000 &&
    amount.value <= upperValue
  ) {
    multiplier = upperMultiplier;
  }
  const result = Math.round(amount.value * multiplier);
  return Number.isSafeInteger(result) ? result : null;
}

function isYear(value: number): boolean {
  return Number.isInteger(value) && value >= YEAR_MIN && value <= YEAR_MAX;
}
