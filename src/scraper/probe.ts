import { formatCount } from '../format-count.js';
import got from 'got';
import { SourceError, errorMessage } from '../errors.js';
import type {
  ExtractedRecords,
  PageLink,
  RequestOptions,
  SourceDefinition,
} from '../sources/define-source.js';
import type { LiveProbe } from '../store/source-health.js';
import { extractArray } from './acquire.js';
import type { HttpClient, HttpResponse } from './http.js';
import { htmlTitle, isSignInPage, pageLinks, sniffPayload, type PayloadKind } from './sniff.js';

/**
 * A probe waits this long for each answer unless the source declares its own (the Gateway's pages
 * take ~27 s) or `JPS_HTTP_TIMEOUT` overrides every request.
 */
export const PROBE_TIMEOUT_MILLIS = 20_000;

/** How much of a linked file the probe reads: enough to tell a workbook from an error page. */
const PEEK_BYTES = 64 * 1024;

/** The first bytes of a file, and how it answered. */
export interface PeekResponse {
  url: string;
  statusCode: number;
  head: Buffer;
}

export interface PeekRequest {
  url: string;
  headers?: Record<string, string>;
  timeoutMillis: number;
}

/** Reads the first bytes of a URL and hangs up: a probe never downloads a whole file. */
export type FilePeeker = (request: PeekRequest) => Promise<PeekResponse>;

export interface ProbeOptions {
  /** Per-request timeout when the source declares none (20 s by default). */
  timeoutMillis?: number;
  /** How a linked file is checked; by default a ranged GET cut off after its first bytes. */
  peek?: FilePeeker;
}

/**
 * Probes a source now through its acquisition definition: the entry URL answers, and the data is
 * there (the linked file answers, the JSON endpoint returns records, the Apex call answers
 * `returnValue`). Reads only the first page of a paged API and the first bytes of a file; writes
 * nothing. Never throws for the site's sake: every way it goes wrong is a `detail`.
 */
export async function probeSource(
  http: HttpClient,
  source: SourceDefinition,
  entryUrl: string,
  options: ProbeOptions = {},
): Promise<LiveProbe> {
  const acquire = source.acquire;
  const timeoutMillis = acquire.timeoutMillis ?? options.timeoutMillis ?? PROBE_TIMEOUT_MILLIS;
  const fileHint = `download it in a browser and run jps scrape --source ${source.key} --file <path>`;

  let firstUrl = entryUrl;
  if (acquire.kind === 'paged-json') firstUrl = acquire.pageUrl(entryUrl, 1);

  const started = performance.now();
  let response: HttpResponse;
  try {
    response = await http.request({
      url: firstUrl,
      method: acquire.kind === 'post-json' ? 'POST' : 'GET',
      headers: acquire.headers,
      ...(acquire.kind === 'post-json' ? { json: acquire.body } : {}),
      timeoutMillis,
      acceptStatus404: acquire.acceptContentOn404 ?? false,
    });
  } catch (error) {
    return failedRequest(error, firstUrl, Math.round(performance.now() - started), fileHint);
  }

  const entry = { reachable: true, status_code: response.statusCode, response_ms: response.elapsedMillis };
  const found = (detail: string): LiveProbe => ({ ...entry, data_found: true, detail });
  const missing = (detail: string): LiveProbe => ({ ...entry, data_found: false, detail });

  const body = response.body;
  const html = looksLikeHtml(body) ? body.toString('utf8') : null;
  // HHS has answered 404 while showing the full forecast: only a real page counts as content.
  if (response.statusCode === 404 && (html === null || html.length <= 1000)) {
    return missing(`moved: the entry URL answers 404: ${response.url}`);
  }
  if (html !== null && isSignInPage(html)) {
    const title = htmlTitle(html);
    return missing(
      `sign-in wall: ${response.url} answers a sign-in page${title ? ` ("${title}")` : ''}; export the data while signed in and run jps scrape --source ${source.key} --file <export>`,
    );
  }

  switch (acquire.kind) {
    case 'linked-file': {
      // The entry URL pointed straight at the file: the scrape reads it as the file, so it is the data.
      if (html === null) {
        return body.length > 0
          ? found(`the entry URL answers the file itself (${describeBytes(body)}): ${response.url}`)
          : missing(`the answer from ${response.url} is empty`);
      }
      const links = pageLinks(html, response.url);
      const link = acquire.pickLink(links);
      if (!link && acquire.readPageTable && /<table[\s>]/i.test(html)) {
        return found(`the page ${response.url} shows the data as a table`);
      }
      if (!link) return missing(`moved: the page ${response.url} no longer has ${acquire.linkDescription}`);
      return {
        ...entry,
        ...(await probeLinkedFile(link, acquire.file ?? acquire, timeoutMillis, options, fileHint)),
      };
    }
    case 'download': {
      if (html !== null && !/<table[\s>]/i.test(html)) {
        return missing(`expected data, got an HTML page${titled(html)} from ${response.url}`);
      }
      const json = parseJson(body);
      if (json === undefined) {
        return body.length > 0
          ? found(`the answer is ${describeBytes(body)} of ${formatCount(body.length)} bytes`)
          : missing(`the answer from ${response.url} is empty`);
      }
      const records = countRecords(() =>
        acquire.extract ? acquire.extract(json.value) : extractArray(json.value),
      );
      return records.count > 0 ? found(`the answer holds ${records.text}`) : missing(records.text);
    }
    case 'paged-json': {
      const json = parseJson(body);
      if (json === undefined)
        return missing(`expected JSON, got ${describeBytes(body)}${titled(html)} from ${response.url}`);
      const records = countRecords(() => acquire.extract(json.value));
      return records.count > 0
        ? found(`page 1 returned ${records.text}`)
        : missing(`page 1: ${records.text}`);
    }
    case 'post-json': {
      const json = parseJson(body);
      if (json === undefined)
        return missing(`expected JSON, got ${describeBytes(body)}${titled(html)} from ${response.url}`);
      const value = json.value;
      if (typeof value !== 'object' || value === null || !('returnValue' in value)) {
        return missing(
          `the answer from ${response.url} has no returnValue: the site was probably redeployed and the Apex class renamed`,
        );
      }
      const records = countRecords(() => acquire.extract(value));
      return records.count > 0
        ? found(`returnValue holds ${records.text}`)
        : missing(`returnValue: ${records.text}`);
    }
    default:
      return acquire satisfies never;
  }
}

