// The workqueue's FIFO: a ring buffer with a power-of-two capacity, so steady push/shift never moves an item.

const initialCapacity = 16;
// A buffer that grew past this is given back once it empties, so one burst does not pin memory.
const keepCapacity = 4096;

function emptySlots<T>(capacity: number): (T | undefined)[] {
  return new Array<T | undefined>(capacity).fill(undefined);
}

/**
 * A FIFO over an array used circularly. Unlike an array consumed from a head index, it never slices off a consumed
 * prefix; a full buffer doubles once, copying its items in order, so growth costs O(1) per push amortised.
 */
export class RingBuffer<T> {
  private slots: (T | undefined)[] = emptySlots(initialCapacity);
  private mask = initialCapacity - 1;
  private head = 0;
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(item: T): void {
    if (this.count === this.slots.length) {
      this.grow();
    }
    this.slots[(this.head + this.count) & this.mask] = item;
    this.count++;
  }

  /** Removes and returns the oldest item; undefined when empty. */
  shift(): T | undefined {
    if (this.count === 0) {
      return undefined;
    }
    const item = this.slots[this.head];
    this.slots[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.count--;
    if (this.count === 0 && this.slots.length > keepCapacity) {
      this.slots = emptySlots(initialCapacity);
      this.mask = initialCapacity - 1;
      this.head = 0;
    }
    return item;
  }

  private grow(): void {
    const capacity = this.slots.length * 2;
    const next = emptySlots<T>(capacity);
    for (let i = 0; i < this.count; i++) {
      next[i] = this.slots[(this.head + i) & this.mask];
    }
    this.slots = next;
    this.mask = capacity - 1;
    this.head = 0;
  }
}
