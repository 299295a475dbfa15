import { formatCount } from '../format-count.js';
import { SourceError, errorMessage } from '../errors.js';
import type { ExtractedRecords, SourceDefinition } from '../sources/define-source.js';
import type { LiveProbe } from '../store/source-verdict.js';
import { extractArray, fetchContent } from './acquire.js';
import {
  htmlOf,
  jsonOf,
  noLinkError,
  notFoundError,
  signInWall,
  unexpectedPayload,
} from './classify-response.js';
import type { HttpClient, HttpResponse } from './http.js';
import { pageLinks, sniffPayload, type PayloadKind } from './sniff.js';

/**
 * A probe waits this long for each answer unless the source declares its own (the Gateway's pages
 * take ~27 s) or `JPS_HTTP_TIMEOUT` overrides every request.
 */
export const PROBE_TIMEOUT_MILLIS = 20_000;

export interface ProbeOptions {
  /** Per-request timeout when the source declares none (20 s by default). */
  timeoutMillis?: number;
}

/** What the probe learned once the entry URL answered: is the data there, and in words. */
type Finding = Pick<LiveProbe, 'data_found' | 'detail'>;

/**
 * Probes a source now through its acquisition definition, with the scrape's own requests and
 * readers (acquire.ts, classify-response.ts): the entry URL answers, and the data is there (the
 * linked file answers, the JSON endpoint returns records). Reads only the first page of a paged
 * API and the first bytes of a file (HttpClient.peek); writes nothing. Never throws for the site's
 * sake: every way it goes wrong is a `detail`, the scrape's own error message with its kind.
 */
export async function probeSource(
  http: HttpClient,
  source: SourceDefinition,
  entryUrl: string,
  options: ProbeOptions = {},
): Promise<LiveProbe> {
  const acquire = source.acquire;
  const timeoutMillis = acquire.timeoutMillis ?? options.timeoutMillis ?? PROBE_TIMEOUT_MILLIS;
  const firstUrl = acquire.kind === 'paged-json' ? acquire.pageUrl(entryUrl, 1) : entryUrl;

  const started = performance.now();
  let response: HttpResponse;
  try {
    response = await fetchContent(http, firstUrl, {
      ...acquire,
      timeoutMillis,
      ...(acquire.kind === 'post-json' ? { method: 'POST', json: acquire.body } : {}),
    });
  } catch (error) {
    return failedRequest(error, source, Math.round(performance.now() - started));
  }
  const entry = { reachable: true, status_code: response.statusCode, response_ms: response.elapsedMillis };
  try {
    return { ...entry, ...(await judge(http, source, response, timeoutMillis)) };
  } catch (error) {
    return { ...entry, data_found: false, detail: describeFailure(error, source) };
  }
}

