// Polls a readiness probe with backoff until it passes, the process dies, the deadline passes or the signal aborts.
import { sleep, throwIfAborted } from '../util/abort.js';
import { type Clock, realClock } from '../util/clock.js';
import { EnvtestError } from './envtest-error.js';

/** One probe attempt: `true` when ready, otherwise a short description of what was seen. */
export type ReadinessProbe = (signal: AbortSignal | undefined) => Promise<true | string>;

/** What {@link waitUntilReady} watches. */
export interface WaitUntilReadyOptions {
  /** Name used in errors, e.g. 'kube-apiserver'. */
  readonly what: string;
  readonly probe: ReadinessProbe;
  /** Fails fast when this returns a description of why the process is gone. */
  readonly exited?: () => string | undefined;
  /** Output to quote in errors, e.g. the last lines of the process's stderr. */
  readonly output?: () => string;
  /** @default 60_000 */
  readonly timeoutMs?: number;
  /** First delay between probes, doubled up to `maxDelayMs`. @default 50 */
  readonly initialDelayMs?: number;
  /** @default 1_000 */
  readonly maxDelayMs?: number;
  /** @default realClock */
  readonly clock?: Clock;
}

function quote(output: (() => string) | undefined): string {
  const text = output?.().trim();
  return text ? `\n--- last output ---\n${text}` : '';
}

/**
 * Resolves once `probe` returns true. Rejects with ENVTEST_PROCESS_EXITED as soon as `exited` reports the process
 * gone, and with ENVTEST_NOT_READY after `timeoutMs`; both messages end with the process's last output.
 */
export async function waitUntilReady(options: WaitUntilReadyOptions, signal?: AbortSignal): Promise<void> {
  const clock = options.clock ?? realClock;
  const deadline = clock.now() + (options.timeoutMs ?? 60_000);
  let delay = options.initialDelayMs ?? 50;
  let last = 'no attempt yet';
  for (;;) {
    throwIfAborted(signal);
    const gone = options.exited?.();
    if (gone !== undefined) {
      throw new EnvtestError('ENVTEST_PROCESS_EXITED', `${options.what} exited (${gone})${quote(options.output)}`);
    }
    try {
      const result = await options.probe(signal);
      if (result === true) {
        return;
      }
      last = result;
    } catch (err) {
      throwIfAborted(signal);
      last = err instanceof Error ? err.message : String(err);
    }
    if (clock.now() >= deadline) {
      throw new EnvtestError(
        'ENVTEST_NOT_READY',
        `${options.what} not ready after ${options.timeoutMs ?? 60_000}ms (last probe: ${last})${quote(options.output)}`,
      );
    }
    await sleep(delay, signal, clock);
    delay = Math.min(delay * 2, options.maxDelayMs ?? 1_000);
  }
}
