// The store contract the reflector writes into; FIFOs and plain stores both satisfy it.
import type { TransformFunc } from './store.js';

/** What a Reflector needs from its destination (client-go's ReflectorStore plus its optional extensions). */
export interface ReflectorStore<T> {
  add(obj: T): void;
  update(obj: T): void;
  delete(obj: T): void;
  /** Replaces the content with a full list at `resourceVersion`. */
  replace(list: readonly T[], resourceVersion: string): void;
  /** Called on the resync period; FIFOs queue Sync deltas. Throwing ends the current watch. */
  resync(): void;
  /** Told the resourceVersion of every bookmark (ReflectorBookmarkStore). */
  bookmark?(resourceVersion: string): void;
  /** The store's transform; a streaming list applies it to its temporary store too (TransformingStore). */
  readonly transformer?: TransformFunc<T> | undefined;
  /** Told every resourceVersion the reflector moves to (ResourceVersionUpdater). */
  updateResourceVersion?(resourceVersion: string): void;
}
