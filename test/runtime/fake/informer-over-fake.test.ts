// A SharedIndexInformer syncing over the fake provider (watch-list first, then a relist) and seeing later writes.
import { describe, expect, it } from 'vitest';
import { SharedIndexInformer, waitForCacheSync } from '../../../runtime/cache/index.js';
import { newFakeProvider } from '../../../runtime/fake/index.js';
import { FakeClock } from '../../../runtime/testing/fake-clock.js';
import { captureLogs } from '../../support/capture-logger.js';
import { driveClock, waitFor } from '../../support/wait-for.js';
import { seededRandom, type Widget, widget, widgets } from './fixtures.js';

captureLogs();

function setup() {
  const clock = new FakeClock();
  const p = newFakeProvider([widgets], {
    clock,
    random: seededRandom(),
    objects: [widget('a', 'default', { color: 'red' }), widget('b', 'other', { color: 'blue' })],
  });
  const client = p.resource<Widget>(widgets, '');
  const informer = new SharedIndexInformer<Widget>({
    listerWatcher: { list: (o, s) => client.list(o, s), watch: (o, s) => client.watch(o, s) },
    clock,
    random: () => 0,
  });
  const seen: string[] = [];
  informer.addEventHandler({
    onAdd: (w) => {
      seen.push(`add ${w.metadata?.name}`);
    },
    onUpdate: (_old, w) => {
      seen.push(`update ${w.metadata?.name} ${w.spec?.color}`);
    },
    onDelete: (w) => {
      seen.push(`delete ${(w as Widget).metadata?.name}`);
    },
  });
  const ac = new AbortController();
  const running = informer.run(ac.signal);
  const stop = async () => {
    ac.abort();
    await running;
  };
  return { p, clock, client, informer, seen, stop };
}

const names = (ws: readonly Widget[]) => ws.map((w) => w.metadata?.name).sort();

describe('SharedIndexInformer over the fake provider', () => {
  it('syncs the seeded objects and then sees creates, updates and deletes', async () => {
    const { p, informer, seen, stop } = setup();
    expect(await waitForCacheSync(undefined, informer)).toBe(true);
    expect(names(informer.getIndexer().list())).toEqual(['a', 'b']);
    // the reflector used one streaming watch (sendInitialEvents), no list
    expect(p.actions().map((a) => a.verb)).toEqual(['watch']);
    const c = p.resource<Widget>(widgets, 'default');
    await c.create(widget('c'));
    const a = await c.get('a');
    await c.update({ ...a, spec: { color: 'green' } });
    await c.delete('c');
    await waitFor(() => seen.length >= 5, 'five events');
    expect(seen).toEqual(['add a', 'add b', 'add c', 'update a green', 'delete c']);
    expect((informer.getIndexer().getByKey('default/a') as Widget | undefined)?.spec?.color).toBe('green');
    await stop();
    expect(p.tracker().openWatches()).toBe(0);
  });

  it('re-watches from its resourceVersion after the server closes watches, without losing writes', async () => {
    const { p, clock, informer, stop } = setup();
    expect(await waitForCacheSync(undefined, informer)).toBe(true);
    p.tracker().closeWatches();
    const c = p.resource<Widget>(widgets, 'default');
    await c.create(widget('late'));
    // the reflector may back off on the injected clock before it watches again
    await driveClock(clock, () => informer.getIndexer().getByKey('default/late') !== undefined);
    const watches = p.actions().filter((a) => a.verb === 'watch');
    expect(watches.length).toBeGreaterThanOrEqual(2);
    expect(watches.at(-1)).toMatchObject({ options: { resourceVersion: expect.stringMatching(/^\d+$/) } });
    expect(names(informer.getIndexer().list())).toEqual(['a', 'b', 'late']);
    await stop();
  });
});
