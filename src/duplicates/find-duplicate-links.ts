import { fiscalOfDate } from '../normalise/fiscal.js';
import { departmentKey } from './department-key.js';
import { contentWords, organisationWords, titleWords, type TitleWords } from './title-tokens.js';

/**
 * Which prospects likely describe the same requirement, and why. Pure: prospects in, scored links
 * out. How it decides is told in the README ("jps duplicates").
 */

/** The fields of a prospect the matcher reads. */
export interface DuplicateCandidate {
  id: string;
  source: string;
  agency: string;
  office: string | null;
  title: string;
  description: string | null;
  naics: string | null;
  estimated_value_min: number | null;
  estimated_value_max: number | null;
  release_date: string | null;
  award_date: string | null;
  award_fiscal_year: number | null;
  award_quarter: number | null;
  place_city: string | null;
  place_state: string | null;
  primary_contact_email: string | null;
}

/** Two prospects that likely describe one requirement: `a` < `b` by id. */
export interface DuplicateLink {
  a: string;
  b: string;
  /** 0–1, two decimals. */
  score: number;
  /** The evidence in words, strongest first: "titles 92% alike after normalising", … */
  reasons: string[];
}

export interface MatchOptions {
  /**
   * Judge only the pairs that involve one of these ids (the prospects that changed): the others'
   * links stand as they were. Every pair when absent.
   */
  only?: ReadonlySet<string>;
  /** Links scoring below this are not returned (default `LINK_MIN_SCORE`). */
  minScore?: number;
}

/** The multi-agency source whose listings repeat the departments' own files. */
export const GATEWAY_SOURCE = 'acquisition-gateway';

/**
 * Bumped whenever the matcher judges differently, so a store linked by an older one is linked
 * again whole rather than half by each.
 */
export const MATCHER_VERSION = 1;

/** The score from which a pair is recorded as a likely duplicate. */
export const LINK_MIN_SCORE = 0.7;

/** Titles less alike than this are never the same requirement, whatever else agrees. */
const TITLE_FLOOR = 0.55;
/** Two rounds of the same work (last year's contract and its recompete) are at most this alike. */
const RECOMPETE_CAP = 0.5;
/** A word in more titles of one department than this is read only for candidates with the same NAICS. */
const COMMON_WORD_POSTINGS = 4_000;

interface Prepared {
  candidate: DuplicateCandidate;
  index: number;
  department: string;
  title: TitleWords;
  organisation: Set<string>;
  /** Fiscal quarter as one number (year × 4 + quarter − 1), award first, else release. */
  awardQuarter: number | null;
  releaseQuarter: number | null;
  fiscalYear: number | null;
  email: string | null;
  descriptionWords: Set<string> | null | undefined;
}

function quarterIndex(date: string | null): number | null {
  if (date === null) return null;
  const fiscal = fiscalOfDate(date);
  return fiscal ? fiscal.fiscalYear * 4 + fiscal.quarter - 1 : null;
}

function prepare(candidate: DuplicateCandidate, index: number): Prepared {
  const awardQuarter =
    quarterIndex(candidate.award_date) ??
    (candidate.award_fiscal_year !== null && candidate.award_quarter !== null
      ? candidate.award_fiscal_year * 4 + candidate.award_quarter - 1
      : null);
  return {
    candidate,
    index,
    department: departmentKey(candidate.agency),
    title: titleWords(candidate.title),
    organisation: organisationWords(candidate.office, candidate.source),
    awardQuarter,
    releaseQuarter: quarterIndex(candidate.release_date),
    fiscalYear: candidate.award_fiscal_year,
    email: candidate.primary_contact_email?.trim().toLowerCase() || null,
    descriptionWords: undefined,
  };
}

function descriptionWordsOf(p: Prepared): Set<string> | null {
  if (p.descriptionWords === undefined) {
    const text = p.candidate.description;
    p.descriptionWords = text ? new Set(contentWords(text).slice(0, 200)) : null;
  }
  return p.descriptionWords;
}