/** Whether the entry URL's answer leads to data, by the scrape's rules; throws the scrape's error. */
async function judge(
  http: HttpClient,
  source: SourceDefinition,
  response: HttpResponse,
  timeoutMillis: number,
): Promise<Finding> {
  const acquire = source.acquire;
  const body = response.body;
  const html = htmlOf(body);
  const wall = html === null ? null : signInWall(source, html, response.url);
  if (wall) throw wall;
  const found = (detail: string): Finding => ({ data_found: true, detail });
  const missing = (detail: string): Finding => ({ data_found: false, detail });

  switch (acquire.kind) {
    case 'linked-file': {
      // The entry URL pointed straight at the file: the scrape reads it as the file, so it is the data.
      if (html === null) {
        return body.length > 0
          ? found(`the entry URL answers the file itself (${describeBytes(body)}): ${response.url}`)
          : missing(`the answer from ${response.url} is empty`);
      }
      const link = acquire.pickLink(pageLinks(html, response.url));
      if (!link && acquire.readPageTable && sniffPayload(body) === 'html-table') {
        return found(`the page ${response.url} shows the data as a table`);
      }
      if (!link) throw noLinkError(source, response.url, html, acquire.linkDescription);
      const request = { ...acquire, ...acquire.file };
      let file: HttpResponse;
      try {
        file = await http.peek({
          url: link.href,
          headers: request.headers,
          timeoutMillis: acquire.file?.timeoutMillis ?? timeoutMillis,
          acceptStatus404: request.acceptContentOn404 ?? false,
        });
      } catch (error) {
        return missing(`the linked file: ${describeFailure(error, source)}`);
      }
      const notFound = notFoundError(file, link.href);
      if (notFound) return missing(`the linked file: ${describeFailure(notFound, source)}`);
      if (file.body.length === 0) return missing(`the linked file is empty: ${link.href}`);
      const fileHtml = htmlOf(file.body);
      if (fileHtml !== null) {
        const fileWall = signInWall(source, fileHtml, file.url);
        if (fileWall) return missing(`the linked file: ${describeFailure(fileWall, source)}`);
        // An HTML table is data (Treasury's ".xls" is one); any other page is an error page.
        if (sniffPayload(file.body) === 'html-page') {
          throw unexpectedPayload(source, 'html-page', file.body, file.url);
        }
      }
      return found(
        `the linked file answers (HTTP ${file.statusCode}, ${describeBytes(file.body)}): ${file.url}`,
      );
    }
    case 'download': {
      if (html !== null && sniffPayload(body) === 'html-page') {
        throw unexpectedPayload(source, 'html-page', body, response.url);
      }
      if (sniffPayload(body) !== 'json') {
        return body.length > 0
          ? found(`the answer is ${describeBytes(body)} of ${formatCount(body.length)} bytes`)
          : missing(`the answer from ${response.url} is empty`);
      }
      const json = jsonOf(source, body, response.url);
      const records = countRecords(() => (acquire.extract ?? extractArray)(json));
      return records.count > 0 ? found(`the answer holds ${records.text}`) : missing(records.text);
    }
    case 'paged-json': {
      const json = jsonOf(source, body, response.url);
      const records = countRecords(() => acquire.extract(json));
      return records.count > 0
        ? found(`page 1 returned ${records.text}`)
        : missing(`page 1: ${records.text}`);
    }
    case 'post-json': {
      const json = jsonOf(source, body, response.url);
      const records = countRecords(() => acquire.extract(json));
      return records.count > 0 ? found(`the answer holds ${records.text}`) : missing(records.text);
    }
    default:
      return acquire satisfies never;
  }
}

function failedRequest(error: unknown, source: SourceDefinition, elapsedMillis: number): LiveProbe {
  const code = error instanceof SourceError ? error.code : null;
  const status = /\bHTTP (\d{3})\b/.exec(errorMessage(error))?.[1];
  const answered = code === 'HTTP_BLOCKED' || code === 'HTTP_STATUS';
  return {
    reachable: answered,
    status_code: answered && status ? Number(status) : null,
    response_ms: answered ? elapsedMillis : null,
    data_found: false,
    detail: describeFailure(error, source),
  };
}

/** The scrape's error message, led by what kind of trouble it is, for `jps health --live`. */
function describeFailure(error: unknown, source: SourceDefinition): string {
  const message = errorMessage(error);
  const code = error instanceof SourceError ? error.code : null;
  const fileHint = `download it in a browser and run jps scrape --source ${source.key} --file <path>`;
  switch (code) {
    case 'HTTP_BLOCKED':
      return `blocked: ${message}; ${fileHint}`;
    case 'TIMEOUT':
      return `timeout: ${message}`;
    case 'NETWORK':
      return `unreachable: ${message}`;
    case 'SIGN_IN':
      return `sign-in wall: ${message}`;
    case 'NO_LINK':
      return `moved: ${message}`;
    case 'HTTP_STATUS':
      return /\bHTTP (404|410)\b/.test(message) ? `moved: ${message}` : message;
    default:
      return message;
  }
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

const BYTES_DESCRIPTION: Record<PayloadKind, string> = {
  workbook: 'a ZIP workbook',
  'legacy-xls': 'an Excel 97 workbook',
  'html-table': 'an HTML table',
  'html-page': 'an HTML page',
  json: 'JSON',
  csv: 'CSV text',
};

function describeBytes(bytes: Buffer): string {
  return bytes.length === 0 ? 'nothing' : BYTES_DESCRIPTION[sniffPayload(bytes)];
}
