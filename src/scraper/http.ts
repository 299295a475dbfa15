import type { Method } from 'got';
import { SourceError, errorMessage } from '../errors.js';

export interface HttpRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** A JSON body (sent with `Content-Type: application/json`). */
  json?: unknown;
  timeoutMillis?: number;
  /** Hand back a 404 instead of failing: the caller decides whether its body is content (HHS). */
  acceptStatus404?: boolean;
}

export interface HttpResponse {
  /** The final URL, after redirects: links on the page resolve against it. */
  url: string;
  statusCode: number;
  contentType: string;
  body: Buffer;
  elapsedMillis: number;
}

export interface HttpClient {
  request(request: HttpRequest): Promise<HttpResponse>;
  /**
   * The first `PEEK_BYTES` of a GET, then hangs up (asking with `Range`, and cutting off a server
   * that ignores it): `jps health --live` checks a linked file without downloading it. Once, no
   * retries; the status rules are request()'s, so its body is only ever an answer worth reading.
   */
  peek(request: Omit<HttpRequest, 'method' | 'json'>): Promise<HttpResponse>;
}

/** How much of a file peek() reads: enough to tell a workbook from an error page. */
export const PEEK_BYTES = 64 * 1024;

export interface HttpClientOptions {
  userAgent: string;
  /** The first retry waits this long, each further one twice as long (unless Retry-After says). */
  retryBaseMillis: number;
  maxDownloadBytes: number;
  /** When set, every request uses this timeout (JPS_HTTP_TIMEOUT). */
  timeoutMillis: number | null;
  maxRetries?: number;
  /** Waits longer than this for a Retry-After are cut to it. */
  maxRetryAfterMillis?: number;
}

export const DEFAULT_TIMEOUT_MILLIS = 60_000;
const DEFAULT_MAX_RETRIES = 3;
const DEFAULT_MAX_RETRY_AFTER_MILLIS = 120_000;

