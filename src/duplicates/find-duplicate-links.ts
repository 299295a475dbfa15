import { fiscalOfDate } from '../normalise/fiscal.js';
import type { ProspectFields } from '../normalise/prospect.js';
import { departmentKey } from './department-key.js';
import { contentWords, organisationWords, titleWords, type TitleWords } from './title-tokens.js';

/**
 * Which prospects likely describe the same requirement, and why. Pure: prospects in, scored links
 * out. How it decides is told in the README ("jps duplicates").
 */

/** The fields of a prospect the matcher reads. */
export type DuplicateCandidate = { id: string; source: string } & Pick<
  ProspectFields,
  | 'agency'
  | 'office'
  | 'title'
  | 'description'
  | 'naics'
  | 'estimated_value_min'
  | 'estimated_value_max'
  | 'release_date'
  | 'award_date'
  | 'award_fiscal_year'
  | 'award_quarter'
  | 'place_city'
  | 'place_state'
  | 'primary_contact_email'
>;

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

interface Prepared {
  candidate: DuplicateCandidate;
  index: number;
  department: string;
  title: TitleWords;
  /** The title's words, to look up, and their summed weight (set once word rarity is known). */
  titleSet: Set<string>;
  titleWeight: number;
  organisation: Set<string>;
  /** Fiscal quarter as one number (year × 4 + quarter − 1), award first, else release. */
  awardQuarter: number | null;
  releaseQuarter: number | null;
  fiscalYear: number | null;
  email: string | null;
  officeKey: string | null;
  cityKey: string | null;
  value: [number, number] | null;
  descriptionWords: Set<string> | null | undefined;
}

/** Lower-case letters and digits only, so "A/GO/OPS/SL" and "a/go/ops sl" are equal. */
function squeezed(text: string | null): string | null {
  const value = text?.toLowerCase().replace(/[^a-z0-9]+/g, '') ?? '';
  return value === '' ? null : value;
}

function quarterIndex(date: string | null): number | null {
  if (date === null) return null;
  const fiscal = fiscalOfDate(date);
  return fiscal ? fiscal.fiscalYear * 4 + fiscal.quarter - 1 : null;
}

/**
 * Many prospects share an agency, an office, a title or a description: each is read once a
 * matching, and its words held once however many prospects share it.
 */
interface PrepareCache {
  titles: Map<string, TitleWords>;
  titleSets: Map<string, Set<string>>;
  descriptions: Map<string, Set<string>>;
  organisations: Map<string, Set<string>>;
  departments: Map<string, string>;
}

function cached<T>(map: Map<string, T>, key: string, make: () => T): T {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = make()));
  return value;
}

function prepare(candidate: DuplicateCandidate, index: number, cache: PrepareCache): Prepared {
  const awardQuarter =
    quarterIndex(candidate.award_date) ??
    (candidate.award_fiscal_year !== null && candidate.award_quarter !== null
      ? candidate.award_fiscal_year * 4 + candidate.award_quarter - 1
      : null);
  const title = cached(cache.titles, candidate.title, () => titleWords(candidate.title));
  return {
    candidate,
    index,
    department: cached(cache.departments, candidate.agency, () => departmentKey(candidate.agency)),
    title,
    titleSet: cached(cache.titleSets, candidate.title, () => new Set(title.all)),
    titleWeight: 0,
    organisation: cached(cache.organisations, `${candidate.office ?? ''}\u0000${candidate.source}`, () =>
      organisationWords(candidate.office, candidate.source),
    ),
    awardQuarter,
    releaseQuarter: quarterIndex(candidate.release_date),
    fiscalYear: candidate.award_fiscal_year,
    email: candidate.primary_contact_email?.trim().toLowerCase() || null,
    officeKey: squeezed(candidate.office),
    cityKey: squeezed(candidate.place_city),
    value: valueRange(candidate),
    descriptionWords: undefined,
  };
}

