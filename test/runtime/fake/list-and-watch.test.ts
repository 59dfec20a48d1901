// ObjectTracker list and watch: selectors, paging, resourceVersion semantics, replay, 410, bookmarks, initial events.
import { describe, expect, it } from 'vitest';
import type { KubernetesObject } from '../../../runtime/api/meta.js';
import type { Watch, WatchEvent } from '../../../runtime/api/watch-event.js';
import { ApiError, isBadRequest, isResourceExpired, isTooLargeResourceVersion } from '../../../runtime/errors/index.js';
import { initialEventsEndAnnotation } from '../../../runtime/fake/index.js';
import { newTracker, widget, widgets } from './fixtures.js';

const W = widgets.gvr;

/** Takes the next `n` events of a watch. */
async function take(w: Watch<KubernetesObject>, n: number): Promise<WatchEvent<KubernetesObject>[]> {
  const out: WatchEvent<KubernetesObject>[] = [];
  if (n === 0) {
    return out;
  }
  for await (const ev of w) {
    out.push(ev);
    if (out.length === n) {
      break;
    }
  }
  return out;
}

const brief = (e: WatchEvent<KubernetesObject>): string => `${e.type} ${e.object.metadata?.name ?? ''}`;

describe('list', () => {
  it('filters by namespace, labels and fields and reports the list resourceVersion', () => {
    const { tracker } = newTracker();
    tracker.create(W, 'a', widget('x', 'a', { color: 'red' }, { tier: 'web' }));
    tracker.create(W, 'a', widget('y', 'a', { color: 'blue' }, { tier: 'db' }));
    tracker.create(W, 'b', widget('z', 'b', { color: 'red' }, { tier: 'web' }));
    const names = (ns: string, o: object) => tracker.list(W, ns, o).items.map((i) => i.metadata?.name);
    expect(names('', {})).toEqual(['x', 'y', 'z']);
    expect(names('a', {})).toEqual(['x', 'y']);
    expect(names('', { labelSelector: 'tier in (web)' })).toEqual(['x', 'z']);
    expect(names('', { labelSelector: 'tier!=web' })).toEqual(['y']);
    expect(names('', { fieldSelector: 'spec.color=red,metadata.namespace!=b' })).toEqual(['x']);
    expect(names('', { fieldSelector: 'metadata.name==y' })).toEqual(['y']);
    const list = tracker.list(W, '');
    expect(list).toMatchObject({ apiVersion: 'demo.kgen.io/v1alpha1', kind: 'WidgetList' });
    expect(list.metadata.resourceVersion).toBe(String(tracker.resourceVersion()));
  });

  it('rejects unknown field selectors and bad label selectors with 400', () => {
    const { tracker } = newTracker();
    let err: unknown;
    try {
      tracker.list(W, '', { fieldSelector: 'spec.size=3' });
    } catch (e) {
      err = e;
    }
    expect(isBadRequest(err)).toBe(true);
    expect((err as ApiError).message).toContain('"spec.size" is not a known field selector');
    expect(() => tracker.list(W, '', { labelSelector: 'a in (' })).toThrow(ApiError);
  });

  it('pages with limit and continue over a consistent snapshot', () => {
    const { tracker } = newTracker();
    for (const n of ['a', 'b', 'c', 'd', 'e']) {
      tracker.create(W, 'default', widget(n));
    }
    const first = tracker.list(W, 'default', { limit: 2 });
    expect(first.items.map((i) => i.metadata?.name)).toEqual(['a', 'b']);
    expect(first.metadata.remainingItemCount).toBe(3);
    // changes after the first page do not show in later pages
    tracker.delete(W, 'default', 'c');
    tracker.create(W, 'default', widget('f'));
    const second = tracker.list(W, 'default', { limit: 2, continue: first.metadata.continue as string });
    expect(second.items.map((i) => i.metadata?.name)).toEqual(['c', 'd']);
    expect(second.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    const third = tracker.list(W, 'default', { limit: 2, continue: second.metadata.continue as string });
    expect(third.items.map((i) => i.metadata?.name)).toEqual(['e']);
    expect(third.metadata.continue).toBeUndefined();
    expect(isBadRequest(captured(() => tracker.list(W, 'default', { continue: 'garbage' })))).toBe(true);
  });

  it('serves an Exact resourceVersion from history, and 410 once it is compacted', () => {
    const { tracker } = newTracker({ historySize: 3 });
    tracker.create(W, 'default', widget('a'));
    const rv = tracker.resourceVersion();
    tracker.create(W, 'default', widget('b'));
    const exact = tracker.list(W, 'default', { resourceVersion: String(rv), resourceVersionMatch: 'Exact' });
    expect(exact.items.map((i) => i.metadata?.name)).toEqual(['a']);
    tracker.create(W, 'default', widget('c'));
    tracker.create(W, 'default', widget('d'));
    tracker.create(W, 'default', widget('e'));
    const err = captured(() =>
      tracker.list(W, 'default', { resourceVersion: String(rv), resourceVersionMatch: 'Exact' }),
    );
    expect(isResourceExpired(err)).toBe(true);
    expect(isTooLargeResourceVersion(captured(() => tracker.list(W, '', { resourceVersion: '999' })))).toBe(true);
  });
});

function captured(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return undefined;
}

describe('watch', () => {
  it('starts with synthetic ADDED events for the current state, then follows changes', async () => {
    const { tracker } = newTracker();
    tracker.create(W, 'default', widget('a'));
    const w = tracker.watch(W, 'default');
    tracker.update(W, 'default', widget('a', 'default', { color: 'red' }));
    tracker.create(W, 'other', widget('elsewhere', 'other'));
    tracker.delete(W, 'default', 'a');
    expect((await take(w, 3)).map(brief)).toEqual(['ADDED a', 'MODIFIED a', 'DELETED a']);
    expect(tracker.openWatches()).toBe(0);
  });

  it('replays events after a resourceVersion and fails with 410 Expired when they were evicted', async () => {
    const { tracker } = newTracker({ historySize: 2 });
    const a = tracker.create(W, 'default', widget('a'));
    tracker.create(W, 'default', widget('b'));
    tracker.delete(W, 'default', 'a');
    const w = tracker.watch(W, '', { resourceVersion: a.metadata?.resourceVersion as string });
    expect((await take(w, 2)).map(brief)).toEqual(['ADDED b', 'DELETED a']);
    w.stop();
    tracker.create(W, 'default', widget('c'));
    const tooOld = tracker.watch(W, '', { resourceVersion: '1' });
    await expect(take(tooOld, 1)).rejects.toSatisfy(
      (e: unknown) => isResourceExpired(e) && (e as ApiError).statusCode === 410,
    );
  });

  it('turns selector transitions into ADDED and DELETED', async () => {
    const { tracker } = newTracker();
    const w = tracker.watch(W, '', { labelSelector: 'app=web' });
    tracker.create(W, 'default', widget('a', 'default', {}, { app: 'db' }));
    tracker.update(W, 'default', widget('a', 'default', {}, { app: 'web' }));
    tracker.update(W, 'default', widget('a', 'default', { color: 'x' }, { app: 'web' }));
    tracker.update(W, 'default', widget('a', 'default', { color: 'x' }, { app: 'db' }));
    expect((await take(w, 3)).map(brief)).toEqual(['ADDED a', 'MODIFIED a', 'DELETED a']);
  });

  it('sends initial events and the initial-events-end bookmark for sendInitialEvents', async () => {
    const { tracker } = newTracker();
    tracker.create(W, 'default', widget('a'));
    tracker.create(W, 'default', widget('b'));
    const w = tracker.watch(W, '', {
      sendInitialEvents: true,
      resourceVersionMatch: 'NotOlderThan',
      allowWatchBookmarks: true,
    });
    const evs = await take(w, 3);
    expect(evs.map((e) => e.type)).toEqual(['ADDED', 'ADDED', 'BOOKMARK']);
    const bm = evs[2]?.object.metadata;
    expect(bm?.annotations?.[initialEventsEndAnnotation]).toBe('true');
    expect(bm?.resourceVersion).toBe(String(tracker.resourceVersion()));
    w.stop();
    expect(() => tracker.watch(W, '', { sendInitialEvents: true })).toThrow(/requires setting resourceVersionMatch/);
  });

  it('sends periodic bookmarks on the injected clock only to watches that allow them', async () => {
    const { tracker, clock } = newTracker({ bookmarkIntervalMs: 10_000 });
    tracker.create(W, 'default', widget('a'));
    const rv = String(tracker.resourceVersion());
    const withBm = tracker.watch(W, '', { resourceVersion: rv, allowWatchBookmarks: true });
    const without = tracker.watch(W, '', { resourceVersion: rv });
    await clock.advance(10_000);
    const [bm] = await take(withBm, 1);
    expect(bm?.type).toBe('BOOKMARK');
    expect(bm?.object.metadata?.resourceVersion).toBe(rv);
    tracker.create(W, 'default', widget('b'));
    expect((await take(without, 1)).map(brief)).toEqual(['ADDED b']);
    withBm.stop();
    without.stop();
    expect(clock.pendingTimers()).toBe(0);
  });

  it('ends at timeoutSeconds on the clock, and stops on abort', async () => {
    const { tracker, clock } = newTracker();
    const timed = tracker.watch(W, '', { timeoutSeconds: 30, resourceVersion: String(tracker.resourceVersion()) });
    const done = take(timed, 1);
    await clock.advance(30_000);
    expect(await done).toEqual([]);
    const ac = new AbortController();
    const aborted = tracker.watch(W, '', { resourceVersion: '0' }, ac.signal);
    const pending = take(aborted, 1);
    ac.abort();
    expect(await pending).toEqual([]);
    expect(tracker.openWatches()).toBe(0);
  });

  it('reports a resourceVersion newer than the store as too large', async () => {
    const { tracker } = newTracker();
    const w = tracker.watch(W, '', { resourceVersion: '50' });
    await expect(take(w, 1)).rejects.toSatisfy(isTooLargeResourceVersion);
  });
});