/** Checks the linked file answers, reading only its first bytes. */
async function probeLinkedFile(
  link: PageLink,
  request: RequestOptions,
  timeoutMillis: number,
  options: ProbeOptions,
  fileHint: string,
): Promise<Pick<LiveProbe, 'data_found' | 'detail'>> {
  const peek = options.peek ?? createFilePeeker();
  let file: PeekResponse;
  try {
    file = await peek({
      url: link.href,
      headers: request.headers,
      timeoutMillis: request.timeoutMillis ?? timeoutMillis,
    });
  } catch (error) {
    return { data_found: false, detail: `the linked file ${link.href}: ${failedDetail(error, fileHint)}` };
  }
  const status = file.statusCode;
  if (status === 404 || status === 410) {
    return { data_found: false, detail: `moved: the linked file answers ${status}: ${link.href}` };
  }
  if (status === 401 || status === 403) {
    return {
      data_found: false,
      detail: `blocked: the site refused jps (HTTP ${status}) at ${link.href}; ${fileHint}`,
    };
  }
  if (status >= 400)
    return { data_found: false, detail: `the linked file answers HTTP ${status}: ${link.href}` };
  if (file.head.length === 0) return { data_found: false, detail: `the linked file is empty: ${link.href}` };
  if (looksLikeHtml(file.head)) {
    const html = file.head.toString('utf8');
    if (isSignInPage(html)) {
      return {
        data_found: false,
        detail: `sign-in wall: the linked file ${link.href} answers a sign-in page; ${fileHint}`,
      };
    }
    // An HTML table is data (Treasury's ".xls" is one); any other page is an error page.
    if (!/<table[\s>]/i.test(html)) {
      return {
        data_found: false,
        detail: `the linked file answers an HTML page${titled(html)}, not data: ${file.url}`,
      };
    }
  }
  return {
    data_found: true,
    detail: `the linked file answers (HTTP ${status}, ${describeBytes(file.head)}): ${file.url}`,
  };
}

