// An in-memory API server for one resource (client-go's FakeControllerSource): RV counter, paging, history, faults.
import type { KubernetesList, KubernetesObject } from '../../runtime/api/meta.js';
import type { ListOptions } from '../../runtime/api/options.js';
import type { WatchEventType } from '../../runtime/api/watch-event.js';
import type { ListerWatcher } from '../../runtime/cache/index.js';
import { parseSelector, type Selector } from '../../runtime/labels/index.js';
import type { Clock } from '../../runtime/util/clock.js';
import { invalid, resourceExpired, tooLargeResourceVersion } from './api-status-errors.js';
import { FakeWatcher } from './fake-watcher.js';

/** Options of {@link FakeControllerSource}. */
export interface FakeControllerSourceOptions {
  /** apiVersion and kind stamped on bookmarks and lists. @default { apiVersion: 'v1', kind: 'Pod' } */
  apiVersion?: string;
  kind?: string;
  /** Ends each watch after its timeoutSeconds on this clock. @default watches never time out */
  clock?: Clock;
}

interface Change<T> {
  readonly type: WatchEventType;
  readonly object: T;
  readonly rv: number;
}

interface OpenWatch<T> {
  readonly watcher: FakeWatcher<T>;
  readonly selector: Selector;
  readonly bookmarks: boolean;
}

function keyOf(obj: KubernetesObject): string {
  const ns = obj.metadata?.namespace ?? '';
  const name = obj.metadata?.name ?? '';
  return ns === '' ? name : `${ns}/${name}`;
}

function clone<T>(x: T): T {
  return structuredClone(x);
}

function abortError(): DOMException {
  return new DOMException('The operation was aborted', 'AbortError');
}

/** A fake apiserver collection that list/watch clients (reflectors, informers) can be pointed at. */
export class FakeControllerSource<T extends KubernetesObject> implements ListerWatcher<T> {
  private readonly items = new Map<string, T>();
  private changes: Change<T>[] = [];
  private readonly open = new Set<OpenWatch<T>>();
  private lastRV = 0;
  /** Watches from a resourceVersion below this get 410 Expired (history was compacted). */
  private compactedRV = 0;
  private readonly watchWaiters: ((w: FakeWatcher<T>) => void)[] = [];
  private readonly apiVersion: string;
  private readonly kind: string;
  private readonly clock: Clock | undefined;

  /** Thrown by every list, and every streaming list (sendInitialEvents), while set (client-go's ListError). */
  listError: unknown;
  /** Thrown by the next list calls, one each. */
  readonly listErrors: unknown[] = [];
  /** Thrown by the next watch calls, one each, before a stream opens. */
  readonly watchErrors: unknown[] = [];
  /** Options of every list call. */
  readonly listCalls: ListOptions[] = [];
  /** Options of every watch call. */
  readonly watchCalls: ListOptions[] = [];
  /** Every watcher handed out, oldest first. */
  readonly watchers: FakeWatcher<T>[] = [];
  /** Answer sendInitialEvents requests with 422 Invalid, like a server without streaming lists. */
  rejectStreamingLists = false;

  constructor(options: FakeControllerSourceOptions = {}) {
    this.apiVersion = options.apiVersion ?? 'v1';
    this.kind = options.kind ?? 'Pod';
    this.clock = options.clock;
  }

  /** The resourceVersion of the latest change. */
  get resourceVersion(): string {
    return String(this.lastRV);
  }

  /** Number of watches currently open. */
  get openWatches(): number {
    return this.open.size;
  }

  /** Current objects (copies). */
  objects(): T[] {
    return [...this.items.values()].map(clone);
  }

  add(obj: T): T {
    return this.change('ADDED', obj, true);
  }

  modify(obj: T): T {
    return this.change('MODIFIED', obj, true);
  }

  delete(obj: T): T {
    return this.change('DELETED', obj, true);
  }

  /** The change is recorded and listed, but open watches miss it (a lost event). */
  addDropWatch(obj: T): T {
    return this.change('ADDED', obj, false);
  }

  modifyDropWatch(obj: T): T {
    return this.change('MODIFIED', obj, false);
  }

  deleteDropWatch(obj: T): T {
    return this.change('DELETED', obj, false);
  }

  /** Applies a change with the next resourceVersion; returns the stored copy. */
  change(type: WatchEventType, obj: T, broadcast: boolean): T {
    const copy = clone(obj);
    this.lastRV++;
    copy.metadata = { ...copy.metadata, resourceVersion: String(this.lastRV) };
    const key = keyOf(copy);
    if (type === 'DELETED') {
      this.items.delete(key);
    } else {
      this.items.set(key, copy);
    }
    this.changes.push({ type, object: copy, rv: this.lastRV });
    if (broadcast) {
      for (const w of this.open) {
        if (w.selector.matches(copy.metadata?.labels)) {
          w.watcher.action(type, clone(copy));
        }
      }
    }
    return clone(copy);
  }

  /** Sends a BOOKMARK at the current resourceVersion to watches that allow bookmarks. */
  bookmark(): void {
    for (const w of this.open) {
      if (w.bookmarks) {
        w.watcher.bookmark(this.bookmarkObject(false));
      }
    }
  }

  /** Ends every open watch and forgets the history, so watches from older versions get 410 (client-go's ResetWatch). */
  resetWatch(): void {
    this.closeWatches();
    this.compact();
  }

  /** Forgets the history up to now: watches and continue tokens from older versions get 410 Expired. */
  compact(): void {
    this.changes = [];
    this.compactedRV = this.lastRV;
  }

