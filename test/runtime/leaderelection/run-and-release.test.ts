// Case 74 and the run loop: release (with conflicts), release on cancel, renew failure, takeover, callbacks.
import { describe, expect, it } from 'vitest';
import { type LeaderElectionConfig, LeaderElector } from '../../../runtime/leaderelection/index.js';
import { FakeClock } from '../../../runtime/testing/index.js';
import { captureLogs } from '../../support/capture-logger.js';
import { waitFor } from '../../support/wait-for.js';
import { conflict, FakeLeaseStore, FakeLock, serverError } from './fake-lock.js';

captureLogs();

interface Probe {
  started: number;
  stopped: number;
  leaders: string[];
  leadingSignal: AbortSignal | undefined;
}

function candidate(lock: FakeLock, clock: FakeClock, extra: Partial<LeaderElectionConfig> = {}) {
  const probe: Probe = { started: 0, stopped: 0, leaders: [], leadingSignal: undefined };
  const le = new LeaderElector({
    lock,
    clock,
    random: () => 0,
    leaseDurationMs: 15_000,
    renewDeadlineMs: 10_000,
    retryPeriodMs: 2_000,
    callbacks: {
      onStartedLeading: (signal) => {
        probe.started++;
        probe.leadingSignal = signal;
      },
      onStoppedLeading: () => {
        probe.stopped++;
      },
      onNewLeader: (id) => probe.leaders.push(id),
    },
    ...extra,
  });
  return { le, probe };
}

describe('release (case 74)', () => {
  it('TestReleaseLeaseLeases: release reads the lock, then writes an empty holder with a 1 s duration', async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore();
    const lock = new FakeLock(store, 'baz');
    const { le } = candidate(lock, clock);
    await le.tryAcquireOrRenew();
    await clock.advance(1_000);
    lock.ops.length = 0;
    expect(await le.release()).toBe(true);
    expect(lock.ops).toEqual(['get', 'update']);
    expect(store.record).toMatchObject({
      holderIdentity: '',
      leaseDurationSeconds: 1,
      leaderTransitions: 0,
      renewTime: clock.now(),
    });
    expect(le.isLeader()).toBe(false);
  });

  it('ReleaseMethodCallsGet: a candidate that does not lead only reads', async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore();
    store.set({
      holderIdentity: 'other',
      leaseDurationSeconds: 15,
      acquireTime: 0,
      renewTime: 0,
      leaderTransitions: 0,
    });
    const lock = new FakeLock(store, 'baz');
    const { le } = candidate(lock, clock);
    expect(await le.release()).toBe(true);
    expect(lock.ops).toEqual(['get']);
    expect(store.record?.holderIdentity).toBe('other');
  });

  it('ReleaseRetriesOnConflict: a conflict makes it read the Lease again and retry', async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore();
    const lock = new FakeLock(store, 'baz');
    const { le } = candidate(lock, clock);
    await le.tryAcquireOrRenew();
    lock.ops.length = 0;
    store.failNext.update.push(conflict(), conflict());
    expect(await le.release()).toBe(true);
    expect(lock.ops).toEqual(['get', 'update', 'get', 'update', 'get', 'update']);
    expect(store.record?.holderIdentity).toBe('');
  });

  it('release keeps the transition count of the Lease it read last', async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore();
    const lock = new FakeLock(store, 'baz');
    const { le } = candidate(lock, clock);
    await le.tryAcquireOrRenew();
    // Another writer bumps the record (same holder) between our cached copy and the release.
    store.set({ ...(store.record as NonNullable<typeof store.record>), leaderTransitions: 7 });
    expect(await le.release()).toBe(true);
    expect(store.record).toMatchObject({ holderIdentity: '', leaderTransitions: 7 });
  });

  it('stops retrying conflicts at the renew deadline', async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore();
    const lock = new FakeLock(store, 'baz');
    const { le } = candidate(lock, clock);
    await le.tryAcquireOrRenew();
    lock.ops.length = 0;
    // Every update conflicts, and each round trip takes 3 s of (fake) time.
    const slowConflict = lock.update.bind(lock);
    lock.update = async (record) => {
      await clock.advance(3_000);
      store.failNext.update.push(conflict());
      return slowConflict(record);
    };
    expect(await le.release()).toBe(false);
    // Deadline 10 s: updates end at 3, 6, 9 and 12 s; the one ending past the deadline is the last.
    expect(lock.ops.filter((o) => o === 'update')).toHaveLength(4);
    expect(store.record?.holderIdentity).toBe('baz');
  });

  it('gives up on a non-conflict error', async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore();
    const lock = new FakeLock(store, 'baz');
    const { le } = candidate(lock, clock);
    await le.tryAcquireOrRenew();
    store.failNext.update.push(serverError());
    expect(await le.release()).toBe(false);
    expect(store.record?.holderIdentity).toBe('baz');
  });

  it('ReleaseOnCancellation_Leases: aborting the run releases the lease and reports both events', async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore();
    const lock = new FakeLock(store, 'baz');
    const { le, probe } = candidate(lock, clock, { releaseOnCancel: true });
    const ac = new AbortController();
    const run = le.run(ac.signal);
    await waitFor(() => probe.started === 1, 'started leading');
    await clock.advance(4_000); // two renewals
    expect(store.record?.holderIdentity).toBe('baz');
    ac.abort();
    await run;
    expect(probe.leadingSignal?.aborted).toBe(true);
    expect(probe.stopped).toBe(1);
    expect(store.record).toMatchObject({ holderIdentity: '', leaseDurationSeconds: 1 });
    expect(lock.events).toEqual(['baz became leader', 'baz stopped leading']);
    expect(probe.leaders).toEqual(['baz']);
  });

  it('without releaseOnCancel the lease stays with the stopped leader', async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore();
    const { le, probe } = candidate(new FakeLock(store, 'baz'), clock);
    const ac = new AbortController();
    const run = le.run(ac.signal);
    await waitFor(() => probe.started === 1, 'started leading');
    ac.abort();
    await run;
    expect(store.record?.holderIdentity).toBe('baz');
    expect(probe.stopped).toBe(1);
  });
});

