// RestClient against a local node:http server: retries (429/5xx Retry-After, GET resets, max 10), token file, headers.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { arch, platform, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, isInternalError, isTooManyRequests } from '../../../runtime/errors/api-error.js';
import { NetworkError } from '../../../runtime/errors/network-error.js';
import { impersonateExtraHeaderKey } from '../../../runtime/rest/authenticator.js';
import { RestClient, type RetryEvent } from '../../../runtime/rest/rest-client.js';
import { FakeClock } from '../../../runtime/testing/fake-clock.js';
import { decodeWatchStream } from '../../../runtime/watch/watch-decoder.js';
import { captureLogs } from '../../support/capture-logger.js';
import { driveClock } from './drive-clock.js';
import { type LocalServer, type SeenRequest, sendJson, startLocalServer } from './local-server.js';

const logs = captureLogs();
let server: LocalServer | undefined;
let rest: RestClient | undefined;
afterEach(async () => {
  await rest?.close();
  await server?.close();
  rest = undefined;
  server = undefined;
});

const ok = { kind: 'ConfigMap', metadata: { name: 'x' } };
const packageVersion = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

/** A server that answers the n-th request (0-based) with `plan(n)`'s status and headers, else 200. */
async function scripted(
  plan: (
    n: number,
    req: SeenRequest,
  ) => { status: number; headers?: Record<string, string>; reset?: boolean } | undefined,
): Promise<LocalServer> {
  let n = 0;
  return startLocalServer((req, res, raw) => {
    const step = plan(n++, req);
    if (step?.reset) {
      raw.socket.destroy();
      return;
    }
    if (step === undefined) {
      sendJson(res, 200, ok);
    } else {
      sendJson(
        res,
        step.status,
        { kind: 'Status', status: 'Failure', code: step.status, message: 'busy' },
        step.headers,
      );
    }
  });
}

function client(clock: FakeClock, events: RetryEvent[] = [], maxRetries?: number): RestClient {
  rest = new RestClient(
    { host: (server as LocalServer).url, qps: -1 },
    { clock, onRetry: (e) => events.push(e), ...(maxRetries !== undefined ? { maxRetries } : {}) },
  );
  return rest;
}

