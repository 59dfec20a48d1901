// FakeRecorder: keeps recorded events as "<type> <reason> <message>" lines for controller unit tests (client-go's record.FakeRecorder).
import type { KubernetesObject } from '../api/meta.js';
import type { EventType, ObjectReference } from './core-event.js';

/** What a controller needs to record events; EventRecorder and FakeRecorder both provide it. */
export interface EventRecorderInterface {
  event(object: KubernetesObject | ObjectReference, eventType: EventType, reason: string, message: string): void;
}

/** Options of {@link FakeRecorder}. */
export interface FakeRecorderOptions {
  /** Also keep the object each event was about, in `objects`. @default false */
  includeObject?: boolean;
}

/** Records events in memory, in order, as client-go's FakeRecorder formats them. */
export class FakeRecorder implements EventRecorderInterface {
  /** `<type> <reason> <message>`, oldest first. */
  readonly events: string[] = [];
  /** The objects the events were about (only with `includeObject`). */
  readonly objects: (KubernetesObject | ObjectReference)[] = [];

  constructor(private readonly options: FakeRecorderOptions = {}) {}

  event(object: KubernetesObject | ObjectReference, eventType: EventType, reason: string, message: string): void {
    this.events.push(`${eventType} ${reason} ${message}`);
    if (this.options.includeObject === true) {
      this.objects.push(object);
    }
  }
}
