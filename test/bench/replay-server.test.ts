import { afterEach, describe, expect, it } from 'vitest';
import { ReplayServer } from '../../bench/support/replay-server.js';

interface PodLike {
  metadata: { name: string; resourceVersion: string; labels: Record<string, string> };
}
interface ListLike {
  metadata: { resourceVersion: string; continue?: string };
  items: PodLike[];
}
interface EventLike {
  type: string;
  object: PodLike & { code?: number };
}

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function watchLines(url: string, rv: string, expected: number): Promise<EventLike[]> {
  const ac = new AbortController();
  const res = await fetch(`${url}/api/v1/pods?watch=true&resourceVersion=${rv}`, { signal: ac.signal });
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  let text = '';
  const dec = new TextDecoder();
  while (text.split('\n').length - 1 < expected) {
    const { value, done } = await reader.read();
    if (done) {
      break;
    }
    text += dec.decode(value);
  }
  ac.abort();
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as EventLike);
}

describe('replay server', () => {
  it('pages the list by limit/continue at one resourceVersion with unique names', async () => {
    server = new ReplayServer({ count: 7, watchUpdates: 3 });
    const url = await server.listen();
    const p1 = (await (await fetch(`${url}/api/v1/pods?limit=5`)).json()) as ListLike;
    expect(p1.items).toHaveLength(5);
    expect(p1.metadata.continue).toBe('5');
    const p2 = (await (await fetch(`${url}/api/v1/pods?limit=5&continue=5`)).json()) as ListLike;
    expect(p2.items).toHaveLength(2);
    expect(p2.metadata.continue).toBeUndefined();
    const names = new Set([...p1.items, ...p2.items].map((p) => p.metadata.name));
    expect(names.size).toBe(7);
    expect(p2.metadata.resourceVersion).toBe(p1.metadata.resourceVersion);
  });

  it('replays logged events after the watch resourceVersion, then pushes churn to open watches', async () => {
    server = new ReplayServer({ count: 4, watchUpdates: 2 });
    const url = await server.listen();
    const events = await watchLines(url, '1001', 1);
    expect(events.map((e) => [e.type, e.object.metadata.resourceVersion])).toEqual([['MODIFIED', '1002']]);
    const pending = watchLines(url, '1002', 2);
    await new Promise((r) => setTimeout(r, 50));
    server.churn(1, 1);
    const pushed = await pending;
    expect(pushed.map((e) => [e.type, e.object.metadata.resourceVersion])).toEqual([
      ['MODIFIED', '1003'],
      ['DELETED', '1004'],
    ]);
    expect(server.size()).toBe(3);
  });

  it('answers 410 Expired after expire() and serves the compacted state at a newer resourceVersion', async () => {
    server = new ReplayServer({ count: 3, watchUpdates: 3 });
    const url = await server.listen();
    server.expire();
    const gone = await watchLines(url, '1003', 1);
    expect(gone[0]?.type).toBe('ERROR');
    expect(gone[0]?.object.code).toBe(410);
    const list = (await (await fetch(`${url}/api/v1/pods`)).json()) as ListLike;
    expect(list.metadata.resourceVersion).toBe('1004');
    expect(list.items.map((p) => p.metadata.labels.rev)).toEqual(['1', '1', '1']);
  });
});
