// `npm run bench -- memory [--quick]`: kgen's informer memory at 10,000 Pods over the local replay server, in three
// phases as kube-rs's memory benchmark: initial sync, steady churn (5,000 updates + 1,000 deletes) and a relist
// forced by a 410. Each run is a fresh process (and a fresh server). bench/check-memory.ts gates these figures
// against bench/memory-baseline.json.
//
// "retained" is heapUsed after two full GCs minus the heap before the informer existed: steady across runs, so it is
// what the gate compares. "peak" is heapUsed sampled every 5 ms: informative, too timing-dependent to gate on.
import { type Metric, median, parseBenchArgs, report, round } from './harness.js';
import type { MemoryRunResult } from './memory/kgen-memory.js';
import { runNodeChild, startNodeChild } from './support/node-child.js';

const { quick } = parseBenchArgs();
const runs = quick ? 3 : 5;
const objects = 10_000;
const updates = 5_000;
const deletes = 1_000;

const results: MemoryRunResult[] = [];
let jsonBytes = 0;
for (let r = 0; r < runs; r++) {
  const server = await startNodeChild<{ url: string; meanObjectBytes: number }>(
    new URL('./support/replay-server-main.ts', import.meta.url),
    ['--count', String(objects)],
  );
  try {
    jsonBytes = server.ready.meanObjectBytes;
    results.push(
      await runNodeChild<MemoryRunResult>(new URL('./memory/kgen-memory.ts', import.meta.url), [
        '--server',
        server.ready.url,
        '--updates',
        String(updates),
        '--deletes',
        String(deletes),
      ]),
    );
  } finally {
    await server.stop();
  }
}

const mb = (xs: number[]): number => round(median(xs) / 2 ** 20, 2);
const metrics: Metric[] = [];
for (const phase of ['init', 'churn', 'relist'] as const) {
  const label = { init: 'initial sync', churn: 'steady churn', relist: 'relist after 410' }[phase];
  const retained = median(results.map((x) => x[phase].retained));
  metrics.push(
    {
      name: `retained heap after ${label} (10k Pods)`,
      value: mb(results.map((x) => x[phase].retained)),
      unit: 'MB',
      baseline: `JSON bytes (${round((jsonBytes * objects) / 2 ** 20, 1)} MB)`,
      ratio: round(retained / (jsonBytes * (phase === 'init' ? objects : objects - deletes)), 2),
      target: 'gate: <= 110% of bench/memory-baseline.json',
    },
    { name: `peak heap during ${label} (10k Pods, sampled)`, value: mb(results.map((x) => x[phase].peak)), unit: 'MB' },
  );
}
report({ bench: 'memory', metrics });
