// events.k8s.io/v1: isomorphic events become a series, refreshed every 30 min and finished after 6 min.
import { describe, expect, it } from 'vitest';
import type { KubernetesObject } from '../../../runtime/api/meta.js';
import { ApiError, NetworkError } from '../../../runtime/errors/index.js';
import {
  type EventSeries,
  type EventsV1Event,
  SeriesEventBroadcaster,
  type SeriesEventSink,
} from '../../../runtime/events/index.js';
import { FakeClock } from '../../../runtime/testing/index.js';
import { captureLogs } from '../../support/capture-logger.js';

captureLogs();

class FakeSeriesSink implements SeriesEventSink {
  readonly calls: string[] = [];
  readonly stored = new Map<string, EventsV1Event>();
  readonly failNext: Error[] = [];

  async create(event: EventsV1Event): Promise<EventsV1Event> {
    this.calls.push('create');
    const err = this.failNext.shift();
    if (err) {
      throw err;
    }
    this.stored.set(event.metadata.name ?? '', event);
    return event;
  }

  async patch(event: EventsV1Event, patch: { series: EventSeries }): Promise<EventsV1Event> {
    this.calls.push(`patch ${patch.series.count}`);
    const err = this.failNext.shift();
    if (err) {
      throw err;
    }
    const cur = this.stored.get(event.metadata.name ?? '');
    if (cur === undefined) {
      throw new ApiError({ code: 404, reason: 'NotFound', message: 'gone' });
    }
    const out = { ...cur, series: patch.series };
    this.stored.set(event.metadata.name ?? '', out);
    return out;
  }
}

const deploy: KubernetesObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd', namespace: 'ns', uid: 'u' },
};

function setup() {
  const clock = new FakeClock();
  const sink = new FakeSeriesSink();
  const b = new SeriesEventBroadcaster({ sink, clock, random: () => 0 });
  const rec = b.newRecorder('example.com/ctrl', 'pod-1');
  return { clock, sink, b, rec };
}

describe('SeriesEventBroadcaster', () => {
  it('creates the first event with events/v1 fields', async () => {
    const { sink, b, rec, clock } = setup();
    rec.event(deploy, undefined, 'Normal', 'ScalingReplicaSet', 'Scale', 'scaled up to 3');
    await b.flush();
    const [e] = [...sink.stored.values()];
    expect(e).toMatchObject({
      metadata: { namespace: 'ns' },
      reportingController: 'example.com/ctrl',
      reportingInstance: 'pod-1',
      action: 'Scale',
      reason: 'ScalingReplicaSet',
      note: 'scaled up to 3',
      type: 'Normal',
      regarding: { kind: 'Deployment', name: 'd', namespace: 'ns', uid: 'u' },
    });
    expect(e?.eventTime).toBe(new Date(clock.now()).toISOString().replace('Z', '000Z'));
    expect(e?.series).toBeUndefined();
    b.shutDown();
  });

  it('the second isomorphic event starts a series (count 2); later ones are counted and written on refresh', async () => {
    const { sink, b, rec, clock } = setup();
    rec.event(deploy, undefined, 'Warning', 'Failed', 'Sync', 'first');
    await b.flush();
    rec.event(deploy, undefined, 'Warning', 'Failed', 'Sync', 'second note, same series');
    await b.flush();
    expect(sink.calls).toEqual(['create', 'patch 2']);
    for (let i = 0; i < 3; i++) {
      rec.event(deploy, undefined, 'Warning', 'Failed', 'Sync', 'again');
      await clock.advance(60_000); // stay within the 6-minute finish window
    }
    await b.flush();
    expect(sink.calls).toEqual(['create', 'patch 2']);
    // Keep the series alive until the 30-minute refresh, which writes the current count.
    for (let t = 3; t < 30; t++) {
      rec.event(deploy, undefined, 'Warning', 'Failed', 'Sync', 'again');
      await clock.advance(60_000);
    }
    await b.flush();
    // 2 + 3 + 27 occurrences in all.
    expect(sink.calls.at(-1)).toBe('patch 32');
    expect(sink.calls).toHaveLength(3);
    b.shutDown();
  });

  it('a series idle for 6 minutes is written a last time and forgotten', async () => {
    const { sink, b, rec, clock } = setup();
    rec.event(deploy, undefined, 'Normal', 'R', 'A', 'n');
    rec.event(deploy, undefined, 'Normal', 'R', 'A', 'n');
    rec.event(deploy, undefined, 'Normal', 'R', 'A', 'n');
    await b.flush();
    expect(b.cachedEvents()).toBe(1);
    await clock.advance(360_000);
    await b.flush();
    expect(sink.calls).toEqual(['create', 'patch 2', 'patch 3']);
    expect(b.cachedEvents()).toBe(0);
    rec.event(deploy, undefined, 'Normal', 'R', 'A', 'n');
    await b.flush();
    expect(sink.calls.at(-1)).toBe('create');
    b.shutDown();
  });

  it('different actions, reasons or related objects are separate events', async () => {
    const { sink, b, rec } = setup();
    rec.event(deploy, undefined, 'Normal', 'R', 'A', 'n');
    rec.event(deploy, undefined, 'Normal', 'R', 'B', 'n');
    rec.event(deploy, undefined, 'Normal', 'Q', 'A', 'n');
    rec.event(deploy, { kind: 'Pod', name: 'p' }, 'Normal', 'R', 'A', 'n');
    await b.flush();
    expect(sink.calls).toEqual(['create', 'create', 'create', 'create']);
    b.shutDown();
  });

  it('retries transport errors and gives up on API errors', async () => {
    const { sink, b, rec, clock } = setup();
    sink.failNext.push(new NetworkError('refused', 'refused'), new NetworkError('refused', 'refused'));
    rec.event(deploy, undefined, 'Normal', 'R', 'A', 'n');
    await clock.advance(0); // first pause: random 0
    await clock.advance(10_000);
    await b.flush();
    expect(sink.calls).toEqual(['create', 'create', 'create']);
    expect(sink.stored.size).toBe(1);
    sink.failNext.push(new ApiError({ code: 403, reason: 'Forbidden', message: 'no' }));
    rec.event(deploy, undefined, 'Normal', 'Other', 'A', 'n');
    await b.flush();
    expect(sink.calls).toHaveLength(4);
    b.shutDown();
    expect(clock.pendingTimers()).toBe(0);
  });
});
