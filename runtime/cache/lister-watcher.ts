// ListerWatcher: the list and watch calls a Reflector makes; a generated client's ResourceClient satisfies it.
import type { KubernetesList } from '../api/meta.js';
import type { ListOptions } from '../api/options.js';
import type { Watch } from '../api/watch-event.js';

/**
 * The two calls a Reflector needs. `watch()` resolves once the stream is open (a failure to open rejects);
 * iterating it yields events, throws ApiError for ERROR events and ends normally on EOF or server timeout.
 */
export interface ListerWatcher<T> {
  list(options: ListOptions, signal?: AbortSignal): Promise<KubernetesList<T>>;
  watch(options: ListOptions, signal?: AbortSignal): Promise<Watch<T>>;
  /**
   * True if this source cannot serve streaming lists (`sendInitialEvents`), so the reflector lists instead.
   * client-go's IsWatchListSemanticsUnSupported; absent means supported.
   */
  isWatchListSemanticsUnsupported?(): boolean;
}

/** Rewrites list and watch options (label and field selectors, ...) as a SharedInformerFactory's tweakListOptions. */
export type TweakListOptionsFunc = (options: ListOptions) => ListOptions;

/** A ListerWatcher whose every call goes through `tweak` first (client-go's NewFilteredListWatchFromClient). */
export function filteredListWatch<T>(
  source: ListerWatcher<T>,
  tweak: TweakListOptionsFunc | undefined,
): ListerWatcher<T> {
  if (tweak === undefined) {
    return source;
  }
  const lw: ListerWatcher<T> = {
    list: (options, signal) => source.list(tweak({ ...options }), signal),
    watch: (options, signal) => source.watch(tweak({ ...options }), signal),
  };
  if (source.isWatchListSemanticsUnsupported !== undefined) {
    const unsupported = source.isWatchListSemanticsUnsupported.bind(source);
    lw.isWatchListSemanticsUnsupported = unsupported;
  }
  return lw;
}
