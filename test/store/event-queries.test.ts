import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/connection.js';
import {
  listEvents,
  prospectExists,
  prospectHistory,
  resolveSince,
  type ChangeEvent,
  type EventQuery,
} from '../../src/store/event-queries.js';
import { makeProspect, recordScrape, tempStore } from '../helpers/store.js';

/**
 * Three weekly scrapes of SSA and DHS:
 * - week 1: SSA adds A1 and A2 (run 1), DHS adds B1 (run 2);
 * - week 2: SSA changes A1's value, release date and an extra column and drops A2 (run 3); DHS
 *   renames B1 (run 4);
 * - week 3: SSA lists A2 again (run 5, its start written without milliseconds); DHS fails (run 6).
 */
async function scrapedStore(): Promise<Store> {
  const store = await tempStore();
  const a1 = { title: 'Cloud', release_date: '2026-03-01', estimated_value_min: 150_000 };
  const a2 = makeProspect('ssa:A2', { title: 'Guards' });
  await recordScrape(store, 'ssa', [makeProspect('ssa:A1', a1), a2], { at: '2026-11-01T10:00:00.000Z' });
  await recordScrape(store, 'dhs', [makeProspect('dhs:B1', { title: 'Body armor' })], {
    at: '2026-11-01T11:00:00.000Z',
  });
  const a1Changed = makeProspect(
    'ssa:A1',
    { ...a1, release_date: '2026-04-01', estimated_value_min: 200_000 },
    { Program: 'New' },
  );
  await recordScrape(store, 'ssa', [a1Changed], { at: '2026-11-08T10:00:00.000Z' });
  await recordScrape(store, 'dhs', [makeProspect('dhs:B1', { title: 'Body armour' })], {
    at: '2026-11-08T11:00:00.000Z',
  });
  await recordScrape(store, 'ssa', [a1Changed, a2], { at: '2026-11-15T10:00:00Z' });
  await recordScrape(store, 'dhs', [], { at: '2026-11-15T11:00:00.000Z', status: 'failed' });
  return store;
}

const week1Ssa = '2026-11-01T10:00:01.000Z';
const week1Dhs = '2026-11-01T11:00:01.000Z';
const week2Ssa = '2026-11-08T10:00:01.000Z';
const week2Dhs = '2026-11-08T11:00:01.000Z';
const week3Ssa = '2026-11-15T10:00:01.000Z';

const added = (id: string, title: string, run: number, at: string): ChangeEvent => ({
  prospect_id: id,
  source: id.split(':')[0]!,
  title,
  run_id: run,
  at,
  kind: 'added',
  field: null,
  old: null,
  new: null,
});
const A1_ADDED = added('ssa:A1', 'Cloud', 1, week1Ssa);
const A2_ADDED = added('ssa:A2', 'Guards', 1, week1Ssa);
const B1_ADDED = added('dhs:B1', 'Body armour', 2, week1Dhs);
const A1_VALUE: ChangeEvent = {
  ...A1_ADDED,
  run_id: 3,
  at: week2Ssa,
  kind: 'updated',
  field: 'estimated_value_min',
  old: 150_000,
  new: 200_000,
};
const A1_RELEASE: ChangeEvent = { ...A1_VALUE, field: 'release_date', old: '2026-03-01', new: '2026-04-01' };
const A1_EXTRA: ChangeEvent = { ...A1_VALUE, field: 'extra.Program', old: null, new: 'New' };
const A2_REMOVED: ChangeEvent = { ...A2_ADDED, run_id: 3, at: week2Ssa, kind: 'removed' };
const B1_TITLE: ChangeEvent = {
  ...B1_ADDED,
  run_id: 4,
  at: week2Dhs,
  kind: 'updated',
  field: 'title',
  old: 'Body armor',
  new: 'Body armour',
};
const A2_RESTORED: ChangeEvent = { ...A2_ADDED, run_id: 5, at: week3Ssa, kind: 'restored' };

function eventQuery(overrides: Partial<EventQuery>): EventQuery {
  return { since: { kind: 'last-run' }, limit: null, page: 1, ...overrides };
}

