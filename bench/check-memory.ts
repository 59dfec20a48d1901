// Memory regression gate: runs bench/memory.bench.ts and exits 1 when a retained-heap figure grows past 110% of
// bench/memory-baseline.json. `tsx bench/check-memory.ts --update` rewrites the baseline from a fresh run instead.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './harness.js';

/** The committed baseline: retained heap in MB per metric name, and the allowed growth. */
export interface MemoryBaseline {
  /** Allowed value ÷ baseline. @default 1.1 */
  tolerance: number;
  node: string;
  metrics: Record<string, number>;
}

/** A metric over its limit. */
export interface MemoryRegression {
  name: string;
  value: number;
  baseline: number;
  limit: number;
}

/** Gated metrics are the retained-heap ones; peaks are sampled and too timing-dependent. */
export function gatedMetrics(result: BenchResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of result.metrics) {
    if (m.name.startsWith('retained heap')) {
      out[m.name] = m.value;
    }
  }
  return out;
}

/** Every gated metric above baseline × tolerance, and every baseline metric the run did not report. */
export function compareWithBaseline(result: BenchResult, baseline: MemoryBaseline): MemoryRegression[] {
  const now = gatedMetrics(result);
  const out: MemoryRegression[] = [];
  for (const [name, base] of Object.entries(baseline.metrics)) {
    const value = now[name];
    const limit = base * baseline.tolerance;
    if (value === undefined || value > limit) {
      out.push({ name, value: value ?? Number.NaN, baseline: base, limit });
    }
  }
  return out;
}

const baselinePath = fileURLToPath(new URL('./memory-baseline.json', import.meta.url));

function runMemoryBench(): BenchResult {
  const r = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', fileURLToPath(new URL('./memory.bench.ts', import.meta.url)), '--quick'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 2 ** 20 },
  );
  if (r.status !== 0) {
    throw new Error(`memory benchmark exited with ${r.status}`);
  }
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as BenchResult;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = runMemoryBench();
  if (process.argv.includes('--update')) {
    const baseline: MemoryBaseline = { tolerance: 1.1, node: process.version, metrics: gatedMetrics(result) };
    writeFileSync(baselinePath, `${JSON.stringify(baseline, null, 2)}\n`);
    console.log(`kgen memory gate: wrote ${baselinePath}`);
  } else {
    const baseline = JSON.parse(readFileSync(baselinePath, 'utf8')) as MemoryBaseline;
    const regressions = compareWithBaseline(result, baseline);
    for (const [name, value] of Object.entries(gatedMetrics(result))) {
      const base = baseline.metrics[name];
      console.log(
        `${name}: ${value} MB (baseline ${base ?? '-'} MB, limit ${base === undefined ? '-' : (base * baseline.tolerance).toFixed(2)} MB)`,
      );
    }
    if (regressions.length > 0) {
      for (const r of regressions) {
        console.error(
          `kgen memory gate: FAIL ${r.name}: ${r.value} MB > ${r.limit.toFixed(2)} MB (110% of ${r.baseline} MB)`,
        );
      }
      process.exit(1);
    }
    console.log('kgen memory gate: ok');
  }
}
