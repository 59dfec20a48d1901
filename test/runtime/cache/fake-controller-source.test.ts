// The FakeControllerSource test double itself: RVs, paging, history, streaming lists and faults.
import { describe, expect, it } from 'vitest';
import { isResourceExpired, isTooLargeResourceVersion } from '../../../runtime/errors/index.js';
import { FakeControllerSource } from '../../support/fake-controller-source.js';
import { makePod, type Pod } from '../../support/pods.js';

async function drain(w: AsyncIterable<{ type: string; object: Pod }>, n: number): Promise<string[]> {
  const out: string[] = [];
  const it = w[Symbol.asyncIterator]();
  for (let i = 0; i < n; i++) {
    const r = await it.next();
    if (r.done) {
      break;
    }
    out.push(`${r.value.type} ${r.value.object.metadata.name ?? ''}@${r.value.object.metadata.resourceVersion}`);
  }
  return out;
}

describe('FakeControllerSource', () => {
  it('assigns resourceVersions, pages lists with continue tokens and filters by label selector', async () => {
    const s = new FakeControllerSource<Pod>();
    for (let i = 0; i < 5; i++) {
      s.add(makePod(`p${i}`, undefined, { labels: { even: String(i % 2 === 0) } }));
    }
    expect(s.resourceVersion).toBe('5');
    const first = await s.list({ limit: 2 });
    expect(first.items.map((p) => p.metadata.name)).toEqual(['p0', 'p1']);
    expect(first.metadata.resourceVersion).toBe('5');
    const second = await s.list({ limit: 2, continue: first.metadata.continue as string });
    expect(second.items.map((p) => p.metadata.name)).toEqual(['p2', 'p3']);
    const third = await s.list({ limit: 2, continue: second.metadata.continue as string });
    expect(third.items.map((p) => p.metadata.name)).toEqual(['p4']);
    expect(third.metadata.continue).toBeUndefined();
    expect((await s.list({ labelSelector: 'even=true' })).items.map((p) => p.metadata.name)).toEqual([
      'p0',
      'p2',
      'p4',
    ]);
    s.add(makePod('p5'));
    s.compact();
    await expect(s.list({ limit: 2, continue: first.metadata.continue as string })).rejects.toSatisfy(
      isResourceExpired,
    );
    await expect(s.list({ resourceVersion: '99' })).rejects.toSatisfy(isTooLargeResourceVersion);
  });

  it('replays history after a resourceVersion, expires compacted versions and streams initial events', async () => {
    const s = new FakeControllerSource<Pod>();
    s.add(makePod('a'));
    s.add(makePod('b'));
    s.modify(makePod('a', undefined, { labels: { x: 'y' } }));
    expect(await drain(await s.watch({ resourceVersion: '1' }), 2)).toEqual(['ADDED b@2', 'MODIFIED a@3']);
    const stream = await s.watch({
      sendInitialEvents: true,
      resourceVersion: '',
      resourceVersionMatch: 'NotOlderThan',
    });
    const events = await drain(stream, 3);
    expect(events).toEqual(['ADDED a@3', 'ADDED b@2', 'BOOKMARK @3']);
    s.resetWatch();
    await expect(s.watch({ resourceVersion: '2' })).rejects.toSatisfy(isResourceExpired);
    const live = await s.watch({ resourceVersion: '3', allowWatchBookmarks: true });
    s.delete(makePod('b'));
    s.bookmark();
    expect(await drain(live, 2)).toEqual(['DELETED b@4', 'BOOKMARK @4']);
    s.watchErrors.push(new Error('refused'));
    await expect(s.watch({ resourceVersion: '4' })).rejects.toThrow('refused');
    expect(s.watchCalls).toHaveLength(5);
    s.shutdown();
  });
});
