// A ResourceLock on a coordination.k8s.io/v1 Lease, over any client with get/create/update (a ResourceClient).
import type { CreateOptions, GetOptions, UpdateOptions } from '../api/options.js';
import { KubeError } from '../errors/api-error.js';
import {
  type LeaderElectionRecord,
  type Lease,
  leaseSpecToRecord,
  recordToLeaseSpec,
} from './leader-election-record.js';
import type { LockRecord, ResourceLock } from './resource-lock.js';

/** The subset of a namespaced `ResourceClient<Lease>` the lock needs. */
export interface LeaseClient {
  get(name: string, opts?: GetOptions, signal?: AbortSignal): Promise<Lease>;
  create(obj: Lease, opts?: CreateOptions, signal?: AbortSignal): Promise<Lease>;
  update(obj: Lease, opts?: UpdateOptions, signal?: AbortSignal): Promise<Lease>;
}

/** Receives the elector's events about the Lease (wire it to an event recorder). */
export type LeaseEventSink = (lease: Lease, eventType: 'Normal', reason: 'LeaderElection', message: string) => void;

/** Options of {@link LeaseLock}. */
export interface LeaseLockOptions {
  /** A client for Leases in `namespace`. */
  client: LeaseClient;
  namespace: string;
  name: string;
  /** This candidate's identity; must be unique among candidates (e.g. hostname plus a UUID). */
  identity: string;
  /** Where "became leader" / "stopped leading" events go. @default events are dropped */
  onEvent?: LeaseEventSink;
}

/** Thrown by {@link LeaseLock.update} before any get or create has loaded the Lease. */
export class LeaseNotInitializedError extends KubeError {
  constructor() {
    super('KUBE_LEASE_NOT_INITIALIZED', 'lease not initialized, call get or create first');
  }
}

/** client-go's resourcelock.LeaseLock. It keeps the last Lease seen so updates carry its resourceVersion. */
export class LeaseLock implements ResourceLock {
  private lease: Lease | undefined;

  constructor(private readonly options: LeaseLockOptions) {}

  async get(signal?: AbortSignal): Promise<LockRecord> {
    const lease = await this.options.client.get(this.options.name, {}, signal);
    this.lease = lease;
    const record = leaseSpecToRecord(lease.spec);
    return { record, raw: JSON.stringify(record) };
  }

  async create(record: LeaderElectionRecord, signal?: AbortSignal): Promise<void> {
    this.lease = await this.options.client.create(
      {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: this.options.name, namespace: this.options.namespace },
        spec: recordToLeaseSpec(record),
      },
      {},
      signal,
    );
  }

  async update(record: LeaderElectionRecord, signal?: AbortSignal): Promise<void> {
    if (this.lease === undefined) {
      throw new LeaseNotInitializedError();
    }
    this.lease = await this.options.client.update({ ...this.lease, spec: recordToLeaseSpec(record) }, {}, signal);
  }

  recordEvent(message: string): void {
    if (this.options.onEvent === undefined) {
      return;
    }
    const lease: Lease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: this.lease?.metadata ?? { name: this.options.name, namespace: this.options.namespace },
    };
    this.options.onEvent(lease, 'Normal', 'LeaderElection', `${this.options.identity} ${message}`);
  }

  identity(): string {
    return this.options.identity;
  }

  describe(): string {
    return `${this.options.namespace}/${this.options.name}`;
  }
}
