// retryOnConflict / onError with client-go's DefaultRetry on a fake clock.
import { describe, expect, it } from 'vitest';
import { ApiError, isConflict } from '../../../runtime/errors/api-error.js';
import {
  backoffDelays,
  DefaultBackoff,
  DefaultRetry,
  onError,
  type RetryBackoff,
  retryOnConflict,
} from '../../../runtime/rest/retry-on-conflict.js';
import { FakeClock } from '../../../runtime/testing/fake-clock.js';
import { driveClock } from './drive-clock.js';

const status = (code: number, reason: string) => new ApiError({ kind: 'Status', status: 'Failure', code, reason });
const conflict = () => status(409, 'Conflict');
const notFound = () => status(404, 'NotFound');

describe('backoffDelays', () => {
  it('has client-go DefaultRetry and DefaultBackoff values', () => {
    expect(DefaultRetry).toMatchObject({ steps: 5, durationMs: 10, factor: 1, jitter: 0.1 });
    expect(backoffDelays({ ...DefaultRetry, random: () => 0 })).toEqual([10, 10, 10, 10]);
    expect(backoffDelays({ ...DefaultRetry, random: () => 0.5 })).toEqual([10.5, 10.5, 10.5, 10.5]);
    expect(backoffDelays({ ...DefaultBackoff, random: () => 0 })).toEqual([10, 50, 250]);
    expect(backoffDelays({ steps: 5, durationMs: 10, factor: 3, jitter: 0, capMs: 50 })).toEqual([10, 30, 50, 50]);
  });
});

describe('retryOnConflict (case 77: TestRetryOnConflict)', () => {
  function backoff(clock: FakeClock): RetryBackoff {
    return { ...DefaultRetry, clock, random: () => 1 };
  }

  it('retries conflicts and returns the first success, waiting between tries', async () => {
    const clock = new FakeClock();
    const start = clock.now();
    let calls = 0;
    const got = await driveClock(
      clock,
      retryOnConflict(async () => {
        calls++;
        if (calls < 3) {
          throw conflict();
        }
        return 'done';
      }, backoff(clock)),
    );
    expect(got).toBe('done');
    expect(calls).toBe(3);
    expect(clock.now() - start).toBe(22);
  });

  it('returns a non-conflict error at once', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const err = await driveClock(
      clock,
      retryOnConflict(async () => {
        calls++;
        throw notFound();
      }, backoff(clock)),
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({ reason: 'NotFound' });
    expect(calls).toBe(1);
  });

  it('throws the last conflict when the steps run out', async () => {
    const clock = new FakeClock();
    const errors: Error[] = [];
    const err = await driveClock(
      clock,
      retryOnConflict(async () => {
        const e = conflict();
        errors.push(e);
        throw e;
      }, backoff(clock)),
    ).catch((e: unknown) => e);
    expect(errors).toHaveLength(5);
    expect(err).toBe(errors[4]);
    expect(isConflict(err)).toBe(true);
  });

  it('stops waiting when the signal aborts', async () => {
    const clock = new FakeClock();
    const ac = new AbortController();
    let calls = 0;
    const p = retryOnConflict(
      async () => {
        calls++;
        throw conflict();
      },
      backoff(clock),
      ac.signal,
    );
    await clock.waitForTimers(1);
    ac.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
    expect(calls).toBe(1);
  });

  it('onError retries what the predicate accepts', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const got = await driveClock(
      clock,
      onError(
        { ...DefaultBackoff, clock, random: () => 0 },
        (e) => (e as Error).message === 'flaky',
        async () => {
          if (++calls < 4) {
            throw new Error('flaky');
          }
          return calls;
        },
      ),
    );
    expect(got).toBe(4);
  });
});
