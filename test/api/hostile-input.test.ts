import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/connection.js';
import { makeProspect, recordScrape } from '../helpers/store.js';
import { startTestApi } from './api-harness.js';

async function seedTwo(writer: Store): Promise<void> {
  await recordScrape(
    writer,
    'ssa',
    [
      makeProspect('ssa:A', { title: 'Cyber "red team" exercises; DROP TABLE prospects' }),
      makeProspect('ssa:B', { title: 'Grounds maintenance' }),
    ],
    { at: '2026-11-20T10:00:00.000Z' },
  );
}

const seeded = () => startTestApi(seedTwo);

function expectValidationError(
  answer: { status: number; json: Record<string, unknown> },
  mentions: string,
): void {
  expect(answer.status).toBe(400);
  expect(answer.json).toMatchObject({ status: 'error', status_code: 400, error: 'validation_error' });
  expect(answer.json['message']).toContain(mentions);
}

describe('search text is only ever words', () => {
  it.each([
    // The words of the SQL are searched for, and one title has them all.
    ['SQL', "'; DROP TABLE prospects; --", 1],
    ['SQL words no title has', "' OR 1=1; DELETE FROM prospects; --", 0],
    ['quotes', '"red team"', 1],
    ['FTS operators', 'cyber OR grounds NOT NEAR(x y)', 0],
    ['an FTS column filter', 'title:cyber', 0],
    ['a lone quote', '"', 2],
    ['a prefix star', 'cyb*', 1],
    ['parentheses and a caret', '(cyber) ^', 1],
    ['the whole hostile title', 'Cyber "red team" exercises; DROP TABLE prospects', 1],
  ])('answers %s in search with a 200', async (_name, search, count) => {
    const { get } = await seeded();
    const answer = await get(`/api/prospects?search=${encodeURIComponent(search)}`);
    expect(answer.status).toBe(200);
    expect(answer.json.data.pagination.total_items).toBe(count);
  });

  it('still has both records after every hostile search', async () => {
    const { get } = await seeded();
    await get(`/api/prospects?search=${encodeURIComponent("x'); DELETE FROM prospects; --")}`);
    expect((await get('/api/prospects')).json.data.pagination.total_items).toBe(2);
  });
});

describe('bad parameter values are 400s that say what is wrong', () => {
  it.each([
    ['an unknown sort_by', 'sort_by=title;drop', 'sort_by'],
    ['an unknown sort_order', 'sort_order=sideways', 'sort_order'],
    ['relevance without a search', 'sort_by=relevance', 'sort_by=relevance needs search or keywords'],
    ['limit=100000', 'limit=100000', 'limit'],
    ['limit=0', 'limit=0', 'limit'],
    ['page=-1', 'page=-1', 'page'],
    ['page=0', 'page=0', 'page'],
    ['page=1.5', 'page=1.5', 'page'],
    ['a page beyond reason', 'page=99999999999', 'page'],
    ['a search over 500 characters', `search=${'a'.repeat(501)}`, 'search'],
    ['a non-numeric naics', 'naics=54-15', 'naics'],
    ['an unknown set-aside code', 'set_aside=EVERYONE', 'set_aside'],
    ['an unknown status', 'status=deleted', 'status'],
    ['a value that is not a number', 'min_value=lots', 'min_value'],
    ['a min above the max', 'min_value=10&max_value=5', 'min_value'],
    ['an impossible date', 'release_from=2026-02-30', 'release_from'],
    ['a date in another format', 'award_to=11/30/2026', 'award_to'],
    ['an unknown source id', 'source_ids=99', 'source_ids'],
    ['an unknown source key', 'source_ids=nasa', 'source_ids'],
  ])('refuses %s', async (_name, query, mentions) => {
    const { get } = await seeded();
    expectValidationError(await get(`/api/prospects?${query}`), mentions);
  });

  it('names every bad parameter in one message', async () => {
    const { get } = await seeded();
    const answer = await get('/api/prospects?limit=0&page=x');
    expectValidationError(answer, 'limit');
    expect(answer.json.message).toContain('page');
  });

  it.each([
    ['changes', '/api/changes?limit=501', 'limit'],
    ['changes', '/api/changes?kind=deleted', 'kind'],
    ['changes', '/api/changes?source=nasa', 'source'],
    ['proposals', '/api/proposals?per_page=501', 'per_page'],
    ['proposals', '/api/proposals?sort_by=pk', 'sort_by'],
    ['decisions', '/api/decisions/user?page=0', 'page'],
  ])('refuses a bad value on /api/%s', async (_route, path, mentions) => {
    const { get } = await seeded();
    expectValidationError(await get(path), mentions);
  });

  it('refuses a 10 kB query string before reading it', async () => {
    const { get } = await seeded();
    expectValidationError(
      await get(`/api/prospects?filler=${'x'.repeat(10_000)}`),
      'query string is too long',
    );
  });

  it.each([
    ['in a value', '/api/prospects?search=%E0%A4%A'],
    ['in a name', '/api/prospects?%zz=1'],
    ['in the path', '/api/prospects/ssa%3AA%G0'],
    ['as a lone percent', '/api/prospects?search=100%'],
  ])('refuses a bad percent-encoding %s', async (_where, path) => {
    const { get } = await seeded();
    expectValidationError(await get(path), 'percent-encoding');
  });

  it('answers a request whose headers are too large with the error envelope', async () => {
    const { get } = await seeded();
    const answer = await get('/api/prospects', { headers: { 'x-filler': 'x'.repeat(20_000) } });
    expectValidationError(answer, 'too large');
  });

  it('answers garbage that is not HTTP with the error envelope and closes', async () => {
    const { api } = await seeded();
    const text = await new Promise<string>((resolve, reject) => {
      const socket = connect(api.port, '127.0.0.1', () => socket.write('HELLO THERE\r\n\r\n'));
      let received = '';
      socket.on('data', (chunk) => (received += chunk.toString()));
      socket.on('end', () => resolve(received));
      socket.on('error', reject);
    });
    expect(text).toMatch(/^HTTP\/1\.1 400 /);
    expect(text).toContain('"error":"validation_error"');
  });
});

