// The waiting room of the delaying queue: payloads ordered by ready time, in a sorted run plus a 4-ary heap.

/** What the heap holds: the payload names the sequence number of its one live node; other nodes for it are stale. */
export interface DelayHeapPayload {
  waitSeq: number;
}

// Stale nodes are tolerated until they are this many and outnumber the live ones, then dropped in one rebuild.
const compactAfterStale = 1024;
// The consumed prefix of the run is cut off once it is this long and at least half the run.
const runCompactAfter = 1024;

/**
 * A min-priority queue on (ready time, insertion order). Most delays are pushed in nondecreasing ready time (one
 * requeue period, a resync), so such nodes are appended to a sorted run consumed from its head in O(1); only the
 * rest go to a 4-ary heap. Nodes live in parallel arrays (time, sequence, payload), so ordering reads plain numbers
 * and never dereferences a payload. A payload whose ready time is lowered gets a new node; its old node turns stale
 * (the payload's `waitSeq` no longer names it) and is skipped when it surfaces, which spares the heap a position
 * index per payload.
 */
export class DelayHeap<P extends DelayHeapPayload> {
  private heapTime: number[] = [];
  private heapSeq: number[] = [];
  private heapItem: P[] = [];
  private runTime: number[] = [];
  private runSeq: number[] = [];
  private runItem: (P | undefined)[] = [];
  private runHead = 0;
  private nextSeq = 0;
  private stale = 0;

  /** Nodes held, stale ones included. */
  get nodeCount(): number {
    return this.heapTime.length + this.runTime.length - this.runHead;
  }

  /** Adds `payload` due at `readyAt` and returns the new node's sequence number; store it in `payload.waitSeq`. */
  push(readyAt: number, payload: P): number {
    const seq = this.nextSeq++;
    const n = this.runTime.length;
    if (n === this.runHead || readyAt >= (this.runTime[n - 1] as number)) {
      this.runTime.push(readyAt);
      this.runSeq.push(seq);
      this.runItem.push(payload);
    } else {
      this.heapPush(readyAt, seq, payload);
    }
    return seq;
  }

  /** Records that one node went stale (its payload was pushed again); rebuilds once stale nodes dominate. */
  superseded(): void {
    this.stale++;
    if (this.stale >= compactAfterStale && this.stale * 2 > this.nodeCount) {
      this.compact();
    }
  }

  /** Ready time of the earliest live node, or +Infinity when none; stale nodes met on the way are dropped. */
  nextReadyAt(): number {
    for (;;) {
      const fromRun = this.runFirst();
      if (fromRun === undefined) {
        return Number.POSITIVE_INFINITY;
      }
      const seq = fromRun ? (this.runSeq[this.runHead] as number) : (this.heapSeq[0] as number);
      const item = fromRun ? (this.runItem[this.runHead] as P) : (this.heapItem[0] as P);
      if (item.waitSeq === seq) {
        return fromRun ? (this.runTime[this.runHead] as number) : (this.heapTime[0] as number);
      }
      this.dropFirst(fromRun);
      this.stale--;
    }
  }

  /** Removes and returns the earliest live payload if it is ready at `now`; undefined when none is. */
  popReady(now: number): P | undefined {
    for (;;) {
      const fromRun = this.runFirst();
      if (fromRun === undefined) {
        return undefined;
      }
      let seq: number;
      let item: P;
      if (fromRun) {
        const h = this.runHead;
        if ((this.runTime[h] as number) > now) {
          return undefined;
        }
        seq = this.runSeq[h] as number;
        item = this.runItem[h] as P;
      } else {
        if ((this.heapTime[0] as number) > now) {
          return undefined;
        }
        seq = this.heapSeq[0] as number;
        item = this.heapItem[0] as P;
      }
      this.dropFirst(fromRun);
      if (item.waitSeq === seq) {
        return item;
      }
      this.stale--;
    }
  }

