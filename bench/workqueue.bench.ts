// `npm run bench -- workqueue [--quick]`: add/get/done throughput, addAfter cost and async dispatch of the workqueue.
//
// Each kgen figure is compared with a bare array-plus-Set queue doing the same work in the same run (no processing
// set, no metrics, no heap), and with client-go's typed workqueue (bench/go) on the same keys; `ratio` = kgen
// throughput / baseline throughput, so 1 means as fast as the baseline.
import type { Clock, TimerHandle } from '../runtime/util/clock.js';
import { DelayingQueue } from '../runtime/workqueue/delaying-queue.js';
import { WorkQueue } from '../runtime/workqueue/queue.js';
import { type Metric, median, medianOf, pairedMedians, parseBenchArgs, report, round } from './harness.js';
import { goBenchAvailable, runGoBench } from './support/go-bench.js';

const { quick } = parseBenchArgs();
const runs = quick ? 3 : 7;
const n = quick ? 200_000 : 2_000_000;
const keyCount = 1000;
const keys = Array.from({ length: keyCount }, (_, i) => `ns-${i % 17}/object-${i}`);

// Items per second for `count` add+get+done cycles over 1000 distinct keys.
function workQueueAddGetDone(count: number): number {
  const q = new WorkQueue<string>();
  const t = performance.now();
  for (let i = 0; i < count; i++) {
    q.add(keys[i % keyCount] as string);
    const item = q.tryGet() as string;
    q.done(item);
  }
  return count / ((performance.now() - t) / 1000);
}

function baselineAddGetDone(count: number): number {
  const arr: string[] = [];
  let head = 0;
  const set = new Set<string>();
  const t = performance.now();
  for (let i = 0; i < count; i++) {
    const k = keys[i % keyCount] as string;
    if (!set.has(k)) {
      set.add(k);
      arr.push(k);
    }
    const item = arr[head++] as string;
    if (head === arr.length) {
      arr.length = 0;
      head = 0;
    }
    set.delete(item);
  }
  return count / ((performance.now() - t) / 1000);
}

// Bursty: add 1000 keys (half of them twice), then drain; the dedup path is exercised.
function workQueueBurst(count: number): number {
  const q = new WorkQueue<string>();
  const t = performance.now();
  let done = 0;
  while (done < count) {
    for (let i = 0; i < keyCount; i++) {
      q.add(keys[i] as string);
      q.add(keys[i >> 1] as string);
    }
    for (let item = q.tryGet(); item !== undefined; item = q.tryGet()) {
      q.done(item);
      done++;
    }
  }
  return done / ((performance.now() - t) / 1000);
}

function baselineBurst(count: number): number {
  const arr: string[] = [];
  const set = new Set<string>();
  const t = performance.now();
  let done = 0;
  while (done < count) {
    for (let i = 0; i < keyCount; i++) {
      for (const k of [keys[i] as string, keys[i >> 1] as string]) {
        if (!set.has(k)) {
          set.add(k);
          arr.push(k);
        }
      }
    }
    for (let h = 0; h < arr.length; h++) {
      set.delete(arr[h] as string);
      done++;
    }
    arr.length = 0;
  }
  return done / ((performance.now() - t) / 1000);
}

// A synchronous clock: FakeClock settles microtasks after every timer, which would dominate this measurement.
class JumpClock implements Clock {
  private current = 0;
  private nextId = 1;
  private readonly timers = new Map<number, { due: number; fn: () => void }>();
  now(): number {
    return this.current;
  }
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { due: this.current + Math.max(0, ms), fn });
    return { id };
  }
  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle.id);
  }
  jump(to: number): void {
    this.current = to;
    for (const [id, t] of this.timers) {
      if (t.due <= to) {
        this.timers.delete(id);
        t.fn();
      }
    }
  }
}

const delays = Array.from({ length: 100_000 }, (_, i) => ((i * 7919) % 100_000) + 1);

// Items per second for addAfter of 100k distinct items with scattered delays, then draining them all.
function delayingAddAfter(): number {
  const clock = new JumpClock();
  const q = new DelayingQueue<number>({ clock });
  const t = performance.now();
  for (let i = 0; i < delays.length; i++) {
    q.addAfter(i, delays[i] as number);
  }
  clock.jump(100_001);
  let drained = 0;
  for (let item = q.tryGet(); item !== undefined; item = q.tryGet()) {
    q.done(item);
    drained++;
  }
  if (drained !== delays.length) {
    throw new Error(`drained ${drained} of ${delays.length}`);
  }
  return delays.length / ((performance.now() - t) / 1000);
}

