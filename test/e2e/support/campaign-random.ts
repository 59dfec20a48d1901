// A small seeded random source for the fault campaign, so a failing run can be replayed from its printed seed.

/** A seeded generator of uniform numbers in [0, 1) (mulberry32) with the helpers the campaign draws with. */
export class SeededRandom {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** The next number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** One of `items`, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** One key of `weights`, with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let at = this.next() * total;
    for (const [k, w] of entries) {
      at -= w;
      if (at < 0) {
        return k;
      }
    }
    return (entries[entries.length - 1] as [K, number])[0];
  }
}

/** A seed from `KGEN_CAMPAIGN_SEED`, or a fresh one when unset. */
export function campaignSeed(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.KGEN_CAMPAIGN_SEED;
  if (raw !== undefined && raw !== '') {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) {
      throw new Error(`KGEN_CAMPAIGN_SEED must be a non-negative integer, got ${JSON.stringify(raw)}`);
    }
    return n >>> 0;
  }
  return Math.floor(Math.random() * 2 ** 31);
}