function failedRequest(error: unknown, url: string, elapsedMillis: number, fileHint: string): LiveProbe {
  const code = error instanceof SourceError ? error.code : null;
  const status = /\bHTTP (\d{3})\b/.exec(errorMessage(error))?.[1];
  const answered = code === 'HTTP_BLOCKED' || code === 'HTTP_STATUS';
  return {
    reachable: answered,
    status_code: answered && status ? Number(status) : null,
    response_ms: answered ? elapsedMillis : null,
    data_found: false,
    detail: failedDetail(error, fileHint),
  };
}

function failedDetail(error: unknown, fileHint: string): string {
  const message = errorMessage(error);
  const code = error instanceof SourceError ? error.code : null;
  switch (code) {
    case 'HTTP_BLOCKED':
      return `blocked: ${message}; ${fileHint}`;
    case 'TIMEOUT':
      return `timeout: ${message}`;
    case 'NETWORK':
      return `unreachable: ${message}`;
    case 'HTTP_STATUS':
      return /\bHTTP 404\b/.test(message) ? `moved: the entry URL answers 404 (${message})` : message;
    default:
      return message;
  }
}

/**
 * The default peeker: a GET asking for the first bytes only (`Range`), cut off after them even
 * when the server ignores the range and sends the whole file. `timeoutMillis` (JPS_HTTP_TIMEOUT)
 * overrides every request's own, as in the HttpClient.
 */
export function createFilePeeker(
  options: { userAgent?: string; timeoutMillis?: number | null } = {},
): FilePeeker {
  return (request) =>
    new Promise<PeekResponse>((resolve, reject) => {
      const timeoutMillis = options.timeoutMillis ?? request.timeoutMillis;
      const stream = got.stream(request.url, {
        headers: {
          ...(options.userAgent ? { 'user-agent': options.userAgent } : {}),
          ...Object.fromEntries(
            Object.entries(request.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
          ),
          range: `bytes=0-${PEEK_BYTES - 1}`,
        },
        timeout: { request: timeoutMillis },
        retry: { limit: 0 },
        throwHttpErrors: false,
        followRedirect: true,
        decompress: true,
      });
      const chunks: Buffer[] = [];
      let size = 0;
      let statusCode = 0;
      let url = request.url;
      let settled = false;
      const finish = () => {
        if (settled) return;
        settled = true;
        stream.destroy();
        resolve({ url, statusCode, head: Buffer.concat(chunks).subarray(0, PEEK_BYTES) });
      };
      stream.on('response', (response: { statusCode: number; url: string }) => {
        statusCode = response.statusCode;
        url = response.url;
      });
      stream.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= PEEK_BYTES) finish();
      });
      stream.on('end', finish);
      stream.on('error', (error: Error & { code?: string }) => {
        if (settled) return;
        settled = true;
        stream.destroy();
        reject(
          error.code === 'ETIMEDOUT'
            ? new SourceError('TIMEOUT', `no answer from ${request.url} within ${timeoutMillis / 1000} s`, {
                cause: error,
              })
            : new SourceError('NETWORK', `could not reach ${request.url}: ${error.code ?? error.message}`, {
                cause: error,
              }),
        );
      });
    });
}

function countRecords(extract: () => ExtractedRecords): { count: number; text: string } {
  try {
    const { records, total } = extract();
    const text = `${formatCount(records.length)} record${records.length === 1 ? '' : 's'}`;
    return {
      count: records.length,
      text: total
        ? `${text} (${formatCount(total)} reported in all)`
        : records.length > 0
          ? text
          : 'no records',
    };
  } catch (error) {
    return { count: 0, text: `unexpected answer: ${errorMessage(error)}` };
  }
}

function parseJson(body: Buffer): { value: unknown } | undefined {
  const text = body
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (!text.startsWith('{') && !text.startsWith('[')) return undefined;
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

const BYTES_DESCRIPTION: Record<PayloadKind, string> = {
  workbook: 'a ZIP workbook',
  'legacy-xls': 'an Excel 97 workbook',
  'html-table': 'an HTML table',
  'html-page': 'an HTML page',
  json: 'JSON',
  csv: 'CSV text',
};

function looksLikeHtml(bytes: Buffer): boolean {
  const kind = sniffPayload(bytes);
  return kind === 'html-page' || kind === 'html-table';
}

function describeBytes(bytes: Buffer): string {
  return bytes.length === 0 ? 'nothing' : BYTES_DESCRIPTION[sniffPayload(bytes)];
}

function titled(html: string | null): string {
  const title = html === null ? null : htmlTitle(html);
  return title ? ` "${title}"` : '';
}
