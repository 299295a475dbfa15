import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';

/**
 * `--search` / `search=`: the words a user typed, as a full-text query that is only ever words and
 * whose cost is bounded. What it promises is in the README ("Searching").
 */

/** At most this many different words are searched; beyond it, the longest ones (docs/cli.md's bound). */
export const MAX_SEARCH_WORDS = 16;

/**
 * Ranking by relevance scores every match (bm25 reads each one's index entry and column sizes):
 * above this many matches the list comes newest first instead, so one request's work stays bounded.
 */
export const MAX_RANKED_MATCHES = 20_000;

/**
 * bm25 weights of the full-text columns, in their order (title, description, agency, office): a
 * word in the title counts ten times one in the description.
 */
const COLUMN_WEIGHTS = [10, 1, 2, 2] as const;

export interface SearchPlan {
  /** The FTS5 query, or null when the text has no word (then there is no search filter). */
  match: string | null;
  /** The words searched, in the order typed. */
  words: string[];
  /** Different words left out by the MAX_SEARCH_WORDS bound (the shortest ones). */
  leftOut: string[];
}

/** Case and accents folded, the way the full-text index (unicode61, remove_diacritics 2) reads words. */
function fold(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * The search for `text`. Every run of letters and digits is a word; everything else (quotes,
 * hyphens, `*`, parentheses, AND/OR/NOT/NEAR, `column:`, SQL) only separates words, and each word is
 * quoted, so nothing typed is ever query syntax. A word of two or more characters matches the start
 * of a word (`cyber` finds "Cybersecurity"); a one-character word matches only that whole word
 * (the `a` of "8(a)"), since the start of every word beginning with one letter is most of the store.
 *
 * The cost is bounded without changing what matches: a word typed twice, or one that starts
 * another typed word (`cyber cybersecurity`), adds nothing and is dropped. Past MAX_SEARCH_WORDS
 * different words, only the longest are searched (a superset of the matches; reported in leftOut).
 */
export function planSearch(text: string): SearchPlan {
  const typed: { word: string; folded: string }[] = [];
  const seen = new Set<string>();
  for (const match of text.normalize('NFC').matchAll(/[\p{L}\p{N}\p{M}\p{Co}]+/gu)) {
    const word = match[0];
    const folded = fold(word);
    if (folded === '' || seen.has(folded)) continue;
    seen.add(folded);
    typed.push({ word, folded });
  }
  const isPrefix = (folded: string) => [...folded].length > 1;
  // `cyber*` is implied by `cybersecurity*`: a word starting with the longer starts with the shorter.
  const needed = typed.filter(
    ({ folded }) =>
      !isPrefix(folded) || !typed.some((other) => other.folded !== folded && other.folded.startsWith(folded)),
  );
  let kept = needed;
  let leftOut: string[] = [];
  if (needed.length > MAX_SEARCH_WORDS) {
    const longest = new Set(
      [...needed]
        .map((entry, index) => ({ entry, index }))
        .sort((a, b) => [...b.entry.folded].length - [...a.entry.folded].length || a.index - b.index)
        .slice(0, MAX_SEARCH_WORDS)
        .map(({ entry }) => entry),
    );
    kept = needed.filter((entry) => longest.has(entry));
    leftOut = needed.filter((entry) => !longest.has(entry)).map((entry) => entry.word);
  }
  const terms = kept.map(
    ({ word, folded }) => `"${word.replaceAll('"', '""')}"${isPrefix(folded) ? '*' : ''}`,
  );
  return {
    match: terms.length > 0 ? terms.join(' ') : null,
    words: kept.map((entry) => entry.word),
    leftOut,
  };
}

/** The FTS5 query for words a user typed (planSearch's), or null when there is no word. */
export function ftsMatchQuery(text: string): string | null {
  return planSearch(text).match;
}

/** `pk` of the prospects matching an FTS5 query, for `pk in (…)`. */
export function matchingKeys(match: string): RawBuilder<{ rowid: number }> {
  return sql<{ rowid: number }>`select rowid from prospects_fts where prospects_fts match ${match}`;
}

/**
 * The keys of one page of the prospects matching `match` and `where`, best match first (`desc`)
 * or weakest first (`asc`): bm25 with COLUMN_WEIGHTS, ties by release date (newest first, none
 * last), then id. `where` must not repeat the full-text condition: the join already applies it.
 */
export function rankedKeysQuery(options: {
  match: string;
  where: Expression<SqlBool>;
  order: 'asc' | 'desc';
  limit: number | null;
  offset: number;
}): RawBuilder<{ pk: number }> {
  const { match, where, order, limit, offset } = options;
  // bm25 is lower for a better match.
  const scoreOrder = order === 'desc' ? sql`asc` : sql`desc`;
  const page = limit === null ? sql`` : sql`limit ${limit} offset ${offset}`;
  return sql<{ pk: number }>`
    with ranked(ranked_pk, score) as materialized (
      select rowid, bm25(prospects_fts, ${sql.join(COLUMN_WEIGHTS.map((weight) => sql.lit(weight)))})
      from prospects_fts where prospects_fts match ${match}
    )
    select prospects.pk as pk from ranked join prospects on prospects.pk = ranked.ranked_pk
    where ${where}
    order by ranked.score ${scoreOrder}, prospects.release_date desc nulls last, prospects.id asc
    ${page}
  `;
}
