import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/connection.js';
import {
  getProspect,
  listProspects,
  type ProspectFilters,
  type ProspectQuery,
  type SortField,
} from '../../src/store/prospect-queries.js';
import { RECORD_FIELDS } from '../../src/store/prospect-record.js';
import { makeProspect, recordScrape, tempStore } from '../helpers/store.js';

const DHS = 'Department of Homeland Security';

/**
 * Two weekly scrapes of SSA and DHS. The second SSA scrape changes A1's award date and top value
 * and A3's extra column, and no longer lists A4 (removed); the second DHS scrape fails.
 * Active: A1, A2, A3, B1, B2. Removed: A4.
 */
async function scrapedStore(): Promise<Store> {
  const store = await tempStore();
  const a1 = {
    title: 'Cloud migration services',
    description: 'Move the Café systems to the cloud.',
    office: 'OCIO',
    naics: '541512',
    estimated_value_text: '$150K - $250K',
    estimated_value_min: 150_000,
    estimated_value_max: 250_000,
    release_date: '2026-03-01',
    award_date: '2026-06-15',
    set_aside: 'Total Small Business',
    set_aside_standardized: 'SMALL_BUSINESS',
    set_aside_standardized_label: 'Small Business',
  };
  const a2 = makeProspect('ssa:A2', {
    title: 'cyber-security assessment',
    office: 'OHO',
    naics: '541519',
    estimated_value_min: 1_000_000,
    award_date: '2026-01-01',
    set_aside_standardized: 'EIGHT_A',
    set_aside_standardized_label: '8(a)',
  });
  const a3 = { title: 'Janitorial services', naics: '561720', release_date: '2026-05-01' };
  await recordScrape(
    store,
    'ssa',
    [
      makeProspect('ssa:A1', a1),
      a2,
      makeProspect('ssa:A3', a3, { 'Contracting Office': 'Baltimore' }),
      makeProspect('ssa:A4', { title: 'Zebra tracking', release_date: '2026-04-01' }),
    ],
    { at: '2026-11-01T10:00:00.000Z' },
  );
  await recordScrape(
    store,
    'dhs',
    [
      makeProspect('dhs:B1', {
        title: 'Body armor',
        agency: DHS,
        office: 'CBP',
        naics: '339113',
        estimated_value_max: 500_000,
        release_date: '2026-03-01',
        award_date: '2026-09-01',
        set_aside_standardized: 'VETERAN_OWNED',
        set_aside_standardized_label: 'Veteran-Owned',
      }),
      makeProspect('dhs:B2', {
        title: 'border cloud platform',
        agency: DHS,
        office: 'USCG/CG-C5I',
        naics: '541512',
        estimated_value_min: 25_000,
        estimated_value_max: 25_000,
        release_date: '2027-01-15',
        set_aside_standardized: 'FULL_AND_OPEN',
        set_aside_standardized_label: 'Full and Open',
      }),
    ],
    { at: '2026-11-01T11:00:00.000Z' },
  );
  await recordScrape(
    store,
    'ssa',
    [
      makeProspect('ssa:A1', { ...a1, award_date: '2026-07-01', estimated_value_max: 300_000 }),
      a2,
      makeProspect('ssa:A3', a3, { 'Contracting Office': 'Woodlawn' }),
    ],
    { at: '2026-11-08T10:00:00.000Z' },
  );
  await recordScrape(store, 'dhs', [], { at: '2026-11-08T11:00:00.000Z', status: 'failed' });
  return store;
}

function query(filters: ProspectFilters, overrides: Partial<ProspectQuery> = {}): ProspectQuery {
  return { filters, sort: 'release_date', order: 'desc', limit: null, page: 1, ...overrides };
}

async function ids(store: Store, q: ProspectQuery): Promise<string[]> {
  return (await listProspects(store.db, q)).records.map((record) => record.id);
}

/** Every page of one record each: the query walks the sort index on some pages, filters on others. */
async function idsPageByPage(store: Store, q: ProspectQuery): Promise<{ ids: string[]; totals: number[] }> {
  const found: string[] = [];
  const totals: number[] = [];
  for (let page = 1; page <= 10; page += 1) {
    const result = await listProspects(store.db, { ...q, limit: 1, page });
    totals.push(result.total);
    if (result.records.length === 0) break;
    found.push(...result.records.map((record) => record.id));
  }
  return { ids: found, totals };
}

