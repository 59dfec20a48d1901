// Fans informer notifications out to every registered handler and decides which handlers a resync is for.
import { logger } from '../util/logger.js';
import type { Notification, ProcessorListener } from './processor-listener.js';

/** A handler's effective resync period given the informer's check period (client-go's determineResyncPeriod). */
export function determineResyncPeriod(desiredMs: number, checkMs: number): number {
  if (desiredMs === 0) {
    return 0;
  }
  if (checkMs === 0) {
    logger().warn('The specified resync period is invalid because this shared informer does not resync', {
      desiredMs,
    });
    return 0;
  }
  if (desiredMs < checkMs) {
    logger().warn('The specified resync period is raised to the resync check period', { desiredMs, checkMs });
    return checkMs;
  }
  return desiredMs;
}

/** client-go's sharedProcessor. */
export class SharedProcessor<T> {
  // Listener -> "due for the resync in progress".
  private readonly listeners = new Map<ProcessorListener<T>, boolean>();
  private started = false;

  get size(): number {
    return this.listeners.size;
  }

  has(listener: ProcessorListener<T>): boolean {
    return this.listeners.has(listener);
  }

  addListener(listener: ProcessorListener<T>): void {
    this.listeners.set(listener, true);
    if (this.started) {
      listener.start();
    }
  }

  /** Removes and stops a listener; unknown listeners (another informer's) are ignored. */
  removeListener(listener: ProcessorListener<T>): void {
    if (this.listeners.delete(listener)) {
      listener.stop();
    }
  }

  /**
   * Queues `n` for every listener, or with `sync` only for listeners due a resync. Returns a promise when a
   * bounded listener with the `block` policy is full.
   */
  distribute(n: Notification<T>, sync: boolean): Promise<unknown> | undefined {
    let waits: Promise<void>[] | undefined;
    for (const [listener, due] of this.listeners) {
      if (!sync || due) {
        const w = listener.add(n);
        if (w !== undefined) {
          if (waits === undefined) {
            waits = [];
          }
          waits.push(w);
        }
      }
    }
    return waits === undefined ? undefined : Promise.all(waits);
  }

  run(): void {
    this.started = true;
    for (const l of this.listeners.keys()) {
      l.start();
    }
  }

  /** Stops every listener and waits for their in-flight calls. */
  async stop(): Promise<void> {
    const all = [...this.listeners.keys()];
    this.listeners.clear();
    this.started = false;
    for (const l of all) {
      l.stop();
    }
    await Promise.all(all.map((l) => l.runFinished));
  }

  /** Marks the listeners due a resync at `now`; true if any is. */
  shouldResync(now: number): boolean {
    let needed = false;
    for (const l of this.listeners.keys()) {
      const due = l.shouldResync(now);
      this.listeners.set(l, due);
      if (due) {
        needed = true;
        l.determineNextResync(now);
      }
    }
    return needed;
  }

  resyncCheckPeriodChanged(checkMs: number): void {
    for (const l of this.listeners.keys()) {
      l.resyncPeriodMs = determineResyncPeriod(l.requestedResyncPeriodMs, checkMs);
    }
  }
}
