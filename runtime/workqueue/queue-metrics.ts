// Per-queue metric bookkeeping: add/get/done timestamps turned into depth, latency and work-duration metrics.
import type { MetricsProvider } from '../metrics/metrics-provider.js';
import type { Clock, TimerHandle } from '../util/clock.js';

/** How often unfinished-work and longest-running-processor gauges are refreshed, as in client-go. */
export const unfinishedWorkUpdatePeriodMs = 500;

/** The metrics of one named queue. Created only when the queue has a name. */
export class QueueMetrics<K> {
  private readonly depth;
  private readonly adds;
  private readonly latency;
  private readonly workDuration;
  private readonly unfinished;
  private readonly longest;
  readonly retries;
  private readonly addTimes = new Map<K, number>();
  private readonly processingStart = new Map<K, number>();
  private timer: TimerHandle | undefined;
  private stopped = false;

  constructor(
    name: string,
    provider: MetricsProvider,
    private readonly clock: Clock,
  ) {
    this.depth = provider.newDepthMetric(name);
    this.adds = provider.newAddsMetric(name);
    this.latency = provider.newLatencyMetric(name);
    this.workDuration = provider.newWorkDurationMetric(name);
    this.unfinished = provider.newUnfinishedWorkSecondsMetric(name);
    this.longest = provider.newLongestRunningProcessorSecondsMetric(name);
    this.retries = provider.newRetriesMetric(name);
    this.schedule();
  }

  add(key: K): void {
    this.adds.inc();
    this.depth.inc();
    if (!this.addTimes.has(key)) {
      this.addTimes.set(key, this.clock.now());
    }
  }

  get(key: K): void {
    this.depth.dec();
    const now = this.clock.now();
    const added = this.addTimes.get(key);
    if (added !== undefined) {
      this.latency.observe((now - added) / 1000);
      this.addTimes.delete(key);
    }
    this.processingStart.set(key, now);
  }

  done(key: K): void {
    const start = this.processingStart.get(key);
    if (start !== undefined) {
      this.workDuration.observe((this.clock.now() - start) / 1000);
      this.processingStart.delete(key);
    }
  }

  /** Recomputes the two in-progress gauges from the items being processed now. */
  updateUnfinishedWork(): void {
    const now = this.clock.now();
    let total = 0;
    let oldest = 0;
    for (const start of this.processingStart.values()) {
      const age = now - start;
      total += age;
      oldest = Math.max(oldest, age);
    }
    this.unfinished.set(total / 1000);
    this.longest.set(oldest / 1000);
  }

  /** Stops the periodic refresh; no metric is updated by the timer afterwards. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  private schedule(): void {
    this.timer = this.clock.setTimeout(() => {
      if (this.stopped) {
        return;
      }
      this.updateUnfinishedWork();
      this.schedule();
    }, unfinishedWorkUpdatePeriodMs);
  }
}
