import { SourceError } from '../errors.js';
import type { SourceDefinition } from '../sources/define-source.js';
import type { HttpResponse } from './http.js';
import { decodeText, htmlTitle, isSignInPage, sniffPayload } from './sniff.js';

// The one reading of an agency's answer, shared by the scrape (acquire.ts) and `jps health --live`
// (probe.ts): what counts as a missing page, a sign-in wall, JSON or an error page, and the error
// that says so. A site that changes how it answers is fixed here once, for both.

/**
 * A 404 is a missing page — unless it is a real page: HHS has answered 404 while showing the
 * whole forecast (seen 2025), so an HTML answer over 1,000 bytes is content. null when it is.
 */
export function notFoundError(
  response: Pick<HttpResponse, 'statusCode' | 'body'>,
  url: string,
): SourceError | null {
  if (response.statusCode !== 404) return null;
  const kind = sniffPayload(response.body);
  const isRealPage = (kind === 'html-page' || kind === 'html-table') && response.body.length > 1000;
  return isRealPage ? null : new SourceError('HTTP_STATUS', `HTTP 404 from ${url}`);
}

/** The answer's text when it is an HTML page (with or without a table), else null. */
export function htmlOf(bytes: Uint8Array): string | null {
  const kind = sniffPayload(bytes);
  return kind === 'html-page' || kind === 'html-table' ? decodeText(bytes) : null;
}

/** The JSON an answer holds; an answer that is not JSON is explained as unexpectedPayload does. */
export function jsonOf(source: SourceDefinition, bytes: Uint8Array, origin: string): unknown {
  const kind = sniffPayload(bytes);
  if (kind !== 'json') throw unexpectedPayload(source, kind, bytes, origin, 'JSON');
  return JSON.parse(decodeText(bytes));
}

/** A landing page without the link to the data: the page changed. */
export function noLinkError(
  source: SourceDefinition,
  pageUrl: string,
  html: string,
  linkDescription: string,
): SourceError {
  const title = htmlTitle(html);
  return new SourceError(
    'NO_LINK',
    `the page ${pageUrl}${title ? ` ("${title}")` : ''} does not have ${linkDescription}: it changed; ` +
      `download the file in a browser and run: jps scrape --source ${source.key} --file <file>`,
  );
}

/** The sign-in wall, when the page is one; null otherwise. */
export function signInWall(source: SourceDefinition, html: string, url: string): SourceError | null {
  return isSignInPage(html) ? signInError(source, url) : null;
}

/** "a workbook", "a CSV file", "JSON" — what the source's data should be, for error messages. */
export function expectedFormat(source: SourceDefinition): string {
  if (source.layouts.json && source.acquire.kind !== 'linked-file') return 'JSON';
  const formats = source.fileFormats;
  if (formats.some((f) => f.startsWith('xls') && f !== 'xls')) return 'a workbook';
  if (formats.includes('csv')) return 'a CSV file';
  return 'a table';
}

export function unexpectedPayload(
  source: SourceDefinition,
  kind: string,
  bytes: Uint8Array,
  origin: string,
  expected = expectedFormat(source),
): SourceError {
  if (kind === 'html-page' || kind === 'html-table') {
    const html = decodeText(bytes);
    if (isSignInPage(html)) return signInError(source, origin);
    const title = htmlTitle(html);
    return new SourceError(
      'NOT_DATA',
      `expected ${expected}, got an HTML page${title ? ` "${title}"` : ' with no title'} from ${origin}`,
    );
  }
  if (kind === 'legacy-xls') {
    return new SourceError(
      'LEGACY_XLS',
      `got an old binary .xls workbook from ${origin}; open it in a spreadsheet, save it as .xlsx and run: jps scrape --source ${source.key} --file <file.xlsx>`,
    );
  }
  return new SourceError('NOT_DATA', `expected ${expected}, got ${kind} from ${origin}`);
}

export function signInError(source: SourceDefinition, url: string): SourceError {
  const format = source.fileFormats[0] ?? 'file';
  return new SourceError(
    'SIGN_IN',
    `the forecast at ${url} is behind a sign-in page; sign in with a browser, export the forecast as ${format.toUpperCase()} ` +
      `and run: jps scrape --source ${source.key} --file <export.${format}>`,
  );
}
