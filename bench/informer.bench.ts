// `npm run bench -- informer [--quick] [--skip-pipeline] [--skip-replay] [--skip-envtest]`.
// (0) The pipeline in one process (design goal G2): a recorded watch stream in memory through the decoder, the FIFO,
// the indexer and two handlers, paired with JSON.parse of the same lines; see informer/pipeline.ts.
// (a) One Pod informer per implementation (kgen, client-node, client-go), each in its own process, against a local
// replay server (its own process too) serving a pre-rendered LIST of N Pods and then a WATCH of N MODIFIED events at
// full speed; N = 20,000, and 150,000 unless --quick. (b) envtest with 10,000 ConfigMaps: see envtest-configmaps.ts.
//
// Speed rows: ratio = kgen events/s ÷ baseline events/s (above 1: kgen faster). Cost rows (CPU s, RSS, heap):
// ratio = kgen ÷ baseline (below 1: kgen cheaper). Wall-clock rates suffer from a shared, noisy machine; events per
// CPU second are reported too because they are steadier.
import { type Metric, median, parseBenchArgs, report, round } from './harness.js';
import { envtestConfigMapMetrics } from './informer/envtest-configmaps.js';
import type { InformerRunResult } from './informer/measure.js';
import { pipelineMetrics } from './informer/pipeline.js';
import { benchPod } from './support/bench-pod.js';
import { goBenchAvailable, runGoBench } from './support/go-bench.js';
import { runNodeChild, startNodeChild } from './support/node-child.js';

const { quick } = parseBenchArgs();
const sizes = process.argv.includes('--skip-replay') ? [] : quick ? [20_000] : [20_000, 150_000];
const runsFor = (n: number): number => (quick ? 1 : n > 50_000 ? 3 : 5);
const nodeFlags = ['--max-old-space-size=8192'];
const haveGo = goBenchAvailable();

type Impl = 'kgen' | 'kgen (managedFields stripped)' | 'client-node' | 'client-go';

function runImpl(impl: Impl, server: string, n: number): Promise<InformerRunResult> {
  const args = ['--server', server, '--expect', String(2 * n), '--objects', String(n)];
  switch (impl) {
    case 'kgen':
      return runNodeChild(new URL('./informer/kgen-replay.ts', import.meta.url), args, { execArgv: nodeFlags });
    case 'kgen (managedFields stripped)':
      return runNodeChild(new URL('./informer/kgen-replay.ts', import.meta.url), [...args, '--strip-managed-fields'], {
        execArgv: nodeFlags,
      });
    case 'client-node':
      return runNodeChild(new URL('./informer/client-node-replay.ts', import.meta.url), args, { execArgv: nodeFlags });
    case 'client-go':
      return runGoBench('informer-replay', args, { env: { KUBE_FEATURE_WatchListClient: 'false' } });
  }
}

// The ceiling of design goal G2: JSON.parse of the same objects, one at a time, nothing retained.
function jsonParseEventsPerSecond(count: number): number {
  const lines = Array.from({ length: Math.min(count, 5000) }, (_, i) => JSON.stringify(benchPod(i)));
  const once = (): number => {
    const t = performance.now();
    let sink = 0;
    for (const l of lines) {
      sink += (JSON.parse(l) as { kind: string }).kind.length;
    }
    if (sink === 0) {
      throw new Error('unreachable');
    }
    return lines.length / ((performance.now() - t) / 1000);
  };
  once();
  return median(Array.from({ length: 7 }, once));
}

interface Summary {
  eventsPerSec: number;
  eventsPerCpuSec: number;
  cpuSeconds: number;
  syncSeconds: number;
  peakRssMb: number;
  heapPerObject: number;
}

function summarize(rs: InformerRunResult[]): Summary {
  return {
    eventsPerSec: median(rs.map((r) => r.events / r.seconds)),
    eventsPerCpuSec: median(rs.map((r) => r.events / r.cpuSeconds)),
    cpuSeconds: median(rs.map((r) => r.cpuSeconds)),
    syncSeconds: median(rs.map((r) => r.syncSeconds)),
    peakRssMb: median(rs.map((r) => r.peakRssBytes / 2 ** 20)),
    heapPerObject: median(rs.map((r) => r.heapBytesPerObject)),
  };
}

