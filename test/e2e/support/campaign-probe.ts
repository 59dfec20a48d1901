// A ListerWatcher wrapper that timestamps every LIST and WATCH, how each ended, and the gaps the reflector waited.
import type { KubernetesList } from '../../../runtime/api/meta.js';
import type { ListOptions } from '../../../runtime/api/options.js';
import type { Watch, WatchEvent } from '../../../runtime/api/watch-event.js';
import type { ListerWatcher } from '../../../runtime/cache/lister-watcher.js';
import { isGone, isResourceExpired } from '../../../runtime/errors/api-error.js';
import { classifyNetworkError } from '../../../runtime/errors/network-error.js';
import type { WatchOptions } from '../../../runtime/rest/watch-request.js';

/** How a request or stream failed: `expired` (410), a network kind (reset, eof, timeout, refused...), or `other`. */
export function failureKind(err: unknown): string {
  if (isResourceExpired(err) || isGone(err)) {
    return 'expired';
  }
  return classifyNetworkError(err) ?? 'other';
}

/** A watch stream that ended on its own (not stopped by the reflector), with the time and kind. */
export interface StreamEnd {
  readonly at: number;
  /** `closed` for a clean end of stream, else a {@link failureKind}. */
  readonly kind: string;
  readonly events: number;
}

/** The state of the watch being consumed right now. */
interface CurrentWatch {
  readonly openedAt: number;
  events: number;
  lastEventAt: number;
  ended: boolean;
}

/**
 * Forwards to `inner` and records, on the wall clock (`performance.now()` milliseconds):
 * - failures of LIST and WATCH requests and of watch streams, by kind;
 * - `backoffs`: after a LIST or (non-streaming) WATCH request failed, the wait until the reflector's next request,
 *   which is exactly the reflector's backoff delay (it never retries those without one);
 * - `streamEnds`, to time how fast the idle watchdog notices a stalled connection.
 */
export class ProbeListerWatcher<T> implements ListerWatcher<T> {
  lists = 0;
  watches = 0;
  readonly failures: Record<string, number> = {};
  readonly backoffs: number[] = [];
  readonly streamEnds: StreamEnd[] = [];
  private current: CurrentWatch | undefined;
  private failedAt: number | undefined;

  constructor(
    readonly name: string,
    private readonly inner: ListerWatcher<T> & { watch(o: WatchOptions, s?: AbortSignal): Promise<Watch<T>> },
  ) {}

  isWatchListSemanticsUnsupported(): boolean {
    return this.inner.isWatchListSemanticsUnsupported?.() ?? false;
  }

  /**
   * A watch is open and delivered an event after `since` (a `performance.now()` time), so cutting it now is a plain
   * disconnect, never a "very short watch"; and a watch cut before `since` cannot pass for it.
   */
  watchEstablishedSince(since: number): boolean {
    const c = this.current;
    return c !== undefined && !c.ended && c.events > 0 && c.lastEventAt > since;
  }

  async list(options: ListOptions, signal?: AbortSignal): Promise<KubernetesList<T>> {
    this.attempt(options.continue === undefined || options.continue === '');
    this.lists++;
    try {
      return await this.inner.list(options, signal);
    } catch (err) {
      this.fail(err, true);
      throw err;
    }
  }

  async watch(options: ListOptions, signal?: AbortSignal): Promise<Watch<T>> {
    this.attempt(true);
    // A failed streaming list falls back to LIST at once, without a backoff, so it opens no backoff gap.
    const streaming = options.sendInitialEvents === true;
    let w: Watch<T>;
    try {
      w = await this.inner.watch(options, signal);
    } catch (err) {
      this.fail(err, !streaming);
      throw err;
    }
    this.watches++;
    const cur: CurrentWatch = { openedAt: performance.now(), events: 0, lastEventAt: 0, ended: false };
    this.current = cur;
    const self = this;
    let stopped = false;
    return {
      stop: () => {
        stopped = true;
        cur.ended = true;
        w.stop();
      },
      async *[Symbol.asyncIterator](): AsyncGenerator<WatchEvent<T>> {
        try {
          for await (const ev of w) {
            cur.events++;
            cur.lastEventAt = performance.now();
            yield ev;
          }
          if (!stopped) {
            self.streamEnds.push({ at: performance.now(), kind: 'closed', events: cur.events });
          }
        } catch (err) {
          if (!stopped) {
            self.streamEnds.push({ at: performance.now(), kind: failureKind(err), events: cur.events });
            self.count(err);
          }
          throw err;
        } finally {
          cur.ended = true;
        }
      },
    };
  }

  private attempt(measurable: boolean): void {
    if (measurable && this.failedAt !== undefined) {
      this.backoffs.push(performance.now() - this.failedAt);
    }
    this.failedAt = undefined;
  }

  private fail(err: unknown, backsOff: boolean): void {
    this.count(err);
    if (backsOff) {
      this.failedAt = performance.now();
    }
  }

  private count(err: unknown): void {
    const kind = failureKind(err);
    this.failures[kind] = (this.failures[kind] ?? 0) + 1;
  }
}
