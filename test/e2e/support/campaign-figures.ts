// The figures a campaign run prints and, when KGEN_RELIABILITY_OUT is set, appends as one JSON line for the report.
import { appendFileSync } from 'node:fs';

/** Per informer. */
export interface InformerFigures {
  readonly name: string;
  readonly relists: number;
  /** Relists that followed network faults only (restart and compaction rounds excluded): the target is 0. */
  readonly relistsAfterDisconnects: number;
  readonly watchRestarts: number;
  /** Failed requests and streams by kind (reset, eof, timeout, refused, expired...). */
  readonly failures: Readonly<Record<string, number>>;
  readonly backoffs: { readonly count: number; readonly minMs: number | null; readonly maxMs: number | null };
  readonly deletionsMade: number;
  /** Deletions of objects the handler had been told about (the others were created and deleted while cut off). */
  readonly deletionsOfSeen: number;
  readonly deletionsUndelivered: number;
  readonly deletes: number;
  readonly tombstones: number;
  readonly writes: number;
}

/** One campaign run. */
export interface CampaignFigures {
  readonly seed: number;
  readonly faults: number;
  readonly faultsByKind: Readonly<Record<string, number>>;
  /** Faults that found something to hit (a reset with open connections, a cut that fired...). */
  readonly effectiveFaults: number;
  readonly rounds: number;
  readonly quietChecks: number;
  /** Quiet checks where a cache or a handler differed from a fresh LIST, or a deletion was not delivered. */
  readonly divergences: number;
  readonly idleTimeoutMs: number;
  readonly stallDetectionMaxMs: number | null;
  readonly longestRecoveryMs: number;
  readonly longestRecoveryKind: string;
  readonly durationMs: number;
  readonly informers: readonly InformerFigures[];
}

function ms(n: number | null): string {
  return n === null ? 'n/a' : `${(n / 1000).toFixed(2)} s`;
}

/** The figures as the lines the test prints. */
export function formatFigures(f: CampaignFigures): string[] {
  const lines = [
    `[fault campaign] seed ${f.seed} (replay: KGEN_CAMPAIGN_SEED=${f.seed} KGEN_CAMPAIGN_FAULTS=${f.faults})`,
    `[fault campaign] ${f.faults} faults in ${f.rounds} rounds over ${ms(f.durationMs)} (${f.effectiveFaults} effective): ` +
      Object.entries(f.faultsByKind)
        .map(([k, n]) => `${k} ${n}`)
        .join(', '),
    `[fault campaign] quiet checks ${f.quietChecks}, divergences ${f.divergences}; longest recovery ` +
      `${ms(f.longestRecoveryMs)} (${f.longestRecoveryKind}); stall detected after at most ${ms(f.stallDetectionMaxMs)} ` +
      `(idle timeout ${ms(f.idleTimeoutMs)})`,
  ];
  for (const i of f.informers) {
    lines.push(
      `[fault campaign] ${i.name}: relists ${i.relists} (${i.relistsAfterDisconnects} after plain disconnects), ` +
        `watch restarts ${i.watchRestarts}, backoffs ${i.backoffs.count} in [${ms(i.backoffs.minMs)}, ${ms(i.backoffs.maxMs)}], ` +
        `writes ${i.writes}, deletions ${i.deletionsMade} (${i.deletionsOfSeen} of known objects, ` +
        `${i.deletionsUndelivered} undelivered) delivered as ${i.deletes} deletes + ${i.tombstones} tombstones, ` +
        `failures ${JSON.stringify(i.failures)}`,
    );
  }
  return lines;
}

/** Appends `{ test, figures }` as a JSON line to `$KGEN_RELIABILITY_OUT`, when set. */
export function recordFigures(test: string, figures: unknown, env: NodeJS.ProcessEnv = process.env): void {
  const out = env.KGEN_RELIABILITY_OUT;
  if (out !== undefined && out !== '') {
    appendFileSync(out, `${JSON.stringify({ test, at: new Date().toISOString(), figures })}\n`);
  }
}
