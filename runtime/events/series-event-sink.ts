// Where events.k8s.io/v1 Events are written, and a sink over a ResourceClient-like client.
import type { CreateOptions, PatchOptions, PatchType } from '../api/options.js';
import type { EventSeries, EventsV1Event } from './events-v1-event.js';

/** client-go's events.EventSink. */
export interface SeriesEventSink {
  create(event: EventsV1Event, signal?: AbortSignal): Promise<EventsV1Event>;
  /** Applies `{ series }` as a strategic-merge patch to the stored event. */
  patch(event: EventsV1Event, patch: { series: EventSeries }, signal?: AbortSignal): Promise<EventsV1Event>;
}

/** The subset of `ResourceClient<EventsV1Event>` the sink uses. */
export interface EventsV1Client {
  create(obj: EventsV1Event, opts?: CreateOptions, signal?: AbortSignal): Promise<EventsV1Event>;
  patch(
    name: string,
    type: PatchType,
    body: unknown,
    opts?: PatchOptions,
    signal?: AbortSignal,
  ): Promise<EventsV1Event>;
}

/** Writes events through `clientFor(namespace)`. */
export function eventsV1Sink(clientFor: (namespace: string) => EventsV1Client): SeriesEventSink {
  const ns = (e: EventsV1Event): string => e.metadata.namespace ?? 'default';
  return {
    create: (event, signal) =>
      clientFor(ns(event)).create({ apiVersion: 'events.k8s.io/v1', kind: 'Event', ...event }, {}, signal),
    patch: (event, patch, signal) =>
      clientFor(ns(event)).patch(event.metadata.name ?? '', 'strategic', patch, {}, signal),
  };
}
