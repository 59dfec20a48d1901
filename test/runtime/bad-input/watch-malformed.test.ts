// A server sending garbage, truncated JSON or a 100 MB line on a watch: the watch ends with a coded error, memory stays bounded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResourceClient } from '../../../runtime/rest/resource-client.js';
import { RestClient } from '../../../runtime/rest/rest-client.js';
import { defaultWatchMaxLineBytes, WatchDecodeError } from '../../../runtime/watch/watch-decoder.js';
import { type MisbehavingApiserver, namespace, startMisbehavingApiserver } from './misbehaving-apiserver.js';

const hundredMb = 100 * 1000 * 1000;
let api: MisbehavingApiserver;
let rest: RestClient;
let configMaps: ResourceClient<{ metadata: { name: string } }>;

beforeAll(async () => {
  api = await startMisbehavingApiserver(hundredMb);
  rest = new RestClient({ host: api.url, qps: -1 });
  configMaps = new ResourceClient({
    rest,
    gvr: { group: '', version: 'v1', resource: 'configmaps' },
    namespaced: true,
    namespace,
  });
});
afterAll(async () => {
  await rest.close();
  await api.close();
});

/** Opens one watch and drains it; returns what ended it. */
async function drain(): Promise<{ events: number; err: unknown }> {
  const w = await configMaps.watch({ resourceVersion: '1' });
  let events = 0;
  try {
    for await (const _ of w) {
      events++;
    }
    return { events, err: undefined };
  } catch (err) {
    return { events, err };
  }
}

describe('a watch on a misbehaving server', () => {
  it('ends with a WatchDecodeError on a line that is not JSON, and the connection is closed', async () => {
    api.plan.push('garbage');
    const { events, err } = await drain();
    expect(events).toBe(0);
    expect(err).toBeInstanceOf(WatchDecodeError);
    expect((err as WatchDecodeError).code).toBe('KUBE_WATCH_DECODE');
    expect((err as Error).message).toMatch(/malformed watch event/);
    await api.allClosed();
  });

  it('ends with a WatchDecodeError when the stream stops in the middle of an event', async () => {
    api.plan.push('truncated');
    const { events, err } = await drain();
    expect(events).toBe(0);
    expect(err).toBeInstanceOf(WatchDecodeError);
    expect((err as Error).message).toMatch(/middle of an event/);
  });

  it('ends a 100 MB line at the 16 MiB limit: the client stops reading and buffers at most the limit', async () => {
    api.plan.push('huge');
    const before = process.memoryUsage();
    const { events, err } = await drain();
    const after = process.memoryUsage();
    expect(events).toBe(0);
    expect(err).toBeInstanceOf(WatchDecodeError);
    expect((err as Error).message).toMatch(/maxLineBytes/);
    await api.allClosed();
    const huge = api.watches.at(-1);
    expect(huge?.behaviour).toBe('huge');
    // The server was cut off long before it could send the whole line (socket buffers hold a few MB at most).
    const sentMb = (huge?.written ?? 0) / 1e6;
    console.log(
      `watch-malformed: server wrote ${sentMb.toFixed(1)} MB of a ${hundredMb / 1e6} MB line before the client closed; Buffer memory grew ${((after.arrayBuffers - before.arrayBuffers) / 1e6).toFixed(1)} MB`,
    );
    expect(huge?.written).toBeGreaterThan(defaultWatchMaxLineBytes);
    expect(huge?.written).toBeLessThan(hundredMb / 2);
  });

  it('honours a smaller maxLineBytes from the watch options', async () => {
    api.plan.push('huge');
    const w = await configMaps.watch({ resourceVersion: '1', maxLineBytes: 1024 * 1024 });
    const err = await (async () => {
      for await (const _ of w) {
        // no event is expected
      }
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WatchDecodeError);
    expect((err as Error).message).toContain(`${1024 * 1024}-byte`);
    await api.allClosed();
    expect(api.watches.at(-1)?.written).toBeLessThan(defaultWatchMaxLineBytes);
  });

  it('still serves a well-behaved watch on the same client afterwards', async () => {
    const w = await configMaps.watch({ resourceVersion: '0' });
    const names: string[] = [];
    for await (const ev of w) {
      names.push(ev.object.metadata.name);
      w.stop();
    }
    expect(names).toEqual(['a']);
  });
});
