import { afterEach, describe, expect, it } from 'vitest';
import { startApiServer } from '../../src/api/server.js';
import { createWebQueries } from '../../src/api/web-queries.js';
import { linkDuplicates } from '../../src/scraper/link-duplicates.js';
import { openStore, type ReadonlyStore, type Store } from '../../src/store/connection.js';
import { createWebPages } from '../../src/web/web-pages.js';
import { API_SOURCES, send } from '../api/api-harness.js';
import { makeProspect, recordScrape, tempStore } from '../helpers/store.js';

// The pages over HTTP, without a browser: what the server sends for each kind of request.

const NOW = new Date('2026-11-27T12:00:00.000Z');
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

async function serveWithPages(seed?: (writer: Store) => Promise<void>) {
  const writer = await tempStore();
  await recordScrape(
    writer,
    'ssa',
    [
      makeProspect('ssa:OHO-26-1', {
        title: 'Cyber <script>alert(1)</script> support',
        release_date: '2026-12-01',
      }),
      makeProspect('ssa:OHO-26-2', { title: 'Janitorial services', release_date: '2026-11-01' }),
    ],
    { at: '2026-11-20T10:00:00.000Z' },
  );
  await seed?.(writer);
  const reader = (await openStore(writer.path, { readonly: true })) as ReadonlyStore;
  const api = await startApiServer(
    {
      store: reader,
      sources: API_SOURCES,
      now: () => NOW,
      pages: createWebPages({
        db: reader.db,
        queries: createWebQueries(reader.db, () => NOW),
        sources: API_SOURCES,
        now: () => NOW,
      }),
    },
    { port: 0, host: '127.0.0.1' },
  );
  stops.push(async () => {
    await api.close({ graceMillis: 500 });
    await reader.close();
  });
  return (path: string, init?: Parameters<typeof send>[2]) => send(api.url, path, init);
}

describe('the built-in pages over HTTP', () => {
  it('renders the first results of a shared URL in the HTML itself, escaping what a forecast says', async () => {
    const get = await serveWithPages();
    const answer = await get('/?search=cyber');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.text).toContain('1 forecast matches');
    expect(answer.text).toContain('Cyber &lt;script&gt;alert(1)&lt;/script&gt; support');
    expect(answer.text).not.toContain('<script>alert(1)');
    expect(answer.text).not.toContain('Janitorial');
    expect(answer.text).toContain('value="cyber"');
  });

  it('allows nothing from another host to load', async () => {
    const get = await serveWithPages();
    const csp = (await get('/')).headers['content-security-policy'];
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
  });

  it('sends only the results part when the page script asks for it', async () => {
    const get = await serveWithPages();
    const answer = await get('/?search=janitorial', { headers: { 'x-jps-part': 'results' } });
    expect(answer.status).toBe(200);
    expect(answer.text).not.toContain('<html');
    expect(answer.text).toContain('data-id="ssa:OHO-26-2"');
  });

  it('goes to the next page by cursor, showing the same forecasts as that page by number', async () => {
    const get = await serveWithPages(async (writer) => {
      await recordScrape(
        writer,
        'dhs',
        Array.from({ length: 5 }, (_, i) => makeProspect(`dhs:D-${i}`, { title: `Fleet ${i}` })),
        { at: '2026-11-21T10:00:00.000Z' },
      );
    });
    const shownIds = (text: string) => [...text.matchAll(/data-id="([^"]+)"/g)].map((match) => match[1]);
    const first = await get('/?sort_by=title&sort_order=asc&limit=3');
    const next = /<a\s+href="(\/\?[^"]*)"\s+data-nav rel="next"/
      .exec(first.text)![1]!
      .replaceAll('&amp;', '&');
    expect(next).toMatch(/page=2&cursor=[A-Za-z0-9_-]+$/);
    const second = await get(next);
    expect(shownIds(second.text)).toEqual(
      shownIds((await get('/?sort_by=title&sort_order=asc&limit=3&page=2')).text),
    );
    expect(shownIds(second.text)).toHaveLength(3);
    expect(second.text).toContain('showing 4–6');
    expect(second.text).toContain('Page 2 of 3');
  });

  it('links the exports to the API with the same filters, without the page', async () => {
    const get = await serveWithPages();
    const answer = await get('/?search=cyber&set_aside=EIGHT_A&page=2');
    expect(answer.text).toContain(
      'href="/api/prospects/export?search=cyber&amp;set_aside=EIGHT_A&amp;format=csv"',
    );
    expect(answer.text).toContain('format=xlsx');
  });

  it("exports through its CSV link exactly the page's selection", async () => {
    const get = await serveWithPages();
    const page = await get('/?search=cyber');
    const href = /href="(\/api\/prospects\/export\?[^"]*format=csv)"/
      .exec(page.text)![1]!
      .replaceAll('&amp;', '&');
    const csv = await get(href);
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('ssa:OHO-26-1');
    expect(csv.text).not.toContain('ssa:OHO-26-2');
  });

  it('explains filters it cannot read with a 400 page that keeps the form', async () => {
    const get = await serveWithPages();
    const answer = await get('/?min_value=lots&search=cyber');
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('min_value must be an amount in dollars');
    expect(answer.text).toContain('value="cyber"');
  });

  it('is a 404 page for an unknown forecast or path, and a 405 for a write', async () => {
    const get = await serveWithPages();
    const missing = await get('/prospects/ssa%3ANOPE');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('no forecast with the id “ssa:NOPE”');
    expect((await get('/nothing-here')).status).toBe(404);
    const post = await get('/', { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers['allow']).toBe('GET, HEAD');
  });

  it('reads the changes page with the rules of /api/changes', async () => {
    const get = await serveWithPages();
    const report = await get('/changes?since=2026-11-01');
    expect(report.status).toBe(200);
    expect(report.text).toContain('2 changes');
    expect(report.text).toContain('data-id="ssa:OHO-26-1"');
    const bad = await get('/changes?since=someday');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('since must be a date');
  });

  it('shows every registered source on the sources page, scraped or not', async () => {
    const get = await serveWithPages();
    const page = await get('/health');
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-source="ssa"');
    expect(page.text).toContain('data-verdict="healthy"');
    expect(page.text).toContain('data-verdict="never_run"');
  });

  it('leaves the JSON API where it was', async () => {
    const get = await serveWithPages();
    const answer = await get('/api/prospects?search=cyber');
    expect(answer.status).toBe(200);
    expect(answer.json.data.pagination.total_items).toBe(1);
    expect((await get('/api/nope')).json.error).toBe('not_found');
  });

  it("lists a forecast's likely duplicates on its page, each linked, with jps's reasons", async () => {
    const get = await serveWithPages(async (writer) => {
      const transcription = {
        title: 'Hearing transcription services',
        agency: 'Social Security Administration',
        naics: '561410',
        release_date: '2026-10-01',
      };
      await recordScrape(
        writer,
        'ssa',
        [makeProspect('ssa:OHO-26-7', transcription), makeProspect('ssa:OHO-26-8', transcription)],
        { at: '2026-11-21T10:00:00.000Z' },
      );
      await linkDuplicates(writer.db, () => NOW);
    });
    const page = await get('/prospects/ssa%3AOHO-26-7');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Likely listed elsewhere too');
    expect(page.text).toContain('href="/prospects/ssa%3AOHO-26-8"');
    expect(page.text).toMatch(/titles \d+% alike/);
    const unlinked = await get('/prospects/ssa%3AOHO-26-1');
    expect(unlinked.text).not.toContain('Likely listed elsewhere too');
  });
});