function baselineAddAfter(): number {
  const t = performance.now();
  const entries: { item: number; at: number }[] = [];
  const set = new Set<number>();
  for (let i = 0; i < delays.length; i++) {
    if (!set.has(i)) {
      set.add(i);
      entries.push({ item: i, at: (delays[i] as number) + 0 });
    }
  }
  entries.sort((a, b) => a.at - b.at);
  let drained = 0;
  for (const e of entries) {
    set.delete(e.item);
    drained++;
  }
  if (drained !== delays.length) {
    throw new Error('baseline lost items');
  }
  return delays.length / ((performance.now() - t) / 1000);
}

// Items per second for addAfter alone of 100k distinct items (nothing fires), as client-go's figure measures.
function delayingAddAfterOnly(): number {
  const clock = new JumpClock();
  const q = new DelayingQueue<number>({ clock });
  const t = performance.now();
  for (let i = 0; i < delays.length; i++) {
    q.addAfter(i, 3_600_000 + (delays[i] as number));
  }
  const rate = delays.length / ((performance.now() - t) / 1000);
  q.shutDown();
  return rate;
}

// Items per second through 4 workers awaiting get(), fed by a producer.
async function asyncWorkers(count: number): Promise<number> {
  const q = new WorkQueue<number>();
  let processed = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const r = await q.get();
      if (r.shutdown) {
        return;
      }
      processed++;
      q.done(r.item);
    }
  };
  const t = performance.now();
  const workers = Array.from({ length: 4 }, worker);
  for (let i = 0; i < count; i++) {
    q.add(i);
    if ((i & 1023) === 0) {
      await Promise.resolve();
    }
  }
  q.shutDown();
  await Promise.all(workers);
  if (processed !== count) {
    throw new Error(`processed ${processed} of ${count}`);
  }
  return count / ((performance.now() - t) / 1000);
}

// Each kgen figure and its baseline run alternately, warmed up and after a full collection (pairedMedians).
const agd = await pairedMedians(
  runs,
  () => workQueueAddGetDone(n),
  () => baselineAddGetDone(n),
);
const burst = await pairedMedians(
  runs,
  () => workQueueBurst(n),
  () => baselineBurst(n),
);
const after = await pairedMedians(runs, delayingAddAfter, baselineAddAfter);
const wq = agd.value;
const addAfter = after.value;
const asyncRate = await medianOf(runs, () => asyncWorkers(quick ? 100_000 : 1_000_000));

const addAfterOnly = await medianOf(runs, delayingAddAfterOnly);

const metrics: Metric[] = [
  {
    name: 'add/get/done (sync, 1000 keys)',
    value: round(wq / 1e6),
    unit: 'M items/s',
    baseline: 'array+Set',
    ratio: round(agd.ratio),
    target: '>= 5 M/s; ratio >= 0.5',
  },
  {
    name: 'burst add (with duplicates) then drain',
    value: round(burst.value / 1e6),
    unit: 'M items/s',
    baseline: 'array+Set',
    ratio: round(burst.ratio),
    target: 'ratio >= 0.5',
  },
  {
    name: 'addAfter + drain (100k, min-heap)',
    value: round(1e6 / addAfter),
    unit: 'µs/item',
    baseline: 'array+Set+sort',
    ratio: round(after.ratio),
    target: '<= 5 µs/item; ratio >= 0.5',
  },
  { name: 'addAfter only (100k distinct, none fire)', value: round(1e6 / addAfterOnly), unit: 'µs/item' },
  { name: 'async get() with 4 workers', value: round(asyncRate / 1e6), unit: 'M items/s', target: '>= 0.5 M/s' },
];
if (goBenchAvailable()) {
  const goRuns: { addGetDoneOpsPerSec: number; addAfterOpsPerSec: number }[] = [];
  for (let r = 0; r < runs; r++) {
    goRuns.push(await runGoBench('workqueue', ['--items', String(n)]));
  }
  const goAgd = median(goRuns.map((g) => g.addGetDoneOpsPerSec));
  const goAfter = median(goRuns.map((g) => g.addAfterOpsPerSec));
  metrics.push(
    {
      name: 'add/get/done (1000 keys, one goroutine) vs client-go',
      value: round(goAgd / 1e6),
      unit: 'M items/s (baseline)',
      baseline: 'client-go',
      ratio: round(wq / goAgd),
      target: 'ratio >= 1',
    },
    {
      name: 'addAfter only (100k distinct) vs client-go',
      value: round(1e6 / goAfter),
      unit: 'µs/item (baseline)',
      baseline: 'client-go',
      ratio: round(addAfterOnly / goAfter),
      target: 'ratio >= 1',
    },
  );
}
report({ bench: 'workqueue', metrics });
