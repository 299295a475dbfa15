import { describe, expect, it } from 'vitest';
import { ALL_SOURCES } from '../../src/sources/index.js';
import type { Store } from '../../src/store/connection.js';
import { VERSION } from '../../src/version.js';
import { makeProspect, recordScrape } from '../helpers/store.js';
import { startTestApi } from './api-harness.js';

const SSA = 'Social Security Administration';

/** Two SSA scrapes (one change, one removal, one addition) and one Acquisition Gateway scrape. */
async function seedForecasts(writer: Store): Promise<void> {
  const cyber = makeProspect('ssa:OHO-26-HQ0007', {
    title: 'Cyber security operations support',
    office: 'OHO',
    naics: '541519',
    naics_description: 'Other Computer Related Services',
    estimated_value_text: '$1M - $5M',
    estimated_value_min: 1_000_000,
    estimated_value_max: 5_000_000,
    release_date: '2026-12-15',
    set_aside: 'Small Business',
    set_aside_standardized: 'SMALL_BUSINESS',
    set_aside_standardized_label: 'Small Business',
  });
  const janitorial = makeProspect('ssa:DCHO-26-0002', {
    title: 'Janitorial services',
    naics: '561720',
    release_date: '2026-10-01',
  });
  const migration = makeProspect('ssa:DCHO-26-0003', {
    title: 'Data center migration to cloud',
    release_date: null,
  });
  await recordScrape(writer, 'ssa', [cyber, janitorial, migration], { at: '2026-11-01T10:00:00.000Z' });
  const cyberNow = { ...cyber, fields: { ...cyber.fields, estimated_value_max: 6_000_000 } };
  const newcomer = makeProspect('ssa:OCIO/26-0009', {
    title: 'Help desk modernisation',
    release_date: '2027-01-10',
  });
  await recordScrape(writer, 'ssa', [cyberNow, migration, newcomer], { at: '2026-11-20T10:00:00.000Z' });
  await recordScrape(
    writer,
    'acquisition-gateway',
    [
      makeProspect('acquisition-gateway:VA-1', {
        title: 'Medical imaging maintenance',
        agency: 'Department of Veterans Affairs',
        naics: '811219',
        release_date: '2027-02-01',
        estimated_value_min: 250_000,
        estimated_value_max: 750_000,
      }),
      makeProspect('acquisition-gateway:DOE-7', {
        title: 'Cyber range for grid operators',
        agency: 'Department of Energy',
        naics: '541512',
        release_date: '2026-11-30',
      }),
    ],
    { at: '2026-11-21T08:00:00.000Z' },
  );
}

const seeded = () => startTestApi(seedForecasts);

describe('GET /api', () => {
  it('names jps, its version and every endpoint', async () => {
    const { get } = await seeded();
    const answer = await get('/api');
    expect(answer.status).toBe(200);
    expect(answer.json.status).toBe('success');
    expect(answer.json.data).toMatchObject({ name: 'jps', version: VERSION });
    const paths = answer.json.data.endpoints.map((endpoint: { path: string }) => endpoint.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/prospects',
        '/api/prospects/:id',
        '/api/prospects/:id/history',
        '/api/changes',
        '/api/data-sources',
        '/api/health',
        '/api/dashboard',
        '/api/database/status',
        '/api/auth/status',
        '/api/decisions/user',
        '/api/proposals',
      ]),
    );
  });
});

