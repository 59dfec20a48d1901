// Issue 5 acceptance: two candidates in two node processes on one Lease; failover after kill -9 and after release.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { jitterFactor } from '../../runtime/leaderelection/leader-election-config.js';
import { type ElectionSettings, type ElectorEvent, ElectorProcess } from './support/elector-process.js';
import { testEnv, uniqueNamespace } from './support/env.js';
import { readLease } from './support/leases.js';

const leaseDurationMs = 4_000;
const renewDeadlineMs = 3_000;
const retryPeriodMs = 1_000;
// Longest pause between two acquire attempts of a follower (retry period plus client-go's jitter).
const maxPollMs = retryPeriodMs * (1 + jitterFactor);
// Room for an API round trip and process scheduling on a busy machine; the figures are printed.
const slackMs = 1_500;
// Latest takeover after a kill -9, from the kill. The dead leader renewed last at some R <= kill. The follower
// notices that renewal (the last change of the record, which starts its expiry clock) at its first poll after R,
// at most maxPoll later; the record expires leaseDuration after that, and the follower's next poll, at most maxPoll
// later again, takes the lease. Both poll intervals may be at their longest (client-go's JitterUntil(RetryPeriod,
// JitterFactor 1.2) sleeps retryPeriod * (1 + 1.2 * rand)), so:
//   takeover - kill <= leaseDuration + 2 * retryPeriod * (1 + jitterFactor) = 4 s + 2 * 2.2 s = 8.4 s, plus slack.
// (leaseDuration + retryPeriod * (1 + jitterFactor) bounds it from the follower's observation, checked as well.)
const maxTakeoverAfterKillMs = leaseDurationMs + 2 * maxPollMs;

const procs: ElectorProcess[] = [];

afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => p.kill('SIGKILL')));
});

const isLeading = (e: ElectorEvent): boolean => e.event === 'leading';

/** Starts two candidates and returns them once one leads and the other has watched it renew a few times. */
async function elect(settings: ElectionSettings): Promise<{ leader: ElectorProcess; follower: ElectorProcess }> {
  const a = new ElectorProcess('candidate-a', settings);
  const b = new ElectorProcess('candidate-b', settings);
  procs.push(a, b);
  const first = await Promise.race([a.waitFor(isLeading, 'leading'), b.waitFor(isLeading, 'leading')]);
  const leader = first.identity === a.identity ? a : b;
  const follower = leader === a ? b : a;
  await follower.waitFor((e) => e.event === 'new-leader' && e.leader === leader.identity, 'seeing the leader');
  // Three observed changes of the record = the leader renewed at least twice while the follower watched.
  await follower.waitFor(
    () => follower.events.filter((e) => e.event === 'observed' && e.holder === leader.identity).length >= 3,
    'three observed renewals',
  );
  expect(follower.led).toBe(false);
  expect(leader.led).toBe(true);
  expect((await readLease(settings.namespace, settings.lease)).spec?.holderIdentity).toBe(leader.identity);
  return { leader, follower };
}

describe('leader election between two processes', () => {
  let namespace: string;

  beforeAll(async () => {
    namespace = await uniqueNamespace('election');
  });

  function settings(lease: string): ElectionSettings {
    return {
      kubeconfigPath: testEnv().kubeconfigPath,
      namespace,
      lease,
      leaseDurationMs,
      renewDeadlineMs,
      retryPeriodMs,
    };
  }

  it('exactly one leads; after kill -9 of the leader the other leads once the lease expires', async () => {
    const s = settings('kill-9');
    const { leader, follower } = await elect(s);
    const transitionsBefore = (await readLease(namespace, s.lease)).spec?.leaseTransitions ?? 0;

    const killedAt = Date.now();
    expect(await leader.kill('SIGKILL')).toBe('SIGKILL');
    const took = await follower.waitFor(isLeading, 'taking over');
    // Expiry is measured from the follower's last observed change of the record, never from the holder's renewTime.
    const lastSeen = follower.events.filter(
      (e) => e.event === 'observed' && e.holder === leader.identity && e.at <= took.at,
    );
    const observedAt = lastSeen.at(-1)?.observedAt ?? Number.NaN;
    const sinceObserved = took.at - observedAt;
    const sinceKill = took.at - killedAt;
    expect(sinceObserved).toBeGreaterThanOrEqual(leaseDurationMs);
    expect(sinceObserved).toBeLessThanOrEqual(leaseDurationMs + maxPollMs + slackMs);
    // Never before the dead leader's last renewal (at most one retry period before the kill) could have expired.
    expect(sinceKill).toBeGreaterThanOrEqual(leaseDurationMs - retryPeriodMs - slackMs);
    // The follower saw the last renewal at most one poll after the kill, and took over at most one poll after expiry.
    expect(observedAt - killedAt).toBeLessThanOrEqual(maxPollMs + slackMs);
    expect(sinceKill).toBeLessThanOrEqual(maxTakeoverAfterKillMs + slackMs);

    const lease = await readLease(namespace, s.lease);
    expect(lease.spec?.holderIdentity).toBe(follower.identity);
    expect(lease.spec?.leaseTransitions).toBe(transitionsBefore + 1);
    console.log(
      `[leader election] kill -9: ${follower.identity} led ${sinceKill} ms after the kill, ${sinceObserved} ms after ` +
        `it last saw the old record change (lease ${leaseDurationMs} ms, retry ${retryPeriodMs} ms, ` +
        `nominal bound ${leaseDurationMs + retryPeriodMs} ms, with jitter ${leaseDurationMs + maxPollMs} ms from the ` +
        `observation, ${maxTakeoverAfterKillMs} ms from the kill)`,
    );
  });

  it('after a graceful release (SIGTERM) the other takes over within about one retry period', async () => {
    const s = settings('release');
    const { leader, follower } = await elect(s);

    expect(await leader.kill('SIGTERM')).toBe(0);
    const released = await leader.waitFor((e) => e.event === 'stopped-leading', 'stopping');
    expect(leader.events.at(-1)?.event).toBe('exit');
    const took = await follower.waitFor(isLeading, 'taking over');
    const afterRelease = took.at - released.at;
    // The released record names no holder, so the follower's next attempt wins without waiting for expiry.
    expect(afterRelease).toBeLessThanOrEqual(maxPollMs + slackMs);
    expect(afterRelease).toBeLessThan(leaseDurationMs);
    expect((await readLease(namespace, s.lease)).spec?.holderIdentity).toBe(follower.identity);
    console.log(
      `[leader election] release: ${follower.identity} led ${afterRelease} ms after the release ` +
        `(retry ${retryPeriodMs} ms, with jitter up to ${maxPollMs} ms)`,
    );
  });
});