/** How much a word says: rare words say more (inverse document frequency). */
type Weigh = (word: string) => number;

function weightOf(words: readonly string[], weigh: Weigh, skip?: ReadonlySet<string>): number {
  let total = 0;
  for (const word of words) if (!skip?.has(word)) total += weigh(word);
  return total;
}

/**
 * How alike two titles' words are, by weight: the shared words against the words only one title
 * has. Words only one title adds count a quarter — a site that adds context ("Support Services",
 * the agency's name, an acronym in brackets) still describes the same thing — but when each title
 * has words the other lacks ("Snow Removal" against "Landscaping") the thing bought differs, so
 * the smaller side of that difference counts nearly double.
 */
function wordSimilarity(
  a: readonly string[],
  b: readonly string[],
  weigh: Weigh,
  skipA?: ReadonlySet<string>,
  skipB?: ReadonlySet<string>,
): number {
  const setB = new Set(b.filter((word) => !skipB?.has(word)));
  let shared = 0;
  for (const word of a) if (!skipA?.has(word) && setB.has(word)) shared += weigh(word);
  if (shared === 0) return 0;
  const onlyA = weightOf(a, weigh, skipA) - shared;
  const onlyB = weightOf(b, weigh, skipB) - shared;
  return shared / (shared + 1.75 * Math.min(onlyA, onlyB) + 0.25 * Math.max(onlyA, onlyB));
}

/**
 * Title similarity after normalising, also trying each title without a short leading segment
 * that names the office ("FAA - Runway Lighting" against "Runway Lighting").
 */
function titleSimilarity(a: Prepared, b: Prepared, weigh: Weigh): number {
  const names = new Set([...a.organisation, ...b.organisation]);
  const prefixOf = (p: Prepared) =>
    p.title.prefix.length > 0 && p.title.prefix.every((word) => names.has(word))
      ? new Set(p.title.prefix)
      : undefined;
  const skipA = prefixOf(a);
  const skipB = prefixOf(b);
  let best = wordSimilarity(a.title.all, b.title.all, weigh);
  if (skipA) best = Math.max(best, wordSimilarity(a.title.all, b.title.all, weigh, skipA));
  if (skipB) best = Math.max(best, wordSimilarity(a.title.all, b.title.all, weigh, undefined, skipB));
  if (skipA && skipB) best = Math.max(best, wordSimilarity(a.title.all, b.title.all, weigh, skipA, skipB));
  return best;
}

