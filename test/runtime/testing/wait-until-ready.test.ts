// waitUntilReady: backoff between probes on an injected clock, fast failure on exit, timeout with process output.
import { describe, expect, it } from 'vitest';
import { EnvtestError, FakeClock } from '../../../runtime/testing/index.js';
import { waitUntilReady } from '../../../runtime/testing/wait-until-ready.js';
import { driveClock } from '../../support/wait-for.js';

function settled<T>(p: Promise<T>): { done: () => boolean; result: Promise<T> } {
  let done = false;
  const result = p.finally(() => {
    done = true;
  });
  result.catch(() => {});
  return { done: () => done, result };
}

describe('waitUntilReady', () => {
  it('probes with doubling delays, capped, until the probe passes', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const wait = settled(
      waitUntilReady({
        what: 'thing',
        probe: async () => (++calls === 6 ? true : 'not yet'),
        initialDelayMs: 50,
        maxDelayMs: 300,
        clock,
      }),
    );
    const delays = await driveClock(clock, wait.done);
    await wait.result;
    expect(calls).toBe(6);
    expect(delays).toEqual([50, 100, 200, 300, 300]);
  });

  it('treats a probe that throws as not ready yet', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const wait = settled(
      waitUntilReady({
        what: 'thing',
        probe: async () => {
          if (++calls < 3) {
            throw new Error('ECONNREFUSED');
          }
          return true;
        },
        clock,
      }),
    );
    await driveClock(clock, wait.done);
    await expect(wait.result).resolves.toBeUndefined();
    expect(calls).toBe(3);
  });

  it('fails with ENVTEST_NOT_READY after the timeout, quoting the last probe and the output', async () => {
    const clock = new FakeClock();
    const wait = settled(
      waitUntilReady({
        what: 'kube-apiserver',
        probe: async () => '500 [-]poststarthook/rbac/bootstrap-roles failed',
        output: () => 'line 1\nE0101 fatal: bad flag\n',
        timeoutMs: 1_000,
        clock,
      }),
    );
    await driveClock(clock, wait.done);
    const err = await wait.result.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EnvtestError);
    expect((err as EnvtestError).code).toBe('ENVTEST_NOT_READY');
    expect((err as Error).message).toContain('kube-apiserver not ready after 1000ms');
    expect((err as Error).message).toContain('bootstrap-roles failed');
    expect((err as Error).message).toContain('E0101 fatal: bad flag');
  });

  it('fails at once with ENVTEST_PROCESS_EXITED when the process is gone', async () => {
    let probes = 0;
    const err = await waitUntilReady({
      what: 'etcd',
      probe: async () => {
        probes++;
        return 'refused';
      },
      exited: () => 'exit code 1',
      output: () => 'etcdmain: listen tcp 127.0.0.1:2379: bind: address already in use',
      clock: new FakeClock(),
    }).catch((e: unknown) => e);
    expect((err as EnvtestError).code).toBe('ENVTEST_PROCESS_EXITED');
    expect((err as Error).message).toMatch(/etcd exited \(exit code 1\)[\s\S]*address already in use/);
    expect(probes).toBe(0);
  });

  it('rejects with the abort reason when the signal aborts while waiting', async () => {
    const clock = new FakeClock();
    const abort = new AbortController();
    const wait = settled(waitUntilReady({ what: 'x', probe: async () => 'no', clock }, abort.signal));
    await clock.waitForTimers(1);
    abort.abort(new Error('test over'));
    await expect(wait.result).rejects.toThrow('test over');
  });
});
