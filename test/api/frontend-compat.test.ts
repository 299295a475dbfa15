import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/connection.js';
import { makeProspect, recordScrape } from '../helpers/store.js';
import { startTestApi } from './api-harness.js';

/** Four active records (one with an id holding a slash) and one removed. */
async function seedFour(writer: Store): Promise<void> {
  const active = [
    makeProspect('ssa:OCIO/26-0009', {
      title: 'Cybersecurity operations',
      naics: '541519',
      estimated_value_min: 1_000_000,
      set_aside_standardized: 'SMALL_BUSINESS',
    }),
    makeProspect('ssa:A2', { title: 'Janitorial services', naics: '561720', estimated_value_max: 50_000 }),
    makeProspect('ssa:A3', { title: 'Help desk', set_aside_standardized: 'EIGHT_A' }),
    makeProspect('ssa:A4', { title: 'Grounds maintenance' }),
  ];
  const gone = makeProspect('ssa:GONE', { title: 'Zebra tracking', naics: '111111' });
  await recordScrape(writer, 'ssa', [...active, gone], { at: '2026-11-01T10:00:00.000Z' });
  await recordScrape(writer, 'ssa', active, { at: '2026-11-08T10:00:00.000Z' });
}

const seeded = () => startTestApi(seedFour);

describe('the original frontend, idle on its dashboard and with a forecast open', () => {
  it.each([
    // AuthProvider, the dashboard's list and its source filter, and the AI panel's four polls.
    '/api/auth/status',
    '/api/prospects?page=1&limit=10&naics=&keywords=&source_ids=',
    '/api/data-sources/',
    '/api/llm/queue/status',
    '/api/llm/iterative/progress',
    '/api/llm/status',
    '/api/llm/outputs?limit=50&enhancement_type=all',
    // A forecast opened: its GO/NO-GO panel asks for the decisions with the id as it is.
    '/api/decisions/prospect/ssa:OCIO/26-0009',
    '/api/decisions/prospect/ssa%3AOCIO%2F26-0009',
    '/api/prospects/ssa%3AOCIO%2F26-0009',
  ])('answers GET %s with 200 and the success envelope', async (path) => {
    const { get } = await seeded();
    const answer = await get(path);
    expect(answer.status).toBe(200);
    expect(answer.json.status).toBe('success');
  });

  it('says nothing runs in the AI queue, the iterative enhancement or the outputs log', async () => {
    const { get } = await seeded();
    expect((await get('/api/llm/queue/status')).json.data).toEqual({
      worker_running: false,
      current_item: null,
      queue_size: 0,
      pending_items: [],
      recent_completed: [],
    });
    expect((await get('/api/llm/iterative/progress')).json.data).toEqual({
      status: 'idle',
      current_type: null,
      processed: 0,
      total: 0,
      percentage: 0,
      current_prospect: null,
      started_at: null,
      errors: [],
      error_count: 0,
    });
    expect((await get('/api/llm/outputs?limit=5&enhancement_type=naics')).json.data).toEqual([]);
  });

  it("reports jps's own normalisation coverage of active records in the AI panel's shape", async () => {
    const { get } = await seeded();
    // Four active: two with NAICS, two with a value, two with a recognised set-aside.
    expect((await get('/api/llm/status')).json.data).toEqual({
      total_prospects: 4,
      processed_prospects: 0,
      naics_coverage: { original: 2, llm_inferred: 0, total_percentage: 50 },
      value_parsing: { parsed_count: 2, total_percentage: 50 },
      set_aside_standardization: { standardized_count: 2, total_percentage: 50 },
      title_enhancement: { enhanced_count: 0, total_percentage: 0 },
      last_processed: null,
      model_version: null,
    });
  });

  it('answers a forecast with no decisions, whether its id comes encoded or not', async () => {
    const { get } = await seeded();
    for (const path of ['ssa:OCIO/26-0009', 'ssa%3AOCIO%2F26-0009']) {
      expect((await get(`/api/decisions/prospect/${path}`)).json.data).toEqual({
        prospect_id: 'ssa:OCIO/26-0009',
        decisions: [],
        total_decisions: 0,
      });
    }
  });
});

describe("the frontend's writing buttons", () => {
  it.each([
    ['POST', '/api/decisions/'],
    ['DELETE', '/api/decisions/7'],
    ['POST', '/api/llm/enhance-single'],
    ['POST', '/api/llm/queue/start-worker'],
    ['POST', '/api/llm/queue/item/abc/cancel'],
    ['POST', '/api/llm/iterative/start'],
    ['POST', '/api/data-sources'],
    ['PUT', '/api/data-sources/1'],
    ['DELETE', '/api/data-sources/1'],
    ['POST', '/api/data-sources/1/clear-data'],
    ['POST', '/api/data-sources/1/pull'],
    ['POST', '/api/data-sources/run-all'],
    ['POST', '/api/auth/signout'],
    ['GET', '/api/admin/users'],
    ['PATCH', '/api/prospects/ssa%3AA2'],
    ['POST', '/api/database/clear'],
  ])('get 405 on %s %s, saying jps serve is read-only', async (method, path) => {
    const { get } = await seeded();
    const answer = await get(path, { method, body: method === 'GET' ? undefined : '{}' });
    expect(answer.status).toBe(405);
    expect(answer.json).toMatchObject({ status: 'error', status_code: 405, error: 'method_not_allowed' });
    expect(answer.json.message).toContain('jps serve is read-only');
  });

  it('leave a path no backend ever had a 404', async () => {
    const { get } = await seeded();
    expect((await get('/api/nonsense', { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await get('/api/llm/nonsense')).status).toBe(404);
  });
});

describe('ai_enrichment', () => {
  it.each([
    ['all', 4],
    ['original', 4],
    ['enhanced', 0],
  ])('%s lists %i records: none is AI-enhanced', async (value, count) => {
    const { get } = await seeded();
    const answer = await get(`/api/prospects?ai_enrichment=${value}`);
    expect(answer.status).toBe(200);
    expect(answer.json.data.pagination.total_items).toBe(count);
    expect(answer.json.data.items).toHaveLength(count);
  });

  it('is a 400 for a value the frontend never sends', async () => {
    const { get } = await seeded();
    const answer = await get('/api/prospects?ai_enrichment=some');
    expect(answer.status).toBe(400);
    expect(answer.json.message).toContain('ai_enrichment');
  });
});
