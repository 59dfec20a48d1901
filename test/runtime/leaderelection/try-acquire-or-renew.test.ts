// Cases 73 and 75: tryAcquireOrRenew against a fake lock, config validation, and the fast path.
import { describe, expect, it } from 'vitest';
import {
  type LeaderElectionConfig,
  LeaderElectionConfigError,
  LeaderElector,
} from '../../../runtime/leaderelection/index.js';
import { FakeClock } from '../../../runtime/testing/index.js';
import { captureLogs } from '../../support/capture-logger.js';
import { FakeLeaseStore, FakeLock, serverError } from './fake-lock.js';

captureLogs();

function elector(lock: FakeLock, clock: FakeClock, extra: Partial<LeaderElectionConfig> = {}): LeaderElector {
  return new LeaderElector({
    lock,
    clock,
    leaseDurationMs: 10_000,
    renewDeadlineMs: 5_000,
    retryPeriodMs: 2_000,
    callbacks: { onStartedLeading: () => {}, onStoppedLeading: () => {} },
    ...extra,
  });
}

const foreign = (clock: FakeClock, holder = 'bing') => ({
  holderIdentity: holder,
  leaseDurationSeconds: 10,
  // A renewTime long in the past must not matter: expiry runs from local observation.
  acquireTime: clock.now() - 3_600_000,
  renewTime: clock.now() - 3_600_000,
  leaderTransitions: 3,
});

describe('tryAcquireOrRenew (case 73)', () => {
  it('creates the lock when it does not exist', async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore();
    const lock = new FakeLock(store, 'baz');
    const le = elector(lock, clock);
    expect(await le.tryAcquireOrRenew()).toBe(true);
    expect(lock.ops).toEqual(['get', 'create']);
    expect(store.record).toMatchObject({ holderIdentity: 'baz', leaseDurationSeconds: 10, leaderTransitions: 0 });
    expect(le.isLeader()).toBe(true);
  });

  it('acquires an unheld lock (empty holder), counting a transition', async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore();
    store.set({ ...foreign(clock), holderIdentity: '' });
    const lock = new FakeLock(store, 'baz');
    const le = elector(lock, clock);
    expect(await le.tryAcquireOrRenew()).toBe(true);
    expect(lock.ops).toEqual(['get', 'update']);
    expect(store.record).toMatchObject({ holderIdentity: 'baz', leaderTransitions: 4, acquireTime: clock.now() });
  });

  it('is blocked by a valid foreign holder even when its renewTime is old', async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore();
    store.set(foreign(clock));
    const lock = new FakeLock(store, 'baz');
    const le = elector(lock, clock);
    expect(await le.tryAcquireOrRenew()).toBe(false);
    expect(lock.ops).toEqual(['get']);
    expect(le.getLeader()).toBe('bing');
    expect(le.isLeader()).toBe(false);
  });

  it('takes over once the unchanged record has been observed for longer than the lease duration', async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore();
    store.set(foreign(clock));
    const lock = new FakeLock(store, 'baz');
    const le = elector(lock, clock);
    expect(await le.tryAcquireOrRenew()).toBe(false);
    await clock.advance(9_999);
    expect(await le.tryAcquireOrRenew()).toBe(false); // 1 ms before expiry it is still valid
    await clock.advance(1);
    expect(await le.tryAcquireOrRenew()).toBe(true);
    expect(store.record).toMatchObject({ holderIdentity: 'baz', leaderTransitions: 4 });
  });

  it('a change to the record restarts the observation window', async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore();
    store.set(foreign(clock));
    const le = elector(new FakeLock(store, 'baz'), clock);
    await le.tryAcquireOrRenew();
    await clock.advance(9_000);
    store.set({ ...foreign(clock), renewTime: clock.now() }); // the holder renewed
    expect(await le.tryAcquireOrRenew()).toBe(false);
    await clock.advance(9_000);
    expect(await le.tryAcquireOrRenew()).toBe(false);
    await clock.advance(1_001);
    expect(await le.tryAcquireOrRenew()).toBe(true);
  });

  it('renews its own lock, keeping acquireTime and transitions', async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore();
    const le = elector(new FakeLock(store, 'baz'), clock);
    await le.tryAcquireOrRenew();
    const acquired = store.record?.acquireTime;
    await clock.advance(2_000);
    expect(await le.tryAcquireOrRenew()).toBe(true);
    expect(store.record).toMatchObject({
      holderIdentity: 'baz',
      acquireTime: acquired,
      renewTime: clock.now(),
      leaderTransitions: 0,
    });
  });

  it('returns false when the get fails with anything but NotFound', async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore();
    store.failNext.get.push(serverError());
    const lock = new FakeLock(store, 'baz');
    expect(await elector(lock, clock).tryAcquireOrRenew()).toBe(false);
    expect(lock.ops).toEqual(['get']);
  });
});

describe('fast path (case 75)', () => {
  it('a valid leader updates without reading: get, create, update, update', async () => {
    const clock = new FakeClock();
    const lock = new FakeLock(new FakeLeaseStore(), 'baz');
    const le = elector(lock, clock);
    for (let i = 0; i < 3; i++) {
      expect(await le.tryAcquireOrRenew()).toBe(true);
      await clock.advance(1_000);
    }
    expect(lock.ops).toEqual(['get', 'create', 'update', 'update']);
  });

  it('falls back to get + update when the optimistic update fails', async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore();
    const lock = new FakeLock(store, 'baz');
    const le = elector(lock, clock);
    await le.tryAcquireOrRenew();
    store.failNext.update.push(serverError());
    expect(await le.tryAcquireOrRenew()).toBe(true);
    expect(await le.tryAcquireOrRenew()).toBe(true);
    expect(lock.ops).toEqual(['get', 'create', 'update', 'get', 'update', 'update']);
  });
});

describe('config validation (case 75)', () => {
  const lock = new FakeLock(new FakeLeaseStore(), 'baz');
  const callbacks = { onStartedLeading: () => {}, onStoppedLeading: () => {} };
  const cases: [string, Partial<LeaderElectionConfig>, string | undefined][] = [
    ['defaults', {}, undefined],
    [
      'lease ≤ renew',
      { leaseDurationMs: 10_000, renewDeadlineMs: 10_000 },
      'leaseDuration must be greater than renewDeadline',
    ],
    [
      'renew ≤ 1.2 retry',
      { renewDeadlineMs: 2_400, retryPeriodMs: 2_000 },
      'renewDeadline must be greater than retryPeriod*JitterFactor',
    ],
    ['zero retry', { retryPeriodMs: 0 }, 'retryPeriod must be greater than zero'],
    ['no identity', { lock: new FakeLock(new FakeLeaseStore(), '') }, 'Lock identity is empty'],
  ];
  for (const [name, extra, message] of cases) {
    it(name, () => {
      const make = () => new LeaderElector({ lock, callbacks, ...extra });
      if (message === undefined) {
        expect(make).not.toThrow();
      } else {
        expect(make).toThrow(new LeaderElectionConfigError(message));
      }
    });
  }

  it('requires both callbacks', () => {
    const noStop = { onStartedLeading: () => {} } as unknown as LeaderElectionConfig['callbacks'];
    expect(() => new LeaderElector({ lock, callbacks: noStop })).toThrow('OnStoppedLeading callback must not be nil');
  });
});
