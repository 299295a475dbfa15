/**
 * The words that say what a forecast is about, so that two listings of one requirement read the
 * same whatever each site did to its title: case, punctuation and accents go; an amendment marker
 * ("(Amended)", "- Revised") goes; the abbreviations forecast writers use are spelled out; plurals
 * become singular; the small words that every title shares are dropped.
 */

const STOPWORDS = new Set([
  'a',
  'an',
  'and',
  'as',
  'at',
  'by',
  'for',
  'from',
  'in',
  'into',
  'of',
  'on',
  'or',
  'per',
  'the',
  'to',
  'under',
  'via',
  'with',
]);

/** Words the forecasts abbreviate, spelled out (seen in DOT, DHS and Gateway titles). */
const ABBREVIATIONS: Record<string, string> = {
  svc: 'service',
  svcs: 'service',
  srvc: 'service',
  srvcs: 'service',
  maint: 'maintenance',
  mnt: 'maintenance',
  mgmt: 'management',
  mgt: 'management',
  sys: 'system',
  ops: 'operation',
  equip: 'equipment',
  eqpt: 'equipment',
  admin: 'administrative',
  dev: 'development',
  bldg: 'building',
  ctr: 'center',
  centre: 'center',
  sw: 'software',
  hw: 'hardware',
  tech: 'technical',
  intl: 'international',
  natl: 'national',
  govt: 'government',
  trng: 'training',
  sprt: 'support',
  supt: 'support',
  ecm: 'enterprise content management',
  ofc: 'office',
  renov: 'renovation',
  repl: 'replacement',
  info: 'information',
  telecom: 'telecommunication',
  telecoms: 'telecommunication',
  email: 'e mail',
};

/** Phrases with an ampersand that are one idea ("O&M", "A&E", "R&D"). */
const AMPERSAND_PHRASES: readonly [RegExp, string][] = [
  [/\bo\s*&\s*m\b/g, ' operation maintenance '],
  [/\ba\s*&\s*e\b/g, ' architect engineer '],
  [/\br\s*&\s*d\b/g, ' research development '],
  [/\bt\s*&\s*m\b/g, ' time material '],
];

/** An amendment or revision marker a site adds to a title it re-publishes. */
const AMENDMENT_MARKERS = [
  /\(\s*(?:amended|amendment(?:\s*(?:no\.?|#)?\s*\d+)?|amd\.?\s*\d*|revised|revision\s*\d*|updated|modified|modification|corrected|correction|re-?posted|new)\s*\)/g,
  /[-–—:]\s*(?:amended|amendment(?:\s*(?:no\.?|#)?\s*\d+)?|revised|updated|corrected)\s*$/g,
  /\b(?:amended|amendment\s*\d+)\s*$/g,
];

/** Lower-cased, accents removed, markers dropped and ampersand phrases spelled out. */
function simplify(text: string): string {
  let value = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  for (const marker of AMENDMENT_MARKERS) value = value.replace(marker, ' ');
  for (const [pattern, words] of AMPERSAND_PHRASES) value = value.replace(pattern, words);
  return value.replace(/&/g, ' and ');
}

/** One word as the matcher compares it: spelled out, singular. */
function canonicalWord(word: string): string[] {
  const spelled = ABBREVIATIONS[word];
  if (spelled !== undefined) return spelled.split(' ');
  // Plural to singular, crudely but the same way on both sides: "services" and "service" meet.
  if (word.length > 4 && word.endsWith('ies')) return [`${word.slice(0, -3)}y`];
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !/\d/.test(word))
    return [word.slice(0, -1)];
  return [word];
}

/** The words of a text, canonical and in order, stopwords dropped (a word may repeat). */
export function contentWords(text: string): string[] {
  const words: string[] = [];
  for (const match of simplify(text).matchAll(/[a-z0-9]+/g)) {
    for (const word of canonicalWord(match[0])) if (!STOPWORDS.has(word)) words.push(word);
  }
  return words;
}

export interface TitleWords {
  /** Every distinct content word of the title. */
  all: string[];
  /**
   * The words of a short leading segment ("FAA - …", "NOAA: …", "OCIO/ …"): the title may be
   * compared without it when those words name the office. Empty when there is none.
   */
  prefix: string[];
}

/** A leading segment of at most three words, separated by a dash, colon or slash. */
const LEADING_SEGMENT = /^\s*([^-–—:/|]{1,40}?)\s*(?:\s[-–—]\s|--|:|\/|\|)\s*(?=\S)/;

export function titleWords(title: string): TitleWords {
  const all = [...new Set(contentWords(title))];
  const segment = LEADING_SEGMENT.exec(simplify(title));
  let prefix: string[] = [];
  if (segment) {
    const words = contentWords(segment[1]!);
    if (words.length > 0 && words.length <= 3 && words.length < all.length) prefix = [...new Set(words)];
  }
  return { all, prefix };
}

/**
 * The words that name an office or a department: its words and the initials of each of its
 * parts, so "Federal Aviation Administration" also answers to "faa" and "FAA - Office of
 * Acquisition" to "faa".
 */
export function organisationWords(...names: (string | null)[]): Set<string> {
  const words = new Set<string>();
  for (const name of names) {
    if (!name) continue;
    for (const part of simplify(name).split(/\s[-–—]\s|[/,(|)]|--/)) {
      const partWords = [...part.matchAll(/[a-z0-9]+/g)].map((m) => m[0]);
      for (const word of partWords) {
        words.add(word);
        for (const canonical of canonicalWord(word)) words.add(canonical);
      }
      const initials = partWords
        .filter((word) => !STOPWORDS.has(word))
        .map((word) => word[0])
        .join('');
      if (initials.length >= 2) words.add(initials);
    }
  }
  return words;
}
