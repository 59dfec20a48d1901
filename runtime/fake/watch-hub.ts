// The tracker's watch side: a bounded event history for resourceVersion replay, open watchers, bookmarks, timeouts.
import { deepCopyJson } from '../api/deep-copy.js';
import type { KubernetesObject } from '../api/meta.js';
import type { ListOptions } from '../api/options.js';
import type { WatchEventType } from '../api/watch-event.js';
import { onAbort } from '../util/abort.js';
import type { Clock, TimerHandle } from '../util/clock.js';
import { expired, invalid, tooLargeResourceVersion } from './api-errors.js';
import { FakeWatch } from './fake-watch.js';
import { gvrKey, type ResolvedResource } from './resource-registry.js';

/** One stored change: the object after it, and before it (for MODIFIED and DELETED). */
export interface HistoryEvent {
  readonly rv: number;
  readonly resource: string;
  readonly type: Exclude<WatchEventType, 'BOOKMARK'>;
  readonly object: KubernetesObject;
  readonly prev: KubernetesObject | undefined;
}

/** Decides whether an object is visible to a watch (namespace, label and field selectors). */
export type ObjectFilter = (obj: KubernetesObject) => boolean;

/** The annotation that marks the bookmark ending a watch's initial events (sendInitialEvents). */
export const initialEventsEndAnnotation = 'k8s.io/initial-events-end';

interface Watcher {
  readonly resource: string;
  readonly filter: ObjectFilter;
  readonly watch: FakeWatch<KubernetesObject>;
  readonly bookmarks: boolean;
  readonly res: ResolvedResource;
}

export interface WatchHubOptions {
  readonly clock: Clock;
  /** Events kept for replay; a watch from an older resourceVersion gets 410 Expired. */
  readonly historySize: number;
  /** Period of the BOOKMARK events sent to watches that allow them; 0 disables the timer. */
  readonly bookmarkIntervalMs: number;
  /** The tracker's current resourceVersion, carried by periodic bookmarks. */
  readonly currentRv: () => number;
}

/** What a watch request resolves to before it streams. */
export interface WatchStart {
  /** The tracker's resourceVersion when the watch opened. */
  readonly current: number;
  /** The objects of the resource visible now, for synthetic ADDED events. */
  readonly objects: () => KubernetesObject[];
}

function parseRv(rv: string | undefined): number | undefined {
  if (rv === undefined || rv === '') {
    return undefined;
  }
  if (!/^\d+$/.test(rv)) {
    return Number.NaN;
  }
  return Number(rv);
}

function bookmarkObject(res: ResolvedResource, rv: number, annotations?: Record<string, string>): KubernetesObject {
  return {
    apiVersion: res.apiVersion,
    kind: res.kind,
    metadata: { resourceVersion: String(rv), ...(annotations !== undefined ? { annotations } : {}) },
  };
}

/** History and watchers of one tracker. */
export class WatchHub {
  private readonly history: HistoryEvent[] = [];
  private readonly watchers = new Set<Watcher>();
  // The newest resourceVersion evicted from the history: replay from anything older is impossible.
  private compactedRv = 0;
  private bookmarkTimer: TimerHandle | undefined;

  constructor(private readonly options: WatchHubOptions) {}

  /** Records a change and delivers it to the matching watchers. */
  record(event: HistoryEvent): void {
    this.history.push(event);
    while (this.history.length > this.options.historySize) {
      this.compactedRv = (this.history.shift() as HistoryEvent).rv;
    }
    for (const w of this.watchers) {
      if (w.resource === event.resource) {
        this.deliver(w, event);
      }
    }
  }

  /** The recorded events of `resource` newer than `rv`, oldest first; undefined if some were evicted. */
  since(resource: string, rv: number): HistoryEvent[] | undefined {
    if (rv < this.compactedRv) {
      return undefined;
    }
    return this.history.filter((e) => e.resource === resource && e.rv > rv);
  }

  /** The oldest resourceVersion replay can start from. */
  oldestReplayable(): number {
    return this.compactedRv;
  }

  /** Number of open watches (for tests that check watches are released). */
  openWatches(): number {
    return this.watchers.size;
  }

  /** Sends a BOOKMARK at `rv` to every open watch that allows bookmarks. */
  bookmark(rv: number): void {
    for (const w of this.watchers) {
      if (w.bookmarks) {
        w.watch.add({ type: 'BOOKMARK', object: bookmarkObject(w.res, rv) });
      }
    }
  }

  /** Ends every open watch normally, as an API server restart would. */
  closeAll(): void {
    for (const w of [...this.watchers]) {
      w.watch.end();
      this.remove(w);
    }
  }