  /** Ends every open watch normally (EOF), keeping the history. */
  closeWatches(): void {
    for (const w of [...this.open]) {
      w.watcher.end();
      this.open.delete(w);
    }
  }

  /** Makes every open watch fail with `err` (an ERROR event's ApiError, a reset connection, ...). */
  failWatches(err: unknown): void {
    for (const w of [...this.open]) {
      w.watcher.fail(err);
      this.open.delete(w);
    }
  }

  /** Stops everything. */
  shutdown(): void {
    for (const w of this.open) {
      w.watcher.stop();
    }
    this.open.clear();
  }

  /** Resolves with the next watcher handed out. */
  nextWatch(): Promise<FakeWatcher<T>> {
    return new Promise((resolve) => this.watchWaiters.push(resolve));
  }

  private bookmarkObject(initialEventsEnd: boolean): T {
    const metadata: { resourceVersion: string; annotations?: Record<string, string> } = {
      resourceVersion: String(this.lastRV),
    };
    if (initialEventsEnd) {
      metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
    }
    return { apiVersion: this.apiVersion, kind: this.kind, metadata } as T;
  }

  private sortedMatching(selector: Selector): [string, T][] {
    return [...this.items.entries()]
      .filter(([, o]) => selector.matches(o.metadata?.labels))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  async list(options: ListOptions, signal?: AbortSignal): Promise<KubernetesList<T>> {
    this.listCalls.push({ ...options });
    await Promise.resolve();
    if (signal?.aborted) {
      throw abortError();
    }
    if (this.listErrors.length > 0) {
      throw this.listErrors.shift();
    }
    if (this.listError !== undefined) {
      throw this.listError;
    }
    const rv = options.resourceVersion ?? '';
    if (rv !== '' && Number(rv) > this.lastRV) {
      throw tooLargeResourceVersion();
    }
    const selector = parseSelector(options.labelSelector ?? '');
    let listRV = this.lastRV;
    let start = 0;
    if (options.continue !== undefined && options.continue !== '') {
      const token = JSON.parse(Buffer.from(options.continue, 'base64').toString()) as { rv: number; after: string };
      if (token.rv < this.compactedRV) {
        throw resourceExpired('The provided continue parameter is too old to display a consistent list result.');
      }
      listRV = token.rv;
      const all = this.sortedMatching(selector);
      start = all.findIndex(([k]) => k > token.after);
      if (start < 0) {
        start = all.length;
      }
    }
    const all = this.sortedMatching(selector);
    const limit = options.limit ?? 0;
    const page = limit > 0 ? all.slice(start, start + limit) : all.slice(start);
    const metadata: { resourceVersion: string; continue?: string } = { resourceVersion: String(listRV) };
    if (limit > 0 && start + limit < all.length) {
      const last = page[page.length - 1] as [string, T];
      metadata.continue = Buffer.from(JSON.stringify({ rv: listRV, after: last[0] })).toString('base64');
    }
    return {
      apiVersion: this.apiVersion,
      kind: `${this.kind}List`,
      metadata,
      items: page.map(([, o]) => clone(o)),
    };
  }

  async watch(options: ListOptions, signal?: AbortSignal): Promise<FakeWatcher<T>> {
    this.watchCalls.push({ ...options });
    await Promise.resolve();
    if (signal?.aborted) {
      throw abortError();
    }
    if (this.watchErrors.length > 0) {
      throw this.watchErrors.shift();
    }
    const selector = parseSelector(options.labelSelector ?? '');
    const rv = options.resourceVersion ?? '';
    const watcher = new FakeWatcher<T>();
    if (options.sendInitialEvents === true) {
      if (this.listError !== undefined) {
        throw this.listError;
      }
      if (this.rejectStreamingLists) {
        throw invalid();
      }
      if (rv !== '' && Number(rv) > this.lastRV) {
        throw tooLargeResourceVersion();
      }
      for (const [, o] of this.sortedMatching(selector)) {
        watcher.add(clone(o));
      }
      watcher.bookmark(this.bookmarkObject(true));
    } else if (rv === '' || rv === '0') {
      for (const [, o] of this.sortedMatching(selector)) {
        watcher.add(clone(o));
      }
    } else {
      const from = Number(rv);
      if (from > this.lastRV) {
        throw tooLargeResourceVersion();
      }
      if (from < this.compactedRV) {
        throw resourceExpired(`too old resource version: ${from} (${this.compactedRV})`);
      }
      for (const c of this.changes) {
        if (c.rv > from && selector.matches(c.object.metadata?.labels)) {
          watcher.action(c.type, clone(c.object));
        }
      }
    }
    const entry: OpenWatch<T> = { watcher, selector, bookmarks: options.allowWatchBookmarks === true };
    this.open.add(entry);
    const originalStop = watcher.stop.bind(watcher);
    watcher.stop = () => {
      this.open.delete(entry);
      originalStop();
    };
    if (this.clock !== undefined && options.timeoutSeconds !== undefined) {
      const clock = this.clock;
      const timer = clock.setTimeout(() => {
        if (this.open.delete(entry)) {
          watcher.end();
        }
      }, options.timeoutSeconds * 1000);
      const stop = watcher.stop;
      watcher.stop = () => {
        clock.clearTimeout(timer);
        stop();
      };
    }
    this.watchers.push(watcher);
    for (const resolve of this.watchWaiters.splice(0)) {
      resolve(watcher);
    }
    return watcher;
  }
}