describe('RestClient retries (case 76: TestCheckRetryHandles429And5xx, ConnectionResetByPeerIsRetried, RequestMaxRetries)', () => {
  it('retries 429 after the Retry-After seconds, on the injected clock', async () => {
    server = await scripted((n) => (n < 2 ? { status: 429, headers: { 'retry-after': '2' } } : undefined));
    const clock = new FakeClock();
    const events: RetryEvent[] = [];
    const start = clock.now();
    const got = await driveClock(clock, client(clock, events).request({ method: 'GET', path: '/api/v1/configmaps' }));
    expect(got).toEqual(ok);
    expect(server.seen).toHaveLength(3);
    expect(clock.now() - start).toBe(4000);
    expect(events.map((e) => [e.attempt, e.statusCode, e.delayMs])).toEqual([
      [1, 429, 2000],
      [2, 429, 2000],
    ]);
    expect(rest?.retryCount).toBe(2);
  });

  it('retries a 5xx with Retry-After for a POST, replaying the same body', async () => {
    server = await scripted((n) => (n === 0 ? { status: 503, headers: { 'retry-after': '1' } } : undefined));
    const clock = new FakeClock();
    const body = { metadata: { name: 'x' }, data: { k: 'ü' } };
    await driveClock(clock, client(clock).request({ method: 'POST', path: '/api/v1/configmaps', body }));
    expect(server.seen.map((r) => r.body)).toEqual([JSON.stringify(body), JSON.stringify(body)]);
  });

  it.each([429, 500, 501, 502, 504, 599])(
    'retries a POST answered %i with Retry-After, sending the same body twice',
    async (status) => {
      server = await scripted((n) => (n === 0 ? { status, headers: { 'retry-after': '1' } } : undefined));
      const clock = new FakeClock();
      const events: RetryEvent[] = [];
      const body = { metadata: { name: 'x' }, data: { k: 'v'.repeat(4000) } };
      const got = await driveClock(
        clock,
        client(clock, events).request({ method: 'POST', path: '/api/v1/namespaces/ns/configmaps', body }),
      );
      expect(got).toEqual(ok);
      expect(server.seen.map((r) => [r.method, r.url, r.body])).toEqual([
        ['POST', '/api/v1/namespaces/ns/configmaps', JSON.stringify(body)],
        ['POST', '/api/v1/namespaces/ns/configmaps', JSON.stringify(body)],
      ]);
      expect(events.map((e) => [e.method, e.statusCode, e.delayMs])).toEqual([['POST', status, 1000]]);
    },
  );

  it('TestCheckRetryHandles429And5xx: one POST through 429, 500, 501, 504 (Retry-After: 0), the full body each time', async () => {
    const codes = [429, 500, 501, 504];
    server = await scripted((n) =>
      n < codes.length ? { status: codes[n] as number, headers: { 'retry-after': '0' } } : undefined,
    );
    const clock = new FakeClock();
    const body = 'abcd'.repeat(1000);
    await driveClock(clock, client(clock).request({ method: 'POST', path: '/foo/bar/baz', body }));
    expect(server.seen).toHaveLength(5);
    expect(server.seen.every((r) => r.body === JSON.stringify(body))).toBe(true);
  });

  it.each([400, 404, 409, 422])('does not retry a POST answered %i, even with Retry-After', async (status) => {
    server = await scripted(() => ({ status, headers: { 'retry-after': '1' } }));
    const clock = new FakeClock();
    const err = await driveClock(clock, client(clock).request({ method: 'POST', path: '/x', body: {} })).catch(
      (e: unknown) => e,
    );
    expect((err as ApiError).statusCode).toBe(status);
    expect(server.seen).toHaveLength(1);
  });

  it.each(['2abc', '1.5', '', 'Wed, 21 Oct 2015 07:28:00 GMT', '0x10'])(
    'does not retry a 503 whose Retry-After is %j (client-go reads integer seconds only)',
    async (retryAfter) => {
      server = await scripted(() => ({ status: 503, headers: { 'retry-after': retryAfter } }));
      const clock = new FakeClock();
      const err = await driveClock(clock, client(clock).request({ method: 'POST', path: '/x', body: {} })).catch(
        (e: unknown) => e,
      );
      expect((err as ApiError).statusCode).toBe(503);
      expect((err as ApiError).retryAfterSeconds).toBeUndefined();
      expect(server.seen).toHaveLength(1);
    },
  );

  it('does not retry a 5xx or 429 without Retry-After', async () => {
    server = await scripted(() => ({ status: 500 }));
    const clock = new FakeClock();
    await expect(driveClock(clock, client(clock).request({ method: 'GET', path: '/x' }))).rejects.toSatisfy(
      isInternalError,
    );
    expect(server.seen).toHaveLength(1);
  });

  it('gives up after 10 retries and reports the last error with its Retry-After', async () => {
    server = await scripted(() => ({ status: 429, headers: { 'retry-after': '0' } }));
    const clock = new FakeClock();
    const err = await driveClock(clock, client(clock).request({ method: 'GET', path: '/x' })).catch((e: unknown) => e);
    expect(isTooManyRequests(err)).toBe(true);
    expect((err as ApiError).retryAfterSeconds).toBe(0);
    expect(server.seen).toHaveLength(11);
  });

  it('honours maxRetries', async () => {
    server = await scripted(() => ({ status: 429, headers: { 'retry-after': '0' } }));
    const clock = new FakeClock();
    await expect(driveClock(clock, client(clock, [], 2).request({ method: 'GET', path: '/x' }))).rejects.toBeInstanceOf(
      ApiError,
    );
    expect(server.seen).toHaveLength(3);
  });

  it('retries a connection reset for GET, one second apart', async () => {
    server = await scripted((n) => (n < 2 ? { status: 0, reset: true } : undefined));
    const clock = new FakeClock();
    const events: RetryEvent[] = [];
    const start = clock.now();
    expect(await driveClock(clock, client(clock, events).request({ method: 'GET', path: '/x' }))).toEqual(ok);
    expect(events.map((e) => [e.statusCode, e.delayMs])).toEqual([
      [undefined, 1000],
      [undefined, 1000],
    ]);
    expect(events.every((e) => e.networkError === 'reset' || e.networkError === 'eof')).toBe(true);
    expect(clock.now() - start).toBe(2000);
  });

  it.each(['POST', 'PUT', 'DELETE'] as const)('does not retry a connection reset for %s', async (method) => {
    server = await scripted(() => ({ status: 0, reset: true }));
    const clock = new FakeClock();
    const err = await driveClock(clock, client(clock).request({ method, path: '/x', body: {} })).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(NetworkError);
    expect(['reset', 'eof']).toContain((err as NetworkError).kind);
    expect(server.seen).toHaveLength(1);
  });

  it('retries opening a watch after a reset and after 429 with Retry-After, without the token bucket', async () => {
    let n = 0;
    server = await startLocalServer((_req, res, raw) => {
      const i = n++;
      if (i === 0) {
        raw.socket.destroy();
      } else if (i === 1) {
        sendJson(res, 429, { kind: 'Status', status: 'Failure', code: 429 }, { 'retry-after': '3' });
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(`${JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'x' } } })}\n`);
      }
    });
    const clock = new FakeClock();
    const events: RetryEvent[] = [];
    // One token per 1000 s: had the retries taken tokens, the clock would have moved far more than 4 s.
    rest = new RestClient({ host: server.url, qps: 0.001, burst: 1 }, { clock, onRetry: (e) => events.push(e) });
    const start = clock.now();
    const body = await driveClock(clock, rest.stream({ method: 'GET', path: '/api/v1/pods', query: { watch: true } }));
    const got: unknown[] = [];
    for await (const ev of decodeWatchStream(body)) {
      got.push(ev);
    }
    expect(got).toEqual([{ type: 'ADDED', object: { metadata: { name: 'x' } } }]);
    expect(events.map((e) => [e.statusCode, e.delayMs])).toEqual([
      [undefined, 1000],
      [429, 3000],
    ]);
    expect(clock.now() - start).toBe(4000);
  });

  it('classifies a refused connection and does not retry it', async () => {
    server = await scripted(() => undefined);
    const url = server.url;
    await server.close();
    server = undefined;
    rest = new RestClient({ host: url, qps: -1 }, { clock: new FakeClock() });
    const err = await rest.request({ method: 'GET', path: '/x' }).catch((e: unknown) => e);
    expect((err as NetworkError).kind).toBe('refused');
    expect((err as NetworkError).code).toBe('KUBE_NETWORK_REFUSED');
  });
});