describe('methods and paths', () => {
  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('refuses %s with a 405 envelope', async (method) => {
    const { get } = await seeded();
    const answer = await get('/api/prospects', {
      method,
      body: '{"title":"x"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(answer.status).toBe(405);
    expect(answer.headers['allow']).toBe('GET, HEAD, OPTIONS');
    expect(answer.json).toMatchObject({ status: 'error', status_code: 405, error: 'method_not_allowed' });
    expect((await get('/api/prospects')).json.data.pagination.total_items).toBe(2);
  });

  it('answers HEAD like GET without a body', async () => {
    const { get } = await seeded();
    const answer = await get('/api/prospects', { method: 'HEAD' });
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('');
    expect(Number(answer.headers['content-length'])).toBeGreaterThan(100);
  });

  it('answers a CORS preflight on a route with what may be read', async () => {
    const { get } = await seeded();
    const answer = await get('/api/prospects', {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:3000',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(answer.status).toBe(204);
    expect(answer.headers['access-control-allow-origin']).toBe('*');
    expect(answer.headers['access-control-allow-methods']).toBe('GET, HEAD, OPTIONS');
    expect(answer.headers['access-control-allow-headers']).toBe('content-type');
  });

  it.each(['/', '/api/nope', '/api/prospects/a/b/c', '/apix', '/index.html', '/api/prospects/x/historyy'])(
    'answers the unknown path %s with a 404 envelope',
    async (path) => {
      const { get } = await seeded();
      const answer = await get(path);
      expect(answer.status).toBe(404);
      expect(answer.json).toMatchObject({ status: 'error', status_code: 404, error: 'not_found' });
    },
  );

  it('allows any origin by default and only the named one when told', async () => {
    const open = await seeded();
    expect((await open.get('/api')).headers['access-control-allow-origin']).toBe('*');
    const named = await startTestApi(seedTwo, { corsOrigin: 'http://localhost:3000' });
    const answer = await named.get('/api');
    expect(answer.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    expect(answer.headers['vary']).toBe('Origin');
  });
});

describe('read-only by construction', () => {
  it('is given a connection that cannot write', async () => {
    const { reader } = await seeded();
    await expect(reader.db.deleteFrom('prospects').execute()).rejects.toMatchObject({
      code: 'SQLITE_READONLY',
    });
  });
});
