// Wraps a ListerWatcher to count LISTs and WATCHes and record how they failed, for the figures the e2e tests print.
import type { KubernetesList } from '../../../runtime/api/meta.js';
import type { ListOptions } from '../../../runtime/api/options.js';
import type { Watch, WatchEvent } from '../../../runtime/api/watch-event.js';
import type { ListerWatcher } from '../../../runtime/cache/lister-watcher.js';
import { isGone, isResourceExpired } from '../../../runtime/errors/api-error.js';
import { classifyNetworkError } from '../../../runtime/errors/network-error.js';
import type { WatchOptions } from '../../../runtime/rest/watch-request.js';

/** Failure counters by class. */
export interface FailureCounts {
  /** 410 Expired/Gone, from a LIST or a watch stream. */
  expired: number;
  /** Network failures by kind (refused, reset, eof, timeout, ...). */
  readonly network: Record<string, number>;
  other: number;
}

/** Options of {@link CountingListerWatcher}. */
export interface CountingListerWatcherOptions {
  /** Added to every watch request: client-side options such as the idle watchdog's `idleTimeoutMs`. @default {} */
  readonly watchOptions?: Omit<WatchOptions, keyof ListOptions>;
}

/** A ListerWatcher that forwards to `inner` and counts what happened. */
export class CountingListerWatcher<T> implements ListerWatcher<T> {
  lists = 0;
  /** LIST requests with no continue token: the start of a (re)list. */
  fullLists = 0;
  watches = 0;
  /** Watch streams that ended with an error rather than a clean close. */
  watchStreamErrors = 0;
  readonly failures: FailureCounts = { expired: 0, network: {}, other: 0 };

  constructor(
    private readonly inner: ListerWatcher<T> & { watch(o: WatchOptions, s?: AbortSignal): Promise<Watch<T>> },
    private readonly options: CountingListerWatcherOptions = {},
  ) {}

  isWatchListSemanticsUnsupported(): boolean {
    return this.inner.isWatchListSemanticsUnsupported?.() ?? false;
  }

  async list(options: ListOptions, signal?: AbortSignal): Promise<KubernetesList<T>> {
    this.lists++;
    if (options.continue === undefined || options.continue === '') {
      this.fullLists++;
    }
    try {
      return await this.inner.list(options, signal);
    } catch (err) {
      this.fail(err);
      throw err;
    }
  }

  async watch(options: ListOptions, signal?: AbortSignal): Promise<Watch<T>> {
    let w: Watch<T>;
    try {
      w = await this.inner.watch({ ...options, ...this.options.watchOptions }, signal);
    } catch (err) {
      this.fail(err);
      throw err;
    }
    this.watches++;
    const self = this;
    return {
      stop: () => w.stop(),
      async *[Symbol.asyncIterator](): AsyncGenerator<WatchEvent<T>> {
        try {
          yield* w;
        } catch (err) {
          self.watchStreamErrors++;
          self.fail(err);
          throw err;
        }
      },
    };
  }

  private fail(err: unknown): void {
    if (isResourceExpired(err) || isGone(err)) {
      this.failures.expired++;
      return;
    }
    const kind = classifyNetworkError(err);
    if (kind !== undefined) {
      this.failures.network[kind] = (this.failures.network[kind] ?? 0) + 1;
      return;
    }
    this.failures.other++;
  }
}
