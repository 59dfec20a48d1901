// Case 71: the rate limiters and the rate-limiting queue.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../runtime/testing/index.js';
import {
  BucketRateLimiter,
  defaultControllerRateLimiter,
  ItemExponentialFailureRateLimiter,
  ItemFastSlowRateLimiter,
  MaxOfRateLimiter,
  RateLimitingQueue,
  WithMaxWaitRateLimiter,
} from '../../../runtime/workqueue/index.js';

describe('rate limiters (case 71)', () => {
  it('TestItemExponentialFailureRateLimiter: 1, 2, 4, 8, 16 ms then the cap; forget resets', () => {
    const l = new ItemExponentialFailureRateLimiter<string>({ baseDelayMs: 1, maxDelayMs: 1000 });
    expect([1, 2, 3, 4, 5].map(() => l.when('one'))).toEqual([1, 2, 4, 8, 16]);
    expect(l.numRequeues('one')).toBe(5);
    expect([l.when('two'), l.when('two')]).toEqual([1, 2]);
    expect(l.numRequeues('two')).toBe(2);
    l.forget('one');
    expect(l.numRequeues('one')).toBe(0);
    expect(l.when('one')).toBe(1);
    for (let i = 0; i < 20; i++) {
      l.when('two');
    }
    expect(l.when('two')).toBe(1000);
  });

  it('TestItemExponentialFailureRateLimiterOverFlow: huge exponents cap at max', () => {
    const l = new ItemExponentialFailureRateLimiter<string>({ baseDelayMs: 1, maxDelayMs: 1000 });
    for (let i = 0; i < 5; i++) {
      l.when('one');
    }
    expect(l.when('one')).toBe(32);
    for (let i = 0; i < 1000; i++) {
      l.when('overflow1');
    }
    expect(l.when('overflow1')).toBe(1000);
    const big = new ItemExponentialFailureRateLimiter<string>({ baseDelayMs: 60_000 * 60_000, maxDelayMs: 1e300 });
    for (let i = 0; i < 2000; i++) {
      big.when('x');
    }
    expect(big.when('x')).toBe(1e300);
  });

  it('TestItemFastSlowRateLimiter: 5, 5, 5 ms then 3 s', () => {
    const l = new ItemFastSlowRateLimiter<string>({ fastDelayMs: 5, slowDelayMs: 3000, maxFastAttempts: 3 });
    expect([l.when('one'), l.when('one'), l.when('one'), l.when('one'), l.when('one')]).toEqual([5, 5, 5, 3000, 3000]);
    expect(l.numRequeues('one')).toBe(5);
    expect([l.when('two'), l.when('two')]).toEqual([5, 5]);
    l.forget('one');
    expect(l.numRequeues('one')).toBe(0);
    expect(l.when('one')).toBe(5);
  });

  it('TestMaxOfRateLimiter: the larger delay and count win; forget applies to all', () => {
    const l = new MaxOfRateLimiter<string>(
      new ItemFastSlowRateLimiter<string>({ fastDelayMs: 5, slowDelayMs: 3000, maxFastAttempts: 3 }),
      new ItemExponentialFailureRateLimiter<string>({ baseDelayMs: 1, maxDelayMs: 1000 }),
    );
    expect([l.when('one'), l.when('one'), l.when('one'), l.when('one'), l.when('one')]).toEqual([5, 5, 5, 3000, 3000]);
    expect(l.numRequeues('one')).toBe(5);
    l.forget('one');
    expect(l.numRequeues('one')).toBe(0);
    expect(l.when('one')).toBe(5);
  });

  it('TestWithMaxWaitRateLimiter: clamps the delay', () => {
    const l = new WithMaxWaitRateLimiter<string>(
      new ItemExponentialFailureRateLimiter<string>({ baseDelayMs: 1000, maxDelayMs: 1_000_000 }),
      5000,
    );
    expect([l.when('a'), l.when('a'), l.when('a'), l.when('a')]).toEqual([1000, 2000, 4000, 5000]);
    expect(l.numRequeues('a')).toBe(4);
    l.forget('a');
    expect(l.when('a')).toBe(1000);
  });

  it('Bucket: burst tokens are free, then each call waits 1/qps longer; tokens refill with time', async () => {
    const clock = new FakeClock();
    const l = new BucketRateLimiter<string>({ qps: 10, burst: 3, clock });
    expect([l.when('a'), l.when('b'), l.when('c')]).toEqual([0, 0, 0]);
    expect(l.when('d')).toBeCloseTo(100);
    expect(l.when('e')).toBeCloseTo(200);
    await clock.advance(1000); // +10 tokens, capped at burst 3, minus the 2 reserved
    expect(l.when('f')).toBe(0);
    expect(l.numRequeues('f')).toBe(0);
  });

  it('the default controller limiter starts at 5 ms and throttles after a burst of 100', () => {
    const clock = new FakeClock();
    const l = defaultControllerRateLimiter<string>({ clock });
    expect(l.when('x')).toBe(5);
    expect(l.when('x')).toBe(10);
    for (let i = 0; i < 98; i++) {
      l.when(`k${i}`);
    }
    expect(l.when('fresh')).toBeCloseTo(100); // bucket exhausted: 1/10 s
  });
});

describe('RateLimitingQueue (case 71)', () => {
  it('TestRateLimitingQueue: addRateLimited delays by the limiter; forget resets the count', async () => {
    const clock = new FakeClock();
    const q = new RateLimitingQueue<string>({
      clock,
      rateLimiter: new ItemExponentialFailureRateLimiter<string>({ baseDelayMs: 1, maxDelayMs: 1000 }),
    });
    q.addRateLimited('one');
    expect(q.waitingLen()).toBe(1);
    q.addRateLimited('one');
    expect(q.waitingLen()).toBe(1);
    expect(q.numRequeues('one')).toBe(2);
    q.addRateLimited('two');
    expect(q.numRequeues('two')).toBe(1);
    await clock.advance(1);
    expect(q.len()).toBe(2);
    q.forget('one');
    expect(q.numRequeues('one')).toBe(0);
    q.forget('two');
    expect(q.numRequeues('two')).toBe(0);
  });
});
