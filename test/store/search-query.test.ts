import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/connection.js';
import { listProspects, type ProspectQuery, type SortField } from '../../src/store/prospect-queries.js';
import { MAX_SEARCH_WORDS, ftsMatchQuery, planSearch } from '../../src/store/search-query.js';
import { makeProspect, recordScrape, tempStore } from '../helpers/store.js';

const DOT = 'Department of Transportation';

/**
 * Every record spelled out, so each search's answer can be read off by eye. No agency or office
 * holds a word that starts with "secur", "cyber", "or" or "and".
 */
async function spelledOutStore(): Promise<Store> {
  const store = await tempStore();
  const record = (id: string, fields: Parameters<typeof makeProspect>[1]) =>
    makeProspect(`dot:${id}`, { agency: DOT, office: 'FAA', ...fields });
  const listed = [
    record('TITLE', {
      title: 'Cybersecurity assessment',
      description: 'A yearly review of the network.',
      release_date: '2026-03-01',
    }),
    record('DESC', {
      title: 'Network modernization',
      description: 'Includes cyber security hardening and monitoring.',
      release_date: '2026-05-01',
    }),
    record('GUARD', {
      title: 'Security guard services',
      description: 'Armed guards for the headquarters building.',
      release_date: '2026-04-01',
    }),
    record('CAFE', { title: 'Janitorial services', description: 'Cleaning of the café.' }),
    record('TITLEX', { title: 'Title X grant administration', release_date: '2026-02-01' }),
    record('FLEET', {
      title: 'Fleet fuel, phase 1',
      description: 'Orders placed monthly.',
      release_date: '2026-01-01',
    }),
  ];
  await recordScrape(store, 'dot', [...listed, record('GONE', { title: 'Cyber range' })], {
    at: '2026-11-01T10:00:00.000Z',
  });
  // The second scrape no longer lists GONE: removed, so left out of an active search.
  await recordScrape(store, 'dot', listed, { at: '2026-11-08T10:00:00.000Z' });
  return store;
}

function query(
  search: string | undefined,
  sort: SortField = 'relevance',
  page = 1,
  limit: number | null = null,
) {
  const q: ProspectQuery = {
    filters: search === undefined ? {} : { search },
    sort,
    order: 'desc',
    limit,
    page,
  };
  return q;
}

async function found(store: Store, q: ProspectQuery): Promise<string[]> {
  return (await listProspects(store.db, q)).records.map((record) => record.native_id ?? record.id);
}

describe('search', () => {
  it.each<[string, string, string[]]>([
    ['the start of a word', 'cyber', ['TITLE', 'DESC']],
    ['the start of a word inside no other', 'secur', ['GUARD', 'DESC']],
    ['any case', 'CYBER', ['TITLE', 'DESC']],
    ['accents ignored in what is typed', 'cybér', ['TITLE', 'DESC']],
    ['accents ignored in the record', 'cafe', ['CAFE']],
    ['every word, each the start of a word', 'cyber security', ['DESC']],
    ['quotes as nothing but separators', '"cyber"', ['TITLE', 'DESC']],
    ['AND as a word (here the start of "and")', 'cyber AND', ['DESC']],
    ['a trailing star changing nothing', 'cyber*', ['TITLE', 'DESC']],
    ['a column filter as the words title and x', 'title:x', ['TITLEX']],
    ['SQL as the words OR and 1', "' OR 1=1 --", ['FLEET']],
    ['a one-letter word as that whole word only', 'x', ['TITLEX']],
    ['a word typed twice as once', 'guard guard GUARD', ['GUARD']],
    ['a word that starts another typed word as implied', 'cyber cybersecurity', ['TITLE']],
    ['a hyphen as a separator, never NOT', 'cyber-security', ['DESC']],
    ['NEAR and parentheses as words', 'NEAR(cyber security)', []],
    ['no word at all as no filter', '*** " -', ['DESC', 'GUARD', 'TITLE', 'TITLEX', 'FLEET', 'CAFE']],
  ])('finds %s: %j', async (_name, search, expected) => {
    const store = await spelledOutStore();
    expect(await found(store, query(search))).toEqual(expected);
    // Page by page, the same records in the same order, with the same total on every page.
    const paged: string[] = [];
    for (let page = 1; page <= expected.length + 1; page += 1) {
      const result = await listProspects(store.db, query(search, 'relevance', page, 1));
      expect(result.total).toBe(expected.length);
      paged.push(...result.records.map((record) => record.native_id!));
    }
    expect(paged).toEqual(expected);
  });

  it('puts a title match above a description-only match, whatever their release dates', async () => {
    const store = await spelledOutStore();
    // DESC is released later, so by date it would come first.
    expect(await found(store, query('cyber', 'release_date'))).toEqual(['DESC', 'TITLE']);
    expect(await found(store, query('cyber', 'relevance'))).toEqual(['TITLE', 'DESC']);
    const weakestFirst: ProspectQuery = { ...query('cyber', 'relevance'), order: 'asc' };
    expect(await found(store, weakestFirst)).toEqual(['DESC', 'TITLE']);
  });

  it('breaks ties in relevance by release date, newest first, then id', async () => {
    const store = await tempStore();
    const twin = (id: string, release_date: string | null) =>
      makeProspect(`dot:${id}`, { title: 'Radio repair', agency: DOT, release_date });
    await recordScrape(
      store,
      'dot',
      [twin('B', '2026-01-01'), twin('C', null), twin('A', '2026-01-01'), twin('D', '2026-06-01')],
      { at: '2026-11-01T10:00:00.000Z' },
    );
    expect(await found(store, query('radio'))).toEqual(['D', 'A', 'B', 'C']);
  });

  it('finds a removed record only when removed ones are asked for', async () => {
    const store = await spelledOutStore();
    const removed: ProspectQuery = { ...query('cyber'), filters: { search: 'cyber', status: 'removed' } };
    expect(await found(store, removed)).toEqual(['GONE']);
  });
});

