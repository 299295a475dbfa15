import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/connection.js';
import { encodeCursor, InvalidCursorError } from '../../src/store/page-cursor.js';
import {
  listProspects,
  SORT_FIELDS,
  type ProspectFilters,
  type SortField,
} from '../../src/store/prospect-queries.js';
import { makeProspect, recordScrape, tempStore } from '../helpers/store.js';

const TITLES = ['Alpha', 'alpha', 'ALPHA services', 'beta', 'Beta', 'cyber watch'];
const AGENCIES = ['Dept A', 'dept a', 'Dept B'];
const RELEASES = [null, '2026-01-01', '2026-02-01', '2026-02-01', '2026-03-05'];
const VALUES = [null, 100, 100, 5_000];

/**
 * 45 prospects with many ties and empty values in every sort field, loaded out of id order (so a
 * tie broken by insertion order would show), over two scrapes of SSA a week apart (so first and
 * last seen differ, and the second scrape removes a few) and one of DHS.
 */
async function storeWithTies(): Promise<Store> {
  const store = await tempStore();
  const prospect = (n: number) =>
    makeProspect(`${n < 36 ? 'ssa' : 'dhs'}:K-${String(n).padStart(2, '0')}`, {
      title: TITLES[n % TITLES.length]!,
      agency: AGENCIES[n % AGENCIES.length]!,
      release_date: RELEASES[n % RELEASES.length]!,
      award_date: n % 3 === 0 ? null : `2026-0${(n % 2) + 6}-01`,
      estimated_value_min: VALUES[n % VALUES.length]!,
      estimated_value_max: VALUES[(n + 1) % VALUES.length]!,
      naics: n % 4 === 0 ? null : ['541512', '236220'][n % 2]!,
    });
  const order = Array.from({ length: 45 }, (_, i) => (i * 17) % 45);
  const ssa = order.filter((n) => n < 36);
  await recordScrape(store, 'ssa', ssa.slice(0, 20).map(prospect), { at: '2026-11-01T10:00:00.000Z' });
  await recordScrape(store, 'ssa', ssa.filter((n) => n % 11 !== 5).map(prospect), {
    at: '2026-11-08T10:00:00.000Z',
  });
  await recordScrape(store, 'dhs', order.filter((n) => n >= 36).map(prospect), {
    at: '2026-11-08T11:00:00.000Z',
  });
  return store;
}

const FILTER_SETS: [string, ProspectFilters][] = [
  ['no filter', {}],
  ['every status', { status: 'all' }],
  ['one source', { sources: ['dhs'] }],
  ['a search', { search: 'alpha' }],
  ['a value range', { minValue: 1_000 }],
];

const SORTS: Exclude<SortField, 'relevance'>[] = [...SORT_FIELDS, 'id'];

describe('keyset pages', () => {
  it.each(FILTER_SETS)(
    'a page after a cursor holds exactly the rows of the same page by number, for every sort (%s)',
    async (_name, filters) => {
      const store = await storeWithTies();
      for (const sort of SORTS) {
        for (const order of ['asc', 'desc'] as const) {
          const whole = await listProspects(store.db, { filters, sort, order, limit: null, page: 1 });
          const limit = 4;
          const byNumber: string[][] = [];
          for (let page = 1; (page - 1) * limit < whole.total; page += 1) {
            const result = await listProspects(store.db, { filters, sort, order, limit, page });
            byNumber.push(result.records.map((record) => record.id));
          }
          const byCursor: string[][] = [];
          const offsets: number[] = [];
          let cursor: string | undefined;
          do {
            const result = await listProspects(store.db, {
              filters,
              sort,
              order,
              limit,
              page: 1,
              ...(cursor !== undefined && { cursor }),
            });
            expect(result.total).toBe(whole.total);
            byCursor.push(result.records.map((record) => record.id));
            offsets.push(result.offset ?? -1);
            cursor = result.nextCursor ?? undefined;
          } while (cursor !== undefined && byCursor.length <= byNumber.length);

          const context = `${sort} ${order}`;
          expect(whole.total, context).toBeGreaterThan(limit);
          expect(byCursor, context).toEqual(byNumber);
          expect(byCursor.flat(), context).toEqual(whole.records.map((record) => record.id));
          expect(offsets, context).toEqual(byNumber.map((_, index) => index * limit));
        }
      }
    },
  );

  it('gives no next cursor on the last page, nor for a relevance ranking or a whole list', async () => {
    const store = await storeWithTies();
    const base = { filters: {}, sort: 'title' as const, order: 'asc' as const };
    const last = await listProspects(store.db, { ...base, limit: 10, page: 5 });
    expect(last.records.length).toBeGreaterThan(0);
    expect(last.nextCursor).toBeNull();
    const whole = await listProspects(store.db, { ...base, limit: null, page: 1 });
    expect(whole.nextCursor ?? null).toBeNull();
    const ranked = await listProspects(store.db, {
      filters: { search: 'alpha' },
      sort: 'relevance',
      order: 'desc',
      limit: 2,
      page: 1,
    });
    expect(ranked.records).toHaveLength(2);
    expect(ranked.nextCursor ?? null).toBeNull();
  });

  it('refuses a cursor that is malformed, or made for another sort, order or filters', async () => {
    const store = await storeWithTies();
    const base = {
      filters: { status: 'all' as const },
      sort: 'release_date' as const,
      order: 'desc' as const,
    };
    const first = await listProspects(store.db, { ...base, limit: 3, page: 1 });
    const cursor = first.nextCursor!;
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    const refused = async (query: Partial<Parameters<typeof listProspects>[1]>) => {
      const error = await listProspects(store.db, { ...base, limit: 3, page: 1, ...query }).catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(InvalidCursorError);
      return (error as Error).message;
    };
    for (const bad of [
      'garbage!',
      'bm90IGpzb24',
      Buffer.from('{"s":1}').toString('base64url'),
      cursor.slice(1),
    ]) {
      expect(await refused({ cursor: bad })).toMatch(/^cursor is not one jps gave out/);
    }
    expect(await refused({ cursor, sort: 'title' })).toMatch(/sorted by release_date desc, not title desc/);
    expect(await refused({ cursor, order: 'asc' })).toMatch(
      /sorted by release_date desc, not release_date asc/,
    );
    expect(await refused({ cursor, filters: { status: 'all', agency: 'dept' } })).toMatch(/other filters/);
    expect(await refused({ cursor, sort: 'relevance', filters: { search: 'alpha' } })).toMatch(/relevance/);
    // A cursor whose value is not of the sort field's kind is not one jps wrote.
    const forged = encodeCursor({
      sort: 'estimated_value_min',
      order: 'desc',
      filtersDigest: JSON.parse(Buffer.from(cursor, 'base64url').toString()).f,
      value: 'a lot',
      id: 'ssa:K-01',
      position: 3,
    });
    expect(await refused({ cursor: forged, sort: 'estimated_value_min' })).toMatch(/not one jps gave out/);
  });
});
