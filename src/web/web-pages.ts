import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Kysely } from 'kysely';
import type { WebQueries } from '../api/web-queries.js';
import { errorMessage } from '../errors.js';
import { likelyDuplicatesOf } from '../store/duplicate-links.js';
import { prospectHistory } from '../store/event-queries.js';
import { digestForWatch } from '../digest/classify.js';
import { getProspect, listProspects } from '../store/prospect-queries.js';
import { recentRuns } from '../store/runs.js';
import { sourceHealth } from '../store/source-health.js';
import { listWatches, readDigestSnapshot } from '../store/watches.js';
import type { Database } from '../store/schema.js';
import { SCRIPT, STYLESHEET } from './assets.js';
import { changesPage, changesResults, type ChangesView } from './changes-page.js';
import { forecastResults, forecastsPage, type ForecastsView } from './forecasts-page.js';
import { healthPage } from './health-page.js';
import { html, type SafeHtml } from './html.js';
import { layout } from './layout.js';
import { prospectPage } from './prospect-page.js';
import { watchesPage, watchPage, type WatchView } from './watches-page.js';

/** What the pages read: the read-only database, the API's queries, the registered sources, a clock. */
export interface WebDeps {
  db: Kysely<Database>;
  queries: WebQueries;
  sources: readonly { key: string; name: string; url: string }[];
  now: () => Date;
}

interface Page {
  statusCode: number;
  body: SafeHtml;
}

interface PageRequest {
  path: string;
  /** The query string without `?`. */
  rawQuery: string;
  /** The forecasts page's script asks for the results part alone. */
  resultsOnly: boolean;
}

/** `jps health`'s default `--max-age`: a source with no success for longer is degraded. */
const HEALTH_MAX_AGE_MILLIS = 8 * 86_400_000;
/** Runs shown a source on the sources page. */
const RUNS_SHOWN = 5;

/** The request header with which the forecasts page's script asks for the results part alone. */
const PART_HEADER = 'x-jps-part';

// Everything the pages load comes from jps itself: a stray URL in a forecast cannot make the
// browser fetch from another host.
const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'referrer-policy': 'same-origin',
  vary: PART_HEADER,
};

const ASSETS: Record<string, { type: string; body: Buffer }> = {
  '/assets/jps.css': { type: 'text/css; charset=utf-8', body: Buffer.from(STYLESHEET) },
  '/assets/jps.js': { type: 'text/javascript; charset=utf-8', body: Buffer.from(SCRIPT) },
};

/**
 * The built-in pages of `jps serve` (every path outside /api): forecasts, one forecast, what
 * changed, sources. Read-only, over the same store queries and parameter rules as the API.
 */
export function createWebPages(
  deps: WebDeps,
): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  return async (request, response) => {
    const target = request.url ?? '/';
    const queryStart = target.indexOf('?');
    const path = queryStart === -1 ? target : target.slice(0, queryStart);
    const method = request.method ?? 'GET';
    const send = (statusCode: number, headers: Record<string, string>, body: Buffer) => {
      response.writeHead(statusCode, { ...headers, 'content-length': String(body.length) });
      response.end(method === 'HEAD' ? undefined : body);
    };
    if (method !== 'GET' && method !== 'HEAD') {
      const page = messagePage(405, 'Not allowed', `${method} is not allowed: jps serve is read-only.`);
      send(405, { ...PAGE_HEADERS, allow: 'GET, HEAD' }, Buffer.from(page.body.text));
      return;
    }
    const asset = ASSETS[path];
    if (asset) {
      send(
        200,
        { 'content-type': asset.type, 'cache-control': 'max-age=300', 'x-content-type-options': 'nosniff' },
        asset.body,
      );
      return;
    }
    let page: Page;
    let headers: Record<string, string> = PAGE_HEADERS;
    try {
      page = await route(deps, {
        path,
        rawQuery: queryStart === -1 ? '' : target.slice(queryStart + 1),
        resultsOnly: request.headers[PART_HEADER] === 'results',
      });
    } catch (error) {
      // The query workers refuse work when too many requests wait (docs/api.md, "Under load").
      if ((error as { statusCode?: unknown } | null)?.statusCode === 503) {
        page = messagePage(503, 'Busy', `${errorMessage(error)}.`);
        headers = { ...PAGE_HEADERS, 'retry-after': '1' };
      } else {
        page = messagePage(500, 'Something went wrong', `jps could not answer: ${errorMessage(error)}`);
      }
    }
    send(page.statusCode, headers, Buffer.from(page.body.text));
  };
}