describe('GET /api/prospects', () => {
  it('answers active records as items and prospects, with the pagination the frontend reads', async () => {
    const { get } = await seeded();
    const answer = await get('/api/prospects');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    const { items, prospects, pagination } = answer.json.data;
    expect(items).toEqual(prospects);
    expect(items.map((item: { id: string }) => item.id)).toEqual([
      'acquisition-gateway:VA-1',
      'ssa:OCIO/26-0009',
      'ssa:OHO-26-HQ0007',
      'acquisition-gateway:DOE-7',
      'ssa:DCHO-26-0003',
    ]);
    expect(pagination).toEqual({
      page: 1,
      per_page: 10,
      total_items: 5,
      total_pages: 1,
      has_next: false,
      has_prev: false,
      next_cursor: null,
    });
  });

  it('gives every item the record fields and the frontend-compatibility fields', async () => {
    const { get } = await seeded();
    const answer = await get('/api/prospects?search=cyber&source_ids=ssa');
    const [item] = answer.json.data.items;
    expect(item).toMatchObject({
      id: 'ssa:OHO-26-HQ0007',
      source: 'ssa',
      source_name: SSA,
      native_id: 'OHO-26-HQ0007',
      title: 'Cyber security operations support',
      naics: '541519',
      estimated_value_min: 1_000_000,
      estimated_value_max: 6_000_000,
      release_date: '2026-12-15',
      status: 'active',
      first_seen_at: '2026-11-01T10:00:01.000Z',
      last_seen_at: '2026-11-20T10:00:01.000Z',
      extra: {},
      ai_enhanced_title: null,
      ollama_processed_at: null,
      estimated_value_single: null,
      naics_source: 'original',
      enhancement_status: 'idle',
      loaded_at: '2026-11-01T10:00:01.000Z',
    });
    const withoutNaics = (await get('/api/prospects?search=migration')).json.data.items[0];
    expect(withoutNaics.naics_source).toBeNull();
  });

  it('pages with limit and page, and a page past the end is empty with the right totals', async () => {
    const { get } = await seeded();
    const second = (await get('/api/prospects?limit=2&page=2')).json.data;
    expect(second.items.map((item: { id: string }) => item.id)).toEqual([
      'ssa:OHO-26-HQ0007',
      'acquisition-gateway:DOE-7',
    ]);
    expect(second.pagination).toEqual({
      page: 2,
      per_page: 2,
      total_items: 5,
      total_pages: 3,
      has_next: true,
      has_prev: true,
      next_cursor: expect.stringMatching(/^[A-Za-z0-9_-]+$/),
    });
    const beyond = (await get('/api/prospects?limit=2&page=9')).json.data;
    expect(beyond.items).toEqual([]);
    expect(beyond.prospects).toEqual([]);
    expect(beyond.pagination).toMatchObject({
      page: 9,
      total_items: 5,
      total_pages: 3,
      has_next: false,
      has_prev: true,
    });
  });

  it('continues from next_cursor with the same records as the next page by number', async () => {
    const { get } = await seeded();
    const ids = (answer: { json: { data: { items: { id: string }[] } } }) =>
      answer.json.data.items.map((item) => item.id);
    const first = await get('/api/prospects?limit=2&sort_by=title&sort_order=asc');
    const cursor = first.json.data.pagination.next_cursor as string;
    const second = await get(`/api/prospects?limit=2&sort_by=title&sort_order=asc&cursor=${cursor}`);
    expect(second.status).toBe(200);
    expect(ids(second)).toEqual(ids(await get('/api/prospects?limit=2&sort_by=title&sort_order=asc&page=2')));
    expect(second.json.data.pagination).toMatchObject({ page: 2, has_prev: true, has_next: true });
    const third = await get(
      `/api/prospects?limit=2&sort_by=title&sort_order=asc&cursor=${second.json.data.pagination.next_cursor}`,
    );
    expect(ids(third)).toEqual(ids(await get('/api/prospects?limit=2&sort_by=title&sort_order=asc&page=3')));
    expect(third.json.data.pagination).toMatchObject({ page: 3, has_next: false, next_cursor: null });
  });

  it('answers 400 for a cursor that is malformed or continues another sort or filter', async () => {
    const { get } = await seeded();
    const cursor = (await get('/api/prospects?limit=2')).json.data.pagination.next_cursor as string;
    const malformed = await get('/api/prospects?limit=2&cursor=not-a-cursor');
    expect(malformed.status).toBe(400);
    expect(malformed.json).toMatchObject({ status: 'error', error: 'validation_error' });
    expect(malformed.json.message).toMatch(/^cursor is not one jps gave out/);
    const otherSort = await get(`/api/prospects?limit=2&sort_by=title&cursor=${cursor}`);
    expect(otherSort.status).toBe(400);
    expect(otherSort.json.message).toMatch(/sorted by release_date desc, not title desc/);
    const otherFilter = await get(`/api/prospects?limit=2&agency=veterans&cursor=${cursor}`);
    expect(otherFilter.status).toBe(400);
    expect(otherFilter.json.message).toMatch(/other filters/);
  });

  it.each([
    ['naics=5415', ['ssa:OHO-26-HQ0007', 'acquisition-gateway:DOE-7']],
    ['source_ids=1', ['acquisition-gateway:VA-1', 'acquisition-gateway:DOE-7']],
    ['source_ids=acquisition-gateway', ['acquisition-gateway:VA-1', 'acquisition-gateway:DOE-7']],
    ['source_ids=2,1&naics=541', ['ssa:OHO-26-HQ0007', 'acquisition-gateway:DOE-7']],
    ['agency=veterans', ['acquisition-gateway:VA-1']],
    ['office=oho', ['ssa:OHO-26-HQ0007']],
    ['set_aside=small_business', ['ssa:OHO-26-HQ0007']],
    ['min_value=800000', ['ssa:OHO-26-HQ0007']],
    ['min_value=0.8M', ['ssa:OHO-26-HQ0007']],
    ['min_value=%24800K', ['ssa:OHO-26-HQ0007']],
    ['max_value=500000', ['acquisition-gateway:VA-1']],
    ['release_from=2026-12-01&release_to=2027-01-31', ['ssa:OCIO/26-0009', 'ssa:OHO-26-HQ0007']],
    ['search=cyber', ['ssa:OHO-26-HQ0007', 'acquisition-gateway:DOE-7']],
    ['keywords=cyber&search=grid', ['acquisition-gateway:DOE-7']],
    ['keywords=cyb (the start of a word, as typed)', ['ssa:OHO-26-HQ0007', 'acquisition-gateway:DOE-7']],
    ['status=removed', ['ssa:DCHO-26-0002']],
    [
      'sort_by=title&sort_order=asc&limit=3',
      ['acquisition-gateway:DOE-7', 'ssa:OHO-26-HQ0007', 'ssa:DCHO-26-0003'],
    ],
    ['sort_by=id&sort_order=asc&limit=1', ['acquisition-gateway:DOE-7']],
  ])('filters and sorts with %s', async (query, ids) => {
    const { get } = await seeded();
    const answer = await get(`/api/prospects?${query.replace(/ \(.*\)$/, '')}`);
    expect(answer.status).toBe(200);
    expect(answer.json.data.items.map((item: { id: string }) => item.id)).toEqual(ids);
  });

  it('reads blank filters as no filter and ignores parameters it does not know, as the frontend sends them', async () => {
    const { get } = await seeded();
    const answer = await get(
      '/api/prospects?page=1&limit=10&search=&naics=&agency=&source_ids=&ai_enrichment=all&data_source_ids=7&_=1764240000',
    );
    expect(answer.status).toBe(200);
    expect(answer.json.data.pagination.total_items).toBe(5);
  });
});

