// The leader elector: acquire a lock with jittered retries, renew it within a deadline, release on cancel.
import { isConflict, isNotFound, KubeError } from '../errors/api-error.js';
import { onAbort, sleep } from '../util/abort.js';
import { type Clock, mathRandom, type Random, realClock } from '../util/clock.js';
import { type Logger, logger } from '../util/logger.js';
import {
  jitterFactor,
  type LeaderCallbacks,
  type LeaderElectionConfig,
  type LeaderElectionTimings,
  validateLeaderElectionConfig,
} from './leader-election-config.js';
import type { LeaderElectionRecord } from './leader-election-record.js';
import type { ResourceLock } from './resource-lock.js';

/** Returned by {@link LeaderElector.check} when the leader has stopped renewing. */
export class LeaderElectionHealthError extends KubeError {
  constructor(message: string) {
    super('KUBE_LEADER_ELECTION_UNHEALTHY', message);
  }
}

/**
 * client-go's LeaderElector. Expiry is measured from when this process last saw the record change
 * (`observedTime`), never from the holder's renewTime, so clock skew between candidates does not matter.
 */
export class LeaderElector {
  private readonly lock: ResourceLock;
  private readonly timings: LeaderElectionTimings;
  private readonly callbacks: LeaderCallbacks;
  private readonly releaseOnCancel: boolean;
  private readonly clock: Clock;
  private readonly random: Random;
  private readonly name: string;
  private readonly log: Logger;
  private observedRecord: LeaderElectionRecord | undefined;
  private observedRawRecord: string | undefined;
  private observedTime = 0;
  private reportedLeader = '';

  /** @throws LeaderElectionConfigError for an invalid config. */
  constructor(config: LeaderElectionConfig) {
    this.timings = validateLeaderElectionConfig(config);
    this.lock = config.lock;
    this.callbacks = config.callbacks;
    this.releaseOnCancel = config.releaseOnCancel ?? false;
    this.clock = config.clock ?? realClock;
    this.random = config.random ?? mathRandom;
    this.name = config.name ?? config.lock.describe();
    this.log = logger();
  }

  /**
   * Campaigns until leading, leads until renewal fails or `signal` aborts, then returns. `onStoppedLeading` is
   * always called on the way out.
   */
  async run(signal: AbortSignal): Promise<void> {
    try {
      if (!(await this.acquire(signal))) {
        return;
      }
      const leading = new AbortController();
      const dispose = onAbort(signal, () => leading.abort(signal.reason));
      try {
        const started = Promise.resolve().then(() => this.callbacks.onStartedLeading(leading.signal));
        started.catch((err: unknown) => this.log.error('onStartedLeading failed', { lock: this.name, error: err }));
        await this.renew(signal);
      } finally {
        dispose();
        leading.abort(new DOMException('leadership lost', 'AbortError'));
      }
      if (this.releaseOnCancel) {
        await this.release();
      }
    } finally {
      this.callbacks.onStoppedLeading();
    }
  }

  /** True when the last observed record names this candidate. */
  isLeader(): boolean {
    return this.observedRecord?.holderIdentity === this.lock.identity();
  }

  /** The holder in the last observed record ('' if none). */
  getLeader(): string {
    return this.observedRecord?.holderIdentity ?? '';
  }

  /**
   * A health check (client-go's Check): fails when this candidate believes it leads but has not renewed for
   * longer than leaseDuration + `maxTolerableExpiredLeaseMs`, i.e. its renew loop is stuck.
   */
  check(maxTolerableExpiredLeaseMs: number): LeaderElectionHealthError | undefined {
    if (!this.isLeader()) {
      return undefined;
    }
    const expiredFor = this.clock.now() - (this.observedTime + this.timings.leaseDurationMs);
    if (expiredFor > maxTolerableExpiredLeaseMs) {
      return new LeaderElectionHealthError(
        `failed election to renew leadership on lease ${this.name}: expired ${expiredFor} ms ago`,
      );
    }
    return undefined;
  }

  /** The record last read or written, and the local time it was observed. */
  observed(): { record: LeaderElectionRecord | undefined; time: number } {
    return { record: this.observedRecord, time: this.observedTime };
  }

  /** One acquire-or-renew attempt; true if this candidate holds the lock afterwards. */
  async tryAcquireOrRenew(signal?: AbortSignal): Promise<boolean> {
    const now = this.clock.now();
    const desired: LeaderElectionRecord = {
      holderIdentity: this.lock.identity(),
      leaseDurationSeconds: Math.round(this.timings.leaseDurationMs / 1000),
      renewTime: now,
      acquireTime: now,
      leaderTransitions: 0,
    };

    // Fast path: a valid leader updates its cached record without reading first.
    if (this.isLeader() && this.isLeaseValid(now) && this.observedRecord !== undefined) {
      desired.acquireTime = this.observedRecord.acquireTime;
      desired.leaderTransitions = this.observedRecord.leaderTransitions;
      try {
        await this.lock.update(desired, signal);
        this.setObservedRecord(desired);
        return true;
      } catch (err) {
        this.log.warn('failed to update lock optimistically, falling back to slow path', {
          lock: this.name,
          error: err,
        });
      }
    }

    let old: LeaderElectionRecord;
    try {
      const got = await this.lock.get(signal);
      old = got.record;
      if (got.raw !== this.observedRawRecord) {
        this.setObservedRecord(old);
        this.observedRawRecord = got.raw;
      }
    } catch (err) {
      if (!isNotFound(err)) {
        this.log.warn('error retrieving resource lock', { lock: this.name, error: err });
        return false;
      }
      try {
        await this.lock.create(desired, signal);
      } catch (createErr) {
        this.log.warn('error initially creating leader election record', { lock: this.name, error: createErr });
        return false;
      }
      this.setObservedRecord(desired);
      return true;
    }

    if (old.holderIdentity !== '' && this.isLeaseValid(now) && !this.isLeader()) {
      this.log.debug('lock is held by another candidate and has not yet expired', {
        lock: this.name,
        holder: old.holderIdentity,
      });
      return false;
    }

    if (this.isLeader()) {
      desired.acquireTime = old.acquireTime;
      desired.leaderTransitions = old.leaderTransitions;
    } else {
      desired.leaderTransitions = old.leaderTransitions + 1;
    }
    try {
      await this.lock.update(desired, signal);
    } catch (err) {
      this.log.warn('failed to update lock', { lock: this.name, error: err });
      return false;
    }
    this.setObservedRecord(desired);
    return true;
  }

