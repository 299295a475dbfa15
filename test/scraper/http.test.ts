import { describe, expect, it } from 'vitest';
import { SourceError } from '../../src/errors.js';
import { createHttpClient, parseRetryAfter } from '../../src/scraper/http.js';
import { startFixtureServer } from '../helpers/fixture-server.js';

const client = (overrides: Partial<Parameters<typeof createHttpClient>[0]> = {}) =>
  createHttpClient({
    userAgent: 'jps-test/1',
    retryBaseMillis: 5,
    maxDownloadBytes: 1024 * 1024,
    timeoutMillis: 2_000,
    ...overrides,
  });

async function failure(promise: Promise<unknown>): Promise<SourceError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SourceError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

describe('the HTTP client of every source', () => {
  it('names jps in its User-Agent', async () => {
    let agent: string | undefined;
    const server = await startFixtureServer({
      '/': ({ headers }) => ((agent = headers['user-agent']), { body: 'ok' }),
    });
    await client().request({ url: server.url('/') });
    expect(agent).toBe('jps-test/1');
  });

  it('retries 429 and 5xx up to three times, then fails with the last status', async () => {
    let calls = 0;
    const server = await startFixtureServer({
      '/': () => ((calls += 1), { status: calls === 1 ? 429 : 502 }),
    });
    const error = await failure(client().request({ url: server.url('/') }));
    expect(calls).toBe(4);
    expect(error.code).toBe('HTTP_STATUS');
    expect(error.message).toBe(`HTTP 502 from ${server.url('/')} (after 4 attempts)`);
  });

  it('waits as long as Retry-After says before trying again', async () => {
    const times: number[] = [];
    const server = await startFixtureServer({
      '/': () => {
        times.push(performance.now());
        return times.length === 1 ? { status: 503, headers: { 'retry-after': '1' } } : { body: 'ok' };
      },
    });
    const response = await client().request({ url: server.url('/') });
    expect(response.body.toString()).toBe('ok');
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(950);
  });

  it.each([401, 403])('does not retry %i: the site refused jps', async (status) => {
    let calls = 0;
    const server = await startFixtureServer({ '/': () => ((calls += 1), { status }) });
    const error = await failure(client().request({ url: server.url('/') }));
    expect(calls).toBe(1);
    expect(error).toMatchObject({
      code: 'HTTP_BLOCKED',
      message: `the site refused jps (HTTP ${status}) at ${server.url('/')}`,
    });
  });

  it('fails a 404 without retrying, unless the caller takes 404s as content', async () => {
    const server = await startFixtureServer({});
    expect((await failure(client().request({ url: server.url('/gone') }))).code).toBe('HTTP_STATUS');
    expect((await client().request({ url: server.url('/gone'), acceptStatus404: true })).statusCode).toBe(
      404,
    );
    expect(server.requests).toHaveLength(2);
  });

  it('stops a download larger than the cap', async () => {
    const server = await startFixtureServer({ '/big': { body: Buffer.alloc(300 * 1024, 65) } });
    const error = await failure(
      client({ maxDownloadBytes: 100 * 1024 }).request({ url: server.url('/big') }),
    );
    expect(error.code).toBe('TOO_LARGE');
  });

  it('says so when nothing listens at the address', async () => {
    const server = await startFixtureServer({});
    const url = server.url('/');
    await server.close();
    const error = await failure(client({ maxRetries: 0 }).request({ url }));
    expect(error.code).toBe('NETWORK');
    expect(error.message).toContain(`could not reach ${url}: ECONNREFUSED`);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-27T12:00:00Z');
  it.each([
    ['120', 120_000],
    ['0', 0],
    ['Fri, 27 Nov 2026 12:00:30 GMT', 30_000],
    ['Fri, 27 Nov 2026 11:00:00 GMT', 0],
    ['soon', null],
    [undefined, null],
  ])('%s → %s ms', (value, millis) => {
    expect(parseRetryAfter(value, now)).toBe(millis);
  });
});
