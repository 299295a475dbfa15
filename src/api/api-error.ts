/** The `error` codes of docs/api.md, each with its HTTP status. */
export const API_ERROR_STATUS = {
  validation_error: 400,
  not_found: 404,
  method_not_allowed: 405,
  server_error: 500,
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

/** An answer other than success, thrown by a route and turned into the error envelope by the server. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly statusCode: number;
  /** Headers sent with the error (a 503's Retry-After). */
  readonly headers: Readonly<Record<string, string>> | undefined;

  constructor(
    code: ApiErrorCode,
    message: string,
    statusCode: number = API_ERROR_STATUS[code],
    headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.statusCode = statusCode;
    this.headers = headers;
  }

  static validation(message: string): ApiError {
    return new ApiError('validation_error', message);
  }

  static notFound(message: string): ApiError {
    return new ApiError('not_found', message);
  }
}

/** `{ "status": "error", "message", "status_code", "error" }`, with more members when a route has them. */
export function errorEnvelope(error: ApiError, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    status: 'error',
    message: error.message,
    status_code: error.statusCode,
    error: error.code,
    ...extra,
  };
}