describe('RestClient credentials and headers', () => {
  it('re-reads the token file at most once a minute and keeps the last good token', async () => {
    server = await scripted(() => undefined);
    const dir = mkdtempSync(join(tmpdir(), 'kgen-token-'));
    const file = join(dir, 'token');
    try {
      writeFileSync(file, 'first\n');
      const clock = new FakeClock();
      rest = new RestClient({ host: server.url, qps: -1, auth: { bearerTokenFile: file } }, { clock });
      const get = () => (rest as RestClient).request({ method: 'GET', path: '/x' });
      await get();
      writeFileSync(file, 'second');
      await clock.advance(59_000);
      await get();
      await clock.advance(1_000);
      await get();
      rmSync(file);
      await clock.advance(60_000);
      await get();
      writeFileSync(file, '');
      await clock.advance(60_000);
      await get();
      expect(server.seen.map((r) => r.headers.authorization)).toEqual([
        'Bearer first',
        'Bearer first',
        'Bearer second',
        'Bearer second',
        'Bearer second',
      ]);
      expect(logs.some((l) => l.msg.includes('keeping the last token'))).toBe(true);
      expect(JSON.stringify(logs)).not.toContain('second');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sends impersonation headers: user, uid, each group and each extra value', async () => {
    server = await scripted(() => undefined);
    rest = new RestClient({
      host: server.url,
      qps: -1,
      auth: { bearerToken: 't' },
      impersonate: {
        userName: 'jane',
        uid: 'u-1',
        groups: ['dev', 'ops'],
        extra: { scopes: ['view', 'edit'], 'example.com/Key Ü': ['x'] },
      },
    });
    await rest.request({ method: 'GET', path: '/x' });
    const d = server.seen[0]?.distinct ?? {};
    expect(d['impersonate-user']).toEqual(['jane']);
    expect(d['impersonate-uid']).toEqual(['u-1']);
    expect(d['impersonate-group']).toEqual(['dev', 'ops']);
    expect(d['impersonate-extra-scopes']).toEqual(['view', 'edit']);
    expect(d['impersonate-extra-example.com%2fkey%20%c3%9c']).toEqual(['x']);
    expect(impersonateExtraHeaderKey('example.com/Key Ü')).toBe('impersonate-extra-example.com%2FKey%20%C3%9C');
    expect(d.authorization).toEqual(['Bearer t']);
  });

  it('rejects impersonating groups without a user, and a token together with basic auth', () => {
    expect(() => new RestClient({ host: 'http://127.0.0.1:1', impersonate: { groups: ['g'] } })).toThrow(
      /requires a user name/,
    );
    expect(
      () => new RestClient({ host: 'http://127.0.0.1:1', auth: { bearerToken: 't', username: 'u', password: 'p' } }),
    ).toThrow(/both set/);
  });

  it('sends basic auth, the user agent, the accept header and passes Warning headers to the handler', async () => {
    server = await startLocalServer((_req, res) => {
      res.setHeader('warning', ['299 - "deprecated"', '299 - "again"']);
      sendJson(res, 200, ok);
    });
    const warnings: string[] = [];
    rest = new RestClient({
      host: server.url,
      qps: -1,
      auth: { username: 'u', password: 'p' },
      warningHandler: (w) => warnings.push(w),
    });
    await rest.request({ method: 'GET', path: '/x', accept: 'application/json;g=x' });
    const h = server.seen[0]?.headers ?? {};
    expect(h.authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
    expect(h['user-agent']).toBe(`kgen/${packageVersion} (${platform()}/${arch()})`);
    expect(h.accept).toBe('application/json;g=x');
    expect(warnings).toEqual(['299 - "deprecated"', '299 - "again"']);
  });
});