  // true: the run's head comes first; false: the heap's root; undefined: both are empty.
  private runFirst(): boolean | undefined {
    const h = this.runHead;
    const hasRun = h < this.runTime.length;
    if (this.heapTime.length === 0) {
      return hasRun ? true : undefined;
    }
    if (!hasRun) {
      return false;
    }
    const rt = this.runTime[h] as number;
    const ht = this.heapTime[0] as number;
    return rt < ht || (rt === ht && (this.runSeq[h] as number) < (this.heapSeq[0] as number));
  }

  private dropFirst(fromRun: boolean): void {
    if (!fromRun) {
      this.heapPop();
      return;
    }
    this.runItem[this.runHead] = undefined;
    this.runHead++;
    const n = this.runTime.length;
    if (this.runHead === n) {
      this.runTime.length = 0;
      this.runSeq.length = 0;
      this.runItem.length = 0;
      this.runHead = 0;
    } else if (this.runHead >= runCompactAfter && this.runHead * 2 >= n) {
      this.runTime.splice(0, this.runHead);
      this.runSeq.splice(0, this.runHead);
      this.runItem.splice(0, this.runHead);
      this.runHead = 0;
    }
  }

  private heapPush(time: number, seq: number, item: P): void {
    const T = this.heapTime;
    const S = this.heapSeq;
    const I = this.heapItem;
    let i = T.length;
    T.push(time);
    S.push(seq);
    I.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 2;
      const pt = T[parent] as number;
      if (time > pt || (time === pt && seq > (S[parent] as number))) {
        break;
      }
      T[i] = pt;
      S[i] = S[parent] as number;
      I[i] = I[parent] as P;
      i = parent;
    }
    T[i] = time;
    S[i] = seq;
    I[i] = item;
  }

  private heapPop(): void {
    const time = this.heapTime.pop() as number;
    const seq = this.heapSeq.pop() as number;
    const item = this.heapItem.pop() as P;
    if (this.heapTime.length > 0) {
      this.siftDown(0, time, seq, item);
    }
  }

  // Places (time, seq, item) at slot i or below, moving smaller children up.
  private siftDown(i: number, time: number, seq: number, item: P): void {
    const T = this.heapTime;
    const S = this.heapSeq;
    const I = this.heapItem;
    const n = T.length;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= n) {
        break;
      }
      const end = Math.min(first + 4, n);
      let c = first;
      let ct = T[first] as number;
      let cs = S[first] as number;
      for (let j = first + 1; j < end; j++) {
        const jt = T[j] as number;
        if (jt < ct || (jt === ct && (S[j] as number) < cs)) {
          c = j;
          ct = jt;
          cs = S[j] as number;
        }
      }
      if (ct > time || (ct === time && cs > seq)) {
        break;
      }
      T[i] = ct;
      S[i] = cs;
      I[i] = I[c] as P;
      i = c;
    }
    T[i] = time;
    S[i] = seq;
    I[i] = item;
  }

  // Drops every stale node: the run stays sorted when filtered; the heap is filtered and rebuilt bottom-up.
  private compact(): void {
    const runTime: number[] = [];
    const runSeq: number[] = [];
    const runItem: P[] = [];
    for (let i = this.runHead; i < this.runTime.length; i++) {
      const item = this.runItem[i] as P;
      if (item.waitSeq === this.runSeq[i]) {
        runTime.push(this.runTime[i] as number);
        runSeq.push(this.runSeq[i] as number);
        runItem.push(item);
      }
    }
    this.runTime = runTime;
    this.runSeq = runSeq;
    this.runItem = runItem;
    this.runHead = 0;
    const heapTime: number[] = [];
    const heapSeq: number[] = [];
    const heapItem: P[] = [];
    for (let i = 0; i < this.heapTime.length; i++) {
      const item = this.heapItem[i] as P;
      if (item.waitSeq === this.heapSeq[i]) {
        heapTime.push(this.heapTime[i] as number);
        heapSeq.push(this.heapSeq[i] as number);
        heapItem.push(item);
      }
    }
    this.heapTime = heapTime;
    this.heapSeq = heapSeq;
    this.heapItem = heapItem;
    for (let i = (heapTime.length - 2) >> 2; i >= 0; i--) {
      this.siftDown(i, heapTime[i] as number, heapSeq[i] as number, heapItem[i] as P);
    }
    this.stale = 0;
  }
}