function descriptionWordsOf(p: Prepared, cache: PrepareCache): Set<string> | null {
  if (p.descriptionWords === undefined) {
    const text = p.candidate.description;
    p.descriptionWords = text
      ? cached(cache.descriptions, text, () => new Set(contentWords(text).slice(0, 200)))
      : null;
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
/** A title's words as the similarity reads them: a record's, or those shared by records with one title. */
interface TitleShape {
  title: TitleWords;
  titleSet: Set<string>;
  titleWeight: number;
}

function wordSimilarity(
  a: TitleShape,
  b: TitleShape,
  weigh: Weigh,
  skipA?: ReadonlySet<string>,
  skipB?: ReadonlySet<string>,
): number {
  let shared = 0;
  for (const word of a.title.all) {
    if (b.titleSet.has(word) && !skipA?.has(word) && !skipB?.has(word)) shared += weigh(word);
  }
  if (shared === 0) return 0;
  const weightA = skipA ? weightOf(a.title.all, weigh, skipA) : a.titleWeight;
  const weightB = skipB ? weightOf(b.title.all, weigh, skipB) : b.titleWeight;
  const onlyA = weightA - shared;
  const onlyB = weightB - shared;
  return shared / (shared + 1.75 * Math.min(onlyA, onlyB) + 0.25 * Math.max(onlyA, onlyB));
}

/**
 * Title similarity after normalising, also trying each title without a short leading segment
 * that names the office ("FAA - Runway Lighting" against "Runway Lighting").
 */
function titleSimilarity(a: Prepared, b: Prepared, weigh: Weigh): number {
  const prefixOf = (p: Prepared) =>
    p.title.prefix.length > 0 &&
    p.title.prefix.every((word) => a.organisation.has(word) || b.organisation.has(word))
      ? new Set(p.title.prefix)
      : undefined;
  let best = wordSimilarity(a, b, weigh);
  if (best === 1 || (a.title.prefix.length === 0 && b.title.prefix.length === 0)) return best;
  const skipA = prefixOf(a);
  const skipB = prefixOf(b);
  if (skipA) best = Math.max(best, wordSimilarity(a, b, weigh, skipA));
  if (skipB) best = Math.max(best, wordSimilarity(a, b, weigh, undefined, skipB));
  if (skipA && skipB) best = Math.max(best, wordSimilarity(a, b, weigh, skipA, skipB));
  return best;
}

function valueRange(c: DuplicateCandidate): [number, number] | null {
  if (c.estimated_value_min === null && c.estimated_value_max === null) return null;
  return [c.estimated_value_min ?? 0, c.estimated_value_max ?? Number.POSITIVE_INFINITY];
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** The most the description adds. */
const DESCRIPTION_BONUS = 0.02;

/**
 * The score of one pair, with its reasons when `reasons` is given, or null when it cannot reach
 * `minScore`. The title decides; the other fields confirm a little and contradict a lot: two
 * listings of one requirement agree on NAICS, value, timing and place, and two different things
 * bought by one office agree on those too, so agreement alone must never make a match. The cheap
 * fields are weighed first, so most pairs are set aside before their titles are compared.
 */
function scorePair(
  a: Prepared,
  b: Prepared,
  weigh: Weigh,
  cache: PrepareCache,
  minScore: number,
  reasons?: string[],
): number | null {
  let adjust = 0;
  let cap = 1;
  const later: string[] = [];
  const note = (text: string) => void later.push(text);
  let timingNote: string | null = null;
  // Scores are rounded to two decimals: a bound just under the minimum may still round up to it.
  const floor = minScore - 0.005;

  // Award timing, else release timing: within a quarter agrees; a year apart is another round of
  // the same work (a recompete listed beside the contract it replaces), not a duplicate. First,
  // because it sets most pairs aside.
  let kind = 'award';
  let qa = a.awardQuarter;
  let qb = b.awardQuarter;
  if (qa === null || qb === null) {
    kind = 'release';
    qa = a.releaseQuarter;
    qb = b.releaseQuarter;
  }
  if (qa !== null && qb !== null) {
    const apart = Math.abs(qa - qb);
    if (apart <= 1) {
      adjust += 0.03;
      if (reasons) timingNote = `${kind} dates within one quarter`;
    } else if (apart === 2) {
      adjust -= 0.05;
      if (reasons) timingNote = `${kind} dates 2 quarters apart`;
    } else {
      cap = RECOMPETE_CAP;
      if (reasons) timingNote = `${kind} dates ${plural(apart, 'quarter')} apart`;
    }
  } else if (a.fiscalYear !== null && b.fiscalYear !== null && a.fiscalYear !== b.fiscalYear) {
    const apart = Math.abs(a.fiscalYear - b.fiscalYear);
    if (apart >= 2) cap = RECOMPETE_CAP;
    else adjust -= 0.1;
    if (reasons) timingNote = `award fiscal years ${plural(apart, 'year')} apart`;
  }
  if (cap < floor) return null;

  if (a.officeKey !== null && a.officeKey === b.officeKey) {
    adjust += 0.02;
    if (reasons) note('same office');
  } else if (a.candidate.source === b.candidate.source && a.officeKey !== null && b.officeKey !== null) {
    // One file names an office the same way every time: another office is another requirement.
    adjust -= 0.2;
    if (reasons) note(`different offices (${a.candidate.office}, ${b.candidate.office})`);
  }

  const naicsA = a.candidate.naics;
  const naicsB = b.candidate.naics;
  if (naicsA && naicsB) {
    if (naicsA === naicsB) {
      adjust += 0.03;
      if (reasons) note(`same NAICS ${naicsA}`);
    } else if (naicsA.slice(0, 4) === naicsB.slice(0, 4)) {
      adjust -= 0.05;
      if (reasons) note(`NAICS close but not equal (${naicsA}, ${naicsB})`);
    } else {
      adjust -= 0.2;
      if (reasons) note(`different NAICS (${naicsA}, ${naicsB})`);
    }
  }

  const rangeA = a.value;
  const rangeB = b.value;
  if (rangeA && rangeB) {
    if (rangeA[0] <= rangeB[1] && rangeB[0] <= rangeA[1]) {
      adjust += 0.02;
      if (reasons) note('value ranges overlap');
    } else {
      const [low, high] = rangeA[1] < rangeB[0] ? [rangeA[1], rangeB[0]] : [rangeB[1], rangeA[0]];
      if (high > 2 * Math.max(low, 1)) {
        adjust -= 0.15;
        if (reasons) note('value ranges far apart');
      }
    }
  }

  // The reasons read in the order of the record: what, value, when, who, where.
  if (timingNote !== null) note(timingNote);

  if (a.email !== null && a.email === b.email) {
    adjust += 0.02;
    if (reasons) note('same contact e-mail');
  }

  // One requirement is performed in one place.
  const stateA = a.candidate.place_state;
  const stateB = b.candidate.place_state;
  if (stateA && stateB && stateA !== stateB) {
    adjust -= 0.25;
    if (reasons) note(`different places (${stateA}, ${stateB})`);
  } else if (a.cityKey !== null && b.cityKey !== null && a.cityKey !== b.cityKey) {
    adjust -= 0.25;
    if (reasons) note(`different places (${a.candidate.place_city}, ${b.candidate.place_city})`);
  }

  if (Math.min(cap, 1 + adjust + DESCRIPTION_BONUS) < floor) return null;
  const title = titleSimilarity(a, b, weigh);
  if (title < TITLE_FLOOR || Math.min(cap, title + adjust + DESCRIPTION_BONUS) < floor) return null;

  const wordsA = descriptionWordsOf(a, cache);
  const wordsB = descriptionWordsOf(b, cache);
  if (wordsA && wordsB && wordsA.size >= 3 && wordsB.size >= 3) {
    let shared = 0;
    for (const word of wordsA) if (wordsB.has(word)) shared += 1;
    if ((2 * shared) / (wordsA.size + wordsB.size) >= 0.5) {
      adjust += DESCRIPTION_BONUS;
      if (reasons) note('descriptions alike');
    }
  }

  const score = Math.round(Math.max(0, Math.min(cap, title + adjust, 1)) * 100) / 100;
  if (score < minScore) return null;
  if (reasons)
    reasons.push(`titles ${Math.round(title * 100)}% alike after normalising`, 'same department', ...later);
  return score;
}

/** The first position from `start` of members (in award order) awarded in `quarter` or later. */
function firstFrom(members: readonly Prepared[], quarter: number, start: number): number {
  let low = start;
  let high = members.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    const value = members[middle]!.awardQuarter;
    if (value === null || value < quarter) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Within a source any two ids; across sources only the Gateway against the department's own file. */
function comparable(a: DuplicateCandidate, b: DuplicateCandidate): boolean {
  if (a.id === b.id) return false;
  if (a.source === b.source) return true;
  return a.source === GATEWAY_SOURCE || b.source === GATEWAY_SOURCE;
}

/** The records of one department that have one title (after normalising). */
interface Signature extends TitleShape {
  index: number;
  members: Prepared[];
  /** Whether a member is to be judged (changed), so the signature probes for candidates. */
  probe: boolean;
  /**
   * The weight of the title's words no other title of its department has (outside its office
   * prefix): words that are never shared, whichever title they are weighed against.
   */
  loneWeight: number;
  /**
   * The title's leading segment, when every word of it names an office of the department: only
   * then may two titles be compared without it. Undefined otherwise ("Requirement 12: …").
   */
  droppable: Set<string> | undefined;
}

/**
 * The most two titles can be alike knowing only each one's weight and lone weight: at most the
 * weight both can share, against at least their lone words. Titles of one template ("Janitorial
 * Services #12", "… #13") each have a lone word and are set aside by this alone.
 */
function loneBound(sharable: number, loneA: number, loneB: number): number {
  if (sharable <= 0) return 0;
  return sharable / (sharable + 1.75 * Math.min(loneA, loneB) + 0.25 * Math.max(loneA, loneB));
}

/**
 * The most two titles can be alike whatever offices their records name: the office prefix of
 * either may be dropped where it could name one. A bound to discard pairs of titles before their
 * records are compared.
 */
function titleBound(a: Signature, b: Signature, weigh: Weigh): number {
  let best = wordSimilarity(a, b, weigh);
  if (best === 1) return best;
  const skipA = a.droppable;
  const skipB = b.droppable;
  if (skipA) best = Math.max(best, wordSimilarity(a, b, weigh, skipA));
  if (skipB) best = Math.max(best, wordSimilarity(a, b, weigh, undefined, skipB));
  if (skipA && skipB) best = Math.max(best, wordSimilarity(a, b, weigh, skipA, skipB));
  return best;
}

/**
 * Titles at least TITLE_FLOOR alike share at least this part of either title's weight W: with s
 * shared and o only in one, s / (s + 1.75·min(o) + 0.25·max(o)) ≥ F needs s ≥ 0.25F / (1 − 0.75F)
 * of W (0.234 for 0.55).
 */
const SHARED_WEIGHT_FLOOR = (0.25 * TITLE_FLOOR) / (1 - 0.75 * TITLE_FLOOR);

/**
 * The likely duplicates among `prospects` (the active ones of every source). Only prospects of
 * one department are compared, and among them only records whose titles could reach the floor:
 * records with the same title are gathered first, and two titles are only weighed against each
 * other when they share one of the rarer words of each (prefix filtering), so the work grows with
 * the prospects and their near-alike titles, not with their square.
 */
export function findDuplicateLinks(
  prospects: readonly DuplicateCandidate[],
  options: MatchOptions = {},
): DuplicateLink[] {
  const minScore = options.minScore ?? LINK_MIN_SCORE;
  const only = options.only;
  const cache: PrepareCache = {
    titles: new Map(),
    titleSets: new Map(),
    descriptions: new Map(),
    organisations: new Map(),
    departments: new Map(),
  };
  const departmentOf = (c: DuplicateCandidate) =>
    cached(cache.departments, c.agency, () => departmentKey(c.agency));
  const titleOf = (c: DuplicateCandidate) => cached(cache.titles, c.title, () => titleWords(c.title));

  // Word rarity is read over every prospect; only the departments with a changed prospect are
  // prepared for comparing.
  const frequency = new Map<string, number>();
  for (const candidate of prospects) {
    for (const word of titleOf(candidate).all) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  }
  const changedDepartments = only ? new Set(prospects.filter((c) => only.has(c.id)).map(departmentOf)) : null;
  const prepared = prospects
    .filter((candidate) => !changedDepartments || changedDepartments.has(departmentOf(candidate)))
    .map((candidate, index) => prepare(candidate, index, cache));

  const total = prospects.length;
  const weights = new Map<string, number>();
  for (const [word, count] of frequency) weights.set(word, Math.log(1 + total / count));
  const weigh: Weigh = (word) => weights.get(word) ?? Math.log(1 + total);
  for (const p of prepared) p.titleWeight = weightOf(p.title.all, weigh);

  // Signatures: one a department and title; postings: department → word → signatures.
  const signatures: Signature[] = [];
  const byKey = new Map<string, Signature>();
  const postings = new Map<string, Map<string, Signature[]>>();
  for (const p of prepared) {
    const key = `${p.department}\u0000${p.title.all.join(' ')}\u0000${p.title.prefix.join(' ')}`;
    let signature = byKey.get(key);
    if (!signature) {
      signature = {
        index: signatures.length,
        title: p.title,
        titleSet: p.titleSet,
        titleWeight: p.titleWeight,
        members: [],
        probe: false,
        loneWeight: 0,
        droppable: undefined,
      };
      signatures.push(signature);
      byKey.set(key, signature);
      let words = postings.get(p.department);
      if (!words) postings.set(p.department, (words = new Map()));
      for (const word of p.title.all) {
        const list = words.get(word);
        if (list) list.push(signature);
        else words.set(word, [signature]);
      }
    }
    signature.members.push(p);
    if (!only || only.has(p.candidate.id)) signature.probe = true;
  }

  // Each word's titles, fewest lone words first: a probe stops reading a word's titles at the
  // first one whose lone words alone keep it under the floor, as all after it are too.
  // A title is compared without its leading segment only when each word of it is in the office
  // names of one of the pair, and so of their department.
  const officeWords = new Map<string, Set<string>>();
  const gathered = new Set<Set<string>>();
  for (const p of prepared) {
    if (gathered.has(p.organisation)) continue;
    gathered.add(p.organisation);
    let words = officeWords.get(p.department);
    if (!words) officeWords.set(p.department, (words = new Set()));
    for (const word of p.organisation) words.add(word);
  }
  for (const signature of signatures) {
    const department = signature.members[0]!.department;
    const words = postings.get(department)!;
    const { prefix } = signature.title;
    const offices = officeWords.get(department)!;
    signature.droppable =
      prefix.length > 0 && prefix.every((word) => offices.has(word)) ? new Set(prefix) : undefined;
    signature.loneWeight = 0;
    for (const word of signature.title.all) {
      if (words.get(word)!.length === 1 && !signature.droppable?.has(word))
        signature.loneWeight += weigh(word);
    }
  }
  for (const words of postings.values()) {
    for (const list of words.values()) {
      if (list.length > 1) list.sort((x, y) => x.loneWeight - y.loneWeight || x.index - y.index);
    }
  }

  const rarestFirst = (words: readonly string[]) =>
    [...words].sort((x, y) => weigh(y) - weigh(x) || (x < y ? -1 : 1));
  // The rarest words of a title up to the part any alike title must share one of.
  const probeWords = (signature: Signature): string[] => {
    const probe = new Set<string>();
    const { droppable } = signature;
    const variants = droppable
      ? [signature.title.all, signature.title.all.filter((word) => !droppable.has(word))]
      : [signature.title.all];
    for (const words of variants) {
      const sorted = rarestFirst(words);
      let rest = weightOf(sorted, weigh);
      const needed = SHARED_WEIGHT_FLOOR * rest;
      for (const word of sorted) {
        probe.add(word);
        rest -= weigh(word);
        if (rest < needed) break;
      }
    }
    return [...probe];
  };

  const links: DuplicateLink[] = [];
  const judge = (p: Prepared, q: Prepared) => {
    if (only && !only.has(p.candidate.id) && !only.has(q.candidate.id)) return;
    if (!comparable(p.candidate, q.candidate)) return;
    const [a, b] = p.candidate.id < q.candidate.id ? [p, q] : [q, p];
    if (scorePair(a, b, weigh, cache, minScore) === null) return;
    // Worth a link: judged again, in words.
    const reasons: string[] = [];
    const score = scorePair(a, b, weigh, cache, minScore, reasons)!;
    links.push({ a: a.candidate.id, b: b.candidate.id, score, reasons });
  };

  // Award dates three quarters apart cap a pair below any useful minimum: with members in award
  // order, each record meets only those of the other title within two quarters (and the undated).
  const byAward = minScore > RECOMPETE_CAP;
  for (const signature of signatures) {
    signature.members.sort((x, y) => (x.awardQuarter ?? -1) - (y.awardQuarter ?? -1));
  }
  const meet = (p: Prepared, others: readonly Prepared[], from: number) => {
    const quarter = p.awardQuarter;
    if (!byAward || quarter === null) {
      for (let j = from; j < others.length; j += 1) judge(p, others[j]!);
      return;
    }
    let j = from;
    // The undated come first in award order.
    for (; j < others.length && others[j]!.awardQuarter === null; j += 1) judge(p, others[j]!);
    j = Math.max(j, firstFrom(others, quarter - 2, j));
    for (; j < others.length && others[j]!.awardQuarter! <= quarter + 2; j += 1) judge(p, others[j]!);
  };

  const seenBy = new Int32Array(signatures.length).fill(-1);
  for (const signature of signatures) {
    if (!signature.probe) continue;
    const department = signature.members[0]!.department;
    const words = postings.get(department)!;
    seenBy[signature.index] = signature.index;
    // Records with the same title.
    const members = signature.members;
    for (let i = 0; i < members.length; i += 1) meet(members[i]!, members, i + 1);
    const sharable = signature.titleWeight - signature.loneWeight;
    for (const word of probeWords(signature)) {
      for (const other of words.get(word) ?? []) {
        if (loneBound(sharable, signature.loneWeight, other.loneWeight) < TITLE_FLOOR) break;
        if (seenBy[other.index] === signature.index) continue;
        seenBy[other.index] = signature.index;
        // Two probing titles find each other both ways: the first of them judges the pair.
        if (other.probe && other.index < signature.index) continue;
        if (titleBound(signature, other, weigh) < TITLE_FLOOR) continue;
        for (const p of members) meet(p, other.members, 0);
      }
    }
  }
  return links.sort((x, y) => (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0));
}
