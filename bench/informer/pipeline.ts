// The informer pipeline in one process (design goal G2): watch bytes in memory -> decoder -> FIFO -> indexer -> handlers.
//
// No HTTP and no second process: the 64 KiB chunks of a recorded watch stream are fed to the same decoder the REST
// client uses, so the figure isolates the pipeline's own cost from the transport's and compares it with raw
// JSON.parse of the same lines, run alternately in the same process.
import { setImmediate } from 'node:timers/promises';
import type { KubernetesList, KubernetesObject, ObjectMeta } from '../../runtime/api/meta.js';
import type { Watch, WatchEvent } from '../../runtime/api/watch-event.js';
import { type ListerWatcher, SharedIndexInformer, waitForCacheSync } from '../../runtime/cache/index.js';
import { decodeWatchStream } from '../../runtime/watch/watch-decoder.js';
import { type Metric, pairedMedians, round } from '../harness.js';
import { benchPod } from '../support/bench-pod.js';

interface Pod extends KubernetesObject {
  metadata: ObjectMeta;
}

/** A recorded watch stream: its lines (for the baseline) and the same bytes cut into chunks (for the pipeline). */
export interface RecordedWatch {
  lines: string[];
  chunks: Buffer[];
  bytes: number;
  /** Distinct objects the stream leaves in the cache. */
  objects: number;
}

/**
 * `events` watch events over `objects` distinct Pods: each Pod is ADDED once, then MODIFIED in turn until the count
 * is reached, so the cache ends up retaining `objects` Pods.
 */
export function recordWatch(events: number, objects: number, chunkBytes = 64 * 1024): RecordedWatch {
  const lines: string[] = [];
  for (let k = 0; k < events; k++) {
    const i = k % objects;
    const generation = Math.floor(k / objects);
    const object = benchPod(i, { resourceVersion: String(1000 + k), generation });
    lines.push(JSON.stringify({ type: generation === 0 ? 'ADDED' : 'MODIFIED', object }));
  }
  const all = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
  const chunks: Buffer[] = [];
  for (let off = 0; off < all.length; off += chunkBytes) {
    chunks.push(all.subarray(off, Math.min(off + chunkBytes, all.length)));
  }
  return { lines, chunks, bytes: all.length, objects };
}

// The first watch replays the recording; later ones (the reflector re-watches when a stream ends) stay open and
// silent until stopped, as a quiet apiserver's would.
function recordedListerWatcher(rec: RecordedWatch): ListerWatcher<Pod> {
  let watches = 0;
  return {
    list: async (): Promise<KubernetesList<Pod>> => ({
      apiVersion: 'v1',
      kind: 'PodList',
      metadata: { resourceVersion: '999' },
      items: [],
    }),
    watch: async (_options, signal): Promise<Watch<Pod>> => {
      const replay = watches++ === 0;
      let stopped = false;
      let wake: () => void = () => {};
      const quiet = new Promise<void>((resolve) => {
        wake = resolve;
        signal?.addEventListener('abort', () => resolve(), { once: true });
      });
      async function* chunks(): AsyncGenerator<Buffer> {
        if (!replay) {
          await quiet;
          return;
        }
        for (const c of rec.chunks) {
          if (stopped) {
            return;
          }
          yield c;
        }
      }
      const events = decodeWatchStream<Pod>(chunks());
      return {
        [Symbol.asyncIterator]: (): AsyncIterator<WatchEvent<Pod>> => events,
        stop: () => {
          stopped = true;
          wake();
        },
      };
    },
  };
}

/** Seconds from start until both of an informer's two handlers have seen every recorded event. */
export async function pipelineSeconds(rec: RecordedWatch, compactManagedFields = true): Promise<number> {
  const expected = rec.lines.length;
  let first = 0;
  let second = 0;
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const check = (): void => {
    if (first === expected && second === expected) {
      finish();
    }
  };
  const informer = new SharedIndexInformer<Pod>({
    listerWatcher: recordedListerWatcher(rec),
    useWatchList: false,
    compactManagedFields,
  });
  informer.addEventHandler({
    onAdd: () => {
      first++;
      check();
    },
    onUpdate: () => {
      first++;
      check();
    },
  });
  informer.addEventHandler({
    onAdd: () => {
      second++;
      check();
    },
    onUpdate: () => {
      second++;
      check();
    },
  });
  const ac = new AbortController();
  const t0 = performance.now();
  const running = informer.run(ac.signal);
  await waitForCacheSync(ac.signal, informer);
  await finished;
  const seconds = (performance.now() - t0) / 1000;
  const cached = informer.getStore().listKeys().length;
  ac.abort();
  await running;
  // The stopped informer's last callbacks run on the next turn of the event loop; until then it (and its cache)
  // is still reachable, and the next sample would pay to mark it.
  await setImmediate();
  if (cached !== rec.objects) {
    throw new Error(`pipeline cache holds ${cached} objects, expected ${rec.objects}`);
  }
  return seconds;
}

/** Seconds to JSON.parse every recorded line, one at a time, nothing retained: the ceiling of G2. */
export function jsonParseSeconds(rec: RecordedWatch): number {
  const t0 = performance.now();
  let sink = 0;
  for (const line of rec.lines) {
    sink += (JSON.parse(line) as { type: string }).type.length;
  }
  if (sink === 0) {
    throw new Error('unreachable');
  }
  return (performance.now() - t0) / 1000;
}

/**
 * G2's two rows: 20,000 events with 10,000 and with 20,000 Pods left in the cache, each paired run by run with
 * JSON.parse of the same lines. `ratio` = pipeline events/s ÷ JSON.parse events/s.
 */
export async function pipelineMetrics(runs: number): Promise<Metric[]> {
  const metrics: Metric[] = [];
  for (const [objects, target] of [
    [10_000, 'ratio >= 0.8'],
    [20_000, 'ratio >= 0.5'],
  ] as const) {
    const rec = recordWatch(20_000, objects);
    const events = rec.lines.length;
    const paired = await pairedMedians(
      runs,
      async () => events / (await pipelineSeconds(rec)),
      () => events / jsonParseSeconds(rec),
    );
    const retainedMb = round(((rec.bytes / events) * objects) / 2 ** 20, 0);
    metrics.push({
      name: `in-process pipeline events/s (20k events, ${objects / 1000}k Pods retained, ~${retainedMb} MB of JSON)`,
      value: round(paired.value, 0),
      unit: 'events/s',
      baseline: 'JSON.parse',
      ratio: round(paired.ratio, 2),
      target,
    });
  }
  return metrics;
}
