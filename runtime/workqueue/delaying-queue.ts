// The delaying workqueue: addAfter holds items in a DelayHeap keyed by ready time, on an injected Clock.
import type { TimerHandle } from '../util/clock.js';
import { DelayHeap } from './delay-heap.js';
import { WorkQueue, type WorkQueueOptions } from './queue.js';
import { type QueueEntry, waitingBit } from './queue-entry.js';

/**
 * client-go's DelayingInterface. A re-add of a waiting item keeps the earlier ready time; one clock timer is armed
 * for the soonest entry, so no polling heartbeat is needed.
 */
export class DelayingQueue<T> extends WorkQueue<T> {
  // Waiting entries share the queue's per-key entry (its waiting bit), so firing one needs no hash lookup.
  private readonly delays = new DelayHeap<QueueEntry<T>>();
  private waiting = 0;
  private timer: TimerHandle | undefined;
  private timerDue = Number.POSITIVE_INFINITY;

  constructor(options: WorkQueueOptions<T> = {}) {
    super(options);
  }

  /** Adds `item` once `delayMs` has passed; a delay ≤ 0 adds it now. Ignored after shutdown. */
  addAfter(item: T, delayMs: number): void {
    if (this.isShuttingDown()) {
      return;
    }
    this.metrics?.retries.inc();
    if (delayMs <= 0) {
      this.add(item);
      return;
    }
    const readyAt = this.clock.now() + delayMs;
    const entry = this.entryFor(this.identity ? item : this.keyOf(item));
    const superseding = (entry.state & waitingBit) !== 0;
    if (superseding && readyAt >= entry.readyAt) {
      // The earlier ready time wins; a later one never extends the wait.
      return;
    }
    entry.state |= waitingBit;
    entry.readyAt = readyAt;
    if (!this.identity) {
      entry.waitingValue = item;
    }
    entry.waitSeq = this.delays.push(readyAt, entry);
    if (superseding) {
      this.delays.superseded();
    } else {
      this.waiting++;
    }
    if (readyAt < this.timerDue) {
      this.arm(readyAt);
    }
  }

  /** Number of items waiting for their delay to pass (not counted by {@link WorkQueue.len}). */
  waitingLen(): number {
    return this.waiting;
  }

  protected override onShutdown(): void {
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
      this.timerDue = Number.POSITIVE_INFINITY;
    }
  }

  private arm(due: number): void {
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
    }
    this.timerDue = due;
    this.timer = this.clock.setTimeout(() => this.fire(), due - this.clock.now());
  }

  // Moves everything ready now into the queue in one pass, then re-arms for the next ready time.
  private fire(): void {
    this.timer = undefined;
    this.timerDue = Number.POSITIVE_INFINITY;
    if (this.isShuttingDown()) {
      return;
    }
    const now = this.clock.now();
    for (let entry = this.delays.popReady(now); entry !== undefined; entry = this.delays.popReady(now)) {
      entry.state &= ~waitingBit;
      entry.waitSeq = -1;
      this.waiting--;
      const value = entry.waitingValue;
      entry.waitingValue = undefined;
      this.mark(entry, this.identity ? (entry.key as T) : (value as T));
    }
    const next = this.delays.nextReadyAt();
    if (next !== Number.POSITIVE_INFINITY) {
      this.arm(next);
    }
  }
}
