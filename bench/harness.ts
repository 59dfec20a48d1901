// Shared benchmark plumbing: the result shape, medians, and printing the one closing JSON line.

/** One measured figure. `baseline` names what `ratio` compares against (`JSON.parse`, `client-node`, `client-go`). */
export interface Metric {
  name: string;
  value: number;
  unit: string;
  baseline?: string;
  ratio?: number;
  target?: string;
}

export interface BenchResult {
  bench: string;
  metrics: Metric[];
}

/** Options every benchmark receives from the command line. */
export interface BenchOptions {
  /** A shorter run for smoke checks (fewer objects, fewer repetitions). */
  quick: boolean;
}

export function parseBenchArgs(argv: readonly string[] = process.argv.slice(2)): BenchOptions {
  return { quick: argv.includes('--quick') };
}

/** The median of a non-empty list. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) {
    throw new Error('median of an empty list');
  }
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Runs `fn` `runs` times and returns the median of its results. */
export async function medianOf(runs: number, fn: () => number | Promise<number>): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    xs.push(await fn());
  }
  return median(xs);
}

/** Medians of a measurement and of its baseline, and the median of their run-by-run ratios. */
export interface PairedMedians {
  value: number;
  baseline: number;
  /** Median of value_i / baseline_i: a slow phase of the machine hits both halves of a pair alike. */
  ratio: number;
}

/**
 * Runs `fn` and `baseline` alternately `runs` times, after a warm-up of each and with a full collection before every
 * sample when the process has `--expose-gc` (npm run bench gives it), so neither side pays for the other's garbage.
 */
export async function pairedMedians(
  runs: number,
  fn: () => number | Promise<number>,
  baseline: () => number | Promise<number>,
): Promise<PairedMedians> {
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  await fn();
  await baseline();
  const xs: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < runs; i++) {
    gc();
    xs.push(await fn());
    gc();
    bs.push(await baseline());
  }
  return { value: median(xs), baseline: median(bs), ratio: median(xs.map((x, i) => x / (bs[i] as number))) };
}

/** Prints the closing line of a benchmark run: one JSON object, as `npm run bench` and CI expect. */
export function report(result: BenchResult): void {
  console.log(JSON.stringify(result));
}

/** Rounds to `digits` significant decimals for readable output. */
export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
