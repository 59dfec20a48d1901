// The watch idle watchdog against a stalled local server, on a fake clock.
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { WatchEvent } from '../../../runtime/api/watch-event.js';
import { NetworkError } from '../../../runtime/errors/network-error.js';
import { ResourceClient } from '../../../runtime/rest/resource-client.js';
import { RestClient } from '../../../runtime/rest/rest-client.js';
import type { RestConfig } from '../../../runtime/rest/rest-config.js';
import { FakeClock } from '../../../runtime/testing/fake-clock.js';
import { defaultWatchIdleTimeoutMs } from '../../../runtime/watch/idle-watchdog.js';
import { type LocalServer, startLocalServer } from '../rest/local-server.js';

let server: LocalServer | undefined;
let rest: RestClient | undefined;
afterEach(async () => {
  await rest?.close();
  await server?.close();
});

const line = (type: string, rv: string) =>
  `${JSON.stringify({ type, object: { kind: 'ConfigMap', metadata: { name: 'a', resourceVersion: rv } } })}\n`;

/** A watch endpoint that sends one ADDED event and then only what the test writes through `send`. */
async function stalledWatch(config: Partial<RestConfig> = {}): Promise<{
  client: ResourceClient<unknown>;
  clock: FakeClock;
  send: (s: string) => void;
}> {
  let res: ServerResponse | undefined;
  server = await startLocalServer((_req, r) => {
    res = r;
    r.writeHead(200, { 'content-type': 'application/json' });
    r.write(line('ADDED', '1'));
  });
  const clock = new FakeClock();
  rest = new RestClient({ host: server.url, qps: -1, ...config }, { clock });
  const client = new ResourceClient({
    rest,
    gvr: { group: '', version: 'v1', resource: 'configmaps' },
    namespaced: true,
  });
  return { client, clock, send: (s) => res?.write(s) };
}

async function next<T>(it: AsyncIterator<WatchEvent<T>>): Promise<IteratorResult<WatchEvent<T>>> {
  return it.next();
}

describe('watch idle watchdog', () => {
  it('ends a bookmark watch with a timeout NetworkError after the default idle time without a byte', async () => {
    const { client, clock } = await stalledWatch();
    const watch = await client.watch({ allowWatchBookmarks: true });
    const it = watch[Symbol.asyncIterator]();
    expect((await next(it)).value?.type).toBe('ADDED');
    const pending = next(it).then(
      () => 'no error',
      (e: unknown) => e,
    );
    let settled = false;
    void pending.then(() => {
      settled = true;
    });
    expect(defaultWatchIdleTimeoutMs).toBe(180_000);
    await clock.advance(defaultWatchIdleTimeoutMs - 1);
    expect(settled).toBe(false);
    await clock.advance(1);
    const err = await pending;
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).kind).toBe('timeout');
    expect((err as NetworkError).message).toMatch(/no data arrived for 180000 ms/);
  });

  it('is reset by every chunk', async () => {
    const { client, clock, send } = await stalledWatch();
    const watch = await client.watch({ allowWatchBookmarks: true, idleTimeoutMs: 10_000 });
    const it = watch[Symbol.asyncIterator]();
    await next(it);
    for (let rv = 2; rv < 6; rv++) {
      const p = next(it);
      await clock.advance(8_000);
      send(line('BOOKMARK', String(rv)));
      expect((await p).value?.object).toMatchObject({ metadata: { resourceVersion: String(rv) } });
    }
    const last = next(it).catch((e: unknown) => e);
    await clock.advance(10_000);
    expect(await last).toMatchObject({ code: 'KUBE_NETWORK_TIMEOUT' });
  });

  it('counts only while the body is read: a consumer far enough behind to pause reading stops the count', async () => {
    const { client, clock, send } = await stalledWatch();
    const watch = await client.watch({ allowWatchBookmarks: true, idleTimeoutMs: 10_000 });
    const it = watch[Symbol.asyncIterator]();
    await next(it);
    // More than the decoded-event bound (4 MiB) arrives while the consumer is busy: reading pauses.
    const filler = line('MODIFIED', '2').replace('"name":"a"', `"name":"a","pad":"${'x'.repeat(64 * 1024)}"`);
    const count = 80;
    for (let i = 0; i < count; i++) {
      send(filler);
    }
    // Real time for the bytes to flow until the client pauses (the watchdog runs on the fake clock).
    await new Promise((r) => setTimeout(r, 300));
    // The consumer is busy for a minute: nothing is being read, so nothing fires.
    await clock.advance(60_000);
    for (let i = 0; i < count; i++) {
      expect((await next(it)).value?.type).toBe('MODIFIED');
    }
    // Caught up: reading resumes, and a quiet connection is timed out again, from then on.
    let settled = false;
    const last = next(it).then(
      () => 'no error',
      (e: unknown) => e,
    );
    void last.then(() => {
      settled = true;
    });
    await clock.advance(9_999);
    expect(settled).toBe(false);
    await clock.advance(1);
    expect(await last).toMatchObject({ code: 'KUBE_NETWORK_TIMEOUT' });
  });

  it('counts while the consumer is busy but reading goes on: no byte for that long is an idle connection', async () => {
    const { client, clock } = await stalledWatch();
    const watch = await client.watch({ allowWatchBookmarks: true, idleTimeoutMs: 10_000 });
    const it = watch[Symbol.asyncIterator]();
    await next(it);
    await clock.advance(10_000);
    expect(await next(it).catch((e: unknown) => e)).toMatchObject({ code: 'KUBE_NETWORK_TIMEOUT' });
  });

  it('takes its default from the RestConfig', async () => {
    const { client, clock } = await stalledWatch({ watchIdleTimeoutMs: 5_000 });
    const watch = await client.watch({ allowWatchBookmarks: true });
    const it = watch[Symbol.asyncIterator]();
    await next(it);
    const p = next(it).catch((e: unknown) => e);
    await clock.advance(5_000);
    expect(await p).toMatchObject({ kind: 'timeout' });
  });

  it('is off without bookmarks unless asked for, and off with idleTimeoutMs 0', async () => {
    const { client, clock, send } = await stalledWatch();
    for (const opts of [{}, { allowWatchBookmarks: true, idleTimeoutMs: 0 }]) {
      const watch = await client.watch(opts);
      const it = watch[Symbol.asyncIterator]();
      await next(it);
      const p = next(it);
      await clock.advance(30 * 60_000);
      send(line('MODIFIED', '2'));
      expect((await p).value?.type).toBe('MODIFIED');
      watch.stop();
    }
  });

  it('a stop() while waiting ends the iteration quietly and clears the timer', async () => {
    const { client, clock } = await stalledWatch();
    const watch = await client.watch({ allowWatchBookmarks: true });
    const it = watch[Symbol.asyncIterator]();
    await next(it);
    const p = next(it);
    await clock.advance(1_000);
    watch.stop();
    expect((await p).done).toBe(true);
    await clock.advance(defaultWatchIdleTimeoutMs);
    expect(clock.pendingTimers()).toBe(0);
  });
});