describe('run', () => {
  it('onStoppedLeading runs even when leadership was never acquired', async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore();
    store.set({
      holderIdentity: 'other',
      leaseDurationSeconds: 15,
      acquireTime: 0,
      renewTime: 0,
      leaderTransitions: 0,
    });
    const lock = new FakeLock(store, 'baz');
    const { le, probe } = candidate(lock, clock);
    const ac = new AbortController();
    const run = le.run(ac.signal);
    await clock.waitForTimers(1);
    expect(clock.pendingDelays()).toEqual([2_000]); // random 0: no jitter added
    ac.abort();
    await run;
    expect(probe.started).toBe(0);
    expect(probe.stopped).toBe(1);
    await new Promise((r) => setImmediate(r));
    expect(probe.leaders).toEqual(['other']);
  });

  it('applies jitter of up to 1.2 retry periods while acquiring', async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore();
    store.set({
      holderIdentity: 'other',
      leaseDurationSeconds: 15,
      acquireTime: 0,
      renewTime: 0,
      leaderTransitions: 0,
    });
    const { le } = candidate(new FakeLock(store, 'baz'), clock, { random: () => 0.5 });
    const ac = new AbortController();
    const run = le.run(ac.signal);
    await clock.waitForTimers(1);
    expect(clock.pendingDelays()).toEqual([2_000 + 0.5 * 1.2 * 2_000]);
    ac.abort();
    await run;
  });

  it('stops leading when renewals fail for the whole renew deadline', async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore();
    const lock = new FakeLock(store, 'baz');
    const { le, probe } = candidate(lock, clock);
    const ac = new AbortController();
    let finished = false;
    const run = le.run(ac.signal).then(() => {
      finished = true;
    });
    await waitFor(() => probe.started === 1, 'started leading');
    const failAll = Array.from({ length: 50 }, serverError);
    store.failNext.update.push(...failAll);
    store.failNext.get.push(...Array.from({ length: 50 }, serverError));
    const lostAt = clock.now();
    while (!finished && clock.now() - lostAt < 30_000) {
      await clock.advance(500);
    }
    await run;
    // The first failing attempt is one retry period in; the deadline is 10 s after that.
    expect(clock.now() - lostAt).toBeLessThanOrEqual(2_000 + 10_000 + 500);
    expect(clock.now() - lostAt).toBeGreaterThanOrEqual(2_000 + 10_000 - 2_000);
    expect(probe.leadingSignal?.aborted).toBe(true);
    expect(probe.stopped).toBe(1);
    expect(lock.events).toEqual(['baz became leader', 'baz stopped leading']);
    ac.abort();
  });

  it('a second candidate takes over within leaseDuration + retryPeriod of the leader going silent', async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore();
    const a = candidate(new FakeLock(store, 'a'), clock);
    const b = candidate(new FakeLock(store, 'b'), clock);
    const acA = new AbortController();
    const acB = new AbortController();
    const runA = a.le.run(acA.signal);
    await waitFor(() => a.probe.started === 1, 'a leads');
    const runB = b.le.run(acB.signal);
    await clock.advance(6_000);
    expect(b.probe.started).toBe(0);
    acA.abort(); // a stops renewing without releasing: like a crash
    await runA;
    const silentAt = clock.now();
    while (b.probe.started === 0 && clock.now() - silentAt < 60_000) {
      await clock.advance(100);
    }
    expect(b.probe.started).toBe(1);
    expect(clock.now() - silentAt).toBeLessThanOrEqual(15_000 + 2_000);
    expect(store.record).toMatchObject({ holderIdentity: 'b', leaderTransitions: 1 });
    expect(b.probe.leaders).toEqual(['a', 'b']);
    acB.abort();
    await runB;
  });

  it('after a graceful release the other candidate takes over within about one retry period', async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore();
    const a = candidate(new FakeLock(store, 'a'), clock, { releaseOnCancel: true });
    const b = candidate(new FakeLock(store, 'b'), clock);
    const acA = new AbortController();
    const acB = new AbortController();
    const runA = a.le.run(acA.signal);
    await waitFor(() => a.probe.started === 1, 'a leads');
    const runB = b.le.run(acB.signal);
    await clock.advance(3_000);
    acA.abort();
    await runA;
    const releasedAt = clock.now();
    while (b.probe.started === 0 && clock.now() - releasedAt < 60_000) {
      await clock.advance(100);
    }
    // b observed the released record (1 s duration) at its next attempt; it acquires within ~1 retry + 1 s.
    expect(clock.now() - releasedAt).toBeLessThanOrEqual(2_000 + 1_000 + 2_000);
    acB.abort();
    await runB;
  });
});

describe('check (health)', () => {
  it('reports a leader whose lease expired locally beyond the tolerance', async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore();
    const { le } = candidate(new FakeLock(store, 'baz'), clock);
    expect(le.check(0)).toBeUndefined(); // not leading: healthy
    await le.tryAcquireOrRenew();
    await clock.advance(15_000 + 5_000);
    expect(le.check(5_000)).toBeUndefined();
    await clock.advance(1);
    expect(le.check(5_000)?.code).toBe('KUBE_LEADER_ELECTION_UNHEALTHY');
  });
});
