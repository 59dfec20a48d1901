// The event recorder: builds core/v1 Events about objects and hands them to the broadcaster.
import type { KubernetesObject } from '../api/meta.js';
import type { Clock } from '../util/clock.js';
import { logger } from '../util/logger.js';
import { type CoreEvent, type EventType, type ObjectReference, objectReferenceOf, toTime } from './core-event.js';
import type { EventBroadcaster } from './event-broadcaster.js';
import type { EventRecorderInterface } from './fake-recorder.js';

/** Options of {@link EventRecorder} (usually created through `EventBroadcaster.newRecorder`). */
export interface EventRecorderOptions {
  broadcaster: EventBroadcaster;
  /** The reporting component (controller name). */
  component: string;
  /** The host it runs on. @default '' */
  host?: string;
  clock: Clock;
}

/** client-go's record.EventRecorder. */
export class EventRecorder implements EventRecorderInterface {
  constructor(private readonly options: EventRecorderOptions) {}

  /** Records an event about `object`. Types other than Normal and Warning are rejected (logged, not thrown). */
  event(object: KubernetesObject | ObjectReference, eventType: EventType, reason: string, message: string): void {
    if (eventType !== 'Normal' && eventType !== 'Warning') {
      logger().error('unsupported event type', { eventType, reason });
      return;
    }
    const ref = objectReferenceOf(object);
    const now = this.options.clock.now();
    const ts = toTime(now);
    const host = this.options.host ?? '';
    const event: CoreEvent = {
      metadata: {
        name: this.options.broadcaster.eventName({ metadata: {}, involvedObject: ref }, now),
        namespace: ref.namespace || 'default',
      },
      involvedObject: ref,
      reason,
      message,
      source: host === '' ? { component: this.options.component } : { component: this.options.component, host },
      firstTimestamp: ts,
      lastTimestamp: ts,
      count: 1,
      type: eventType,
      reportingComponent: this.options.component,
      reportingInstance: host,
    };
    this.options.broadcaster.action(event);
  }
}