describe('prospectHistory', () => {
  it("gives a prospect's timeline oldest first, old and new in their JSON types", async () => {
    const store = await scrapedStore();
    const timeline = await prospectHistory(store.db, 'ssa:A1');
    expect(timeline).toEqual([A1_ADDED, A1_VALUE, A1_RELEASE, A1_EXTRA]);
    expect(Object.keys(timeline[0]!)).toEqual([
      'prospect_id',
      'source',
      'title',
      'run_id',
      'at',
      'kind',
      'field',
      'old',
      'new',
    ]);
  });

  it('shows removals and returns', async () => {
    const store = await scrapedStore();
    expect(await prospectHistory(store.db, 'ssa:A2')).toEqual([A2_ADDED, A2_REMOVED, A2_RESTORED]);
  });

  it('narrows to a kind and a time', async () => {
    const store = await scrapedStore();
    expect(await prospectHistory(store.db, 'ssa:A1', { kind: 'added' })).toEqual([A1_ADDED]);
    expect(
      await prospectHistory(store.db, 'ssa:A2', { since: { kind: 'time', at: '2026-11-08T10:00:01.000Z' } }),
    ).toEqual([A2_REMOVED, A2_RESTORED]);
  });

  it('is empty for an id the store never held', async () => {
    const store = await scrapedStore();
    expect(await prospectHistory(store.db, 'ssa:nope')).toEqual([]);
    expect(await prospectExists(store.db, 'ssa:nope')).toBe(false);
    expect(await prospectExists(store.db, 'ssa:A2')).toBe(true);
  });
});

describe('listEvents', () => {
  it('lists every event newest first, the events of one load in recording order', async () => {
    const store = await scrapedStore();
    const result = await listEvents(
      store.db,
      eventQuery({ since: { kind: 'time', at: '2026-11-01T00:00:00.000Z' } }),
    );
    expect(result).toEqual({
      total: 9,
      events: [
        A2_RESTORED,
        B1_TITLE,
        A1_VALUE,
        A1_RELEASE,
        A1_EXTRA,
        A2_REMOVED,
        B1_ADDED,
        A1_ADDED,
        A2_ADDED,
      ],
    });
  });

  it('counts from an inclusive time', async () => {
    const store = await scrapedStore();
    const since = { kind: 'time' as const, at: week2Ssa };
    expect((await listEvents(store.db, eventQuery({ since }))).events).toEqual([
      A2_RESTORED,
      B1_TITLE,
      A1_VALUE,
      A1_RELEASE,
      A1_EXTRA,
      A2_REMOVED,
    ]);
  });

  it("takes last-run as each source's latest run, a failed one included", async () => {
    const store = await scrapedStore();
    // DHS's latest run failed, so nothing of DHS is newer than its start.
    expect(await listEvents(store.db, eventQuery({}))).toEqual({ events: [A2_RESTORED], total: 1 });
    expect(await listEvents(store.db, eventQuery({ sources: ['dhs'] }))).toEqual({ events: [], total: 0 });
    expect(await resolveSince(store.db, { kind: 'last-run' })).toEqual(
      expect.arrayContaining([
        { source: 'ssa', at: '2026-11-15T10:00:00.000Z' },
        { source: 'dhs', at: '2026-11-15T11:00:00.000Z' },
      ]),
    );
  });

  it('finds nothing since last-run before any scrape', async () => {
    const store = await tempStore();
    expect(await listEvents(store.db, eventQuery({}))).toEqual({ events: [], total: 0 });
  });

  it('narrows to sources and a kind', async () => {
    const store = await scrapedStore();
    const since = { kind: 'time' as const, at: '2026-11-01T00:00:00.000Z' };
    expect((await listEvents(store.db, eventQuery({ since, sources: ['dhs'] }))).events).toEqual([
      B1_TITLE,
      B1_ADDED,
    ]);
    expect((await listEvents(store.db, eventQuery({ since, kind: 'updated' }))).events).toEqual([
      B1_TITLE,
      A1_VALUE,
      A1_RELEASE,
      A1_EXTRA,
    ]);
    expect(await listEvents(store.db, eventQuery({ since, kind: 'removed', sources: ['ssa'] }))).toEqual({
      events: [A2_REMOVED],
      total: 1,
    });
  });

  it('pages with the total of every match', async () => {
    const store = await scrapedStore();
    const since = { kind: 'time' as const, at: '2026-11-01T00:00:00.000Z' };
    const page = (n: number) => listEvents(store.db, eventQuery({ since, limit: 4, page: n }));
    expect(await page(1)).toEqual({ total: 9, events: [A2_RESTORED, B1_TITLE, A1_VALUE, A1_RELEASE] });
    expect(await page(2)).toEqual({ total: 9, events: [A1_EXTRA, A2_REMOVED, B1_ADDED, A1_ADDED] });
    expect(await page(3)).toEqual({ total: 9, events: [A2_ADDED] });
    expect(await page(4)).toEqual({ total: 9, events: [] });
    const lastRunPage = await listEvents(
      store.db,
      eventQuery({ limit: 1, page: 1, sources: ['ssa', 'dhs'] }),
    );
    expect(lastRunPage).toEqual({ total: 1, events: [A2_RESTORED] });
  });
});
