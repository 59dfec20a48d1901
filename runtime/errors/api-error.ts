// API errors: ApiError built from a metav1.Status or from the HTTP status code, as apimachinery's errors package does.
import type { Status, StatusCause, StatusDetails } from '../api/meta.js';

/** Base class of every error the runtime throws; `code` is stable and greppable. */
export class KubeError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The `reason` values of metav1.Status that the predicates below understand. */
export type StatusReason =
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Invalid'
  | 'ServerTimeout'
  | 'StoreReadError'
  | 'Timeout'
  | 'TooManyRequests'
  | 'BadRequest'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'InternalError'
  | 'Expired'
  | 'ServiceUnavailable'
  | 'Unknown';

const knownReasons = new Set<string>([
  'Unauthorized',
  'Forbidden',
  'NotFound',
  'AlreadyExists',
  'Conflict',
  'Gone',
  'Invalid',
  'ServerTimeout',
  'StoreReadError',
  'Timeout',
  'TooManyRequests',
  'BadRequest',
  'MethodNotAllowed',
  'NotAcceptable',
  'RequestEntityTooLarge',
  'UnsupportedMediaType',
  'InternalError',
  'Expired',
  'ServiceUnavailable',
]);

/** A failed API request or a watch ERROR event. `reason` is the API's, `statusCode` the HTTP one. */
export class ApiError extends KubeError {
  readonly statusCode: number;
  readonly reason: string;
  readonly details: StatusDetails | undefined;
  readonly status: Status;

  constructor(status: Status, options?: ErrorOptions) {
    super('KUBE_API_ERROR', status.message || `the server responded with ${status.code ?? 'an error'}`, options);
    this.status = status;
    this.statusCode = status.code ?? 0;
    this.reason = status.reason ?? 'Unknown';
    this.details = status.details;
  }

  /** Seconds the server asked the client to wait (`Retry-After` or `details.retryAfterSeconds`). */
  get retryAfterSeconds(): number | undefined {
    return this.details?.retryAfterSeconds;
  }

  /** The causes listed by the server (validation errors, too-large resource versions, ...). */
  get causes(): readonly StatusCause[] {
    return this.details?.causes ?? [];
  }
}

/** True for a metav1.Status body describing a failure. */
export function isFailureStatus(body: unknown): body is Status {
  if (typeof body !== 'object' || body === null) {
    return false;
  }
  const s = body as Status;
  return s.kind === 'Status' && s.status === 'Failure';
}

/** apimachinery's NewGenericServerResponse table: the reason for a bare status code. */
export function reasonForStatusCode(code: number, method = 'GET'): StatusReason {
  switch (code) {
    case 409:
      return method.toUpperCase() === 'POST' ? 'AlreadyExists' : 'Conflict';
    case 404:
      return 'NotFound';
    case 400:
      return 'BadRequest';
    case 401:
      return 'Unauthorized';
    case 403:
      return 'Forbidden';
    case 405:
      return 'MethodNotAllowed';
    case 406:
      return 'NotAcceptable';
    case 410:
      return 'Gone';
    case 413:
      return 'RequestEntityTooLarge';
    case 415:
      return 'UnsupportedMediaType';
    case 422:
      return 'Invalid';
    case 429:
      return 'TooManyRequests';
    case 503:
      return 'ServiceUnavailable';
    case 504:
      return 'Timeout';
    default:
      return code >= 500 ? 'InternalError' : 'Unknown';
  }
}

/**
 * Builds an ApiError from a response: the decoded Status when the body is one, otherwise from the code.
 * `retryAfter` is the `Retry-After` header in seconds, if any.
 */
export function apiErrorFromResponse(
  statusCode: number,
  body: unknown,
  init: { method?: string; retryAfter?: number; text?: string } = {},
): ApiError {
  if (isFailureStatus(body)) {
    const status: Status = { ...body, code: body.code ?? statusCode };
    if (init.retryAfter !== undefined && status.details?.retryAfterSeconds === undefined) {
      status.details = { ...status.details, retryAfterSeconds: init.retryAfter };
    }
    return new ApiError(status);
  }
  const reason = reasonForStatusCode(statusCode, init.method);
  const details: StatusDetails = {};
  if (init.retryAfter !== undefined) {
    details.retryAfterSeconds = init.retryAfter;
  }
  const text = init.text?.trim();
  return new ApiError({
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    code: statusCode,
    reason,
    message: text
      ? `the server responded with ${statusCode} (${reason}): ${truncate(text, 512)}`
      : `the server responded with ${statusCode} (${reason})`,
    details,
  });
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

function reasonOf(err: unknown): { reason: string; code: number; known: boolean } | undefined {
  if (!(err instanceof ApiError)) {
    return undefined;
  }
  return { reason: err.reason, code: err.statusCode, known: knownReasons.has(err.reason) };
}

// A predicate matches the reason, or the code when the reason is not one apimachinery knows.
function matches(err: unknown, reason: StatusReason, code: number): boolean {
  const r = reasonOf(err);
  if (r === undefined) {
    return false;
  }
  if (r.reason === reason) {
    return true;
  }
  return !r.known && r.code === code;
}

export const isNotFound = (err: unknown): boolean => matches(err, 'NotFound', 404);
export const isAlreadyExists = (err: unknown): boolean => matches(err, 'AlreadyExists', 409);
export const isConflict = (err: unknown): boolean => matches(err, 'Conflict', 409);
export const isGone = (err: unknown): boolean => matches(err, 'Gone', 410);
export const isResourceExpired = (err: unknown): boolean => matches(err, 'Expired', 410);
export const isInvalid = (err: unknown): boolean => matches(err, 'Invalid', 422);
export const isForbidden = (err: unknown): boolean => matches(err, 'Forbidden', 403);
export const isUnauthorized = (err: unknown): boolean => matches(err, 'Unauthorized', 401);
export const isBadRequest = (err: unknown): boolean => matches(err, 'BadRequest', 400);
export const isTimeout = (err: unknown): boolean => matches(err, 'Timeout', 504);
export const isServerTimeout = (err: unknown): boolean => matches(err, 'ServerTimeout', 500);
export const isInternalError = (err: unknown): boolean => matches(err, 'InternalError', 500);
export const isServiceUnavailable = (err: unknown): boolean => matches(err, 'ServiceUnavailable', 503);
export const isMethodNotSupported = (err: unknown): boolean => matches(err, 'MethodNotAllowed', 405);

/** 429 by reason, or by code alone, as apimachinery's IsTooManyRequests. */
export function isTooManyRequests(err: unknown): boolean {
  const r = reasonOf(err);
  return r !== undefined && (r.reason === 'TooManyRequests' || r.code === 429);
}

/** The reflector's "resource version too large" check: a cause, a 504 with that message, or the message text. */
export function isTooLargeResourceVersion(err: unknown): boolean {
  if (!(err instanceof ApiError)) {
    return false;
  }
  if (err.causes.some((c) => c.reason === 'ResourceVersionTooLarge')) {
    return true;
  }
  const text = 'Too large resource version';
  if (isTimeout(err) && err.causes.some((c) => c.message?.includes(text))) {
    return true;
  }
  return err.message.includes(text);
}