describe('GET /api/prospects/:id', () => {
  it('answers one record by its URL-encoded id, an encoded slash included', async () => {
    const { get } = await seeded();
    const answer = await get('/api/prospects/ssa%3AOHO-26-HQ0007');
    expect(answer.status).toBe(200);
    expect(answer.json.data).toMatchObject({ id: 'ssa:OHO-26-HQ0007', enhancement_status: 'idle' });
    const slashed = await get('/api/prospects/ssa%3AOCIO%2F26-0009');
    expect(slashed.json.data.title).toBe('Help desk modernisation');
    const removed = await get('/api/prospects/ssa:DCHO-26-0002');
    expect(removed.json.data).toMatchObject({ status: 'removed', removed_at: '2026-11-20T10:00:01.000Z' });
  });

  it('is a 404 envelope for an unknown id', async () => {
    const { get } = await seeded();
    const answer = await get('/api/prospects/ssa%3ANOPE');
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({
      status: 'error',
      message: 'no prospect with id "ssa:NOPE"',
      status_code: 404,
      error: 'not_found',
    });
  });
});

describe('GET /api/prospects/:id/history', () => {
  it("answers the prospect's events oldest first", async () => {
    const { get } = await seeded();
    const answer = await get('/api/prospects/ssa%3AOHO-26-HQ0007/history');
    expect(answer.status).toBe(200);
    expect(answer.json.data.events).toEqual([
      expect.objectContaining({ kind: 'added', at: '2026-11-01T10:00:01.000Z', field: null }),
      expect.objectContaining({
        kind: 'updated',
        at: '2026-11-20T10:00:01.000Z',
        field: 'estimated_value_max',
        old: 5_000_000,
        new: 6_000_000,
      }),
    ]);
  });

  it('is a 404 for an unknown id', async () => {
    const { get } = await seeded();
    const answer = await get('/api/prospects/ssa%3ANOPE/history');
    expect(answer.status).toBe(404);
    expect(answer.json.error).toBe('not_found');
  });
});

