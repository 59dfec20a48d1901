// RestClient reports every attempt (verb, host, path template, code, duration on its clock, retries) to its own and the global observer.
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../runtime/errors/api-error.js';
import { pathTemplate, type RequestObservation, setRequestObserver } from '../../../runtime/rest/request-observer.js';
import { ResponseDecodeError } from '../../../runtime/rest/response-decode-error.js';
import { RestClient } from '../../../runtime/rest/rest-client.js';
import { FakeClock } from '../../../runtime/testing/fake-clock.js';
import { captureLogs } from '../../support/capture-logger.js';
import { driveClock } from './drive-clock.js';
import { type LocalServer, sendJson, startLocalServer } from './local-server.js';

const logs = captureLogs();
let server: LocalServer | undefined;
let rest: RestClient | undefined;
afterEach(async () => {
  setRequestObserver(undefined);
  await rest?.close();
  await server?.close();
  rest = undefined;
  server = undefined;
});

describe('pathTemplate', () => {
  it.each([
    ['/api/v1/namespaces/ns/pods/p', '/api/v1/namespaces/{namespace}/pods/{name}'],
    ['/api/v1/namespaces/ns/pods/p/log', '/api/v1/namespaces/{namespace}/pods/{name}/log'],
    ['/api/v1/namespaces/ns/pods', '/api/v1/namespaces/{namespace}/pods'],
    ['/api/v1/namespaces/ns', '/api/v1/namespaces/{name}'],
    ['/api/v1/namespaces', '/api/v1/namespaces'],
    ['/api/v1/nodes/n1/status', '/api/v1/nodes/{name}/status'],
    [
      '/apis/apps/v1/namespaces/ns/deployments/d/scale',
      '/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale',
    ],
    ['/apis/example.com/v1/widgets', '/apis/example.com/v1/widgets'],
    ['/apis/example.com/v1', '/apis/example.com/v1'],
    ['/version', '/version'],
  ])('%s -> %s', (path, template) => {
    expect(pathTemplate(path)).toBe(template);
  });
});

describe('request observation', () => {
  it('reports each attempt, the retry and what caused it, with durations on the client clock', async () => {
    const clock = new FakeClock();
    let n = 0;
    server = await startLocalServer((_req, res) => {
      // The server "takes" 250 ms on the client's clock, then answers 429 once and 200 after.
      void clock.advance(250).then(() => {
        if (n++ === 0) {
          sendJson(res, 429, { kind: 'Status', code: 429 }, { 'retry-after': '1' });
        } else {
          sendJson(res, 200, { kind: 'ConfigMap' });
        }
      });
    });
    const own: RequestObservation[] = [];
    const global: RequestObservation[] = [];
    setRequestObserver((o) => global.push(o));
    rest = new RestClient({ host: server.url, qps: -1 }, { clock, onRequest: (o) => own.push(o) });
    await driveClock(clock, rest.request({ method: 'GET', path: '/api/v1/namespaces/ns/configmaps/c' }));
    const host = new URL(server.url).host;
    const base = { verb: 'GET', host, pathTemplate: '/api/v1/namespaces/{namespace}/configmaps/{name}', watch: false };
    expect(own).toEqual([
      { ...base, code: '429', durationMs: 250, retries: 0 },
      { ...base, code: '200', durationMs: 250, retries: 1, retryOf: '429' },
    ]);
    expect(global).toEqual(own);
  });

  it('reports a transport failure as <error>, and a watch as such', async () => {
    const seen: RequestObservation[] = [];
    setRequestObserver((o) => seen.push(o));
    rest = new RestClient({ host: 'http://127.0.0.1:9', qps: -1 }, { maxRetries: 0 });
    await expect(rest.request({ method: 'POST', path: '/api/v1/namespaces/a/pods', body: {} })).rejects.toThrow();
    expect(seen.map((o) => [o.verb, o.code, o.pathTemplate, o.watch])).toEqual([
      ['POST', '<error>', '/api/v1/namespaces/{namespace}/pods', false],
    ]);
    await rest.close();
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end();
    });
    rest = new RestClient({ host: server.url });
    const body = await rest.stream({ method: 'GET', path: '/api/v1/pods', query: { watch: true } });
    for await (const _ of body) {
      // drain
    }
    expect(seen.at(-1)).toMatchObject({ verb: 'GET', code: '200', pathTemplate: '/api/v1/pods', watch: true });
  });

  it('an observer that throws does not fail the request; the failure is logged', async () => {
    server = await startLocalServer((_req, res) => sendJson(res, 200, { kind: 'ConfigMap' }));
    rest = new RestClient(
      { host: server.url },
      {
        onRequest: () => {
          throw new Error('observer broke');
        },
      },
    );
    await expect(rest.request({ method: 'GET', path: '/api/v1/configmaps' })).resolves.toEqual({ kind: 'ConfigMap' });
    expect(logs.filter((l) => l.msg === 'request observer failed')).toHaveLength(1);
  });
});

describe('a 2xx body that is not JSON', () => {
  it('is a ResponseDecodeError with a stable code that quotes neither the body nor the parser', async () => {
    const body = '<html>sign in: token=tok-SECRET-77</html>';
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end(body);
    });
    rest = new RestClient({ host: server.url });
    const err = await rest.request({ method: 'GET', path: '/api/v1/configmaps' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseDecodeError);
    expect(err).not.toBeInstanceOf(ApiError);
    const e = err as ResponseDecodeError;
    expect(e.code).toBe('KUBE_RESPONSE_DECODE');
    expect(e.statusCode).toBe(200);
    expect(e.message).toContain('GET /api/v1/configmaps');
    expect(e.message).toContain('text/html');
    expect(e.message).not.toContain('tok-SECRET-77');
    expect(e.cause).toBeUndefined();
  });
});
