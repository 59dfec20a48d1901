// Non-2xx responses become ApiErrors: from a metav1.Status body, or by apimachinery's status-code table otherwise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  isAlreadyExists,
  isBadRequest,
  isConflict,
  isForbidden,
  isGone,
  isInternalError,
  isInvalid,
  isMethodNotSupported,
  isNotFound,
  isServiceUnavailable,
  isTimeout,
  isTooManyRequests,
  isUnauthorized,
} from '../../../runtime/errors/api-error.js';
import type { HttpMethod } from '../../../runtime/rest/rest-client.js';
import { RestClient } from '../../../runtime/rest/rest-client.js';
import { type LocalServer, sendJson, startLocalServer } from './local-server.js';

let server: LocalServer;
let rest: RestClient;
beforeAll(async () => {
  // `/code/<n>` answers n with a plain-text body; `/status/<n>/<reason>` with a metav1.Status.
  server = await startLocalServer((req, res) => {
    const [, kind, code, reason] = req.url.split('/');
    if (kind === 'status') {
      sendJson(res, Number(code), {
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        code: Number(code),
        reason,
        message: `configmaps "x" ${reason}`,
        details: { name: 'x', kind: 'configmaps' },
      });
    } else {
      res.writeHead(Number(code), { 'content-type': 'text/plain', ...(code === '429' ? { 'retry-after': '7' } : {}) });
      res.end('upstream says no');
    }
  });
  rest = new RestClient({ host: server.url, qps: -1 }, { maxRetries: 0 });
});
afterAll(async () => {
  await rest.close();
  await server.close();
});

async function failure(path: string, method: HttpMethod = 'GET'): Promise<ApiError> {
  const err = await rest.request({ method, path, ...(method === 'GET' ? {} : { body: {} }) }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe('errors from a bare status code', () => {
  it.each([
    [409, 'POST', 'AlreadyExists', isAlreadyExists],
    [409, 'PUT', 'Conflict', isConflict],
    [404, 'GET', 'NotFound', isNotFound],
    [400, 'GET', 'BadRequest', isBadRequest],
    [401, 'GET', 'Unauthorized', isUnauthorized],
    [403, 'GET', 'Forbidden', isForbidden],
    [405, 'GET', 'MethodNotAllowed', isMethodNotSupported],
    [410, 'GET', 'Gone', isGone],
    [422, 'GET', 'Invalid', isInvalid],
    [429, 'GET', 'TooManyRequests', isTooManyRequests],
    [500, 'GET', 'InternalError', isInternalError],
    [502, 'GET', 'InternalError', isInternalError],
    [503, 'GET', 'ServiceUnavailable', isServiceUnavailable],
    [504, 'GET', 'Timeout', isTimeout],
  ] as const)('%i on %s is %s', async (code, method, reason, predicate) => {
    const err = await failure(`/code/${code}`, method);
    expect(err.statusCode).toBe(code);
    expect(err.reason).toBe(reason);
    expect(predicate(err)).toBe(true);
    expect(err.message).toContain('upstream says no');
    if (code === 429) {
      expect(err.retryAfterSeconds).toBe(7);
    }
  });

  it('keeps an unknown 4xx as Unknown, still matched by code where apimachinery does', async () => {
    const err = await failure('/code/418');
    expect(err.reason).toBe('Unknown');
    expect(isNotFound(err)).toBe(false);
  });
});

describe('errors from a Status body', () => {
  it('takes reason, message and details from the body', async () => {
    const err = await failure('/status/404/NotFound');
    expect(err.reason).toBe('NotFound');
    expect(err.message).toBe('configmaps "x" NotFound');
    expect(err.details).toEqual({ name: 'x', kind: 'configmaps' });
  });

  it('matches a predicate by reason even when the code differs', async () => {
    const err = await failure('/status/500/Expired');
    expect(err.reason).toBe('Expired');
    expect(isInternalError(err)).toBe(false);
  });

  it('matches by code when the reason is not a known one', async () => {
    expect(isConflict(await failure('/status/409/SomethingNew'))).toBe(true);
    expect(isTooManyRequests(await failure('/status/429/SomethingNew'))).toBe(true);
  });
});
