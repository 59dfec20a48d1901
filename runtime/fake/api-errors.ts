// The fake's API errors: real ApiError instances with the Status bodies a kube-apiserver sends, so isNotFound etc. work.
import type { GroupVersionResource, StatusCause } from '../api/meta.js';
import { ApiError, type StatusReason } from '../errors/api-error.js';

/** `resource.group` (just `resource` for the core group), as apimachinery's GroupResource prints. */
export function qualifiedResource(gvr: GroupVersionResource): string {
  return gvr.group === '' ? gvr.resource : `${gvr.resource}.${gvr.group}`;
}

function status(
  code: number,
  reason: StatusReason,
  message: string,
  details?: { name?: string; group?: string; kind?: string; causes?: StatusCause[] },
): ApiError {
  return new ApiError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
    ...(details !== undefined ? { details } : {}),
  });
}

export function notFound(gvr: GroupVersionResource, name: string): ApiError {
  return status(404, 'NotFound', `${qualifiedResource(gvr)} "${name}" not found`, {
    name,
    group: gvr.group,
    kind: gvr.resource,
  });
}

/** A 404 for a path the resource does not serve (an absent subresource). */
export function resourceNotServed(): ApiError {
  return status(404, 'NotFound', 'the server could not find the requested resource');
}

export function alreadyExists(gvr: GroupVersionResource, name: string): ApiError {
  return status(409, 'AlreadyExists', `${qualifiedResource(gvr)} "${name}" already exists`, {
    name,
    group: gvr.group,
    kind: gvr.resource,
  });
}

/** A stale resourceVersion or failed precondition. */
export function conflict(gvr: GroupVersionResource, name: string, why: string): ApiError {
  return status(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(gvr)} "${name}": ${why}`, {
    name,
    group: gvr.group,
    kind: gvr.resource,
  });
}

/** The message of a conflict caused by a stale resourceVersion. */
export const modifiedMessage =
  'the object has been modified; please apply your changes to the latest version and try again';

/** One invalid field, as a StatusCause. */
export interface FieldError {
  readonly field: string;
  readonly reason: 'FieldValueRequired' | 'FieldValueInvalid' | 'FieldValueForbidden' | 'FieldValueNotSupported';
  readonly message: string;
}

export function invalid(kind: string, group: string, name: string, errors: readonly FieldError[]): ApiError {
  const qualified = group === '' ? kind : `${kind}.${group}`;
  const text = errors.map((e) => `${e.field}: ${e.message}`).join(', ');
  return status(422, 'Invalid', `${qualified} "${name}" is invalid: ${text}`, {
    name,
    group,
    kind,
    causes: errors.map((e) => ({ reason: e.reason, message: e.message, field: e.field })),
  });
}

export function badRequest(message: string): ApiError {
  return status(400, 'BadRequest', message);
}

export function methodNotSupported(gvr: GroupVersionResource, verb: string): ApiError {
  return status(405, 'MethodNotAllowed', `${verb} is not supported on resources of kind "${qualifiedResource(gvr)}"`, {
    group: gvr.group,
    kind: gvr.resource,
  });
}

export function unsupportedMediaType(contentType: string): ApiError {
  return status(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml; got ${contentType}`,
  );
}

/** 410 Expired: the requested resourceVersion is older than the retained history. */
export function expired(requested: string, oldest: number, message?: string): ApiError {
  return status(410, 'Expired', message ?? `too old resource version: ${requested} (${oldest})`);
}

/** The watch cache's answer to a resourceVersion newer than any it has seen. */
export function tooLargeResourceVersion(requested: string, current: number): ApiError {
  return new ApiError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `Too large resource version: ${requested}, current: ${current}`,
    reason: 'Timeout',
    code: 504,
    details: {
      causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
      retryAfterSeconds: 1,
    },
  });
}

/** A patch that cannot be applied (a bad pointer, a failed `test`, a body of the wrong shape): 422. */
export function patchFailed(message: string): ApiError {
  return status(422, 'Invalid', message);
}
