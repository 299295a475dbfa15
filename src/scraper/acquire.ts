import { formatCount } from '../format-count.js';
import { SourceError, errorMessage } from '../errors.js';
import type {
  ExtractedRecords,
  JsonRecord,
  Layout,
  RequestOptions,
  SourceDefinition,
} from '../sources/define-source.js';
import type { HttpClient, HttpResponse } from './http.js';
import { jsonRowSet, tableRowSet, type RowSet } from './map-rows.js';
import { extensionFor, type RawArchiveWriter } from './raw-archive.js';
import { readCsv, readHtmlTables, readWorkbook } from './read-table.js';
import {
  expectedFormat,
  jsonOf,
  noLinkError,
  notFoundError,
  signInError,
  unexpectedPayload,
} from './classify-response.js';
import { decodeText, isSignInPage, pageLinks, sniffPayload } from './sniff.js';

/** A source's rows as read, with the layout that reads them and how complete the read was. */
export interface Acquired {
  rowSet: RowSet;
  layout: Layout;
  /** Unique records over the total the source reported, when it reports one. */
  coverage: number | null;
  /** Why the read is not complete (partial), or null. */
  partialReason: string | null;
}

export interface AcquireInput {
  http: HttpClient;
  source: SourceDefinition;
  entryUrl: string;
  archive: RawArchiveWriter;
  /** Overrides a paged source's own time budget (JPS_TIME_BUDGET). */
  timeBudgetMillis: number | null;
  progress: (message: string) => void;
}

/** Runs the source's acquisition from its entry URL: every fetch a scrape makes starts here. */
export async function acquire(input: AcquireInput): Promise<Acquired> {
  const { http, source, entryUrl, archive } = input;
  const acquisition = source.acquire;
  switch (acquisition.kind) {
    case 'download': {
      const response = await fetchContent(http, entryUrl, acquisition);
      return complete(
        await readPayload(source, archived(archive, response), response.url, acquisition.extract),
      );
    }
    case 'post-json': {
      const response = await fetchContent(http, entryUrl, {
        ...acquisition,
        method: 'POST',
        json: acquisition.body,
      });
      return complete(
        await readPayload(source, archived(archive, response), response.url, acquisition.extract),
      );
    }
    case 'linked-file': {
      const page = await fetchContent(http, entryUrl, acquisition);
      const kind = sniffPayload(page.body);
      if (kind !== 'html-page' && kind !== 'html-table') {
        // The entry URL was pointed straight at the file: read it as the file.
        return complete(await readPayload(source, archived(archive, page), page.url));
      }
      const html = decodeText(page.body);
      if (isSignInPage(html)) throw signInError(source, page.url);
      const link = acquisition.pickLink(pageLinks(html, page.url));
      if (!link && acquisition.readPageTable && kind === 'html-table') {
        // The page shows the data itself instead of linking a file: the page is the file.
        return complete(await readPayload(source, archived(archive, page), page.url));
      }
      if (!link) throw noLinkError(source, page.url, html, acquisition.linkDescription);
      input.progress(`downloading ${link.href}`);
      const file = await fetchContent(http, link.href, { ...acquisition, ...acquisition.file });
      return complete(await readPayload(source, archived(archive, file, link.href), file.url));
    }
    case 'paged-json':
      return acquirePages(input, acquisition);
    default:
      return acquisition satisfies never;
  }
}

/** Reads a file the user downloaded, exactly as if it had been fetched. */
export async function readFilePayload(
  source: SourceDefinition,
  bytes: Uint8Array,
  path: string,
): Promise<Acquired> {
  const extract = 'extract' in source.acquire ? source.acquire.extract : undefined;
  return complete(await readPayload(source, bytes, path, extract));
}

function complete(read: { rowSet: RowSet; layout: Layout }): Acquired {
  return { ...read, coverage: null, partialReason: null };
}

async function acquirePages(
  input: AcquireInput,
  acquisition: Extract<SourceDefinition['acquire'], { kind: 'paged-json' }>,
): Promise<Acquired> {
  const { http, source, entryUrl, archive } = input;
  const layout = requireLayout(source, 'json', 'JSON');
  const budgetMillis = input.timeBudgetMillis ?? acquisition.timeBudgetMillis;
  const started = performance.now();
  const records = new Map<string, JsonRecord>();
  const unkeyed: JsonRecord[] = [];
  let total: number | null = null;
  let stalePages = 0;
  let partialReason: string | null = null;
  let page = 1;

  archive.open('json');
  archive.write('[\n');
  for (; ; page += 1) {
    if (page > acquisition.maxPages) {
      partialReason = `stopped at the ${acquisition.maxPages}-page limit`;
      break;
    }
    if (page > 1 && performance.now() - started > budgetMillis) {
      partialReason = `stopped by the ${formatMinutes(budgetMillis)} time budget after ${page - 1} pages`;
      break;
    }
    const url = acquisition.pageUrl(entryUrl, page);
    let response: HttpResponse;
    try {
      response = await fetchContent(http, url, acquisition);
    } catch (error) {
      // A failure after some pages keeps what arrived (stored as partial: nothing is removed).
      if (page === 1) throw error;
      partialReason = `page ${page} failed: ${errorMessage(error)}`;
      break;
    }
    archive.write(page > 1 ? ',\n' : '');
    archive.write(response.body);
    const extracted = parseJsonPage(source, response, acquisition.extract);
    if (extracted.total !== null && extracted.total !== undefined) total = extracted.total;
    if (extracted.records.length === 0) break;
    let added = 0;
    for (const record of extracted.records) {
      const id = acquisition.recordId(record);
      if (id === '') unkeyed.push(record);
      else if (!records.has(id)) {
        records.set(id, record);
        added += 1;
      }
    }
    input.progress(`page ${page}: ${records.size + unkeyed.length} records`);
    // The Gateway sometimes serves the previous page again; a run of such pages means the end.
    stalePages = added === 0 ? stalePages + 1 : 0;
    if (stalePages >= acquisition.stalePagesLimit) break;
  }
  archive.write('\n]\n');

  const all = [...records.values(), ...unkeyed];
  let coverage: number | null = null;
  if (total !== null && total > 0) {
    coverage = Math.min(1, all.length / total);
    if (all.length < total && partialReason === null) {
      partialReason = `${formatCount(all.length)} of the ${formatCount(total)} records the source reported arrived`;
    }
  }
  return { rowSet: jsonRowSet(all, layout), layout, coverage, partialReason };
}

