// Client-side rate limiting on a fake clock: client-go's defaults (qps 5, burst 10), qps < 0 off, watches exempt.
import { afterEach, describe, expect, it } from 'vitest';
import { RestClient } from '../../../runtime/rest/rest-client.js';
import type { RestConfig } from '../../../runtime/rest/rest-config.js';
import { TokenBucket } from '../../../runtime/rest/token-bucket.js';
import { FakeClock } from '../../../runtime/testing/fake-clock.js';
import { driveClock } from './drive-clock.js';
import { type LocalServer, sendJson, startLocalServer } from './local-server.js';

let server: LocalServer | undefined;
let rest: RestClient | undefined;
afterEach(async () => {
  await rest?.close();
  await server?.close();
  rest = undefined;
  server = undefined;
});

/** Times (ms since `start`) at which each of `n` sequential waits returned. */
async function sequentialWaits(clock: FakeClock, bucket: TokenBucket, n: number, start: number): Promise<number[]> {
  const at: number[] = [];
  for (let i = 0; i < n; i++) {
    await driveClock(clock, bucket.wait());
    at.push(clock.now() - start);
  }
  return at;
}

const zeros = (n: number): number[] => Array.from({ length: n }, () => 0);

describe('TokenBucket', () => {
  it('starts full: burst waits return at once, then one every 1/qps', async () => {
    const clock = new FakeClock();
    const start = clock.now();
    const bucket = new TokenBucket(5, 10, clock);
    expect(await sequentialWaits(clock, bucket, 13, start)).toEqual([...zeros(10), 200, 400, 600]);
  });

  it('refills at qps up to burst, never beyond', async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(5, 10, clock);
    await sequentialWaits(clock, bucket, 10, clock.now());
    // 1 s idle = 5 tokens.
    await clock.advance(1000);
    let start = clock.now();
    expect(await sequentialWaits(clock, bucket, 6, start)).toEqual([...zeros(5), 200]);
    // A long idle period still leaves only `burst` tokens.
    await clock.advance(60_000);
    start = clock.now();
    expect(await sequentialWaits(clock, bucket, 11, start)).toEqual([...zeros(10), 200]);
  });

  it('reserves tokens for concurrent waiters in order', async () => {
    const clock = new FakeClock();
    const start = clock.now();
    const bucket = new TokenBucket(5, 2, clock);
    const at: number[] = [];
    const all = Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        bucket.wait().then(() => {
          at[i] = clock.now() - start;
        }),
      ),
    );
    await driveClock(clock, all);
    expect(at).toEqual([0, 0, 200, 400, 600]);
  });

  it('a negative qps disables limiting: no timer, no time passes', async () => {
    const clock = new FakeClock();
    const start = clock.now();
    const bucket = new TokenBucket(-1, 10, clock);
    for (let i = 0; i < 1000; i++) {
      const waiting = bucket.wait();
      // A wait that had to sleep would have set a timer by now (fail here rather than hang).
      expect(clock.pendingTimers()).toBe(0);
      await waiting;
    }
    expect(clock.pendingTimers()).toBe(0);
    expect(clock.now()).toBe(start);
  });

  it('an aborted wait rejects', async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(1, 1, clock);
    await bucket.wait();
    const ac = new AbortController();
    const waiting = bucket.wait(ac.signal);
    ac.abort();
    await expect(waiting).rejects.toBeDefined();
  });
});

describe('RestClient rate limiting (rest.Config QPS/Burst)', () => {
  /** A server that notes the fake-clock time of each request; watch requests get an empty 200 stream. */
  async function timedServer(clock: FakeClock, start: number): Promise<{ at: Map<string, number[]> }> {
    const at = new Map<string, number[]>();
    server = await startLocalServer((req, res) => {
      const kind = req.url.includes('watch=true') ? 'watch' : 'request';
      at.set(kind, [...(at.get(kind) ?? []), clock.now() - start]);
      if (kind === 'watch') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end();
        return;
      }
      sendJson(res, 200, { kind: 'ConfigMap', metadata: { name: 'x' } });
    });
    return { at };
  }

  async function gets(clock: FakeClock, client: RestClient, n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      await driveClock(clock, client.request({ method: 'GET', path: '/api/v1/configmaps' }));
    }
  }

  it.each<[string, Partial<RestConfig>]>([
    ['unset', {}],
    ['0 (the default)', { qps: 0, burst: 0 }],
  ])('qps/burst %s: the first 10 requests do not wait, then they go 200 ms apart', async (_what, limits) => {
    const clock = new FakeClock();
    const start = clock.now();
    const { at } = await timedServer(clock, start);
    rest = new RestClient({ host: (server as LocalServer).url, ...limits }, { clock });
    await gets(clock, rest, 13);
    expect(at.get('request')).toEqual([...zeros(10), 200, 400, 600]);
  });

  it('a negative qps sends every request at once', async () => {
    const clock = new FakeClock();
    const start = clock.now();
    const { at } = await timedServer(clock, start);
    rest = new RestClient({ host: (server as LocalServer).url, qps: -1 }, { clock });
    await gets(clock, rest, 30);
    expect(at.get('request')).toEqual(zeros(30));
    expect(clock.pendingTimers()).toBe(0);
  });

  it('watches never wait on the bucket and take no token from it', async () => {
    const clock = new FakeClock();
    const start = clock.now();
    const { at } = await timedServer(clock, start);
    rest = new RestClient({ host: (server as LocalServer).url }, { clock });
    await gets(clock, rest, 10);
    // The bucket is empty: a request would wait 200 ms, a watch opens now.
    for (let i = 0; i < 5; i++) {
      const opening = rest.stream({ method: 'GET', path: '/api/v1/configmaps', query: { watch: true } });
      // A watch that waited on the bucket would have set a timer by now (fail here rather than hang).
      expect(clock.pendingTimers()).toBe(0);
      await (await opening).text();
    }
    expect(at.get('watch')).toEqual(zeros(5));
    expect(clock.pendingTimers()).toBe(0);
    // Had the watches taken tokens, the next request would wait 1200 ms instead of 200.
    await gets(clock, rest, 1);
    expect(at.get('request')?.at(-1)).toBe(200);
  });

  it('a retry waits for a token too', async () => {
    const clock = new FakeClock();
    const start = clock.now();
    const seenAt: number[] = [];
    server = await startLocalServer((_req, res) => {
      seenAt.push(clock.now() - start);
      if (seenAt.length === 1) {
        sendJson(res, 429, { kind: 'Status', status: 'Failure', code: 429 }, { 'retry-after': '0' });
        return;
      }
      sendJson(res, 200, {});
    });
    rest = new RestClient({ host: server.url, qps: 1, burst: 1 }, { clock });
    await driveClock(clock, rest.request({ method: 'POST', path: '/api/v1/namespaces/a/configmaps', body: {} }));
    expect(seenAt).toEqual([0, 1000]);
  });
});