/**
 * HTTP for every source: a per-request timeout, up to three retries with exponential backoff on
 * network errors, 429 and 5xx (honouring Retry-After), a download size cap, and a User-Agent that
 * names jps. 401 and 403 are the site refusing us: blocked, never retried.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  const maxRetryAfterMillis = options.maxRetryAfterMillis ?? DEFAULT_MAX_RETRY_AFTER_MILLIS;

  async function attempt(
    request: HttpRequest,
    timeoutMillis: number,
  ): Promise<{ response: HttpResponse; retryAfter: string | undefined }> {
    // got is loaded on the first request, so commands that never fetch start faster.
    const { default: got } = await import('got');
    const started = performance.now();
    const promise = got(request.url, {
      method: (request.method ?? 'GET') as Method,
      headers: { 'user-agent': options.userAgent, ...lowerCaseKeys(request.headers ?? {}) },
      ...(request.json === undefined ? {} : { json: request.json }),
      timeout: { request: timeoutMillis },
      retry: { limit: 0 },
      throwHttpErrors: false,
      responseType: 'buffer',
      followRedirect: true,
      decompress: true,
    });
    let tooLarge = false;
    // .on() hands back the same promise, which is awaited just below.
    void promise.on('downloadProgress', (progress: { transferred: number }) => {
      if (progress.transferred > options.maxDownloadBytes) {
        tooLarge = true;
        promise.cancel();
      }
    });
    try {
      const response = await promise;
      return {
        response: {
          url: response.url,
          statusCode: response.statusCode,
          contentType: String(response.headers['content-type'] ?? ''),
          body: response.body,
          elapsedMillis: Math.round(performance.now() - started),
        },
        retryAfter: response.headers['retry-after'],
      };
    } catch (error) {
      if (tooLarge) {
        throw new SourceError(
          'TOO_LARGE',
          `the answer from ${request.url} is larger than ${Math.round(options.maxDownloadBytes / 1048576)} MB (raise JPS_MAX_DOWNLOAD_MB if that is expected)`,
        );
      }
      throw transportError(error, request.url, timeoutMillis);
    }
  }

  const timeoutOf = (request: HttpRequest) =>
    options.timeoutMillis ?? request.timeoutMillis ?? DEFAULT_TIMEOUT_MILLIS;

  return {
    async peek(request) {
      const response = await readFirstBytes(request, options.userAgent, timeoutOf(request));
      const refusal = statusError(response.statusCode, request);
      if (refusal) throw refusal;
      return response;
    },

    async request(request) {
      const timeoutMillis = timeoutOf(request);
      for (let tries = 0; ; tries += 1) {
        let waitMillis = options.retryBaseMillis * 2 ** tries;
        let failure: SourceError;
        try {
          const { response, retryAfter } = await attempt(request, timeoutMillis);
          const status = response.statusCode;
          if (status === 429 || status >= 500) {
            failure = new SourceError('HTTP_STATUS', `HTTP ${status} from ${request.url}`, {
              retryable: true,
            });
            const retryAfterMillis = parseRetryAfter(retryAfter, Date.now());
            if (retryAfterMillis !== null) waitMillis = Math.min(retryAfterMillis, maxRetryAfterMillis);
          } else {
            const refusal = statusError(status, request);
            if (refusal) throw refusal;
            return response;
          }
        } catch (error) {
          if (!(error instanceof SourceError) || !error.retryable) throw error;
          failure = error;
        }
        if (tries >= maxRetries) {
          throw new SourceError(failure.code, `${failure.message} (after ${tries + 1} attempts)`, {
            cause: failure,
          });
        }
        await new Promise((resolve) => setTimeout(resolve, waitMillis));
      }
    },
  };
}

/** A GET asking for the first PEEK_BYTES only, cut off after them even if the server sends more. */
async function readFirstBytes(
  request: Omit<HttpRequest, 'method' | 'json'>,
  userAgent: string,
  timeoutMillis: number,
): Promise<HttpResponse> {
  const { default: got } = await import('got');
  const started = performance.now();
  return new Promise<HttpResponse>((resolve, reject) => {
    const stream = got.stream(request.url, {
      headers: {
        'user-agent': userAgent,
        ...lowerCaseKeys(request.headers ?? {}),
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
    let answer = { url: request.url, statusCode: 0, contentType: '' };
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      stream.destroy();
      resolve({
        ...answer,
        body: Buffer.concat(chunks).subarray(0, PEEK_BYTES),
        elapsedMillis: Math.round(performance.now() - started),
      });
    };
    stream.on(
      'response',
      (response: { statusCode: number; url: string; headers: Record<string, unknown> }) => {
        answer = {
          url: response.url,
          statusCode: response.statusCode,
          contentType: String(response.headers['content-type'] ?? ''),
        };
      },
    );
    stream.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= PEEK_BYTES) finish();
    });
    stream.on('end', finish);
    stream.on('error', (error: Error) => {
      if (settled) return;
      settled = true;
      stream.destroy();
      reject(transportError(error, request.url, timeoutMillis));
    });
  });
}

/**
 * What a final status means: 401 and 403 are the site refusing us (blocked), any other 4xx an
 * error — except a 404 the caller takes as possible content (HHS). null when the answer is content.
 */
function statusError(
  status: number,
  request: Pick<HttpRequest, 'url' | 'acceptStatus404'>,
): SourceError | null {
  if (status === 401 || status === 403) {
    return new SourceError('HTTP_BLOCKED', `the site refused jps (HTTP ${status}) at ${request.url}`);
  }
  if (status >= 400 && !(status === 404 && request.acceptStatus404)) {
    return new SourceError('HTTP_STATUS', `HTTP ${status} from ${request.url}`);
  }
  return null;
}

/** A request that got no answer: a timeout, or the network (both worth a retry). */
function transportError(error: unknown, url: string, timeoutMillis: number): SourceError {
  const code = (error as { code?: string }).code;
  if (code === 'ETIMEDOUT') {
    return new SourceError('TIMEOUT', `no answer from ${url} within ${formatSeconds(timeoutMillis)}`, {
      retryable: true,
      cause: error,
    });
  }
  return new SourceError('NETWORK', `could not reach ${url}: ${code ?? errorMessage(error)}`, {
    retryable: true,
    cause: error,
  });
}

/** Retry-After is seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMillis: number): number | null {
  if (value === undefined || value.trim() === '') return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMillis);
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

function formatSeconds(millis: number): string {
  return millis % 1000 === 0 ? `${millis / 1000} s` : `${(millis / 1000).toFixed(1)} s`;
}
