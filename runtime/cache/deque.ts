// A growable FIFO buffer with O(1) push and shift, for queues that may hold hundreds of thousands of entries.

/** Array-backed queue: shift() advances a head index instead of moving every element as Array#shift does. */
export class Deque<T> {
  private items: (T | undefined)[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) {
      return undefined;
    }
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head++;
    // Compact once the consumed prefix dominates, so memory follows the live length.
    if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    } else if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    }
    return item;
  }

  peek(index = 0): T | undefined {
    return this.items[this.head + index];
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }

  /** The live entries, oldest first (a copy). */
  toArray(): T[] {
    return this.items.slice(this.head) as T[];
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = this.head; i < this.items.length; i++) {
      yield this.items[i] as T;
    }
  }
}
