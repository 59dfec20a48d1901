// Injects one network fault of the campaign through the fault proxy and measures what it cost the informers.
import { sleep } from '../../../runtime/util/abort.js';
import type { FaultProxy } from '../../support/fault-proxy.js';
import type { NetworkFault } from './campaign-plan.js';
import type { ProbeListerWatcher } from './campaign-probe.js';
import { pollUntil } from './configmaps.js';

/** What one injected fault did. */
export interface FaultOutcome {
  /** The fault took effect (a cut armed on some connection, a reset that found connections...). */
  readonly effective: boolean;
  /** For a stall: from the stall to the last informer's watchdog timeout. */
  readonly detectionMs?: number;
}

/** Options of {@link injectNetworkFault}. */
export interface InjectOptions {
  readonly proxy: FaultProxy;
  readonly probes: readonly ProbeListerWatcher<unknown>[];
  /** The informers' watch idle timeout; a stall waits for it (plus `graceMs`) to be detected. */
  readonly idleTimeoutMs: number;
  /** Slack on top of the idle timeout before a stall counts as undetected. @default 30_000 */
  readonly graceMs?: number;
}

/**
 * Waits until every informer has a watch that delivered an event, so that the next fault is a plain disconnect
 * of an established watch (a watch cut in its first second without an event is relisted, by client-go's rule).
 * Resolves with the time since `since`. The limit turns a hang into a failure; it is no speed assertion.
 */
export async function watchesEstablished(
  probes: readonly ProbeListerWatcher<unknown>[],
  since: number,
  limitMs = 240_000,
): Promise<number> {
  await pollUntil(
    () => probes.every((p) => p.watchEstablishedSince(since)),
    'every informer to have a watch delivering events again',
    limitMs,
  );
  return performance.now() - since;
}

/** Injects `fault`, holds it, and lifts it again; the writers keep writing meanwhile. */
export async function injectNetworkFault(fault: NetworkFault, options: InjectOptions): Promise<FaultOutcome> {
  const { proxy } = options;
  switch (fault.kind) {
    case 'reset': {
      const n = proxy.resetAll();
      await sleep(fault.holdMs);
      return { effective: n > 0 };
    }
    case 'cut':
    case 'cut-reset': {
      const cutsBefore = proxy.stats().cuts;
      proxy.cutNextChunk({ mode: fault.kind === 'cut' ? 'end' : 'reset' });
      await sleep(fault.holdMs);
      // Disarms the connections no chunk went through (idle keep-alive ones).
      proxy.heal();
      return { effective: proxy.stats().cuts > cutsBefore };
    }
    case 'delay':
      proxy.setDelay(fault.param);
      await sleep(fault.holdMs);
      proxy.setDelay(0);
      return { effective: true };
    case 'throttle':
      proxy.setThrottle(fault.param);
      await sleep(fault.holdMs);
      proxy.setThrottle(0);
      return { effective: true };
    case 'refuse': {
      // What a client sees while its API server restarts: open connections die, new ones are refused.
      await proxy.stopListening();
      const n = proxy.resetAll();
      await sleep(fault.holdMs);
      await proxy.resumeListening();
      return { effective: n > 0 };
    }
    case 'stall': {
      // Half-open connections: the open ones go silent and stay dead; new connections work.
      const since = performance.now();
      const ends = options.probes.map((p) => p.streamEnds.length);
      proxy.stall({ newConnections: false });
      await pollUntil(
        () => options.probes.every((p, i) => p.streamEnds.slice(ends[i]).some((e) => e.kind === 'timeout')),
        'the idle watchdog to notice the stalled watches',
        options.idleTimeoutMs + (options.graceMs ?? 30_000),
      );
      const detectedAt = Math.max(
        ...options.probes.map(
          (p, i) => p.streamEnds.slice(ends[i]).find((e) => e.kind === 'timeout')?.at ?? Number.POSITIVE_INFINITY,
        ),
      );
      proxy.heal();
      return { effective: true, detectionMs: detectedAt - since };
    }
  }
}