describe('GET /api/changes', () => {
  it("defaults to each source's last run, newest first, with pagination", async () => {
    const { get } = await seeded();
    const answer = await get('/api/changes');
    expect(answer.status).toBe(200);
    const { events, pagination } = answer.json.data;
    expect(
      events.map((event: { prospect_id: string; kind: string }) => `${event.kind} ${event.prospect_id}`),
    ).toEqual([
      'added acquisition-gateway:VA-1',
      'added acquisition-gateway:DOE-7',
      'updated ssa:OHO-26-HQ0007',
      'added ssa:OCIO/26-0009',
      'removed ssa:DCHO-26-0002',
    ]);
    expect(pagination).toMatchObject({
      page: 1,
      per_page: 50,
      total_items: 5,
      total_pages: 1,
      has_next: false,
      has_prev: false,
    });
  });

  it('filters by since, source and kind, and pages with limit', async () => {
    const { get } = await seeded();
    const all = await get('/api/changes?since=2026-01-01&source=ssa&kind=added&limit=2');
    expect(all.status).toBe(200);
    expect(all.json.data.events).toHaveLength(2);
    expect(
      all.json.data.events.every(
        (event: { kind: string; source: string }) => event.kind === 'added' && event.source === 'ssa',
      ),
    ).toBe(true);
    expect(all.json.data.pagination).toEqual({
      page: 1,
      per_page: 2,
      total_items: 4,
      total_pages: 2,
      has_next: true,
      has_prev: false,
    });
  });

  it('is a 400 for a since it cannot read', async () => {
    const { get } = await seeded();
    const answer = await get('/api/changes?since=yesterday');
    expect(answer.status).toBe(400);
    expect(answer.json.error).toBe('validation_error');
    expect(answer.json.message).toContain('since');
  });
});

describe('GET /api/data-sources', () => {
  it('lists every registered source, scraped or not, with and without the trailing slash', async () => {
    const { get } = await seeded();
    const answer = await get('/api/data-sources');
    expect(answer.status).toBe(200);
    expect(answer.json.data).toHaveLength(ALL_SOURCES.length);
    const ssa = answer.json.data.find((source: { key: string }) => source.key === 'ssa');
    expect(ssa).toEqual({
      id: 2,
      key: 'ssa',
      name: SSA,
      agency: SSA,
      url: 'https://www.ssa.gov/osdbu/contract-forecast-intro.html',
      description: expect.any(String),
      last_scraped: '2026-11-20T10:00:02.000Z',
      prospect_count: 3,
      last_status: {
        status: 'ok',
        last_checked: '2026-11-20T10:00:02.000Z',
        records_found: 3,
        error_message: null,
      },
    });
    expect((await get('/api/data-sources/')).json).toEqual(answer.json);
  });

  it('gives a source that never ran a null status and no count', async () => {
    const { get } = await startTestApi();
    const answer = await get('/api/data-sources/');
    for (const source of answer.json.data) {
      expect(source).toMatchObject({ last_scraped: null, prospect_count: 0, last_status: null });
    }
  });
});

describe('GET /api/health', () => {
  it('is healthy when every source that ran is, never-run sources not counting', async () => {
    const { get } = await startTestApi(async (writer) => {
      await recordScrape(writer, 'ssa', [makeProspect('ssa:A')], { at: '2026-11-26T10:00:00.000Z' });
    });
    const answer = await get('/api/health');
    expect(answer.status).toBe(200);
    expect(answer.json.data).toMatchObject({
      status: 'healthy',
      timestamp: '2026-11-27T12:00:00.000Z',
      database: 'connected',
    });
    const verdicts = Object.fromEntries(
      answer.json.data.sources.map((source: { source: string; verdict: string }) => [
        source.source,
        source.verdict,
      ]),
    );
    expect(verdicts).toMatchObject({ ssa: 'healthy', 'acquisition-gateway': 'never_run' });
    expect(answer.json.data.sources[0]).toHaveProperty('last_success_age_hours');
  });

  it('is degraded when a source is stale, unhealthy when one is failing', async () => {
    const stale = await startTestApi(async (writer) => {
      await recordScrape(writer, 'ssa', [makeProspect('ssa:A')], { at: '2026-11-01T10:00:00.000Z' });
    });
    expect((await stale.get('/api/health')).json.data.status).toBe('degraded');
    const failing = await startTestApi(async (writer) => {
      await recordScrape(writer, 'ssa', [makeProspect('ssa:A')], { at: '2026-11-26T10:00:00.000Z' });
      await recordScrape(writer, 'acquisition-gateway', [], {
        at: '2026-11-27T10:00:00.000Z',
        status: 'failed',
      });
    });
    const answer = await failing.get('/api/health');
    expect(answer.status).toBe(200);
    expect(answer.json.data.status).toBe('unhealthy');
  });

  it('is a 503 with the database disconnected when the database cannot be read', async () => {
    const { get, reader } = await seeded();
    reader.sqlite.close();
    const answer = await get('/api/health');
    expect(answer.status).toBe(503);
    expect(answer.json).toMatchObject({
      status: 'error',
      status_code: 503,
      error: 'server_error',
      data: { status: 'unhealthy', database: 'disconnected', sources: [] },
    });
    // Other routes say so with a 500 envelope rather than hanging or dropping the connection.
    const list = await get('/api/prospects?page=3');
    expect(list.status).toBe(500);
    expect(list.json).toMatchObject({ status: 'error', error: 'server_error', status_code: 500 });
  });
});