  /**
   * Gives the lease up if this candidate holds it: reads the Lease, then writes an empty holder with a 1 s duration.
   * A Conflict means another write got in between, so it reads and tries again, until the renew deadline. Returns
   * true if released (or not held).
   */
  async release(): Promise<boolean> {
    const deadline = this.clock.now() + this.timings.renewDeadlineMs;
    const timeout = this.clockTimeout(this.timings.renewDeadlineMs);
    try {
      for (;;) {
        let old: LeaderElectionRecord;
        try {
          old = (await this.lock.get(timeout.signal)).record;
        } catch (err) {
          this.log.warn(isNotFound(err) ? 'lease lock not found' : 'error retrieving resource lock', {
            lock: this.name,
            error: err,
          });
          return false;
        }
        if (!this.isLeader()) {
          return true;
        }
        const now = this.clock.now();
        const released: LeaderElectionRecord = {
          holderIdentity: '',
          leaseDurationSeconds: 1,
          renewTime: now,
          acquireTime: now,
          leaderTransitions: old.leaderTransitions,
        };
        try {
          await this.lock.update(released, timeout.signal);
          this.setObservedRecord(released);
          return true;
        } catch (err) {
          // client-go retries a conflict at once; each retry is a round trip, and the deadline bounds them.
          if (!isConflict(err) || timeout.signal.aborted || this.clock.now() >= deadline) {
            this.log.warn('failed to release lock', { lock: this.name, error: err });
            return false;
          }
          this.log.debug('conflict when releasing lease, retrying', { lock: this.name });
        }
      }
    } finally {
      timeout.dispose();
    }
  }

  private async acquire(signal: AbortSignal): Promise<boolean> {
    this.log.info('attempting to acquire leader lease', { lock: this.name });
    while (!signal.aborted) {
      const ok = await this.tryAcquireOrRenew(signal).catch(() => false);
      this.maybeReportTransition();
      if (ok) {
        this.lock.recordEvent('became leader');
        this.log.info('successfully acquired lease', { lock: this.name });
        return true;
      }
      const period = this.timings.retryPeriodMs;
      try {
        await sleep(period + this.random() * jitterFactor * period, signal, this.clock);
      } catch {
        return false;
      }
    }
    return false;
  }

  private async renew(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const ok = await this.renewWithinDeadline(signal);
      this.maybeReportTransition();
      if (!ok) {
        if (!signal.aborted) {
          this.log.warn('failed to renew lease', { lock: this.name });
        }
        break;
      }
      try {
        await sleep(this.timings.retryPeriodMs, signal, this.clock);
      } catch {
        break;
      }
    }
    this.lock.recordEvent('stopped leading');
    this.log.info('stopped leading', { lock: this.name });
  }

  // PollUntilContextTimeout(retryPeriod, renewDeadline, immediate): try now, then every retry period.
  private async renewWithinDeadline(signal: AbortSignal): Promise<boolean> {
    const timeout = this.clockTimeout(this.timings.renewDeadlineMs);
    const both = AbortSignal.any([signal, timeout.signal]);
    try {
      for (;;) {
        if (both.aborted) {
          return false;
        }
        if (await this.tryAcquireOrRenew(both).catch(() => false)) {
          return true;
        }
        try {
          await sleep(this.timings.retryPeriodMs, both, this.clock);
        } catch {
          return false;
        }
      }
    } finally {
      timeout.dispose();
    }
  }

  private isLeaseValid(now: number): boolean {
    return this.observedTime + this.timings.leaseDurationMs > now;
  }

  private setObservedRecord(r: LeaderElectionRecord): void {
    this.observedRecord = { ...r };
    this.observedTime = this.clock.now();
  }

  private maybeReportTransition(): void {
    const holder = this.getLeader();
    if (holder === this.reportedLeader) {
      return;
    }
    this.reportedLeader = holder;
    const cb = this.callbacks.onNewLeader;
    if (cb !== undefined) {
      queueMicrotask(() => {
        try {
          cb(holder);
        } catch (err) {
          this.log.error('onNewLeader failed', { lock: this.name, error: err });
        }
      });
    }
  }

  private clockTimeout(ms: number): { signal: AbortSignal; dispose(): void } {
    const ac = new AbortController();
    const handle = this.clock.setTimeout(
      () => ac.abort(new DOMException('renew deadline exceeded', 'TimeoutError')),
      ms,
    );
    return { signal: ac.signal, dispose: () => this.clock.clearTimeout(handle) };
  }
}
