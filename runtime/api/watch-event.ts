// Watch events as delivered to consumers: ERROR events never appear here, they are thrown as ApiError.

/** The event types a watch stream delivers. */
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';

/** One decoded watch event. For BOOKMARK only `metadata.resourceVersion` (and annotations) are meaningful. */
export interface WatchEvent<T> {
  readonly type: WatchEventType;
  readonly object: T;
}

/**
 * An open watch: iterate it for events; the iteration ends when the server closes the stream and throws
 * when the stream fails (an ERROR event, a malformed line, an idle timeout). `stop()` ends it from the
 * consumer's side and is idempotent.
 */
export interface Watch<T> extends AsyncIterable<WatchEvent<T>> {
  stop(): void;
}
