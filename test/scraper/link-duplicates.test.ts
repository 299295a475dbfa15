import { describe, expect, it } from 'vitest';
import { linkDuplicates } from '../../src/scraper/link-duplicates.js';
import { likelyDuplicatesOf, storedLinks } from '../../src/store/duplicate-links.js';
import type { Store } from '../../src/store/connection.js';
import { makeProspect, recordScrape, tempStore } from '../helpers/store.js';

const clock = (iso: string) => () => new Date(iso);

const DOT_CLOUD = makeProspect('dot:2026-031', {
  title: 'Cloud Migration Services',
  agency: 'Department of Transportation',
  office: 'FAA - Office of Information & Technology Services',
  naics: '541512',
  estimated_value_min: 2_000_000,
  estimated_value_max: 5_000_000,
  award_date: '2026-03-15',
  award_fiscal_year: 2026,
  award_quarter: 2,
  primary_contact_email: 'dana.whitfield@faa.gov',
});
const GATEWAY_CLOUD = makeProspect('acquisition-gateway:51001', {
  native_id: 'FY26-51001',
  title: 'FAA - Cloud Migration Services (Amended)',
  agency: 'Department of Transportation',
  office: 'Federal Aviation Administration',
  naics: '541512',
  estimated_value_min: 1_000_000,
  estimated_value_max: 5_000_000,
  award_date: '2026-01-01',
  award_fiscal_year: 2026,
  award_quarter: 2,
  primary_contact_email: 'dana.whitfield@faa.gov',
});
const GATEWAY_OTHER = makeProspect('acquisition-gateway:51009', {
  title: 'Airport Surface Detection Equipment Spares',
  agency: 'Department of Transportation',
  office: 'Federal Aviation Administration',
  naics: '334511',
});

async function scrapedStore(): Promise<Store> {
  const store = await tempStore();
  await recordScrape(store, 'dot', [DOT_CLOUD], { at: '2026-11-01T10:00:00.000Z' });
  await recordScrape(store, 'acquisition-gateway', [GATEWAY_CLOUD, GATEWAY_OTHER], {
    at: '2026-11-01T11:00:00.000Z',
  });
  return store;
}

async function prospectRows(store: Store) {
  return store.db.selectFrom('prospects').selectAll().orderBy('id').execute();
}

describe('linking likely duplicates', () => {
  it("links the Gateway's listing to the department's own, with the reasons in words", async () => {
    const store = await scrapedStore();
    const result = await linkDuplicates(store.db, clock('2026-11-01T12:00:00.000Z'));
    expect(result).toMatchObject({ mode: 'full', linksFound: 1, linksStored: 1 });
    const duplicates = await likelyDuplicatesOf(store.db, 'dot:2026-031');
    expect(duplicates).toEqual([
      {
        id: 'acquisition-gateway:51001',
        source: 'acquisition-gateway',
        title: 'FAA - Cloud Migration Services (Amended)',
        status: 'active',
        score: 1,
        reasons: [
          'titles 100% alike after normalising',
          'same department',
          'same NAICS 541512',
          'value ranges overlap',
          'award dates within one quarter',
          'same contact e-mail',
        ],
      },
    ]);
    expect(await likelyDuplicatesOf(store.db, 'acquisition-gateway:51009')).toEqual([]);
  });

  it('never changes, hides or removes a prospect', async () => {
    const store = await scrapedStore();
    const before = await prospectRows(store);
    const events = await store.db.selectFrom('prospect_events').selectAll().execute();
    await linkDuplicates(store.db, clock('2026-11-01T12:00:00.000Z'));
    expect(await prospectRows(store)).toEqual(before);
    expect(await store.db.selectFrom('prospect_events').selectAll().execute()).toEqual(events);
  });

  it('judges nothing again when no prospect changed since the last linking', async () => {
    const store = await scrapedStore();
    await linkDuplicates(store.db, clock('2026-11-01T12:00:00.000Z'));
    // The same files again: every record unchanged, so no change event.
    await recordScrape(store, 'dot', [DOT_CLOUD], { at: '2026-11-08T10:00:00.000Z' });
    const again = await linkDuplicates(store.db, clock('2026-11-08T12:00:00.000Z'));
    expect(again).toMatchObject({ mode: 'none', changedProspects: 0, linksFound: 0, linksStored: 1 });
    const [link] = await store.db.selectFrom('duplicate_links').selectAll().execute();
    expect(link?.linked_at).toBe('2026-11-01T12:00:00.000Z');
  });

  it('judges a link again when one of its prospects changes, and drops it when one leaves', async () => {
    const store = await scrapedStore();
    await linkDuplicates(store.db, clock('2026-11-01T12:00:00.000Z'));

    // DOT moves the award a year on: the Gateway's listing is now last year's round.
    const slipped = makeProspect('dot:2026-031', {
      ...DOT_CLOUD.fields,
      award_date: '2027-03-15',
      award_fiscal_year: 2027,
    });
    await recordScrape(store, 'dot', [slipped], { at: '2026-11-08T10:00:00.000Z' });
    const judged = await linkDuplicates(store.db, clock('2026-11-08T12:00:00.000Z'));
    expect(judged).toMatchObject({ mode: 'changed', changedProspects: 1, linksStored: 0 });

    // Back to the first date: linked again.
    await recordScrape(store, 'dot', [DOT_CLOUD], { at: '2026-11-15T10:00:00.000Z' });
    await linkDuplicates(store.db, clock('2026-11-15T12:00:00.000Z'));
    expect((await storedLinks(store.db)).map((l) => [l.a, l.b])).toEqual([
      ['acquisition-gateway:51001', 'dot:2026-031'],
    ]);

    // The Gateway drops its listing: the link goes, the prospect stays (removed).
    await recordScrape(store, 'acquisition-gateway', [GATEWAY_OTHER], { at: '2026-11-22T11:00:00.000Z' });
    await linkDuplicates(store.db, clock('2026-11-22T12:00:00.000Z'));
    expect(await storedLinks(store.db)).toEqual([]);
    const gone = await store.db
      .selectFrom('prospects')
      .select(['id', 'status'])
      .where('id', '=', 'acquisition-gateway:51001')
      .executeTakeFirst();
    expect(gone).toEqual({ id: 'acquisition-gateway:51001', status: 'removed' });
  });

  it("shows a group by the department's own listing before the Gateway's", async () => {
    const store = await scrapedStore();
    await linkDuplicates(store.db, clock('2026-11-01T12:00:00.000Z'));
    const members = await store.db
      .selectFrom('duplicate_members')
      .selectAll()
      .orderBy('prospect_id')
      .execute();
    expect(members).toEqual([
      { prospect_id: 'acquisition-gateway:51001', representative_id: 'dot:2026-031', group_size: 2 },
      { prospect_id: 'dot:2026-031', representative_id: 'dot:2026-031', group_size: 2 },
    ]);
  });
});
