// The fault campaign's settings (from KGEN_CAMPAIGN_* variables) and its seeded schedule of rounds and faults.
import { campaignSeed, SeededRandom } from './campaign-random.js';

/** Faults injected on the wire by the proxy; each is a plain disconnect or a slow path, never a lost history. */
export type NetworkFaultKind = 'reset' | 'cut' | 'cut-reset' | 'delay' | 'throttle' | 'stall' | 'refuse';

/** Every fault kind, including the two that take a round of their own. */
export type FaultKind = NetworkFaultKind | 'restart' | 'compaction';

/** One network fault: its kind, how long it is held (or refused for), and its strength (delay ms, bytes/s). */
export interface NetworkFault {
  readonly kind: NetworkFaultKind;
  readonly holdMs: number;
  readonly param: number;
}

/** A round: a burst of network faults while the writers run, or one restart or compaction; a quiet check follows. */
export type Round =
  | { readonly kind: 'network'; readonly faults: readonly NetworkFault[] }
  | { readonly kind: 'restart'; readonly kill: boolean }
  | { readonly kind: 'compaction' };

/** The campaign's settings. */
export interface CampaignSettings {
  readonly seed: number;
  /** Faults in all, restarts and compactions included. `KGEN_CAMPAIGN_FAULTS`. @default 200 */
  readonly faults: number;
  /** Network faults per round. `KGEN_CAMPAIGN_ROUND`. @default 10 */
  readonly faultsPerRound: number;
  /** API server restarts. `KGEN_CAMPAIGN_RESTARTS`. @default 1 per 500 faults, at least 1 */
  readonly restarts: number;
  /** etcd compactions while the informers are cut off. `KGEN_CAMPAIGN_COMPACTIONS`. @default as restarts */
  readonly compactions: number;
  /** The informers' watch idle timeout (RestConfig.watchIdleTimeoutMs). `KGEN_CAMPAIGN_IDLE_MS`. @default 4000 */
  readonly idleTimeoutMs: number;
}

// Relative frequency of the network faults; stalls and refusals are rarer because each costs seconds of waiting
// (the idle timeout, the reflector's backoff).
const weights: Readonly<Record<NetworkFaultKind, number>> = {
  reset: 7,
  cut: 5,
  'cut-reset': 2,
  delay: 3,
  throttle: 3,
  stall: 1,
  refuse: 1,
};

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    throw new Error(`${name} must be an integer >= ${min}, got ${JSON.stringify(raw)}`);
  }
  return n;
}

/** Reads the settings from the environment (see {@link CampaignSettings} for names and defaults). */
export function campaignSettings(env: NodeJS.ProcessEnv = process.env): CampaignSettings {
  const faults = intFrom(env, 'KGEN_CAMPAIGN_FAULTS', 200, 3);
  const restarts = intFrom(env, 'KGEN_CAMPAIGN_RESTARTS', Math.max(1, Math.floor(faults / 500)), 0);
  return {
    seed: campaignSeed(env),
    faults,
    faultsPerRound: intFrom(env, 'KGEN_CAMPAIGN_ROUND', 10, 1),
    restarts,
    compactions: intFrom(env, 'KGEN_CAMPAIGN_COMPACTIONS', restarts, 0),
    idleTimeoutMs: intFrom(env, 'KGEN_CAMPAIGN_IDLE_MS', 4000, 500),
  };
}

function networkFault(random: SeededRandom): NetworkFault {
  const kind = random.weighted(weights);
  switch (kind) {
    case 'delay':
      return { kind, holdMs: random.int(200, 1000), param: random.int(20, 400) };
    case 'throttle':
      return { kind, holdMs: random.int(200, 1000), param: random.int(2_000, 64_000) };
    case 'refuse':
      return { kind, holdMs: random.int(200, 1500), param: 0 };
    case 'stall':
      return { kind, holdMs: 0, param: 0 };
    default:
      return { kind, holdMs: random.int(50, 400), param: 0 };
  }
}

/** The schedule: network rounds, with the restarts and compactions at seeded places between them. */
export function planCampaign(settings: CampaignSettings): Round[] {
  const random = new SeededRandom(settings.seed);
  const specials: Round[] = [
    ...Array.from({ length: settings.restarts }, () => ({ kind: 'restart', kill: random.next() < 0.5 }) as const),
    ...Array.from({ length: settings.compactions }, () => ({ kind: 'compaction' }) as const),
  ];
  let network = Math.max(0, settings.faults - specials.length);
  const rounds: Round[] = [];
  while (network > 0) {
    const n = Math.min(settings.faultsPerRound, network);
    rounds.push({ kind: 'network', faults: Array.from({ length: n }, () => networkFault(random)) });
    network -= n;
  }
  for (const special of specials) {
    // Never first: the informers should have settled watches before the first big fault.
    rounds.splice(random.int(1, rounds.length), 0, special);
  }
  return rounds;
}

/** Faults in a plan, by kind. */
export function faultsByKind(rounds: readonly Round[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rounds) {
    const kinds = r.kind === 'network' ? r.faults.map((f) => f.kind) : [r.kind];
    for (const k of kinds) {
      out[k] = (out[k] ?? 0) + 1;
    }
  }
  return out;
}
