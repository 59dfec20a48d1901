// An EventSink over a client for core/v1 Events (a namespaced ResourceClient<CoreEvent> per namespace).
import type { CreateOptions, PatchOptions, PatchType, UpdateOptions } from '../api/options.js';
import type { CoreEvent } from './core-event.js';
import type { EventCountPatch } from './event-deduplicator.js';
import type { EventSink } from './event-sink.js';

/** The subset of `ResourceClient<CoreEvent>` the sink uses. */
export interface CoreEventClient {
  create(obj: CoreEvent, opts?: CreateOptions, signal?: AbortSignal): Promise<CoreEvent>;
  update(obj: CoreEvent, opts?: UpdateOptions, signal?: AbortSignal): Promise<CoreEvent>;
  patch(name: string, type: PatchType, body: unknown, opts?: PatchOptions, signal?: AbortSignal): Promise<CoreEvent>;
}

/** Writes events through `clientFor(namespace)`, patching repeats with a strategic-merge patch. */
export function coreEventSink(clientFor: (namespace: string) => CoreEventClient): EventSink {
  const ns = (e: CoreEvent): string => e.metadata.namespace ?? 'default';
  return {
    create: (event, signal) => clientFor(ns(event)).create({ apiVersion: 'v1', kind: 'Event', ...event }, {}, signal),
    update: (event, signal) => clientFor(ns(event)).update({ apiVersion: 'v1', kind: 'Event', ...event }, {}, signal),
    patch: (event: CoreEvent, patch: EventCountPatch, signal?: AbortSignal) =>
      clientFor(ns(event)).patch(event.metadata.name ?? '', 'strategic', patch, {}, signal),
  };
}
