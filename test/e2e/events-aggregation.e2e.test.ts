// Issue 5 acceptance: recorded events reach the API server deduplicated, aggregated and counted (core/v1 and events.k8s.io/v1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreEvent } from '../../runtime/events/core-event.js';
import { coreEventSink } from '../../runtime/events/core-event-sink.js';
import { combinedMessagePrefix } from '../../runtime/events/event-aggregator.js';
import { EventBroadcaster } from '../../runtime/events/event-broadcaster.js';
import type { EventsV1Event } from '../../runtime/events/events-v1-event.js';
import { SeriesEventBroadcaster } from '../../runtime/events/series-event-broadcaster.js';
import { eventsV1Sink } from '../../runtime/events/series-event-sink.js';
import { ResourceClient } from '../../runtime/rest/resource-client.js';
import type { RestClient } from '../../runtime/rest/rest-client.js';
import { FakeClock } from '../../runtime/testing/index.js';
import { type ConfigMap, configMaps, restClientFor } from './support/configmaps.js';
import { testEnv, uniqueNamespace } from './support/env.js';

describe('event recorders against the API server', () => {
  let rest: RestClient;
  let namespace: string;
  let coreEvents: ResourceClient<CoreEvent>;
  let v1Events: ResourceClient<EventsV1Event>;

  beforeAll(async () => {
    rest = restClientFor(testEnv().kubeconfigPath);
    namespace = await uniqueNamespace('events');
    coreEvents = new ResourceClient<CoreEvent>({
      rest,
      gvr: { group: '', version: 'v1', resource: 'events' },
      namespaced: true,
      namespace,
      kind: 'Event',
    });
    v1Events = new ResourceClient<EventsV1Event>({
      rest,
      gvr: { group: 'events.k8s.io', version: 'v1', resource: 'events' },
      namespaced: true,
      namespace,
      kind: 'Event',
    });
  });

  afterAll(async () => {
    await rest?.close();
  });

  async function subject(name: string): Promise<ConfigMap> {
    return configMaps(rest, namespace).create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
  }

  async function eventsAbout(name: string): Promise<CoreEvent[]> {
    const list = await coreEvents.list({ fieldSelector: `involvedObject.name=${name}` });
    return list.items;
  }

  it('core/v1: repeats of one event become one Event with a count; similar events are aggregated', async () => {
    const broadcaster = new EventBroadcaster();
    const stop = broadcaster.startRecordingToSink(coreEventSink((ns) => coreEvents.namespace(ns)));
    const recorder = broadcaster.newRecorder({ component: 'kgen-e2e' });
    try {
      const repeated = await subject('repeated');
      for (let i = 0; i < 15; i++) {
        recorder.event(repeated, 'Warning', 'BackOff', 'Back-off restarting failed container');
      }
      const similar = await subject('similar');
      for (let i = 1; i <= 12; i++) {
        recorder.event(similar, 'Normal', 'Scaled', `scaled to ${i} replicas`);
      }
      await broadcaster.flush();
    } finally {
      stop();
      broadcaster.shutDown();
    }

    const rep = await eventsAbout('repeated');
    expect(rep).toHaveLength(1);
    expect(rep[0]).toMatchObject({
      reason: 'BackOff',
      type: 'Warning',
      count: 15,
      source: { component: 'kgen-e2e' },
      involvedObject: { kind: 'ConfigMap', name: 'repeated', namespace },
    });
    expect(Date.parse(rep[0]?.lastTimestamp ?? '')).toBeGreaterThanOrEqual(Date.parse(rep[0]?.firstTimestamp ?? ''));

    // The first nine distinct messages are stored as they are; from the tenth on they share one aggregate Event.
    const sim = await eventsAbout('similar');
    const combined = sim.filter((e) => e.message?.startsWith(combinedMessagePrefix));
    expect(sim).toHaveLength(10);
    expect(combined).toHaveLength(1);
    expect(combined[0]?.count).toBe(3);
    expect(sim.reduce((n, e) => n + (e.count ?? 0), 0)).toBe(12);
    console.log(
      `[events] core/v1: 15 identical events -> 1 Event with count ${rep[0]?.count}; 12 similar -> ${sim.length} ` +
        `Events, the aggregate with count ${combined[0]?.count}`,
    );
  });

  it('events.k8s.io/v1: repeats become one Event whose series count is written by the refresh', async () => {
    // A fake clock drives the series refresh (30 min) so the test need not wait; the writes are real.
    const clock = new FakeClock(Date.now());
    const broadcaster = new SeriesEventBroadcaster({ sink: eventsV1Sink((ns) => v1Events.namespace(ns)), clock });
    try {
      const target = await subject('series');
      const recorder = broadcaster.newRecorder('kgen-e2e', 'kgen-e2e-0');
      recorder.event(target, undefined, 'Normal', 'Synced', 'Sync', 'synced the config');
      await broadcaster.flush();
      for (let i = 1; i < 5; i++) {
        await clock.advance(1_000);
        recorder.event(target, undefined, 'Normal', 'Synced', 'Sync', 'synced the config');
      }
      await broadcaster.flush();
      let stored = (await v1Events.list()).items.filter((e) => e.regarding?.name === 'series');
      expect(stored).toHaveLength(1);
      // The second occurrence opened the series (count 2); later ones are counted locally until the refresh.
      expect(stored[0]?.series?.count).toBe(2);

      await clock.advance(30 * 60_000);
      await broadcaster.flush();
      stored = (await v1Events.list()).items.filter((e) => e.regarding?.name === 'series');
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({
        reason: 'Synced',
        action: 'Sync',
        reportingController: 'kgen-e2e',
        reportingInstance: 'kgen-e2e-0',
        series: { count: 5 },
      });
      console.log(`[events] events.k8s.io/v1: 5 identical events -> 1 Event, series.count ${stored[0]?.series?.count}`);
    } finally {
      broadcaster.shutDown();
    }
  });
});