function valueRange(c: DuplicateCandidate): [number, number] | null {
  if (c.estimated_value_min === null && c.estimated_value_max === null) return null;
  return [c.estimated_value_min ?? 0, c.estimated_value_max ?? Number.POSITIVE_INFINITY];
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Lower-case letters and digits only, so "A/GO/OPS/SL" and "a/go/ops sl" are equal. */
function squeezed(text: string | null): string | null {
  const value = text?.toLowerCase().replace(/[^a-z0-9]+/g, '') ?? '';
  return value === '' ? null : value;
}

/**
 * The score of one pair and its reasons, or null when the titles are too far apart to judge. The
 * title decides; the other fields confirm a little and contradict a lot: two listings of one
 * requirement agree on NAICS, value, timing and place, and two different things bought by one
 * office agree on those too, so agreement alone must never make a match.
 */
function scorePair(a: Prepared, b: Prepared, weigh: Weigh): { score: number; reasons: string[] } | null {
  const title = titleSimilarity(a, b, weigh);
  if (title < TITLE_FLOOR) return null;
  const reasons: string[] = [];
  let score = title;
  let cap = 1;
  reasons.push(`titles ${Math.round(title * 100)}% alike after normalising`);
  reasons.push('same department');

  const sameSource = a.candidate.source === b.candidate.source;
  const officeA = squeezed(a.candidate.office);
  const officeB = squeezed(b.candidate.office);
  if (officeA !== null && officeA === officeB) {
    score += 0.02;
    reasons.push('same office');
  } else if (sameSource && officeA !== null && officeB !== null) {
    // One file names an office the same way every time: another office is another requirement.
    score -= 0.2;
    reasons.push(`different offices (${a.candidate.office}, ${b.candidate.office})`);
  }

  const naicsA = a.candidate.naics;
  const naicsB = b.candidate.naics;
  if (naicsA && naicsB) {
    if (naicsA === naicsB) {
      score += 0.03;
      reasons.push(`same NAICS ${naicsA}`);
    } else if (naicsA.slice(0, 4) === naicsB.slice(0, 4)) {
      score -= 0.05;
      reasons.push(`NAICS close but not equal (${naicsA}, ${naicsB})`);
    } else {
      score -= 0.2;
      reasons.push(`different NAICS (${naicsA}, ${naicsB})`);
    }
  }

  const rangeA = valueRange(a.candidate);
  const rangeB = valueRange(b.candidate);
  if (rangeA && rangeB) {
    if (rangeA[0] <= rangeB[1] && rangeB[0] <= rangeA[1]) {
      score += 0.02;
      reasons.push('value ranges overlap');
    } else {
      const [low, high] = rangeA[1] < rangeB[0] ? [rangeA[1], rangeB[0]] : [rangeB[1], rangeA[0]];
      if (high > 2 * Math.max(low, 1)) {
        score -= 0.15;
        reasons.push('value ranges far apart');
      }
    }
  }

  // Award timing, else release timing: within a quarter agrees; a year apart is another round of
  // the same work (a recompete listed beside the contract it replaces), not a duplicate.
  const timing = (kind: string, qa: number | null, qb: number | null): boolean => {
    if (qa === null || qb === null) return false;
    const apart = Math.abs(qa - qb);
    if (apart <= 1) {
      score += 0.03;
      reasons.push(`${kind} dates within one quarter`);
    } else if (apart === 2) {
      score -= 0.05;
      reasons.push(`${kind} dates 2 quarters apart`);
    } else {
      cap = RECOMPETE_CAP;
      reasons.push(`${kind} dates ${plural(apart, 'quarter')} apart`);
    }
    return true;
  };
  if (!timing('award', a.awardQuarter, b.awardQuarter)) {
    if (
      !timing('release', a.releaseQuarter, b.releaseQuarter) &&
      a.fiscalYear !== null &&
      b.fiscalYear !== null &&
      a.fiscalYear !== b.fiscalYear
    ) {
      const apart = Math.abs(a.fiscalYear - b.fiscalYear);
      if (apart >= 2) cap = RECOMPETE_CAP;
      else score -= 0.1;
      reasons.push(`award fiscal years ${plural(apart, 'year')} apart`);
    }
  }

  if (a.email !== null && a.email === b.email) {
    score += 0.02;
    reasons.push('same contact e-mail');
  }

  const stateA = a.candidate.place_state;
  const stateB = b.candidate.place_state;
  const cityA = squeezed(a.candidate.place_city);
  const cityB = squeezed(b.candidate.place_city);
  // One requirement is performed in one place.
  if (stateA && stateB && stateA !== stateB) {
    score -= 0.25;
    reasons.push(`different places (${stateA}, ${stateB})`);
  } else if (cityA !== null && cityB !== null && cityA !== cityB) {
    score -= 0.25;
    reasons.push(`different places (${a.candidate.place_city}, ${b.candidate.place_city})`);
  }

  const wordsA = descriptionWordsOf(a);
  const wordsB = descriptionWordsOf(b);
  if (wordsA && wordsB && wordsA.size >= 3 && wordsB.size >= 3) {
    let shared = 0;
    for (const word of wordsA) if (wordsB.has(word)) shared += 1;
    if ((2 * shared) / (wordsA.size + wordsB.size) >= 0.5) {
      score += 0.02;
      reasons.push('descriptions alike');
    }
  }

  return { score: Math.round(Math.max(0, Math.min(cap, score, 1)) * 100) / 100, reasons };
}

/** Within a source any two ids; across sources only the Gateway against the department's own file. */
function comparable(a: DuplicateCandidate, b: DuplicateCandidate): boolean {
  if (a.id === b.id) return false;
  if (a.source === b.source) return true;
  return a.source === GATEWAY_SOURCE || b.source === GATEWAY_SOURCE;
}

/**
 * The likely duplicates among `prospects` (the active ones of every source). Pairs are only ever
 * judged inside one department, and only when their titles share one of the rarer words of either
 * title (blocking), so the work grows with the prospects, not with their square.
 */
export function findDuplicateLinks(
  prospects: readonly DuplicateCandidate[],
  options: MatchOptions = {},
): DuplicateLink[] {
  const minScore = options.minScore ?? LINK_MIN_SCORE;
  const prepared = prospects.map(prepare);

  // Postings: department → word → prospects whose title holds it.
  const postings = new Map<string, Map<string, number[]>>();
  const frequency = new Map<string, number>();
  for (const p of prepared) {
    let words = postings.get(p.department);
    if (!words) postings.set(p.department, (words = new Map()));
    for (const word of p.title.all) {
      let list = words.get(word);
      if (!list) words.set(word, (list = []));
      list.push(p.index);
      frequency.set(word, (frequency.get(word) ?? 0) + 1);
    }
  }
  const total = prepared.length;
  const weights = new Map<string, number>();
  const weigh: Weigh = (word) => {
    let weight = weights.get(word);
    if (weight === undefined) {
      weight = Math.log(1 + total / (frequency.get(word) ?? 1));
      weights.set(word, weight);
    }
    return weight;
  };

  const rarestFirst = (words: readonly string[]) =>
    [...words].sort((x, y) => (frequency.get(x) ?? 0) - (frequency.get(y) ?? 0) || (x < y ? -1 : 1));
  // Titles alike enough share at least one of the rarer words of each: the words beyond that
  // prefix could all be shared and still not reach the floor.
  const probeWords = (p: Prepared): string[] => {
    const probe = new Set<string>();
    const prefix = new Set(p.title.prefix);
    for (const words of [p.title.all, p.title.all.filter((word) => !prefix.has(word))]) {
      const sorted = rarestFirst(words);
      const keep = sorted.length - Math.ceil(TITLE_FLOOR * sorted.length) + 1;
      for (const word of sorted.slice(0, Math.max(1, keep))) probe.add(word);
    }
    return [...probe];
  };

  const probes = options.only ? prepared.filter((p) => options.only!.has(p.candidate.id)) : prepared;
  const isProbe = options.only ? (p: Prepared) => options.only!.has(p.candidate.id) : () => true;
  const seenBy = new Int32Array(prepared.length).fill(-1);
  const links = new Map<string, DuplicateLink>();
  for (const p of probes) {
    const words = postings.get(p.department);
    if (!words) continue;
    seenBy[p.index] = p.index;
    for (const word of probeWords(p)) {
      const list = words.get(word) ?? [];
      const crowded = list.length > COMMON_WORD_POSTINGS;
      for (const qIndex of list) {
        if (seenBy[qIndex] === p.index) continue;
        seenBy[qIndex] = p.index;
        const q = prepared[qIndex]!;
        if (crowded && q.candidate.naics !== p.candidate.naics) continue;
        if (!comparable(p.candidate, q.candidate)) continue;
        const [a, b] = p.candidate.id < q.candidate.id ? [p, q] : [q, p];
        const key = `${a.candidate.id}\u0000${b.candidate.id}`;
        // Two changed prospects may find each other twice.
        if (isProbe(q) && links.has(key)) continue;
        const judged = scorePair(a, b, weigh);
        if (!judged || judged.score < minScore) continue;
        links.set(key, {
          a: a.candidate.id,
          b: b.candidate.id,
          score: judged.score,
          reasons: judged.reasons,
        });
      }
    }
  }
  return [...links.values()].sort((x, y) =>
    x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0,
  );
}