describe('listProspects', () => {
  it('lists active prospects by release date, newest first, empty dates last and ties by id', async () => {
    const store = await scrapedStore();
    expect(await ids(store, query({}))).toEqual(['dhs:B2', 'ssa:A3', 'dhs:B1', 'ssa:A1', 'ssa:A2']);
  });

  it.each<[SortField, 'asc' | 'desc', string[]]>([
    ['release_date', 'asc', ['dhs:B1', 'ssa:A1', 'ssa:A3', 'dhs:B2', 'ssa:A2']],
    ['award_date', 'asc', ['ssa:A2', 'ssa:A1', 'dhs:B1', 'dhs:B2', 'ssa:A3']],
    ['award_date', 'desc', ['dhs:B1', 'ssa:A1', 'ssa:A2', 'dhs:B2', 'ssa:A3']],
    ['estimated_value_min', 'asc', ['dhs:B2', 'ssa:A1', 'ssa:A2', 'dhs:B1', 'ssa:A3']],
    ['estimated_value_min', 'desc', ['ssa:A2', 'ssa:A1', 'dhs:B2', 'dhs:B1', 'ssa:A3']],
    ['estimated_value_max', 'asc', ['dhs:B2', 'ssa:A1', 'dhs:B1', 'ssa:A2', 'ssa:A3']],
    ['estimated_value_max', 'desc', ['dhs:B1', 'ssa:A1', 'dhs:B2', 'ssa:A2', 'ssa:A3']],
    // Ignoring case: "border" sorts between "Body" and "Cloud".
    ['title', 'asc', ['dhs:B1', 'dhs:B2', 'ssa:A1', 'ssa:A2', 'ssa:A3']],
    ['title', 'desc', ['ssa:A3', 'ssa:A2', 'ssa:A1', 'dhs:B2', 'dhs:B1']],
    ['agency', 'asc', ['dhs:B1', 'dhs:B2', 'ssa:A1', 'ssa:A2', 'ssa:A3']],
    ['agency', 'desc', ['ssa:A1', 'ssa:A2', 'ssa:A3', 'dhs:B1', 'dhs:B2']],
    ['naics', 'asc', ['dhs:B1', 'dhs:B2', 'ssa:A1', 'ssa:A2', 'ssa:A3']],
    ['naics', 'desc', ['ssa:A3', 'ssa:A2', 'dhs:B2', 'ssa:A1', 'dhs:B1']],
    ['first_seen_at', 'asc', ['ssa:A1', 'ssa:A2', 'ssa:A3', 'dhs:B1', 'dhs:B2']],
    ['first_seen_at', 'desc', ['dhs:B1', 'dhs:B2', 'ssa:A1', 'ssa:A2', 'ssa:A3']],
    ['last_seen_at', 'asc', ['dhs:B1', 'dhs:B2', 'ssa:A1', 'ssa:A2', 'ssa:A3']],
    ['last_seen_at', 'desc', ['ssa:A1', 'ssa:A2', 'ssa:A3', 'dhs:B1', 'dhs:B2']],
    ['id', 'desc', ['ssa:A3', 'ssa:A2', 'ssa:A1', 'dhs:B2', 'dhs:B1']],
  ])('sorts by %s %s with empty values last and ties by id', async (sort, order, expected) => {
    const store = await scrapedStore();
    expect(await ids(store, query({}, { sort, order }))).toEqual(expected);
    expect((await idsPageByPage(store, query({}, { sort, order }))).ids).toEqual(expected);
  });

  it.each<[string, ProspectFilters, string[]]>([
    ['removed records', { status: 'removed' }, ['ssa:A4']],
    ['every status', { status: 'all' }, ['dhs:B2', 'ssa:A3', 'ssa:A4', 'dhs:B1', 'ssa:A1', 'ssa:A2']],
    ['one source', { sources: ['ssa'] }, ['ssa:A3', 'ssa:A1', 'ssa:A2']],
    ['two sources', { sources: ['ssa', 'dhs'] }, ['dhs:B2', 'ssa:A3', 'dhs:B1', 'ssa:A1', 'ssa:A2']],
    ['agency substring in any case', { agency: 'HOMELAND' }, ['dhs:B2', 'dhs:B1']],
    ['agency substring in both', { agency: 'security' }, ['dhs:B2', 'ssa:A3', 'dhs:B1', 'ssa:A1', 'ssa:A2']],
    ['agency with LIKE wildcards taken literally', { agency: '%' }, []],
    ['office substring', { office: 'cg-c5' }, ['dhs:B2']],
    ['office substring, no office left out', { office: 'o' }, ['ssa:A1', 'ssa:A2']],
    ['NAICS prefix', { naics: '5415' }, ['dhs:B2', 'ssa:A1', 'ssa:A2']],
    ['whole NAICS code', { naics: '541512' }, ['dhs:B2', 'ssa:A1']],
    ['one-digit NAICS prefix', { naics: '3' }, ['dhs:B1']],
    ['set-aside code', { setAside: 'EIGHT_A' }, ['ssa:A2']],
    [
      'minimum value: ranges reaching it, open ends included',
      { minValue: 200_000 },
      ['dhs:B1', 'ssa:A1', 'ssa:A2'],
    ],
    ['minimum value above a closed range', { minValue: 600_000 }, ['ssa:A2']],
    ['maximum value: ranges starting at or below it', { maxValue: 100_000 }, ['dhs:B2', 'dhs:B1']],
    ['value window', { minValue: 400_000, maxValue: 450_000 }, ['dhs:B1']],
    ['value window touching a bound', { minValue: 300_000, maxValue: 300_000 }, ['dhs:B1', 'ssa:A1']],
    [
      'release dates, inclusive',
      { releaseFrom: '2026-03-01', releaseTo: '2026-05-01' },
      ['ssa:A3', 'dhs:B1', 'ssa:A1'],
    ],
    ['award from, inclusive', { awardFrom: '2026-07-01' }, ['dhs:B1', 'ssa:A1']],
    ['award to, inclusive', { awardTo: '2026-07-01' }, ['ssa:A1', 'ssa:A2']],
    [
      'changed since a time',
      { changedSince: { kind: 'time', at: '2026-11-05T00:00:00.000Z' } },
      ['ssa:A3', 'ssa:A1'],
    ],
    [
      'changed since a time, removed included',
      { status: 'all', changedSince: { kind: 'time', at: '2026-11-05T00:00:00.000Z' } },
      ['ssa:A3', 'ssa:A4', 'ssa:A1'],
    ],
    [
      'changed since a time before every event',
      { changedSince: { kind: 'time', at: '2026-11-01T00:00:00.000Z' } },
      ['dhs:B2', 'ssa:A3', 'dhs:B1', 'ssa:A1', 'ssa:A2'],
    ],
    // DHS's latest run failed: nothing of DHS changed since it started.
    [
      'changed in the latest run of each source',
      { changedSince: { kind: 'last-run' } },
      ['ssa:A3', 'ssa:A1'],
    ],
    ['changed in the latest DHS run', { sources: ['dhs'], changedSince: { kind: 'last-run' } }, []],
    ['agency and NAICS together', { agency: 'homeland', naics: '5415' }, ['dhs:B2']],
  ])('filters: %s', async (_name, filters, expected) => {
    const store = await scrapedStore();
    expect(await ids(store, query(filters))).toEqual(expected);
    const paged = await idsPageByPage(store, query(filters));
    expect(paged.ids).toEqual(expected);
    expect(new Set(paged.totals)).toEqual(new Set([expected.length]));
  });

  it.each<[string, string, string[]]>([
    ['a word in a title', 'cloud', ['dhs:B2', 'ssa:A1']],
    ['any case, accents ignored', 'CAFE', ['ssa:A1']],
    ['every word, in any field (here the agency)', 'homeland cloud', ['dhs:B2']],
    ['every word must match', 'migration cloud', ['ssa:A1']],
    ['a prefix', 'serv*', ['ssa:A3', 'ssa:A1']],
    ['a two-letter prefix', 'cl*', ['dhs:B2', 'ssa:A1']],
    ['the start of a word without a star', 'serv', ['ssa:A3', 'ssa:A1']],
    ['a hyphenated word as its words', 'cyber-security', ['ssa:A2']],
    ['a leading hyphen is not NOT', '-cloud', ['dhs:B2', 'ssa:A1']],
    ['AND as a word, which no record has', 'cloud AND migration', []],
    ['OR as a word', 'cloud OR zebra', []],
    ['a quoted operator', '"AND"', []],
    ['a column filter as words', 'title:cloud', []],
    ['NEAR as a word', 'NEAR(cloud services)', []],
    ['an unbalanced quote', '"cloud', ['dhs:B2', 'ssa:A1']],
    ['SQL', "'; DROP TABLE prospects; --", []],
    ['no word at all: no filter', '*** " -', ['dhs:B2', 'ssa:A3', 'dhs:B1', 'ssa:A1', 'ssa:A2']],
  ])('searches %s: %j', async (_name, search, expected) => {
    const store = await scrapedStore();
    expect(await ids(store, query({ search }))).toEqual(expected);
    const paged = await idsPageByPage(store, query({ search }));
    expect(paged.ids).toEqual(expected);
    expect(new Set(paged.totals)).toEqual(new Set([expected.length]));
  });

  it('counts search matches of each status', async () => {
    const store = await scrapedStore();
    const count = async (search: string, status: ProspectFilters['status']) =>
      (await listProspects(store.db, query({ search, status }, { limit: 1 }))).total;
    expect(await count('zebra', 'active')).toBe(0);
    expect(await count('zebra', 'removed')).toBe(1);
    expect(await count('zebra', 'all')).toBe(1);
    expect(await count('security', 'all')).toBe(6);
    expect(await count('security', 'active')).toBe(5);
  });

  it('pages with a stable order and a total of every match', async () => {
    const store = await scrapedStore();
    const page = (n: number) => listProspects(store.db, query({}, { limit: 2, page: n }));
    expect(await page(1)).toMatchObject({ total: 5, records: [{ id: 'dhs:B2' }, { id: 'ssa:A3' }] });
    expect(await page(2)).toMatchObject({ total: 5, records: [{ id: 'dhs:B1' }, { id: 'ssa:A1' }] });
    expect(await page(3)).toMatchObject({ total: 5, records: [{ id: 'ssa:A2' }] });
    expect(await page(4)).toEqual({ total: 5, records: [], offset: 6, nextCursor: null });
  });

  it('keeps the totals of each source and status as scrapes add and remove', async () => {
    const store = await scrapedStore();
    const total = async (filters: ProspectFilters) =>
      (await listProspects(store.db, query(filters, { limit: 1 }))).total;
    expect(await total({})).toBe(5);
    expect(await total({ status: 'removed' })).toBe(1);
    expect(await total({ status: 'all' })).toBe(6);
    expect(await total({ sources: ['dhs'] })).toBe(2);
    await recordScrape(store, 'ssa', [makeProspect('ssa:A4', { title: 'Zebra tracking' })], {
      at: '2026-11-15T10:00:00.000Z',
    });
    // A4 is back; A1, A2 and A3 are gone.
    expect(await total({ sources: ['ssa'] })).toBe(1);
    expect(await total({ sources: ['ssa'], status: 'removed' })).toBe(3);
    expect(await total({})).toBe(3);
  });

  it('returns records of docs/record.md with their fields in order and their source name', async () => {
    const store = await scrapedStore();
    const [record] = (await listProspects(store.db, query({ search: 'cafe' }))).records;
    expect(Object.keys(record!)).toEqual([...RECORD_FIELDS]);
    expect(record).toEqual({
      id: 'ssa:A1',
      source: 'ssa',
      source_name: 'Social Security Administration',
      native_id: 'A1',
      title: 'Cloud migration services',
      description: 'Move the Café systems to the cloud.',
      agency: 'Social Security Administration',
      office: 'OCIO',
      naics: '541512',
      naics_description: null,
      estimated_value_text: '$150K - $250K',
      estimated_value_min: 150_000,
      estimated_value_max: 300_000,
      release_date: '2026-03-01',
      award_date: '2026-07-01',
      award_fiscal_year: null,
      award_quarter: null,
      place_of_performance: null,
      place_city: null,
      place_state: null,
      place_country: null,
      contract_type: null,
      set_aside: 'Total Small Business',
      set_aside_standardized: 'SMALL_BUSINESS',
      set_aside_standardized_label: 'Small Business',
      primary_contact_name: null,
      primary_contact_email: null,
      incumbent: null,
      url: null,
      status: 'active',
      first_seen_at: '2026-11-01T10:00:01.000Z',
      last_seen_at: '2026-11-08T10:00:01.000Z',
      removed_at: null,
      extra: {},
    });
  });
});

describe('getProspect', () => {
  it('finds a record by id whatever its status, and nothing for an unknown id', async () => {
    const store = await scrapedStore();
    expect(await getProspect(store.db, 'ssa:A4')).toMatchObject({
      id: 'ssa:A4',
      status: 'removed',
      removed_at: '2026-11-08T10:00:01.000Z',
      source_name: 'Social Security Administration',
    });
    expect(await getProspect(store.db, 'ssa:A3')).toMatchObject({
      extra: { 'Contracting Office': 'Woodlawn' },
    });
    expect(await getProspect(store.db, 'ssa:nope')).toBeUndefined();
  });
});
