// The events.k8s.io/v1 recorder: builds Events about objects and hands them to the series broadcaster.
import type { KubernetesObject } from '../api/meta.js';
import { toMicroTime } from '../leaderelection/leader-election-record.js';
import type { Clock } from '../util/clock.js';
import { logger } from '../util/logger.js';
import { type EventType, type ObjectReference, objectReferenceOf } from './core-event.js';
import type { EventsV1Event } from './events-v1-event.js';
import type { SeriesEventBroadcaster } from './series-event-broadcaster.js';

/** Options of {@link SeriesEventRecorder} (usually created through `SeriesEventBroadcaster.newRecorder`). */
export interface SeriesEventRecorderOptions {
  broadcaster: SeriesEventBroadcaster;
  reportingController: string;
  reportingInstance: string;
  clock: Clock;
}

/** client-go's events.EventRecorder: records events.k8s.io/v1 Events about objects. */
export class SeriesEventRecorder {
  constructor(private readonly options: SeriesEventRecorderOptions) {}

  /** Records `note` about `regarding` (and optionally `related`); unknown types are logged and dropped. */
  event(
    regarding: KubernetesObject | ObjectReference,
    related: KubernetesObject | ObjectReference | undefined,
    eventType: EventType,
    reason: string,
    action: string,
    note: string,
  ): void {
    if (eventType !== 'Normal' && eventType !== 'Warning') {
      logger().error('unsupported event type', { eventType, reason });
      return;
    }
    const ref = objectReferenceOf(regarding);
    const now = this.options.clock.now();
    const event: EventsV1Event = {
      metadata: {
        name: this.options.broadcaster.eventName(ref.name ?? '', now),
        namespace: ref.namespace || 'default',
      },
      eventTime: toMicroTime(now),
      reportingController: this.options.reportingController,
      reportingInstance: this.options.reportingInstance,
      action,
      reason,
      regarding: ref,
      note,
      type: eventType,
    };
    if (related !== undefined) {
      event.related = objectReferenceOf(related);
    }
    this.options.broadcaster.record(event);
  }
}
