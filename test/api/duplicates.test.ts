import { describe, expect, it } from 'vitest';
import { linkDuplicates } from '../../src/scraper/link-duplicates.js';
import type { Store } from '../../src/store/connection.js';
import { labelledSet } from '../fixtures/duplicates/labelled-set.js';
import { recordScrape } from '../helpers/store.js';
import { NOW, startTestApi } from './api-harness.js';

/** The labelled set stored source by source, as scrapes leave it, and linked. */
async function seedLabelledSet(writer: Store): Promise<void> {
  const { records } = await labelledSet();
  const sources = [...new Set(records.map((record) => record.id.slice(0, record.id.indexOf(':'))))];
  for (const source of sources) {
    const own = records.filter((record) => record.id.startsWith(`${source}:`));
    await recordScrape(writer, source, own, { at: '2026-11-20T10:00:00.000Z' });
  }
  await linkDuplicates(writer.db, () => NOW);
}

describe('likely duplicates in the API', () => {
  it('gives /api/prospects/:id its likely duplicates, with score and reasons', async () => {
    const { get } = await startTestApi(seedLabelledSet);
    const answer = await get(`/api/prospects/${encodeURIComponent('dot:2026-031')}`);
    expect(answer.status).toBe(200);
    expect(answer.json.data.likely_duplicates).toEqual([
      {
        id: 'acquisition-gateway:51001',
        source: 'acquisition-gateway',
        title: 'FAA - Cloud Migration Services (Amended)',
        status: 'active',
        score: 1,
        reasons: expect.arrayContaining(['same department', 'same NAICS 541512']),
      },
    ]);
    const alone = await get(`/api/prospects/${encodeURIComponent('dot:2026-004')}`);
    expect(alone.json.data.likely_duplicates).toEqual([]);
  });

  it('answers collapse_duplicates=true with one item per group', async () => {
    const { get } = await startTestApi(seedLabelledSet);
    const plain = await get('/api/prospects?search=cloud%20migration');
    expect(plain.json.data.items.map((item: { id: string }) => item.id).sort()).toEqual([
      'acquisition-gateway:51001',
      'acquisition-gateway:56006',
      'dot:2026-031',
    ]);
    const collapsed = await get('/api/prospects?search=cloud%20migration&collapse_duplicates=true');
    expect(collapsed.status).toBe(200);
    const items = collapsed.json.data.items as { id: string; duplicates: { id: string }[] }[];
    expect(items.map((item) => [item.id, item.duplicates.map((d) => d.id)]).sort()).toEqual([
      ['acquisition-gateway:56006', []],
      ['dot:2026-031', ['acquisition-gateway:51001']],
    ]);
    expect(collapsed.json.data.pagination.total_items ?? collapsed.json.data.pagination.total).toBe(2);
  });

  it('refuses a collapse_duplicates that is not true or false', async () => {
    const { get } = await startTestApi();
    const answer = await get('/api/prospects?collapse_duplicates=maybe');
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('collapse_duplicates');
  });
});
