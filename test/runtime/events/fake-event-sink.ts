// An in-memory EventSink that stores events like the API server and can fail on demand.

import { ApiError } from '../../../runtime/errors/index.js';
import type { CoreEvent, EventCountPatch, EventSink } from '../../../runtime/events/index.js';

export class FakeEventSink implements EventSink {
  readonly calls: string[] = [];
  readonly stored = new Map<string, CoreEvent>();
  /** Errors thrown by the next calls, in order (any operation). */
  readonly failNext: Error[] = [];
  private rv = 0;
  gate: Promise<void> | undefined;

  private async enter(op: string, event: CoreEvent): Promise<void> {
    this.calls.push(`${op} ${event.metadata.name}`);
    if (this.gate !== undefined) {
      await this.gate;
    }
    const err = this.failNext.shift();
    if (err !== undefined) {
      throw err;
    }
  }

  async create(event: CoreEvent): Promise<CoreEvent> {
    await this.enter('create', event);
    const name = event.metadata.name ?? '';
    if (this.stored.has(name)) {
      throw new ApiError({ code: 409, reason: 'AlreadyExists', message: 'exists' });
    }
    const out = { ...event, metadata: { ...event.metadata, resourceVersion: String(++this.rv) } };
    this.stored.set(name, out);
    return out;
  }

  async update(event: CoreEvent): Promise<CoreEvent> {
    await this.enter('update', event);
    const out = { ...event, metadata: { ...event.metadata, resourceVersion: String(++this.rv) } };
    this.stored.set(event.metadata.name ?? '', out);
    return out;
  }

  async patch(event: CoreEvent, patch: EventCountPatch): Promise<CoreEvent> {
    await this.enter('patch', event);
    const name = event.metadata.name ?? '';
    const cur = this.stored.get(name);
    if (cur === undefined) {
      throw new ApiError({ code: 404, reason: 'NotFound', message: 'not found' });
    }
    const out = { ...cur, ...patch, metadata: { ...cur.metadata, resourceVersion: String(++this.rv) } };
    this.stored.set(name, out);
    return out;
  }
}
