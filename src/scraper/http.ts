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
}

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
      const code = (error as { code?: string }).code;
      if (code === 'ETIMEDOUT') {
        throw new SourceError(
          'TIMEOUT',
          `no answer from ${request.url} within ${formatSeconds(timeoutMillis)}`,
          {
            retryable: true,
            cause: error,
          },
        );
      }
      throw new SourceError('NETWORK', `could not reach ${request.url}: ${code ?? errorMessage(error)}`, {
        retryable: true,
        cause: error,
      });
    }
  }

  return {
    async request(request) {
      const timeoutMillis = options.timeoutMillis ?? request.timeoutMillis ?? DEFAULT_TIMEOUT_MILLIS;
      for (let tries = 0; ; tries += 1) {
        let waitMillis = options.retryBaseMillis * 2 ** tries;
        let failure: SourceError;
        try {
          const { response, retryAfter } = await attempt(request, timeoutMillis);
          const status = response.statusCode;
          if (status === 401 || status === 403) {
            throw new SourceError('HTTP_BLOCKED', `the site refused jps (HTTP ${status}) at ${request.url}`);
          }
          if (status === 429 || status >= 500) {
            failure = new SourceError('HTTP_STATUS', `HTTP ${status} from ${request.url}`, {
              retryable: true,
            });
            const retryAfterMillis = parseRetryAfter(retryAfter, Date.now());
            if (retryAfterMillis !== null) waitMillis = Math.min(retryAfterMillis, maxRetryAfterMillis);
          } else if (status >= 400 && !(status === 404 && request.acceptStatus404)) {
            throw new SourceError('HTTP_STATUS', `HTTP ${status} from ${request.url}`);
          } else {
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