export function parseJsonPage(
  source: SourceDefinition,
  response: HttpResponse,
  extract: (body: unknown) => ExtractedRecords,
): ExtractedRecords {
  return extract(jsonOf(source, response.body, response.url));
}

export type FetchOptions = RequestOptions & { method?: 'GET' | 'POST'; json?: unknown };

/** One request, with HHS's 404-with-content quirk told apart from a missing page. */
export async function fetchContent(
  http: HttpClient,
  url: string,
  options: FetchOptions,
): Promise<HttpResponse> {
  const response = await http.request({
    url,
    method: options.method,
    json: options.json,
    headers: options.headers,
    timeoutMillis: options.timeoutMillis,
    acceptStatus404: options.acceptContentOn404,
  });
  const missing = notFoundError(response, url);
  if (missing) throw missing;
  return response;
}

function archived(archive: RawArchiveWriter, response: HttpResponse, linkUrl?: string): Uint8Array {
  const kind = sniffPayload(response.body);
  const path = new URL(linkUrl ?? response.url).pathname.toLowerCase();
  archive.open(kind === 'workbook' && path.endsWith('.xlsm') ? 'xlsm' : extensionFor(kind));
  archive.write(response.body);
  return response.body;
}

/** Turns payload bytes into rows, by what the bytes are. */
async function readPayload(
  source: SourceDefinition,
  bytes: Uint8Array,
  origin: string,
  extract?: (body: unknown) => ExtractedRecords,
): Promise<{ rowSet: RowSet; layout: Layout }> {
  if (isEmptyPayload(bytes)) {
    throw new SourceError('NO_ROWS', `no data rows in ${origin} (the file is empty); nothing was changed`);
  }
  const kind = sniffPayload(bytes);
  switch (kind) {
    case 'workbook': {
      const layout = requireLayout(source, 'table', 'a workbook', origin);
      return { rowSet: tableRowSet(await readWorkbook(bytes), layout), layout };
    }
    case 'csv': {
      const layout = requireLayout(source, 'table', 'a CSV file', origin);
      return { rowSet: tableRowSet([readCsv(bytes)], layout), layout };
    }
    case 'html-table': {
      const html = decodeText(bytes);
      if (isSignInPage(html)) throw signInError(source, origin);
      const layout = requireLayout(source, 'table', 'an HTML page', origin);
      return { rowSet: tableRowSet(readHtmlTables(html), layout), layout };
    }
    case 'json': {
      const layout = requireLayout(source, 'json', 'JSON', origin);
      let body: unknown;
      try {
        body = JSON.parse(decodeText(bytes));
      } catch (error) {
        throw new SourceError(
          'BAD_JSON',
          `the JSON from ${origin} could not be read: ${errorMessage(error)}`,
        );
      }
      return { rowSet: jsonRowSet((extract ?? extractArray)(body).records, layout), layout };
    }
    case 'html-page':
    case 'legacy-xls':
      throw unexpectedPayload(source, kind, bytes, origin);
    default:
      return kind satisfies never;
  }
}

/** Nothing but whitespace and a byte-order mark: an empty file, whatever its format would be. */
function isEmptyPayload(bytes: Uint8Array): boolean {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (let index = start; index < bytes.length; index += 1) {
    const byte = bytes[index];
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return false;
  }
  return true;
}

/** The records of a source whose answer is a plain JSON array (DHS). */
export function extractArray(body: unknown): ExtractedRecords {
  if (!Array.isArray(body)) throw new SourceError('UNEXPECTED_JSON', 'expected a JSON array of records');
  return { records: body.filter((item): item is JsonRecord => typeof item === 'object' && item !== null) };
}

function requireLayout(
  source: SourceDefinition,
  which: 'json' | 'table',
  got: string,
  origin?: string,
): Layout {
  const layout = source.layouts[which];
  if (layout) return layout;
  throw new SourceError(
    'UNEXPECTED_FORMAT',
    `expected ${expectedFormat(source)}, got ${got}${origin ? ` from ${origin}` : ''}`,
  );
}

function formatMinutes(millis: number): string {
  return millis >= 60_000 ? `${Math.round(millis / 60_000)}-minute` : `${Math.round(millis / 1000)}-second`;
}
