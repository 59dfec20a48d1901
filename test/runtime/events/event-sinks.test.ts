// The sinks over ResourceClient-shaped clients: namespace routing, kinds, and strategic-merge patches.
import { describe, expect, it } from 'vitest';
import type { PatchType } from '../../../runtime/api/options.js';
import {
  type CoreEvent,
  type CoreEventClient,
  coreEventSink,
  type EventsV1Client,
  type EventsV1Event,
  eventsV1Sink,
} from '../../../runtime/events/index.js';

function recordingClient<E>(log: string[], ns: string) {
  return {
    create: async (obj: E) => {
      log.push(`create ${ns} ${JSON.stringify(obj)}`);
      return obj;
    },
    update: async (obj: E) => {
      log.push(`update ${ns}`);
      return obj;
    },
    patch: async (name: string, type: PatchType, body: unknown) => {
      log.push(`patch ${ns} ${name} ${type} ${JSON.stringify(body)}`);
      return {} as E;
    },
  };
}

describe('event sinks', () => {
  it('coreEventSink routes by namespace, stamps v1/Event and patches strategically', async () => {
    const log: string[] = [];
    const sink = coreEventSink((ns) => recordingClient<CoreEvent>(log, ns) satisfies CoreEventClient);
    const e: CoreEvent = { metadata: { name: 'p.1', namespace: 'team' }, involvedObject: { name: 'p' } };
    await sink.create(e);
    await sink.patch(e, { count: 3, lastTimestamp: '2025-01-01T00:00:00Z' });
    await sink.update({ ...e, metadata: { name: 'n.1' } });
    expect(log).toEqual([
      `create team ${JSON.stringify({ apiVersion: 'v1', kind: 'Event', ...e })}`,
      'patch team p.1 strategic {"count":3,"lastTimestamp":"2025-01-01T00:00:00Z"}',
      'update default',
    ]);
  });

  it('eventsV1Sink stamps events.k8s.io/v1 and patches the series', async () => {
    const log: string[] = [];
    const sink = eventsV1Sink((ns) => recordingClient<EventsV1Event>(log, ns) satisfies EventsV1Client);
    const e: EventsV1Event = { metadata: { name: 'd.1', namespace: 'ns' }, eventTime: '2025-01-01T00:00:00.000000Z' };
    await sink.create(e);
    await sink.patch(e, { series: { count: 2, lastObservedTime: '2025-01-01T00:00:01.000000Z' } });
    expect(log[0]).toContain('"apiVersion":"events.k8s.io/v1","kind":"Event"');
    expect(log[1]).toBe(
      'patch ns d.1 strategic {"series":{"count":2,"lastObservedTime":"2025-01-01T00:00:01.000000Z"}}',
    );
  });
});
