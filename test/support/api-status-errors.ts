// ApiErrors shaped like the ones the API server sends (apimachinery's NewResourceExpired, NewTooManyRequests, ...).
import type { StatusCause } from '../../runtime/api/meta.js';
import { ApiError } from '../../runtime/errors/index.js';

function failure(code: number, reason: string, message: string, causes?: StatusCause[], retryAfter?: number): ApiError {
  const details: { causes?: StatusCause[]; retryAfterSeconds?: number } = {};
  if (causes !== undefined) {
    details.causes = causes;
  }
  if (retryAfter !== undefined) {
    details.retryAfterSeconds = retryAfter;
  }
  return new ApiError({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message, details });
}

/** 410 Expired: a resourceVersion or continue token older than the server's history. */
export const resourceExpired = (message = 'too old resource version'): ApiError => failure(410, 'Expired', message);

/** 410 Gone, as servers before 1.18 reported expiry. */
export const gone = (message = 'gone'): ApiError => failure(410, 'Gone', message);

/** 429 TooManyRequests with a Retry-After. */
export const tooManyRequests = (message = 'too many requests', retryAfter = 1): ApiError =>
  failure(429, 'TooManyRequests', message, undefined, retryAfter);

/** 500 InternalError. */
export const internalError = (message = 'etcdserver: no leader'): ApiError =>
  failure(500, 'InternalError', `Internal error occurred: ${message}`);

/** 504 Timeout carrying the ResourceVersionTooLarge cause (the watch cache is behind the requested version). */
export const tooLargeResourceVersion = (): ApiError =>
  failure(504, 'Timeout', 'Too large resource version', [
    { reason: 'ResourceVersionTooLarge', message: 'Too large resource version' },
  ]);

/** 504 Timeout with a plain message. */
export const timeoutError = (message: string, causes?: StatusCause[]): ApiError =>
  failure(504, 'Timeout', message, causes);

/** 422 Invalid, as an old server answers a streaming-list request. */
export const invalid = (message = 'streaming is not allowed'): ApiError => failure(422, 'Invalid', message);

/** 403 Forbidden. */
export const forbidden = (message = 'Access Denied'): ApiError => failure(403, 'Forbidden', message);
