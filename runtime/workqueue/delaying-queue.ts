// The delaying workqueue: addAfter keeps waiting items in a min-heap keyed by ready time, on an injected Clock.
import type { TimerHandle } from '../util/clock.js';
import { WorkQueue, type WorkQueueOptions } from './queue.js';

interface Waiting<T> {
  key: unknown;
  item: T;
  readyAt: number;
  seq: number;
  index: number;
}

/**
 * client-go's DelayingInterface. A re-add of a waiting item keeps the earlier ready time; one clock timer is armed
 * for the soonest entry, so no polling heartbeat is needed.
 */
export class DelayingQueue<T> extends WorkQueue<T> {
  private readonly heap: Waiting<T>[] = [];
  private readonly waiting = new Map<unknown, Waiting<T>>();
  private seq = 0;
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
    const key = this.identity ? item : this.keyOf(item);
    const existing = this.waiting.get(key);
    if (existing !== undefined) {
      if (readyAt < existing.readyAt) {
        existing.readyAt = readyAt;
        existing.item = item;
        this.siftUp(existing.index);
        this.arm();
      }
      return;
    }
    const entry: Waiting<T> = { key, item, readyAt, seq: this.seq++, index: this.heap.length };
    this.heap.push(entry);
    this.waiting.set(key, entry);
    this.siftUp(entry.index);
    this.arm();
  }

  /** Number of items waiting for their delay to pass (not counted by {@link WorkQueue.len}). */
  waitingLen(): number {
    return this.heap.length;
  }

  protected override onShutdown(): void {
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
      this.timerDue = Number.POSITIVE_INFINITY;
    }
  }

  private arm(): void {
    const first = this.heap[0];
    if (first === undefined || first.readyAt >= this.timerDue) {
      return;
    }
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
    }
    this.timerDue = first.readyAt;
    this.timer = this.clock.setTimeout(() => this.fire(), first.readyAt - this.clock.now());
  }

  private fire(): void {
    this.timer = undefined;
    this.timerDue = Number.POSITIVE_INFINITY;
    if (this.isShuttingDown()) {
      return;
    }
    const now = this.clock.now();
    for (;;) {
      const first = this.heap[0];
      if (first === undefined || first.readyAt > now) {
        break;
      }
      this.pop();
      this.waiting.delete(first.key);
      this.add(first.item);
    }
    this.arm();
  }

  private pop(): void {
    const last = this.heap.pop() as Waiting<T>;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      last.index = 0;
      this.siftDown(0);
    }
  }

  private siftUp(i: number): void {
    const h = this.heap;
    const e = h[i] as Waiting<T>;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = h[parent] as Waiting<T>;
      if (e.readyAt > p.readyAt || (e.readyAt === p.readyAt && e.seq > p.seq)) {
        break;
      }
      h[i] = p;
      p.index = i;
      i = parent;
    }
    h[i] = e;
    e.index = i;
  }

  private siftDown(i: number): void {
    const h = this.heap;
    const n = h.length;
    const e = h[i] as Waiting<T>;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) {
        break;
      }
      const r = l + 1;
      let c = l;
      let child = h[l] as Waiting<T>;
      if (r < n) {
        const right = h[r] as Waiting<T>;
        if (right.readyAt < child.readyAt || (right.readyAt === child.readyAt && right.seq < child.seq)) {
          c = r;
          child = right;
        }
      }
      if (child.readyAt > e.readyAt || (child.readyAt === e.readyAt && child.seq > e.seq)) {
        break;
      }
      h[i] = child;
      child.index = i;
      i = c;
    }
    h[i] = e;
    e.index = i;
  }
}
