// Opens a watch over RestClient: the streaming GET and its client-side settings (idle limit, line limit).
import type { ListOptions } from '../api/options.js';
import type { WatchEventType } from '../api/watch-event.js';
import { linkedAbortController } from '../util/abort.js';
import { defaultWatchIdleTimeoutMs } from '../watch/idle-watchdog.js';
import type { BatchedWatch } from '../watch/watch-event-buffer.js';
import { BodyWatch } from './body-watch.js';
import { listQuery } from './query-params.js';
import type { ResponseBody, RestClient } from './rest-client.js';

/** ListOptions plus client-side watch settings (not sent to the server). */
export interface WatchOptions extends ListOptions {
  /**
   * End the watch with a NetworkError (`timeout`) when no byte arrived for this long; 0 disables.
   * @default the RestConfig's watchIdleTimeoutMs (180 s unless set) when allowWatchBookmarks is set (the server
   * then sends a bookmark regularly), else 0
   */
  idleTimeoutMs?: number;
  /**
   * End the watch with a WatchDecodeError when one event line grows past this many bytes.
   * @default the RestConfig's watchMaxLineBytes, else defaultWatchMaxLineBytes (16 MiB)
   */
  maxLineBytes?: number;
}

/** WatchOptions plus how the request asks for and reads its events: what a client other than ResourceClient sets. */
export interface WatchRequestOptions<T> extends WatchOptions {
  /** The Accept header. @default application/json, *\/* */
  accept?: string;
  /**
   * Turns each decoded event's object into a T; a throw ends the watch with that error, as a malformed line does.
   * @default the object as decoded
   */
  decodeObject?: (object: unknown, type: WatchEventType) => T;
}

/**
 * Starts a watch on a collection path (`/api/v1/namespaces/ns/configmaps`, ...). Resolves once the server accepted
 * it; the body is then read and decoded as it arrives (see BodyWatch), ahead of the consumer up to a bound.
 */
export async function openWatch<T>(
  rest: RestClient,
  path: string,
  opts: WatchRequestOptions<T> = {},
  signal?: AbortSignal,
): Promise<BatchedWatch<T>> {
  const { controller: ac, dispose } = linkedAbortController(signal);
  let body: ResponseBody;
  try {
    body = await rest.stream(
      {
        method: 'GET',
        path,
        query: { ...listQuery(opts), watch: true },
        ...(opts.accept !== undefined ? { accept: opts.accept } : {}),
      },
      ac.signal,
    );
  } catch (err) {
    dispose();
    throw err;
  }
  const idleTimeoutMs =
    opts.idleTimeoutMs ??
    (opts.allowWatchBookmarks === true ? (rest.config.watchIdleTimeoutMs ?? defaultWatchIdleTimeoutMs) : 0);
  return new BodyWatch<T>(body, {
    path,
    idleTimeoutMs,
    clock: rest.clock,
    maxLineBytes: opts.maxLineBytes ?? rest.config.watchMaxLineBytes,
    ...(opts.decodeObject !== undefined ? { decodeObject: opts.decodeObject } : {}),
    abort: (reason) => ac.abort(reason),
    onFinish: dispose,
  });
}
