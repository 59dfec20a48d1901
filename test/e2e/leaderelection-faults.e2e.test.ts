// Issue 9: a leader cut off from the API server stops leading before the other candidate can acquire the Lease,
// so two leaders never act at once.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FaultProxy } from '../support/fault-proxy.js';
import { type ElectionSettings, type ElectorEvent, ElectorProcess } from './support/elector-process.js';
import { testEnv, uniqueNamespace } from './support/env.js';
import { readLease } from './support/leases.js';

// The leader gives up at most retryPeriod + renewDeadline after its last renewal; a follower takes over at least
// leaseDuration after it saw that renewal. leaseDuration > renewDeadline + retryPeriod keeps the two apart.
const leaseDurationMs = 6_000;
const renewDeadlineMs = 3_000;
const retryPeriodMs = 1_000;

const procs: ElectorProcess[] = [];
let proxy: FaultProxy | undefined;

afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => p.kill('SIGKILL')));
  await proxy?.close();
  proxy = undefined;
});

const isLeading = (e: ElectorEvent): boolean => e.event === 'leading';

describe('leader election under network faults', () => {
  let namespace: string;

  beforeAll(async () => {
    namespace = await uniqueNamespace('election-faults');
  });

  it.each(['stall', 'reset'] as const)(
    'a leader whose connection is cut (%s) stops leading before the other candidate acquires',
    async (fault) => {
      const env = testEnv();
      proxy = await FaultProxy.start({ targetPort: Number(new URL(env.server).port) });
      const base: ElectionSettings = {
        kubeconfigPath: env.kubeconfigPath,
        namespace,
        lease: `cut-${fault}`,
        leaseDurationMs,
        renewDeadlineMs,
        retryPeriodMs,
      };
      // The leader talks through the proxy; the follower directly.
      const leader = new ElectorProcess('behind-proxy', { ...base, server: proxy.proxiedUrl(env.server) });
      procs.push(leader);
      await leader.waitFor(isLeading, 'leading');
      const follower = new ElectorProcess('direct', base);
      procs.push(follower);
      await follower.waitFor(
        () => follower.events.filter((e) => e.event === 'observed' && e.holder === leader.identity).length >= 3,
        'three observed renewals',
      );
      expect(follower.led).toBe(false);

      const cutAt = Date.now();
      if (fault === 'stall') {
        proxy.stall();
      } else {
        // Refuse new connections and reset the open ones: every renewal fails fast.
        await proxy.stopListening();
        proxy.resetAll();
      }
      const lost = await leader.waitFor((e) => e.event === 'lost-leading', 'losing the lease');
      const took = await follower.waitFor(isLeading, 'taking over');
      // Both processes stamp with this machine's clock.
      expect(lost.at).toBeLessThan(took.at);
      expect((await readLease(namespace, base.lease)).spec?.holderIdentity).toBe(follower.identity);
      console.log(
        `[leader election] ${fault}: old leader stopped ${lost.at - cutAt} ms after the cut, new leader started ` +
          `${took.at - cutAt} ms after it; ${took.at - lost.at} ms with no leader, never two`,
      );
    },
  );
});
