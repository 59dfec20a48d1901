import { describe, expect, it } from 'vitest';
import { compareWithBaseline, gatedMetrics, type MemoryBaseline } from '../../bench/check-memory.js';
import type { BenchResult } from '../../bench/harness.js';

const result = (init: number, relist: number): BenchResult => ({
  bench: 'memory',
  metrics: [
    { name: 'retained heap after initial sync (10k Pods)', value: init, unit: 'MB' },
    { name: 'peak heap during initial sync (10k Pods, sampled)', value: 999, unit: 'MB' },
    { name: 'retained heap after relist after 410 (10k Pods)', value: relist, unit: 'MB' },
  ],
});

const baseline: MemoryBaseline = {
  tolerance: 1.1,
  node: 'v20',
  metrics: {
    'retained heap after initial sync (10k Pods)': 100,
    'retained heap after relist after 410 (10k Pods)': 80,
  },
};

describe('memory gate', () => {
  it('gates retained heap only, not sampled peaks', () => {
    expect(Object.keys(gatedMetrics(result(1, 1)))).toEqual([
      'retained heap after initial sync (10k Pods)',
      'retained heap after relist after 410 (10k Pods)',
    ]);
  });

  it('passes at exactly 110% and fails just above it', () => {
    expect(compareWithBaseline(result(110, 88), baseline)).toEqual([]);
    const over = compareWithBaseline(result(110.01, 80), baseline);
    expect(over.map((r) => r.name)).toEqual(['retained heap after initial sync (10k Pods)']);
    expect(over[0]?.limit).toBeCloseTo(110);
  });

  it('fails when a baseline metric is missing from the run', () => {
    const partial: BenchResult = { bench: 'memory', metrics: [result(1, 1).metrics[0] as BenchResult['metrics'][0]] };
    expect(compareWithBaseline(partial, baseline).map((r) => r.name)).toEqual([
      'retained heap after relist after 410 (10k Pods)',
    ]);
  });
});
