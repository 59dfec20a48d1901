// `npm run bench -- deepcopy [--quick]`: kgen's generated deepCopyPod vs structuredClone, a JSON round-trip and
// client-go's generated Pod.DeepCopy, all on the same ~7.5 KB Pod (with managedFields).
//
// ratio = baseline ns/op ÷ kgen ns/op, so above 1 means kgen's copy is faster.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Metric, medianOf, parseBenchArgs, report, round } from './harness.js';
import { benchPod } from './support/bench-pod.js';
import { generateCoreV1 } from './support/generated-core.js';
import { goBenchAvailable, runGoBench } from './support/go-bench.js';

const { quick } = parseBenchArgs();
const runs = quick ? 5 : 7;
const iterations = quick ? 20_000 : 100_000;

const core = await generateCoreV1();
try {
  const mod = (await import(pathToFileURL(join(core.dir, 'apis/core/v1/deepcopy.ts')).href)) as {
    deepCopyPod: (p: unknown) => unknown;
  };
  const podJson = JSON.stringify(benchPod(7));
  const pod = JSON.parse(podJson) as unknown;
  const copy = mod.deepCopyPod(pod);
  // The copy must be equal and share nothing with the source, or the comparison is meaningless.
  if (
    JSON.stringify(copy) !== podJson ||
    (copy as { metadata: unknown }).metadata === (pod as { metadata: unknown }).metadata
  ) {
    throw new Error('generated deepCopyPod did not return an equal, separate copy');
  }
  let sink: unknown;
  const nsPerOp = (fn: (p: unknown) => unknown): number => {
    const t = performance.now();
    for (let i = 0; i < iterations; i++) {
      sink = fn(pod);
    }
    return ((performance.now() - t) * 1e6) / iterations;
  };
  const kgenCopy = (p: unknown): unknown => mod.deepCopyPod(p);
  const jsonCopy = (p: unknown): unknown => JSON.parse(JSON.stringify(p));
  const cloneCopy = (p: unknown): unknown => structuredClone(p);
  for (const fn of [kgenCopy, jsonCopy, cloneCopy]) {
    nsPerOp(fn); // warm-up
  }
  const kgen = await medianOf(runs, () => nsPerOp(kgenCopy));
  const json = await medianOf(runs, () => nsPerOp(jsonCopy));
  const clone = await medianOf(runs, () => nsPerOp(cloneCopy));
  void sink;

  const metrics: Metric[] = [
    { name: 'generated deepCopyPod', value: round(kgen / 1000, 2), unit: 'µs/op' },
    {
      name: 'deepCopyPod vs JSON round-trip',
      value: round(json / 1000, 2),
      unit: 'µs/op (baseline)',
      baseline: 'JSON.parse',
      ratio: round(json / kgen, 2),
      target: 'ratio >= 3',
    },
    {
      name: 'deepCopyPod vs structuredClone',
      value: round(clone / 1000, 2),
      unit: 'µs/op (baseline)',
      baseline: 'structuredClone',
      ratio: round(clone / kgen, 2),
    },
  ];
  if (goBenchAvailable()) {
    const podFile = join(core.dir, 'pod.json');
    writeFileSync(podFile, podJson);
    const goRuns: number[] = [];
    for (let r = 0; r < runs; r++) {
      const g = await runGoBench<{ nsPerOp: number }>('deepcopy', [
        '--pod',
        podFile,
        '--iterations',
        String(iterations),
      ]);
      goRuns.push(g.nsPerOp);
    }
    const goNs = goRuns.sort((a, b) => a - b)[goRuns.length >> 1] as number;
    metrics.push({
      name: 'deepCopyPod vs client-go',
      value: round(goNs / 1000, 2),
      unit: 'µs/op (baseline)',
      baseline: 'client-go',
      ratio: round(goNs / kgen, 2),
      target: 'baseline is client-go Pod.DeepCopy',
    });
  }
  metrics.push({ name: 'Pod JSON size', value: podJson.length, unit: 'bytes' });
  report({ bench: 'deepcopy', metrics });
} finally {
  core.dispose();
}