describe('planSearch bounds the work of a search without changing its answer', () => {
  it.each([
    ['cloud migration', '"cloud"* "migration"*'],
    ['cyber-security', '"cyber"* "security"*'],
    ['secur*', '"secur"*'],
    ['"AND" OR NOT', '"AND"* "OR"* "NOT"*'],
    ['title:x NEAR(a b)', '"title"* "x" "NEAR"* "a" "b"'],
    ['Café Ñandú', '"Café"* "Ñandú"*'],
    ["'; DROP TABLE x; --", '"DROP"* "TABLE"* "x"'],
    ['e* e* E* é*', '"e"'],
    ['sec secu security', '"security"*'],
    ['* " - ()', null],
    ['', null],
  ])('searches %j as %j', (text, expected) => {
    expect(ftsMatchQuery(text)).toBe(expected);
  });

  it(`searches only the ${MAX_SEARCH_WORDS} longest of more different words, and says which were left out`, () => {
    // a, bz, czz, …: no word starts another.
    const words = Array.from(
      { length: MAX_SEARCH_WORDS + 2 },
      (_, index) => `${String.fromCharCode(97 + index)}${'z'.repeat(index)}`,
    );
    const plan = planSearch(words.join(' '));
    expect(plan.words).toEqual(words.slice(2));
    expect(plan.leftOut).toEqual(['a', 'bz']);
  });

  it('turns 166 copies of one prefix into one word', () => {
    expect(planSearch(Array(166).fill('e*').join(' '))).toEqual({ match: '"e"', words: ['e'], leftOut: [] });
  });

  it('finds with 166 copies of a prefix exactly what the prefix finds once', async () => {
    const store = await spelledOutStore();
    expect(await found(store, query(Array(166).fill('cyb*').join(' ')))).toEqual(
      await found(store, query('cyb')),
    );
  });

  it('tells the user which words a search of too many different words left out', async () => {
    const store = await spelledOutStore();
    const filler = Array.from(
      { length: MAX_SEARCH_WORDS - 1 },
      (_, index) => `zz${String.fromCharCode(97 + index)}`,
    );
    const page = await listProspects(store.db, query(['a', 'b', 'cyber', ...filler].join(' ')));
    expect(page.notes).toEqual([
      `searched the ${MAX_SEARCH_WORDS} longest of the ${MAX_SEARCH_WORDS + 2} different words; left out: a b`,
    ]);
    expect((await listProspects(store.db, query('cyber'))).notes).toBeUndefined();
  });
});
