import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SLIPPING_ID, writeTwoWeeksDatabase } from './two-weeks-fixture.js';

// The built-in pages, driven in Debian's Chromium against the built `jps serve`. Without a
// Chromium the suite is skipped with one line saying how to run it.

const CHROMIUM = process.env['JPS_CHROMIUM'] ?? '/usr/bin/chromium';
const HAS_BROWSER = existsSync(CHROMIUM);
if (!HAS_BROWSER) {
  process.stdout.write(
    `browser suite skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set JPS_CHROMIUM), then: npx vitest run test/web\n`,
  );
}

const BIN = fileURLToPath(new URL('../../bin/jps.js', import.meta.url));
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const run = promisify(execFile);

interface ListedRecord {
  id: string;
}
interface HistoryEvent {
  kind: string;
  field: string | null;
}

describe.skipIf(!HAS_BROWSER)('the web pages in a browser', () => {
  let dir: string;
  let dbPath: string;
  let server: ChildProcess;
  let base: string;
  let browser: Browser;
  /** Console errors, page errors, failed requests and requests to another host, on any page. */
  const problems: string[] = [];
  const pages: Page[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jps-web-'));
    dbPath = join(dir, 'jps.db');
    await writeTwoWeeksDatabase(dbPath, new Date());
    server = spawn(process.execPath, [BIN, 'serve', '--db', dbPath, '--port', '0'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    base = await new Promise<string>((resolve, reject) => {
      let stderr = '';
      server.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /listening on (http:\/\/\S+)/.exec(stderr);
        if (match) resolve(match[1]!);
      });
      server.once('exit', (code) => reject(new Error(`jps serve exited ${code}: ${stderr}`)));
    });
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      userDataDir: join(dir, 'chromium-profile'),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  afterEach(async () => {
    for (const page of pages.splice(0)) await page.close();
    expect(problems.splice(0)).toEqual([]);
  });

  async function open(path: string, width = 1200, options: { missing?: boolean } = {}): Promise<Page> {
    const page = await browser.newPage();
    pages.push(page);
    const host = new URL(base).host;
    page.on('console', (message) => {
      // Chromium reports the 404 of a page that does not exist on the console.
      if (options.missing && /status of 404/.test(message.text())) return;
      if (message.type() === 'error') problems.push(`console error on ${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`script error on ${page.url()}: ${String(error)}`));
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.protocol !== 'data:' && url.host !== host)
        problems.push(`request to another host: ${url.href}`);
    });
    page.on('requestfailed', (request) => {
      // A search overtaken by the next keystroke is cancelled on purpose.
      if (request.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`failed: ${request.url()}`);
    });
    await page.setViewport({ width, height: 900 });
    await page.goto(base + path, { waitUntil: 'networkidle0' });
    return page;
  }

  async function jpsList(...args: string[]): Promise<string[]> {
    const { stdout } = await run(process.execPath, [
      BIN,
      'list',
      '--db',
      dbPath,
      '--format',
      'json',
      ...args,
    ]);
    return (JSON.parse(stdout) as ListedRecord[]).map((record) => record.id);
  }

  /** The first page (10 rows, the API's default) and the total of a `jps list` query. */
  async function expected(...args: string[]): Promise<{ ids: string[]; total: number }> {
    const all = await jpsList('--all', ...args);
    return { ids: all.slice(0, 10), total: all.length };
  }

  async function shown(page: Page): Promise<{ ids: string[]; total: number }> {
    const ids = await page.$$eval('tr[data-id]', (rows) => rows.map((row) => row.getAttribute('data-id')!));
    const total = await page.$eval('[data-summary]', (element) => Number(element.getAttribute('data-total')));
    return { ids, total };
  }

  /** Waits until the address bar holds these values (null: absent) and the table has followed. */
  async function settled(page: Page, want: Record<string, string | null>): Promise<void> {
    await page.waitForFunction(
      `(() => { const p = new URLSearchParams(location.search); const want = ${JSON.stringify(want)};
        return Object.entries(want).every(([k, v]) => p.get(k) === v) && !document.querySelector('#results[aria-busy]'); })()`,
    );
  }

  /** The text of the first element `selector` finds, as it reads on screen, spaces collapsed. */
  const textOf = async (page: Page, selector: string) =>
    ((await page.$eval(selector, (element) => (element as unknown as { innerText: string }).innerText)) ?? '')
      .replace(/\s+/g, ' ')
      .trim();

  const valueOf = (page: Page, selector: string) =>
    page.$eval(selector, (element) => (element as unknown as { value: string }).value);

  const params = (page: Page) => new URL(page.url()).searchParams;

  it('opens on the newest forecasts, as jps list shows them, with their total', async () => {
    const page = await open('/');
    expect(await shown(page)).toEqual(await expected());
    expect(await page.$eval('h1', (h1) => h1.textContent)).toBe('Forecasts');
  });

  it('costs a browser under 100 KB for the first page, everything it loads included', async () => {
    const page = await browser.newPage();
    pages.push(page);
    const session = await page.createCDPSession();
    await session.send('Network.enable');
    const urls = new Map<string, string>();
    session.on('Network.requestWillBeSent', (event) => urls.set(event.requestId, event.request.url));
    const transferred = new Map<string, number>();
    session.on('Network.loadingFinished', (event) =>
      transferred.set(event.requestId, event.encodedDataLength),
    );
    await page.goto(`${base}/`, { waitUntil: 'networkidle0' });
    // Chromium's own icons (the date inputs' calendar) are data: URLs, never fetched.
    const fetched = [...transferred].filter(([id]) => !urls.get(id)?.startsWith('data:'));
    expect(fetched.map(([id]) => new URL(urls.get(id)!).pathname).sort()).toEqual([
      '/',
      '/assets/jps.css',
      '/assets/jps.js',
    ]);
    const bytes = fetched.reduce((sum, [, size]) => sum + size, 0);
    expect(bytes).toBeGreaterThan(10_000);
    expect(bytes).toBeLessThan(100_000);
  });

  it('narrows the table while a search is typed, to exactly what jps list --search returns', async () => {
    const page = await open('/');
    await page.type('#f-search', 'cyber', { delay: 40 });
    await settled(page, { search: 'cyber' });
    const want = await expected('--search', 'cyber');
    expect(want.total).toBeGreaterThan(10);
    expect(await shown(page)).toEqual(want);
    // A screen reader hears the new count once the table has followed the search.
    expect(await page.$eval('#live-status', (element) => element.textContent)).toBe(
      `${want.total} forecasts match, showing 1–10.`,
    );
  });

  it('combines filters in the URL, opens a forecast, and restores the list on back and reload', async () => {
    const page = await open('/?search=cyber');
    await page.click('details.more summary');
    await page.select('#f-set_aside', 'EIGHT_A');
    await settled(page, { set_aside: 'EIGHT_A' });
    await page.type('#f-agency', 'homeland');
    await settled(page, { agency: 'homeland' });
    const want = await expected('--search', 'cyber', '--set-aside', 'EIGHT_A', '--agency', 'homeland');
    expect(want.ids).toContain(SLIPPING_ID);
    expect(await shown(page)).toEqual(want);
    expect(Object.fromEntries(params(page))).toEqual({
      search: 'cyber',
      set_aside: 'EIGHT_A',
      agency: 'homeland',
    });

    await Promise.all([page.waitForNavigation(), page.click(`tr[data-id="${SLIPPING_ID}"] a`)]);
    expect(await textOf(page, 'ol.timeline')).toContain('Award changed: Apr 1, 2026 → Jul 1, 2026');

    await Promise.all([page.waitForNavigation(), page.goBack()]);
    await page.waitForFunction(`document.querySelectorAll('tr[data-id]').length > 0`);
    expect(Object.fromEntries(params(page))).toEqual({
      search: 'cyber',
      set_aside: 'EIGHT_A',
      agency: 'homeland',
    });
    expect(await shown(page)).toEqual(want);
    await page.reload({ waitUntil: 'networkidle0' });
    expect(await shown(page)).toEqual(want);
    expect(await valueOf(page, '#f-agency')).toBe('homeland');
    expect(await valueOf(page, '#f-set_aside')).toBe('EIGHT_A');
  });

  it('sorts on a column and pages through the results as jps list does, and back goes back', async () => {
    const page = await open('/');
    await page.click('th a[href*="sort_by=title"]');
    await settled(page, { sort_by: 'title' });
    const byTitle = await jpsList('--all', '--sort', 'title', '--order', 'asc');
    expect((await shown(page)).ids).toEqual(byTitle.slice(0, 10));
    expect(await page.$eval('th[aria-sort]', (th) => th.getAttribute('aria-sort'))).toBe('ascending');
    expect(await valueOf(page, '#f-sort_by')).toBe('title');

    await page.click('nav.pages a[rel="next"]');
    await settled(page, { page: '2' });
    expect((await shown(page)).ids).toEqual(byTitle.slice(10, 20));
    expect(await textOf(page, 'nav.pages')).toContain(`Page 2 of ${Math.ceil(byTitle.length / 10)}`);

    await page.goBack();
    await settled(page, { page: null, sort_by: 'title' });
    expect((await shown(page)).ids).toEqual(byTitle.slice(0, 10));
    await page.goBack();
    await settled(page, { sort_by: null });
    expect(await shown(page)).toEqual(await expected());
  });

  it("shows a forecast's fields in words and exactly its timeline", async () => {
    const page = await open(`/prospects/${encodeURIComponent(SLIPPING_ID)}`);
    const { stdout } = await run(process.execPath, [
      BIN,
      'history',
      SLIPPING_ID,
      '--db',
      dbPath,
      '--format',
      'json',
    ]);
    const events = JSON.parse(stdout) as HistoryEvent[];
    const shownEvents = await page.$$eval('ol.timeline li', (items) =>
      items.map((item) => ({
        kind: item.getAttribute('data-kind'),
        text: (item as unknown as { innerText: string }).innerText.replace(/\s+/g, ' ').trim(),
      })),
    );
    expect(shownEvents.map((event) => event.kind)).toEqual(events.map((event) => event.kind));
    expect(shownEvents.map((event) => event.text)).toEqual([
      expect.stringMatching(/^\w{3} \d+, \d{4} 06:00 UTC — First seen$/),
      expect.stringMatching(/— Award changed: Apr 1, 2026 → Jul 1, 2026$/),
      expect.stringMatching(/— Award fiscal quarter changed: Q3 → Q4$/),
      expect.stringMatching(
        /— Estimated value, upper bound changed: \$5M \(5,000,000\) → \$6M \(6,000,000\)$/,
      ),
    ]);
    const text = await textOf(page, 'main');
    for (const words of [
      '$2M–$6M',
      '8(a)',
      'Jul 1, 2026 (FY2026 Q4)',
      'Contract Vehicle',
      'SBA 8(a) STARS III',
    ]) {
      expect(text).toContain(words);
    }
    expect(await page.$eval('a[href^="https://apfs-cloud.dhs.gov/forecast/"]', (a) => a.textContent)).toBe(
      'This forecast on the agency’s site',
    );
  });

  /** `jps history` (no id) as JSON. */
  async function jpsHistory(...args: string[]): Promise<(HistoryEvent & { prospect_id: string })[]> {
    const { stdout } = await run(process.execPath, [
      BIN,
      'history',
      '--db',
      dbPath,
      '--format',
      'json',
      ...args,
    ]);
    return JSON.parse(stdout) as (HistoryEvent & { prospect_id: string })[];
  }

  /** The changes page's events as (forecast, kind) pairs, grouped by forecast as shown. */
  async function shownChanges(page: Page): Promise<{ groups: string[]; events: string[]; total: number }> {
    const groups = await page.$$eval('article.group', (articles) =>
      articles.map((article) => article.getAttribute('data-id')!),
    );
    const events = await page.$$eval('article.group li', (items) =>
      items.map(
        (item) => `${item.closest('article')!.getAttribute('data-id')} ${item.getAttribute('data-kind')}`,
      ),
    );
    const total = await page.$eval('[data-summary]', (element) => Number(element.getAttribute('data-total')));
    return { groups, events, total };
  }

  /** What the changes page should show for `jps history` events: grouped by forecast, first seen first. */
  function grouped(events: { prospect_id: string; kind: string }[]): {
    groups: string[];
    events: string[];
    total: number;
  } {
    const groups = [...new Set(events.map((event) => event.prospect_id))];
    return {
      groups,
      events: groups.flatMap((id) =>
        events.filter((event) => event.prospect_id === id).map((event) => `${id} ${event.kind}`),
      ),
      total: events.length,
    };
  }

  it("shows jps history's change report grouped by forecast, by default since the last run, then by period, source and kind", async () => {
    const page = await open('/changes');
    const lastRun = await jpsHistory();
    expect(lastRun.length).toBeGreaterThan(0);
    expect(await shownChanges(page)).toEqual(grouped(lastRun));

    await Promise.all([page.waitForNavigation(), page.click('a[href="/changes?since=7d"]')]);
    const week = await jpsHistory('--since', '7d');
    expect(week.length).toBeGreaterThan(lastRun.length);
    expect(await shownChanges(page)).toEqual(grouped(week));
    expect(await textOf(page, `article[data-id="${SLIPPING_ID}"]`)).toContain(
      'Award changed: Apr 1, 2026 → Jul 1, 2026',
    );

    await page.select('#c-source', 'dhs');
    await settled(page, { since: '7d', source: 'dhs' });
    await page.select('#c-kind', 'updated');
    await settled(page, { since: '7d', source: 'dhs', kind: 'updated' });
    expect(await shownChanges(page)).toEqual(
      grouped(await jpsHistory('--since', '7d', '--source', 'dhs', '--kind', 'updated')),
    );
  });

  it("shows each source's verdict with its reasons, entry URL and latest runs", async () => {
    const page = await open('/health');
    const { stdout } = await run(process.execPath, [BIN, 'health', '--db', dbPath, '--format', 'json']).catch(
      // `jps health` exits 4 when a source is not healthy; its report is still on stdout.
      (error: { stdout: string }) => ({ stdout: error.stdout }),
    );
    const report = JSON.parse(stdout) as { source: string; verdict: string; reasons: string[] }[];
    const verdicts = await page.$$eval('section[data-source]', (sections) =>
      sections.map((section) => [
        section.getAttribute('data-source'),
        section.querySelector('[data-verdict]')!.getAttribute('data-verdict'),
      ]),
    );
    expect(verdicts).toEqual(report.map((source) => [source.source, source.verdict]));
    const ssa = await textOf(page, 'section[data-source="ssa"]');
    expect(ssa).toContain(report.find((source) => source.source === 'ssa')!.reasons[0]);
    expect(ssa).toContain('Entry URL: https://www.ssa.gov/');
    expect(await page.$$eval('section[data-source="dhs"] tr[data-run]', (rows) => rows.length)).toBe(3);
    expect(await textOf(page, 'section[data-source="acquisition-gateway"] tr[data-run]')).toMatch(
      /partial 13 1 0 0 0 0 80%$/,
    );
  });

  it('shows each watch with its filters in words, its matches and its open digest', async () => {
    const page = await open('/watches');
    const watches = await page.$$eval('section[data-watch]', (sections) =>
      sections.map((section) => section.getAttribute('data-watch')),
    );
    expect(watches).toEqual(['cyber-8a', 'everything']);
    const card = await textOf(page, 'section[data-watch="cyber-8a"]');
    expect(card).toContain('search "cyber" · agency ~ "homeland" · set-aside EIGHT_A');
    expect(card).toContain('https://hooks.example.org/…');
    expect(card).not.toContain('SECRET');
    const matches = await expected('--search', 'cyber', '--set-aside', 'EIGHT_A', '--agency', 'homeland');
    expect(card).toContain(`${matches.total} forecasts`);

    await Promise.all([page.waitForNavigation(), page.click('a[href="/watches/cyber-8a"]')]);
    expect(await textOf(page, `section[data-class="changed"] article[data-id="${SLIPPING_ID}"]`)).toContain(
      'Award: Apr 1, 2026 → Jul 1, 2026',
    );
    await Promise.all([page.waitForNavigation(), page.click('dd a[href^="/?"]')]);
    expect(Object.fromEntries(params(page))).toEqual({
      search: 'cyber',
      agency: 'homeland',
      set_aside: 'EIGHT_A',
    });
    expect(await shown(page)).toEqual(matches);
  });

  it.each([
    ['/'],
    ['/?search=cyber&set_aside=EIGHT_A&sort_by=award_date&page=2&limit=25'],
    [`/prospects/${encodeURIComponent(SLIPPING_ID)}`],
    ['/changes?since=7d'],
    ['/health'],
    ['/watches'],
    ['/watches/cyber-8a'],
    ['/no-such-page'],
  ])('%s has no serious accessibility problem and fits a 375-px screen', async (path) => {
    const page = await open(path, 375, { missing: path === '/no-such-page' });
    await page.evaluate(AXE_SOURCE);
    const scan = (await page.evaluate(
      `axe.run(document).then((r) => ({ passes: r.passes.length, serious: r.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')) }))`,
    )) as { passes: number; serious: string[] };
    expect(scan.passes).toBeGreaterThan(10);
    expect(scan.serious).toEqual([]);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
  });
});
