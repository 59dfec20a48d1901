// Cancellation helpers over AbortSignal, shared by every async call in the runtime.
import { type Clock, realClock } from './clock.js';

/** Throws the signal's reason if it is already aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw abortReason(signal);
  }
}

/** The error to throw for an aborted signal: its reason when that is an Error, else an AbortError. */
export function abortReason(signal: AbortSignal): Error {
  const r: unknown = signal.reason;
  if (r instanceof Error) {
    return r;
  }
  return new DOMException(typeof r === 'string' ? r : 'The operation was aborted', 'AbortError');
}

/** True for the errors that cancellation produces (AbortError, TimeoutError). */
export function isAbortError(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError');
}

/**
 * Adds an abort listener and returns a disposer that removes it. If the signal is already aborted the
 * callback runs at once (synchronously) and the disposer is a no-op.
 */
export function onAbort(signal: AbortSignal | undefined, fn: () => void): () => void {
  if (signal === undefined) {
    return () => {};
  }
  if (signal.aborted) {
    fn();
    return () => {};
  }
  signal.addEventListener('abort', fn, { once: true });
  return () => signal.removeEventListener('abort', fn);
}

/** Resolves after `ms` on the given clock; rejects with the abort reason if `signal` aborts first. */
export function sleep(ms: number, signal?: AbortSignal, clock: Clock = realClock): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const dispose = onAbort(signal, () => {
      clock.clearTimeout(handle);
      reject(abortReason(signal as AbortSignal));
    });
    const handle = clock.setTimeout(() => {
      dispose();
      resolve();
    }, ms);
  });
}

/** A signal that aborts when any of the given signals aborts (undefined entries are ignored). */
export function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  if (present.length === 1) {
    return present[0] as AbortSignal;
  }
  return AbortSignal.any(present);
}

/**
 * A controller of its own that also aborts, with the same reason, when `signal` does (at once if it already has):
 * for a stream that its owner must be able to end while the caller's signal still governs it. `dispose` unlinks it.
 */
export function linkedAbortController(signal: AbortSignal | undefined): {
  controller: AbortController;
  dispose: () => void;
} {
  const controller = new AbortController();
  const dispose = onAbort(signal, () => controller.abort((signal as AbortSignal).reason));
  return { controller, dispose };
}