  /**
   * Opens a watch on `res`, validating options as the API server does. Replays history after
   * `opts.resourceVersion`, or starts with synthetic ADDED events (and, with sendInitialEvents, the
   * initial-events-end bookmark).
   */
  open(
    res: ResolvedResource,
    filter: ObjectFilter,
    opts: ListOptions,
    start: WatchStart,
    signal: AbortSignal | undefined,
  ): FakeWatch<KubernetesObject> {
    const rv = parseRv(opts.resourceVersion);
    if (rv !== undefined && Number.isNaN(rv)) {
      throw invalid('ListOptions', 'meta.k8s.io', '', [
        { field: 'resourceVersion', reason: 'FieldValueInvalid', message: `Invalid value: "${opts.resourceVersion}"` },
      ]);
    }
    if (opts.sendInitialEvents === true) {
      const errors = [];
      if (opts.resourceVersionMatch !== 'NotOlderThan') {
        errors.push({
          field: 'resourceVersionMatch',
          reason: 'FieldValueForbidden' as const,
          message: 'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan',
        });
      }
      if (opts.allowWatchBookmarks !== true) {
        errors.push({
          field: 'allowWatchBookmarks',
          reason: 'FieldValueForbidden' as const,
          message: 'sendInitialEvents requires setting allowWatchBookmarks to true',
        });
      }
      if (errors.length > 0) {
        throw invalid('ListOptions', 'meta.k8s.io', '', errors);
      }
    }
    const watch = new FakeWatch<KubernetesObject>();
    const w: Watcher = {
      resource: gvrKey(res.gvr),
      filter,
      watch,
      bookmarks: opts.allowWatchBookmarks === true,
      res,
    };
    const initial = (): void => {
      for (const obj of start.objects()) {
        if (filter(obj)) {
          watch.add({ type: 'ADDED', object: deepCopyJson(obj) });
        }
      }
    };
    if (opts.sendInitialEvents === true) {
      if (rv !== undefined && rv > start.current) {
        watch.error(tooLargeResourceVersion(String(rv), start.current));
        return watch;
      }
      initial();
      watch.add({
        type: 'BOOKMARK',
        object: bookmarkObject(res, start.current, { [initialEventsEndAnnotation]: 'true' }),
      });
    } else if (rv === undefined || rv === 0) {
      // "Start at most recent" (unset) and "start at any" (0) both begin with the current state.
      if (opts.sendInitialEvents !== false) {
        initial();
      }
    } else if (rv > start.current) {
      watch.error(tooLargeResourceVersion(String(rv), start.current));
      return watch;
    } else {
      const replay = this.since(w.resource, rv);
      if (replay === undefined) {
        watch.error(expired(String(rv), this.compactedRv + 1));
        return watch;
      }
      for (const e of replay) {
        this.deliver(w, e);
      }
    }
    this.watchers.add(w);
    this.ensureBookmarkTimer();
    let timeout: TimerHandle | undefined;
    if (opts.timeoutSeconds !== undefined && opts.timeoutSeconds > 0) {
      timeout = this.options.clock.setTimeout(() => {
        watch.end();
        this.remove(w);
      }, opts.timeoutSeconds * 1000);
    }
    const disposeAbort = onAbort(signal, () => watch.stop());
    watch.onStopped(() => {
      disposeAbort();
      if (timeout !== undefined) {
        this.options.clock.clearTimeout(timeout);
      }
      this.remove(w);
    });
    return watch;
  }

  private remove(w: Watcher): void {
    this.watchers.delete(w);
    if (this.watchers.size === 0 && this.bookmarkTimer !== undefined) {
      this.options.clock.clearTimeout(this.bookmarkTimer);
      this.bookmarkTimer = undefined;
    }
  }

  private ensureBookmarkTimer(): void {
    if (this.bookmarkTimer !== undefined || this.options.bookmarkIntervalMs <= 0) {
      return;
    }
    if (![...this.watchers].some((w) => w.bookmarks)) {
      return;
    }
    this.bookmarkTimer = this.options.clock.setTimeout(() => {
      this.bookmarkTimer = undefined;
      this.bookmark(this.options.currentRv());
      this.ensureBookmarkTimer();
    }, this.options.bookmarkIntervalMs);
  }

  // Selector changes turn into ADDED/DELETED for this watcher, as the watch cache does.
  private deliver(w: Watcher, e: HistoryEvent): void {
    if (w.watch.done) {
      return;
    }
    const now = w.filter(e.object);
    const before = e.prev !== undefined && w.filter(e.prev);
    switch (e.type) {
      case 'ADDED':
        if (now) {
          w.watch.add({ type: 'ADDED', object: deepCopyJson(e.object) });
        }
        break;
      case 'MODIFIED':
        if (now && before) {
          w.watch.add({ type: 'MODIFIED', object: deepCopyJson(e.object) });
        } else if (now) {
          w.watch.add({ type: 'ADDED', object: deepCopyJson(e.object) });
        } else if (before) {
          const gone = deepCopyJson(e.prev as KubernetesObject);
          gone.metadata = { ...gone.metadata, resourceVersion: String(e.rv) };
          w.watch.add({ type: 'DELETED', object: gone });
        }
        break;
      case 'DELETED':
        if (now) {
          w.watch.add({ type: 'DELETED', object: deepCopyJson(e.object) });
        }
        break;
    }
  }
}