describe('GET /api/dashboard', () => {
  it('counts active records and lists the top agencies, upcoming and recent prospects and scrapes', async () => {
    const { get } = await seeded();
    const answer = await get('/api/dashboard');
    expect(answer.status).toBe(200);
    const data = answer.json.data;
    expect(data).toMatchObject({
      total_proposals: 5,
      total_sources: ALL_SOURCES.length,
      latest_successful_scrape: '2026-11-21T08:00:02.000Z',
      top_agencies: [
        { agency: SSA, count: 3 },
        { agency: 'Department of Energy', count: 1 },
        { agency: 'Department of Veterans Affairs', count: 1 },
      ],
      upcoming_proposals: [
        {
          id: 'acquisition-gateway:DOE-7',
          title: 'Cyber range for grid operators',
          agency: 'Department of Energy',
          proposal_date: '2026-11-30',
        },
        {
          id: 'ssa:OHO-26-HQ0007',
          title: 'Cyber security operations support',
          agency: SSA,
          proposal_date: '2026-12-15',
        },
        {
          id: 'ssa:OCIO/26-0009',
          title: 'Help desk modernisation',
          agency: SSA,
          proposal_date: '2027-01-10',
        },
        {
          id: 'acquisition-gateway:VA-1',
          title: 'Medical imaging maintenance',
          agency: 'Department of Veterans Affairs',
          proposal_date: '2027-02-01',
        },
      ],
    });
    expect(data.recent_scraper_activity).toHaveLength(3);
    expect(data.recent_scraper_activity[0]).toEqual({
      data_source_name: 'Acquisition Gateway',
      status: 'ok',
      last_checked: '2026-11-21T08:00:02.000Z',
      details: expect.stringContaining('2 rows read'),
    });
    expect(data.recent_proposals.map((item: { id: string }) => item.id)).toEqual([
      'acquisition-gateway:VA-1',
      'ssa:OCIO/26-0009',
      'ssa:OHO-26-HQ0007',
      'acquisition-gateway:DOE-7',
      'ssa:DCHO-26-0003',
    ]);
    expect(data.recent_proposals[0]).toHaveProperty('loaded_at');
  });
});

describe('GET /api/database/status', () => {
  it('counts rows and measures the database', async () => {
    const { get } = await seeded();
    const answer = await get('/api/database/status');
    expect(answer.status).toBe(200);
    expect(answer.json.data).toEqual({
      prospect_count: 6,
      data_source_count: ALL_SOURCES.length,
      status_record_count: 3,
      database_size_bytes: expect.any(Number),
      timestamp: '2026-11-27T12:00:00.000Z',
    });
    expect(answer.json.data.database_size_bytes).toBeGreaterThan(4096);
  });
});

describe('GET /api/auth/status', () => {
  it('is always signed in as the local viewer', async () => {
    const { get } = await seeded();
    const answer = await get('/api/auth/status');
    expect(answer.json).toEqual({
      status: 'success',
      data: {
        authenticated: true,
        user: {
          id: 1,
          email: 'viewer@localhost',
          first_name: 'Viewer',
          role: 'user',
          created_at: '2026-01-01T00:00:00.000Z',
          last_login_at: null,
        },
      },
    });
  });
});

describe('GET /api/decisions/user', () => {
  it('is an empty list with its pagination', async () => {
    const { get } = await seeded();
    const answer = await get('/api/decisions/user');
    expect(answer.json.data).toEqual({
      decisions: [],
      pagination: { page: 1, per_page: 50, total_items: 0, total_pages: 0, has_next: false, has_prev: false },
    });
  });
});

describe('GET /api/proposals', () => {
  it('answers active records in the older shape', async () => {
    const { get } = await seeded();
    const answer = await get('/api/proposals?per_page=2&page=1&sort_by=release_date&sort_order=asc');
    expect(answer.status).toBe(200);
    expect(answer.json.status).toBe('success');
    expect(answer.json.data.map((item: { id: string }) => item.id)).toEqual([
      'acquisition-gateway:DOE-7',
      'ssa:OHO-26-HQ0007',
    ]);
    expect(answer.json.data[0]).toHaveProperty('enhancement_status', 'idle');
    expect(answer.json.pagination).toEqual({ page: 1, per_page: 2, total_count: 5, total_pages: 3 });
  });
});