async function route(deps: WebDeps, request: PageRequest): Promise<Page> {
  const { path } = request;
  if (path === '/' || path === '/index.html') return forecasts(deps, request);
  if (path === '/changes') return changes(deps, request);
  if (path === '/health') return health(deps);
  if (path === '/watches') return watches(deps);
  const segments = path.split('/').slice(1);
  if (segments.length === 2 && segments[0] === 'watches' && segments[1] !== '') {
    return watches(deps, segments[1]!);
  }
  if (segments.length === 2 && segments[0] === 'prospects' && segments[1] !== '') {
    return prospect(deps, segments[1]!);
  }
  return messagePage(404, 'Page not found', `There is no page ${readablePath(path)} here.`);
}

async function forecasts(deps: WebDeps, request: PageRequest): Promise<Page> {
  const read = await deps.queries.prospects(request.rawQuery);
  const view: ForecastsView = {
    query: read.query,
    sources: deps.sources.map(({ key, name }) => ({ key, name })),
    defaults: deps.queries.prospectDefaults,
    ...(read.params && { params: read.params }),
    ...(read.data && { page: read.data }),
    ...(read.error !== undefined && { error: read.error }),
  };
  return {
    statusCode: read.error === undefined ? 200 : 400,
    body: request.resultsOnly ? forecastResults(view) : forecastsPage(view),
  };
}

async function changes(deps: WebDeps, request: PageRequest): Promise<Page> {
  const read = await deps.queries.changes(request.rawQuery);
  const view: ChangesView = {
    query: read.query,
    sources: deps.sources.map(({ key, name }) => ({ key, name })),
    ...(read.params && { params: read.params }),
    ...(read.data && { events: read.data.events, total: read.data.total }),
    ...(read.error !== undefined && { error: read.error }),
  };
  return {
    statusCode: read.error === undefined ? 200 : 400,
    body: request.resultsOnly ? changesResults(view) : changesPage(view),
  };
}

async function health(deps: WebDeps): Promise<Page> {
  const verdicts = await sourceHealth(
    deps.db,
    deps.sources.map((source) => source.key),
    { now: deps.now(), maxAgeMillis: HEALTH_MAX_AGE_MILLIS },
  );
  const sources = [];
  for (const [index, source] of deps.sources.entries()) {
    sources.push({
      ...source,
      health: verdicts[index]!,
      runs: await recentRuns(deps.db, source.key, RUNS_SHOWN),
    });
  }
  return { statusCode: 200, body: healthPage(sources, '8 days') };
}

/**
 * Every watch (or the one named) with its matches now and its open digest: what `jps digest` would
 * tell from the watch's cursor to now. Read-only: no cursor moves.
 */
async function watches(deps: WebDeps, segment?: string): Promise<Page> {
  let name: string | undefined;
  try {
    name = segment === undefined ? undefined : decodeURIComponent(segment);
  } catch {
    return messagePage(400, 'Cannot show this page', `The address has a malformed percent-encoding.`);
  }
  const all = await listWatches(deps.db);
  const chosen = name === undefined ? all : all.filter((watch) => watch.name === name);
  if (name !== undefined && chosen.length === 0) {
    return messagePage(404, 'No such watch', `There is no watch named “${name}”.`);
  }
  const views: WatchView[] = [];
  if (chosen.length > 0) {
    const snapshot = await readDigestSnapshot(deps.db, {
      afterEventId: Math.min(...chosen.map((watch) => watch.cursor_event_id)),
    });
    const to = deps.now().toISOString();
    for (const watch of chosen) {
      const { total } = await listProspects(deps.db, {
        filters: { ...watch.filters, status: 'active' },
        sort: 'release_date',
        order: 'desc',
        limit: 1,
        page: 1,
      });
      views.push({ watch, matches: total, digest: digestForWatch(watch, snapshot, { to }) });
    }
  }
  return { statusCode: 200, body: name === undefined ? watchesPage(views) : watchPage(views[0]!) };
}

async function prospect(deps: WebDeps, segment: string): Promise<Page> {
  let id: string;
  try {
    // Split before decoding: an encoded `/` stays part of the id.
    id = decodeURIComponent(segment);
  } catch {
    return messagePage(400, 'Cannot show this page', `The address has a malformed percent-encoding.`);
  }
  const record = await getProspect(deps.db, id);
  if (!record) return messagePage(404, 'No such forecast', `jps has no forecast with the id “${id}”.`);
  const events = await prospectHistory(deps.db, id);
  const duplicates = await likelyDuplicatesOf(deps.db, id);
  const sourceUrl = deps.sources.find((source) => source.key === record.source)?.url;
  return {
    statusCode: 200,
    body: prospectPage({ record, events, duplicates, ...(sourceUrl && { sourceUrl }) }),
  };
}

function messagePage(statusCode: number, title: string, message: string): Page {
  return {
    statusCode,
    body: layout({
      title,
      body: html`<h1>${title}</h1>
        <p>${message}</p>
        <p><a href="/">Back to the forecasts</a></p>`,
    }),
  };
}

function readablePath(path: string): string {
  try {
    return decodeURIComponent(path).slice(0, 200);
  } catch {
    return path.slice(0, 200);
  }
}
