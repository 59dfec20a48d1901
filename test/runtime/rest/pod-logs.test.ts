// Pod logs against a local server: the query of every option, line splitting, and how a stream ends (stop, the
// caller's signal, a cut connection).
import { afterEach, describe, expect, it } from 'vitest';
import { NetworkError } from '../../../runtime/errors/network-error.js';
import { getPodLogs, streamPodLogs } from '../../../runtime/rest/pod-logs.js';
import { RestClient } from '../../../runtime/rest/rest-client.js';
import { FakeClock } from '../../../runtime/testing/fake-clock.js';
import { driveClock } from './drive-clock.js';
import { type LocalServer, startLocalServer } from './local-server.js';

let server: LocalServer | undefined;
let rest: RestClient | undefined;
afterEach(async () => {
  await rest?.close();
  await server?.close();
});

async function serve(handler: Parameters<typeof startLocalServer>[0]): Promise<RestClient> {
  server = await startLocalServer(handler);
  rest = new RestClient({ host: server.url, qps: -1 }, { maxRetries: 0 });
  return rest;
}

describe('pod logs', () => {
  it('sends every option as client-go does and leaves unset ones out', async () => {
    const r = await serve((_req, res) => res.end('x'));
    await getPodLogs(r, 'ns', 'web-0', {
      container: 'app',
      previous: true,
      sinceSeconds: 60,
      sinceTime: '2026-12-01T00:00:00Z',
      timestamps: true,
      tailLines: 10,
      limitBytes: 4096,
      insecureSkipTLSVerifyBackend: true,
      follow: true,
    });
    await getPodLogs(r, 'ns', 'web-0', { container: '', previous: false, timestamps: false });
    const [all, none] = server?.seen ?? [];
    const q = new URL(all?.url ?? '', 'http://x').searchParams;
    expect(new URL(all?.url ?? '', 'http://x').pathname).toBe('/api/v1/namespaces/ns/pods/web-0/log');
    expect(Object.fromEntries(q)).toEqual({
      container: 'app',
      previous: 'true',
      sinceSeconds: '60',
      sinceTime: '2026-12-01T00:00:00Z',
      timestamps: 'true',
      tailLines: '10',
      limitBytes: '4096',
      insecureSkipTLSVerifyBackend: 'true',
    });
    // getPodLogs reads to the end, so it never asks to follow.
    expect(q.has('follow')).toBe(false);
    expect(none?.url).toBe('/api/v1/namespaces/ns/pods/web-0/log');
    expect(all?.headers.accept).toBe('text/plain, */*');
  });

  it('splits lines across chunks, keeps empty lines and delivers a last line without a newline', async () => {
    const r = await serve((_req, res) => {
      res.write('a\n\nb');
      setTimeout(() => {
        res.write('c\r\nd');
        setTimeout(() => res.end('e'), 5);
      }, 5);
    });
    const lines: string[] = [];
    for await (const line of await streamPodLogs(r, 'ns', 'p')) {
      lines.push(line);
    }
    expect(lines).toEqual(['a', '', 'bc\r', 'de']);
  });

  it('ends quietly on stop(), and with the abort reason when the caller’s signal aborts', async () => {
    const r = await serve((req, res) => {
      res.write('one\n');
      if (req.url.includes('follow')) {
        // Never ends by itself.
        return;
      }
      res.end();
    });
    const s1 = await streamPodLogs(r, 'ns', 'p', { follow: true });
    const got: string[] = [];
    for await (const line of s1) {
      got.push(line);
      s1.stop();
      s1.stop();
    }
    expect(got).toEqual(['one']);

    const ac = new AbortController();
    const s2 = await streamPodLogs(r, 'ns', 'p', { follow: true }, ac.signal);
    const reason = new Error('caller gave up');
    const err = await (async () => {
      for await (const _line of s2) {
        ac.abort(reason);
      }
    })().catch((e: unknown) => e);
    expect(err).toBe(reason);
  });

  it('rejects at once, sending nothing, when the caller’s signal has already aborted', async () => {
    const r = await serve((_req, res) => res.end('x'));
    const reason = new Error('already cancelled');
    await expect(getPodLogs(r, 'ns', 'p', {}, AbortSignal.abort(reason))).rejects.toBe(reason);
    await expect(streamPodLogs(r, 'ns', 'p', { follow: true }, AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(server?.seen).toHaveLength(0);
  });

  it('limits whole-log reads by QPS like any request, and leaves followed streams out as watches are', async () => {
    server = await startLocalServer((req, res) => {
      res.write('line\n');
      if (!req.url.includes('follow')) {
        res.end();
      }
    });
    const clock = new FakeClock();
    // One token per 10 s, burst 1: the second whole read waits 10 s, the streams never wait.
    rest = new RestClient({ host: server.url, qps: 0.1, burst: 1 }, { clock });
    const start = clock.now();
    expect(await driveClock(clock, getPodLogs(rest, 'ns', 'p'))).toBe('line\n');
    for (let i = 0; i < 3; i++) {
      (await driveClock(clock, streamPodLogs(rest, 'ns', 'p', { follow: true }))).stop();
    }
    expect(clock.now() - start).toBe(0);
    expect(await driveClock(clock, getPodLogs(rest, 'ns', 'p'))).toBe('line\n');
    expect(clock.now() - start).toBe(10_000);
  });

  it('turns a connection cut mid-stream into a NetworkError', async () => {
    const r = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('partial\n');
      setTimeout(() => res.socket?.destroy(), 10);
    });
    const lines: string[] = [];
    const err = await (async () => {
      for await (const line of await streamPodLogs(r, 'ns', 'p', { follow: true })) {
        lines.push(line);
      }
    })().catch((e: unknown) => e);
    expect(lines).toEqual(['partial']);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).message).toContain('GET /api/v1/namespaces/ns/pods/p/log');
  });
});
