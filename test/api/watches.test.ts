import { describe, expect, it } from 'vitest';
import { saveWatch } from '../../src/store/watches.js';
import { makeProspect, recordScrape } from '../helpers/store.js';
import { startTestApi } from './api-harness.js';

const WEEK_1 = '2026-11-16T06:00:00.000Z';
const WEEK_2 = '2026-11-23T06:00:00.000Z';

/** SSA lists two cyber forecasts; a watch on 8(a) cyber work is added; a week later one enters. */
async function watchedApi() {
  return startTestApi(async (writer) => {
    const a1 = {
      title: 'Cyber defense operations',
      set_aside_standardized: 'EIGHT_A',
      release_date: '2026-12-01',
    };
    const a2 = {
      title: 'Cyber training',
      set_aside_standardized: 'SMALL_BUSINESS',
      release_date: '2027-01-15',
    };
    await recordScrape(writer, 'ssa', [makeProspect('ssa:A1', a1), makeProspect('ssa:A2', a2)], {
      at: WEEK_1,
    });
    await saveWatch(
      writer.db,
      {
        name: 'cyber-8a',
        filters: { search: 'cyber', setAside: 'EIGHT_A' },
        targets: [
          { kind: 'webhook', target: 'https://hooks.slack.com/services/T0/B0/secret' },
          { kind: 'email', target: 'bd@example.org' },
        ],
        now: WEEK_1,
      },
      { replace: false },
    );
    await recordScrape(
      writer,
      'ssa',
      [makeProspect('ssa:A1', a1), makeProspect('ssa:A2', { ...a2, set_aside_standardized: 'EIGHT_A' })],
      { at: WEEK_2 },
    );
  });
}

describe('the watches of the API', () => {
  it('lists every watch with its webhooks masked and what waits for its next digest', async () => {
    const { get } = await watchedApi();
    const answer = await get('/api/watches');
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      status: 'success',
      data: [
        {
          name: 'cyber-8a',
          filters: { search: 'cyber', setAside: 'EIGHT_A' },
          created_at: WEEK_1,
          last_digest_at: null,
          pending_changes: 1,
          targets: [
            { kind: 'webhook', target: 'https://hooks.slack.com/…' },
            { kind: 'email', target: 'bd@example.org' },
          ],
        },
      ],
    });
    expect(answer.text).not.toContain('secret');
  });

  it("lists a watch's prospects, narrowed by more parameters", async () => {
    const { get } = await watchedApi();
    const all = await get('/api/watches/cyber-8a/prospects');
    expect(all.json.data.items.map((item: { id: string }) => item.id)).toEqual(['ssa:A2', 'ssa:A1']);
    expect(all.json.data.pagination.total_items).toBe(2);
    const narrowed = await get('/api/watches/cyber-8a/prospects?release_from=2027-01-01');
    expect(narrowed.json.data.items.map((item: { id: string }) => item.id)).toEqual(['ssa:A2']);
    const none = await get('/api/watches/cyber-8a/prospects?set_aside=HUBZONE');
    expect(none.json.data.items).toEqual([]);
  });

  it("returns a watch's open digest, and never moves its window", async () => {
    const { get } = await watchedApi();
    for (let i = 0; i < 2; i += 1) {
      const answer = await get('/api/watches/cyber-8a/digest');
      expect(answer.status).toBe(200);
      expect(answer.json.data).toMatchObject({
        watch: 'cyber-8a',
        from: WEEK_1,
        counts: { new: 0, entered: 1, changed: 0, left: 0 },
        entered: [
          {
            prospect: { id: 'ssa:A2' },
            changes: [{ field: 'set_aside_standardized', old: 'SMALL_BUSINESS', new: 'EIGHT_A' }],
          },
        ],
      });
    }
    const since = await get('/api/watches/cyber-8a/digest?since=2026-11-01');
    expect(since.json.data).toMatchObject({
      from: '2026-11-01T00:00:00.000Z',
      counts: { new: 2, entered: 0 },
    });
  });

  it.each([
    ['/api/watches/nope/prospects', 404, 'no watch named "nope"'],
    ['/api/watches/nope/digest', 404, 'no watch named "nope"'],
    ['/api/watches/cyber-8a/digest?since=yesterday', 400, 'since must be a date'],
    ['/api/watches/cyber-8a/prospects?min_value=lots', 400, 'min_value'],
  ])('answers %s with %i', async (path, status, message) => {
    const { get } = await watchedApi();
    const answer = await get(path);
    expect(answer.status).toBe(status);
    expect(answer.json.status).toBe('error');
    expect(answer.json.message).toContain(message);
  });
});
