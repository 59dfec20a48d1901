// events.k8s.io/v1 Event and EventSeries types.
import type { MicroTime, ObjectMeta } from '../api/meta.js';
import type { ObjectReference } from './core-event.js';

/** events.k8s.io/v1 EventSeries: how often an isomorphic event recurred. */
export interface EventSeries {
  count: number;
  lastObservedTime: MicroTime;
}

/** events.k8s.io/v1 Event. */
export interface EventsV1Event {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  eventTime: MicroTime;
  series?: EventSeries;
  reportingController?: string;
  reportingInstance?: string;
  action?: string;
  reason?: string;
  regarding?: ObjectReference;
  related?: ObjectReference;
  note?: string;
  type?: string;
}
