// core/v1 Event and ObjectReference types, and building a reference to the object an event is about.
import type { KubernetesObject, MicroTime, ObjectMeta, Time } from '../api/meta.js';

/** The two event types the API accepts. */
export type EventType = 'Normal' | 'Warning';

/** core/v1 ObjectReference: the object an event is about. */
export interface ObjectReference {
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

/** core/v1 EventSource. */
export interface EventSource {
  component?: string;
  host?: string;
}

/** core/v1 Event. */
export interface CoreEvent {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  involvedObject: ObjectReference;
  reason?: string;
  message?: string;
  source?: EventSource;
  firstTimestamp?: Time;
  lastTimestamp?: Time;
  count?: number;
  type?: string;
  eventTime?: MicroTime;
  reportingComponent?: string;
  reportingInstance?: string;
  action?: string;
}

/** A reference to `obj` for an event's involvedObject. */
export function objectReferenceOf(obj: KubernetesObject | ObjectReference): ObjectReference {
  if (!('metadata' in obj) || obj.metadata === undefined) {
    return { ...(obj as ObjectReference) };
  }
  const o = obj as KubernetesObject;
  const ref: ObjectReference = {};
  if (o.apiVersion !== undefined) {
    ref.apiVersion = o.apiVersion;
  }
  if (o.kind !== undefined) {
    ref.kind = o.kind;
  }
  if (o.metadata?.name !== undefined) {
    ref.name = o.metadata.name;
  }
  if (o.metadata?.namespace !== undefined) {
    ref.namespace = o.metadata.namespace;
  }
  if (o.metadata?.uid !== undefined) {
    ref.uid = o.metadata.uid;
  }
  if (o.metadata?.resourceVersion !== undefined) {
    ref.resourceVersion = o.metadata.resourceVersion;
  }
  return ref;
}

/** metav1.Time (RFC 3339, whole seconds) for epoch milliseconds. */
export function toTime(ms: number): Time {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
