// Reflector backoff and retries, ported from client-go's reflector_test.go (acceptance cases 9-13).
import { describe, expect, it } from 'vitest';
import type { KubernetesList } from '../../../runtime/api/meta.js';
import type { ListOptions } from '../../../runtime/api/options.js';
import type { Watch } from '../../../runtime/api/watch-event.js';
import {
  defaultReflectorBackoff,
  delayWithReset,
  type ListerWatcher,
  newStore,
  Reflector,
} from '../../../runtime/cache/index.js';
import { FakeClock } from '../../../runtime/testing/index.js';
import { internalError, tooManyRequests } from '../../support/api-status-errors.js';
import { captureLogs } from '../../support/capture-logger.js';
import { FakeWatcher } from '../../support/fake-watcher.js';
import { type Pod, podList } from '../../support/pods.js';
import { driveClock, errnoError } from '../../support/wait-for.js';

captureLogs();

function listWatch(
  list: (o: ListOptions) => Promise<KubernetesList<Pod>>,
  watch: (o: ListOptions) => Promise<Watch<Pod>>,
): ListerWatcher<Pod> {
  return { list, watch };
}

const _never = (): Promise<never> => Promise.reject(new Error('unexpected call'));

describe('Reflector backoff', () => {
  it('TestReflectorListAndWatchInitConnBackoff: ECONNREFUSED re-watches with exponential backoff, no relist, plateau at the cap', async () => {
    const clock = new FakeClock();
    let failures = 12;
    let lists = 0;
    let watches = 0;
    const ac = new AbortController();
    const r = new Reflector<Pod>({
      listerWatcher: listWatch(
        async () => {
          lists++;
          return podList('1');
        },
        async () => {
          watches++;
          if (failures > 0) {
            failures--;
            throw errnoError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:6443');
          }
          ac.abort();
          return new FakeWatcher<Pod>();
        },
      ),
      store: newStore<Pod>(),
      useWatchList: false,
      backoff: { durationMs: 1, capMs: 50, steps: 1000, factor: 2, jitter: 1 },
      clock,
      random: () => 0,
    });
    let finished = false;
    const done = r.listAndWatch(ac.signal).then(() => {
      finished = true;
    });
    const steps = await driveClock(clock, () => finished);
    await done;
    expect(lists).toBe(1);
    expect(watches).toBe(13);
    expect(steps).toEqual([1, 2, 4, 8, 16, 32, 50, 50, 50, 50, 50, 50]);
  });

  it('TestNewReflectorWithCustomBackoff: {10ms, x2, cap 100ms, no jitter}: 5 failures take 250ms', async () => {
    const clock = new FakeClock();
    let failures = 5;
    const ac = new AbortController();
    const r = new Reflector<Pod>({
      listerWatcher: listWatch(
        async () => podList('1'),
        async () => {
          if (failures-- > 0) {
            throw errnoError('ECONNREFUSED');
          }
          ac.abort();
          return new FakeWatcher<Pod>();
        },
      ),
      store: newStore<Pod>(),
      useWatchList: false,
      backoff: { durationMs: 10, factor: 2, jitter: 0, steps: 100, capMs: 100 },
      clock,
    });
    const start = clock.now();
    let finished = false;
    const done = r.listAndWatch(ac.signal).then(() => {
      finished = true;
    });
    await driveClock(clock, () => finished);
    await done;
    expect(clock.now() - start).toBe(250);
  });

  it('the default backoff: 0.8s doubling with jitter in [d, 2d), capped at 30s, reset after 2 minutes', async () => {
    const clock = new FakeClock();
    let rand = 0;
    const delay = delayWithReset(defaultReflectorBackoff, clock, 120_000, () => rand);
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      delays.push(delay());
    }
    expect(delays).toEqual([800, 1600, 3200, 6400, 12800, 25600, 30000, 30000]);
    rand = 0.999;
    expect(delay()).toBeCloseTo(59970, 0);
    await clock.advance(120_001);
    rand = 0;
    expect(delay()).toBe(800);
  });

  it('TestBackoffOnTooManyRequests: a 429 at start and a 429 ERROR event each cost one delay, no error', async () => {
    let calls = 0;
    let watchCalls = 0;
    const r = new Reflector<Pod>({
      listerWatcher: listWatch(
        async () => podList('1'),
        async () => {
          watchCalls++;
          if (watchCalls === 1) {
            throw tooManyRequests();
          }
          const w = new FakeWatcher<Pod>();
          if (watchCalls === 2) {
            w.error({ code: 429, reason: 'TooManyRequests', message: 'too many requests' });
          } else {
            w.end();
          }
          return w;
        },
      ),
      store: newStore<Pod>(),
      useWatchList: false,
      delayFunc: () => {
        calls++;
        return 0;
      },
    });
    await r.listAndWatch(new AbortController().signal);
    expect(calls).toBe(2);
  });

  it('TestNoRelistOnTooManyRequests: four 429s give 1 List and 5 Watches', async () => {
    let lists = 0;
    let watches = 0;
    const r = new Reflector<Pod>({
      listerWatcher: listWatch(
        async () => {
          lists++;
          return podList('1');
        },
        async () => {
          watches++;
          if (watches < 5) {
            throw tooManyRequests();
          }
          const w = new FakeWatcher<Pod>();
          w.end();
          return w;
        },
      ),
      store: newStore<Pod>(),
      useWatchList: false,
      delayFunc: () => 0,
    });
    await r.listAndWatch(new AbortController().signal);
    expect(lists).toBe(1);
    expect(watches).toBe(5);
  });

  describe('TestRetryInternalError', () => {
    const cases = [
      { name: 'retries off', maxMs: 0, rewindAt: 0, wantRetries: 0 },
      { name: 'retries on, all calls fail', maxMs: 30_000, rewindAt: 0, wantRetries: 31 },
      { name: 'retries on, one call successful', maxMs: 30_000, rewindAt: 10, wantRetries: 40 },
    ];
    for (const tc of cases) {
      it(tc.name, async () => {
        const clock = new FakeClock();
        let counter = 0;
        const r = new Reflector<Pod>({
          listerWatcher: listWatch(
            async () => podList('1'),
            async () => {
              counter++;
              if (counter === tc.rewindAt) {
                await clock.advance(60_000);
              }
              await clock.advance(1000);
              const w = new FakeWatcher<Pod>();
              w.fail(internalError());
              return w;
            },
          ),
          store: newStore<Pod>(),
          useWatchList: false,
          delayFunc: () => 0,
          clock,
          maxInternalErrorRetryDurationMs: tc.maxMs,
        });
        await r.listAndWatch(new AbortController().signal);
        expect(counter - 1).toBe(tc.wantRetries);
      });
    }
  });
});
