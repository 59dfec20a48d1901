// LeaseLock over a fake Lease client: record mapping, MicroTime format, resourceVersion carried, events.
import { describe, expect, it } from 'vitest';
import { ApiError, isNotFound } from '../../../runtime/errors/index.js';
import {
  fromMicroTime,
  LeaderElector,
  type Lease,
  type LeaseClient,
  LeaseLock,
  LeaseNotInitializedError,
  toMicroTime,
} from '../../../runtime/leaderelection/index.js';
import { FakeClock } from '../../../runtime/testing/index.js';
import { captureLogs } from '../../support/capture-logger.js';

captureLogs();

/** Stores one Lease with optimistic concurrency, as the API server would. */
class FakeLeaseClient implements LeaseClient {
  lease: Lease | undefined;
  private rv = 0;
  readonly calls: string[] = [];

  async get(name: string): Promise<Lease> {
    this.calls.push(`get ${name}`);
    if (this.lease === undefined) {
      throw new ApiError({ code: 404, reason: 'NotFound', message: `leases "${name}" not found` });
    }
    return structuredClone(this.lease);
  }

  async create(obj: Lease): Promise<Lease> {
    this.calls.push(`create ${obj.metadata?.namespace}/${obj.metadata?.name}`);
    this.lease = { ...structuredClone(obj), metadata: { ...obj.metadata, resourceVersion: String(++this.rv) } };
    return structuredClone(this.lease);
  }

  async update(obj: Lease): Promise<Lease> {
    this.calls.push(`update rv=${obj.metadata?.resourceVersion}`);
    if (obj.metadata?.resourceVersion !== this.lease?.metadata?.resourceVersion) {
      throw new ApiError({ code: 409, reason: 'Conflict', message: 'the object has been modified' });
    }
    this.lease = { ...structuredClone(obj), metadata: { ...obj.metadata, resourceVersion: String(++this.rv) } };
    return structuredClone(this.lease);
  }
}

describe('LeaseLock', () => {
  it('MicroTime round-trips with six fractional digits', () => {
    const ms = Date.UTC(2025, 0, 2, 3, 4, 5, 678);
    expect(toMicroTime(ms)).toBe('2025-01-02T03:04:05.678000Z');
    expect(fromMicroTime('2025-01-02T03:04:05.678901Z')).toBe(ms);
    expect(fromMicroTime(undefined)).toBe(0);
    expect(fromMicroTime('garbage')).toBe(0);
  });

  it('creates, reads and updates a Lease, carrying the resourceVersion it last saw', async () => {
    const client = new FakeLeaseClient();
    const events: string[] = [];
    const lock = new LeaseLock({
      client,
      namespace: 'kube-system',
      name: 'my-ctrl',
      identity: 'host-a_1',
      onEvent: (lease, type, reason, message) => events.push(`${lease.metadata?.name} ${type} ${reason} ${message}`),
    });
    await expect(lock.get()).rejects.toSatisfy(isNotFound);
    await expect(
      lock.update({ holderIdentity: 'x', leaseDurationSeconds: 1, acquireTime: 0, renewTime: 0, leaderTransitions: 0 }),
    ).rejects.toThrow(LeaseNotInitializedError);
    const t = Date.UTC(2025, 5, 1);
    await lock.create({
      holderIdentity: 'host-a_1',
      leaseDurationSeconds: 15,
      acquireTime: t,
      renewTime: t,
      leaderTransitions: 0,
    });
    expect(client.lease?.spec).toEqual({
      holderIdentity: 'host-a_1',
      leaseDurationSeconds: 15,
      acquireTime: '2025-06-01T00:00:00.000000Z',
      renewTime: '2025-06-01T00:00:00.000000Z',
      leaseTransitions: 0,
    });
    await lock.update({
      holderIdentity: 'host-a_1',
      leaseDurationSeconds: 15,
      acquireTime: t,
      renewTime: t + 2000,
      leaderTransitions: 0,
    });
    expect(client.calls.at(-1)).toBe('update rv=1');
    const got = await lock.get();
    expect(got.record).toEqual({
      holderIdentity: 'host-a_1',
      leaseDurationSeconds: 15,
      acquireTime: t,
      renewTime: t + 2000,
      leaderTransitions: 0,
    });
    expect(JSON.parse(got.raw)).toEqual(got.record);
    lock.recordEvent('became leader');
    expect(events).toEqual(['my-ctrl Normal LeaderElection host-a_1 became leader']);
    expect(lock.describe()).toBe('kube-system/my-ctrl');
  });

  it('a stale copy conflicts, so two electors on one Lease never both win the same round', async () => {
    const client = new FakeLeaseClient();
    const clock = new FakeClock();
    const mk = (id: string) =>
      new LeaderElector({
        lock: new LeaseLock({ client, namespace: 'ns', name: 'l', identity: id }),
        clock,
        callbacks: { onStartedLeading: () => {}, onStoppedLeading: () => {} },
      });
    const a = mk('a');
    const b = mk('b');
    expect(await a.tryAcquireOrRenew()).toBe(true);
    expect(await b.tryAcquireOrRenew()).toBe(false);
    await clock.advance(15_001); // a went silent; b's observation has expired
    expect(await a.tryAcquireOrRenew()).toBe(true); // a renews first (get + update: its own view expired too)
    expect(await b.tryAcquireOrRenew()).toBe(false); // b sees the change and waits again
    expect(client.lease?.spec?.holderIdentity).toBe('a');
  });
});