const metrics: Metric[] = [];
// First, while this process's heap is fresh: the pipeline alone, in memory (see informer/pipeline.ts).
if (!process.argv.includes('--skip-pipeline')) {
  metrics.push(...(await pipelineMetrics(quick ? 3 : 5)));
}
const parseRate = jsonParseEventsPerSecond(20_000);
for (const n of sizes) {
  const server = await startNodeChild<{ url: string; meanObjectBytes: number }>(
    new URL('./support/replay-server-main.ts', import.meta.url),
    ['--count', String(n), '--watch-updates', String(n)],
    { execArgv: nodeFlags },
  );
  const results = new Map<Impl, InformerRunResult[]>();
  try {
    const impls: Impl[] = [
      'kgen',
      'kgen (managedFields stripped)',
      'client-node',
      ...(haveGo ? (['client-go'] as const) : []),
    ];
    // Interleaved, so slow phases of a shared machine spread over every implementation.
    for (let r = 0; r < runsFor(n); r++) {
      for (const impl of impls) {
        const res = await runImpl(impl, server.ready.url, n);
        results.set(impl, [...(results.get(impl) ?? []), res]);
        console.error(`informer n=${n} run ${r + 1} ${impl}: ${Math.round(res.events / res.seconds)} events/s`);
      }
    }
  } finally {
    await server.stop();
  }
  const jsonBytes = server.ready.meanObjectBytes;
  const k = summarize(results.get('kgen') ?? []);
  const ks = summarize(results.get('kgen (managedFields stripped)') ?? []);
  const cn = summarize(results.get('client-node') ?? []);
  const cg = haveGo ? summarize(results.get('client-go') ?? []) : undefined;
  const at = `${n / 1000}k Pods, list + ${n / 1000}k updates`;
  metrics.push(
    {
      name: `events/s (${at})`,
      value: round(k.eventsPerSec, 0),
      unit: 'events/s',
      baseline: 'JSON.parse',
      ratio: round(k.eventsPerSec / parseRate, 2),
      target: 'ratio >= 0.8',
    },
    {
      name: `events/s vs client-node (${at})`,
      value: round(cn.eventsPerSec, 0),
      unit: 'events/s (baseline)',
      baseline: 'client-node',
      ratio: round(k.eventsPerSec / cn.eventsPerSec, 2),
      target: 'ratio >= 2',
    },
    {
      name: `events per CPU second vs client-node (${at})`,
      value: round(cn.eventsPerCpuSec, 0),
      unit: 'events/CPU s (baseline)',
      baseline: 'client-node',
      ratio: round(k.eventsPerCpuSec / cn.eventsPerCpuSec, 2),
    },
    {
      name: `CPU seconds vs client-node (${at})`,
      value: round(k.cpuSeconds, 2),
      unit: 's',
      baseline: 'client-node',
      ratio: round(k.cpuSeconds / cn.cpuSeconds, 2),
      target: 'ratio <= 1 (lower is better)',
    },
    {
      name: `peak RSS vs client-node (${at})`,
      value: round(k.peakRssMb, 0),
      unit: 'MB',
      baseline: 'client-node',
      ratio: round(k.peakRssMb / cn.peakRssMb, 2),
      target: 'lower is better',
    },
    {
      name: `heap per cached object vs JSON size (${at})`,
      value: round(k.heapPerObject, 0),
      unit: 'bytes',
      baseline: `JSON bytes (${round(jsonBytes, 0)})`,
      ratio: round(k.heapPerObject / jsonBytes, 2),
      target: 'ratio <= 2.0',
    },
    {
      name: `heap per cached object, managedFields stripped, vs unstripped JSON (${at})`,
      value: round(ks.heapPerObject, 0),
      unit: 'bytes',
      baseline: `JSON bytes (${round(jsonBytes, 0)})`,
      ratio: round(ks.heapPerObject / jsonBytes, 2),
      target: 'ratio <= 1.0',
    },
    {
      name: `heap per cached object vs client-node (${at})`,
      value: round(cn.heapPerObject, 0),
      unit: 'bytes (baseline)',
      baseline: 'client-node',
      ratio: round(k.heapPerObject / cn.heapPerObject, 2),
      target: 'lower is better',
    },
    { name: `time to sync the list (${at})`, value: round(k.syncSeconds, 2), unit: 's' },
  );
  if (cg !== undefined) {
    metrics.push(
      {
        name: `events/s vs client-go (${at})`,
        value: round(cg.eventsPerSec, 0),
        unit: 'events/s (baseline)',
        baseline: 'client-go',
        ratio: round(k.eventsPerSec / cg.eventsPerSec, 2),
        target: 'ratio >= 1',
      },
      {
        name: `events per CPU second vs client-go (${at})`,
        value: round(cg.eventsPerCpuSec, 0),
        unit: 'events/CPU s (baseline)',
        baseline: 'client-go',
        ratio: round(k.eventsPerCpuSec / cg.eventsPerCpuSec, 2),
      },
      {
        name: `CPU seconds vs client-go (${at})`,
        value: round(cg.cpuSeconds, 2),
        unit: 's (baseline)',
        baseline: 'client-go',
        ratio: round(k.cpuSeconds / cg.cpuSeconds, 2),
        target: 'lower is better',
      },
      {
        name: `peak RSS vs client-go (${at})`,
        value: round(cg.peakRssMb, 0),
        unit: 'MB (baseline)',
        baseline: 'client-go',
        ratio: round(k.peakRssMb / cg.peakRssMb, 2),
        target: 'lower is better',
      },
      {
        name: `heap per cached object vs client-go (${at})`,
        value: round(cg.heapPerObject, 0),
        unit: 'bytes (baseline)',
        baseline: 'client-go',
        ratio: round(k.heapPerObject / cg.heapPerObject, 2),
        target: 'ratio <= 1.5',
      },
    );
  }
}
if (!process.argv.includes('--skip-envtest')) {
  metrics.push(...(await envtestConfigMapMetrics({ runs: quick ? 1 : 5 })));
}
report({ bench: 'informer', metrics });
