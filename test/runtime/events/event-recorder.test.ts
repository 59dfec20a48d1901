// The core/v1 event pipeline: recorder, correlator (aggregate, dedup, spam filter), sink retries, bounded queue.
import { describe, expect, it } from 'vitest';
import type { KubernetesObject } from '../../../runtime/api/meta.js';
import { ApiError, NetworkError } from '../../../runtime/errors/index.js';
import { combinedMessagePrefix, EventBroadcaster } from '../../../runtime/events/index.js';
import { FakeClock } from '../../../runtime/testing/index.js';
import { captureLogs } from '../../support/capture-logger.js';
import { FakeEventSink } from './fake-event-sink.js';

const logs = captureLogs();

const pod: KubernetesObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'ns', uid: 'u1', resourceVersion: '7' },
};

function setup(options: { random?: () => number } = {}) {
  const clock = new FakeClock();
  const sink = new FakeEventSink();
  const b = new EventBroadcaster({ clock, random: options.random ?? (() => 0.5) });
  b.startRecordingToSink(sink);
  const recorder = b.newRecorder({ component: 'foo-controller', host: 'node-1' });
  return { clock, sink, b, recorder };
}

describe('EventRecorder', () => {
  it('creates an event with client-go fields and an <object>.<hex nanos> name', async () => {
    const { sink, b, recorder, clock } = setup();
    recorder.event(pod, 'Normal', 'Synced', 'synced successfully');
    await b.flush();
    expect(sink.calls).toHaveLength(1);
    const [e] = [...sink.stored.values()];
    expect(e?.metadata.name).toMatch(/^web\.[0-9a-f]+$/);
    expect(BigInt(`0x${e?.metadata.name?.slice(4)}`) / 1_000_000n).toBe(BigInt(clock.now()));
    expect(e).toMatchObject({
      metadata: { namespace: 'ns' },
      involvedObject: { kind: 'Pod', name: 'web', namespace: 'ns', uid: 'u1', apiVersion: 'v1', resourceVersion: '7' },
      reason: 'Synced',
      message: 'synced successfully',
      type: 'Normal',
      count: 1,
      source: { component: 'foo-controller', host: 'node-1' },
      reportingComponent: 'foo-controller',
      reportingInstance: 'node-1',
      firstTimestamp: new Date(clock.now()).toISOString().replace('.000Z', 'Z'),
    });
  });

  it('puts events about cluster-scoped objects in "default" and rejects unknown types', async () => {
    const { sink, b, recorder } = setup();
    recorder.event({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } }, 'Warning', 'Down', 'x');
    recorder.event(pod, 'Bogus' as 'Normal', 'R', 'm');
    await b.flush();
    expect([...sink.stored.values()].map((e) => e.metadata.namespace)).toEqual(['default']);
    expect(logs.some((l) => l.msg === 'unsupported event type')).toBe(true);
  });

  it('deduplicates a repeated event into a count patch on the same object', async () => {
    const { sink, b, recorder, clock } = setup();
    recorder.event(pod, 'Warning', 'Failed', 'boom');
    await b.flush();
    await clock.advance(5_000);
    recorder.event(pod, 'Warning', 'Failed', 'boom');
    recorder.event(pod, 'Warning', 'Failed', 'boom');
    await b.flush();
    const first = sink.calls[0]?.split(' ')[1];
    expect(sink.calls).toEqual([`create ${first}`, `patch ${first}`, `patch ${first}`]);
    const stored = sink.stored.get(first ?? '');
    expect(stored?.count).toBe(3);
    expect(stored?.lastTimestamp).toBe(new Date(clock.now()).toISOString().replace('.000Z', 'Z'));
    expect(stored?.firstTimestamp).not.toBe(stored?.lastTimestamp);
  });

  it('aggregates the 10th distinct message within 600 s into a combined event', async () => {
    const { sink, b, recorder, clock } = setup();
    for (let i = 0; i < 9; i++) {
      recorder.event(pod, 'Warning', 'BackOff', `attempt ${i}`);
    }
    await b.flush();
    expect(sink.stored.size).toBe(9);
    recorder.event(pod, 'Warning', 'BackOff', 'attempt 9');
    recorder.event(pod, 'Warning', 'BackOff', 'attempt 10');
    await b.flush();
    const combined = [...sink.stored.values()].filter((e) => e.message?.startsWith(combinedMessagePrefix));
    expect(combined).toHaveLength(1);
    expect(combined[0]?.count).toBe(2);
    expect(combined[0]?.message).toBe(`${combinedMessagePrefix}attempt 10`);
    expect(sink.stored.size).toBe(10);
    // After the window passes, messages are counted afresh.
    await clock.advance(601_000);
    recorder.event(pod, 'Warning', 'BackOff', 'fresh');
    await b.flush();
    expect(sink.stored.size).toBe(11);
  });

  it('spam filter: 25 events per object pass, then one per 300 s', async () => {
    const { sink, b, recorder, clock } = setup();
    for (let i = 0; i < 30; i++) {
      recorder.event(pod, 'Normal', `Reason${i}`, 'm');
    }
    await b.flush();
    expect(sink.calls).toHaveLength(25);
    await clock.advance(299_000);
    recorder.event(pod, 'Normal', 'Late', 'm');
    await b.flush();
    expect(sink.calls).toHaveLength(25);
    await clock.advance(1_000);
    recorder.event(pod, 'Normal', 'Later', 'm');
    recorder.event(pod, 'Normal', 'Later2', 'm');
    await b.flush();
    expect(sink.calls).toHaveLength(26);
    // Another object has its own bucket.
    recorder.event({ ...pod, metadata: { ...pod.metadata, name: 'other', uid: 'u2' } }, 'Normal', 'R', 'm');
    await b.flush();
    expect(sink.calls).toHaveLength(27);
  });

  it('retries transport errors: first pause random in [0, 10 s), then 10 s, at most 12 tries', async () => {
    const { sink, b, recorder, clock } = setup({ random: () => 0.25 });
    for (let i = 0; i < 20; i++) {
      sink.failNext.push(new NetworkError('refused', 'connect ECONNREFUSED 127.0.0.1:6443'));
    }
    recorder.event(pod, 'Normal', 'R', 'm');
    await clock.waitForTimers(1);
    expect(clock.pendingDelays()).toEqual([2_500]);
    await clock.advance(2_500);
    expect(sink.calls).toHaveLength(2);
    expect(clock.pendingDelays()).toEqual([10_000]);
    for (let i = 0; i < 20; i++) {
      await clock.advance(10_000);
    }
    await b.flush();
    expect(sink.calls).toHaveLength(12);
    expect(logs.some((l) => l.msg === 'unable to write event (retry limit exceeded)')).toBe(true);
  });

  it('gives up at once on an API error, and succeeds after a transient one', async () => {
    const { sink, b, recorder, clock } = setup({ random: () => 0 });
    sink.failNext.push(new ApiError({ code: 422, reason: 'Invalid', message: 'bad' }));
    recorder.event(pod, 'Normal', 'A', 'm');
    await b.flush();
    expect(sink.calls).toHaveLength(1);
    expect(sink.stored.size).toBe(0);
    sink.failNext.push(new NetworkError('reset', 'socket hang up'));
    recorder.event(pod, 'Normal', 'B', 'm');
    await clock.waitForTimers(1);
    await clock.advance(0);
    await b.flush();
    expect(sink.stored.size).toBe(1);
  });

  it('re-creates a repeated event whose stored copy is gone (patch NotFound)', async () => {
    const { sink, b, recorder } = setup();
    recorder.event(pod, 'Normal', 'R', 'm');
    await b.flush();
    sink.stored.clear();
    recorder.event(pod, 'Normal', 'R', 'm');
    await b.flush();
    expect(sink.calls.map((c) => c.split(' ')[0])).toEqual(['create', 'patch', 'create']);
    expect([...sink.stored.values()][0]?.count).toBe(2);
  });

  it('drops events when a watcher queue is full', async () => {
    const clock = new FakeClock();
    const sink = new FakeEventSink();
    let open: () => void = () => {};
    sink.gate = new Promise((r) => {
      open = r;
    });
    const b = new EventBroadcaster({ clock, queueLength: 3 });
    b.startRecordingToSink(sink);
    const recorder = b.newRecorder({ component: 'c' });
    for (let i = 0; i < 10; i++) {
      recorder.event(pod, 'Normal', `R${i}`, 'm');
    }
    // One event is being written (blocked), three are queued, the other six are dropped.
    expect(b.dropped()).toBe(6);
    open();
    await b.flush();
    expect(sink.stored.size).toBe(4);
    b.shutDown();
    recorder.event(pod, 'Normal', 'After', 'm');
    await b.flush();
    expect(sink.stored.size).toBe(4);
  });

  it('startLogging writes every event to the runtime logger', async () => {
    const { b, recorder } = setup();
    b.startLogging();
    recorder.event(pod, 'Normal', 'Started', 'container started');
    await b.flush();
    const line = logs.find((l) => l.msg === 'event occurred');
    expect(line?.fields).toMatchObject({
      object: 'ns/web',
      kind: 'Pod',
      reason: 'Started',
      message: 'container started',
      type: 'Normal',
    });
  });
});
