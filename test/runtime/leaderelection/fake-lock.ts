// An in-memory ResourceLock over a shared record with resourceVersion checks, logging every operation.

import { ApiError } from '../../../runtime/errors/index.js';
import type { LeaderElectionRecord, LockRecord, ResourceLock } from '../../../runtime/leaderelection/index.js';

function apiError(code: number, reason: string, message: string): ApiError {
  return new ApiError({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message });
}

/** The "server" side: one stored record with a version, shared by the locks of several candidates. */
export class FakeLeaseStore {
  record: LeaderElectionRecord | undefined;
  version = 0;
  /** Errors to throw from the next operations of the given kind, in order. */
  readonly failNext: { get: Error[]; create: Error[]; update: Error[] } = { get: [], create: [], update: [] };

  set(record: LeaderElectionRecord): void {
    this.record = { ...record };
    this.version++;
  }
}

export const conflict = (): ApiError => apiError(409, 'Conflict', 'the object has been modified');
export const serverError = (): ApiError => apiError(500, 'InternalError', 'etcd down');

export class FakeLock implements ResourceLock {
  readonly ops: string[] = [];
  readonly events: string[] = [];
  private seenVersion: number | undefined;

  constructor(
    readonly store: FakeLeaseStore,
    private readonly id: string,
  ) {}

  async get(): Promise<LockRecord> {
    this.ops.push('get');
    const injected = this.store.failNext.get.shift();
    if (injected) {
      throw injected;
    }
    if (this.store.record === undefined) {
      throw apiError(404, 'NotFound', 'leases "l" not found');
    }
    this.seenVersion = this.store.version;
    return { record: { ...this.store.record }, raw: JSON.stringify(this.store.record) };
  }

  async create(record: LeaderElectionRecord): Promise<void> {
    this.ops.push('create');
    const injected = this.store.failNext.create.shift();
    if (injected) {
      throw injected;
    }
    if (this.store.record !== undefined) {
      throw apiError(409, 'AlreadyExists', 'leases "l" already exists');
    }
    this.store.set(record);
    this.seenVersion = this.store.version;
  }

  async update(record: LeaderElectionRecord): Promise<void> {
    this.ops.push('update');
    const injected = this.store.failNext.update.shift();
    if (injected) {
      throw injected;
    }
    if (this.seenVersion === undefined) {
      throw new Error('update before get');
    }
    if (this.seenVersion !== this.store.version) {
      throw conflict();
    }
    this.store.set(record);
    this.seenVersion = this.store.version;
  }

  recordEvent(message: string): void {
    this.events.push(`${this.id} ${message}`);
  }

  identity(): string {
    return this.id;
  }

  describe(): string {
    return 'ns/l';
  }
}
