// Opens a watch over RestClient: the streaming GET, hand-framed decoding, consumer stop, and the idle watchdog.
import type { ListOptions } from '../api/options.js';
import type { Watch, WatchEvent } from '../api/watch-event.js';
import type { NetworkError } from '../errors/network-error.js';
import { defaultWatchIdleTimeoutMs, IdleWatchdog, watchedChunks, watchIdleError } from '../watch/idle-watchdog.js';
import { decodeWatchStream } from '../watch/watch-decoder.js';
import { listQuery } from './query-params.js';
import type { RestClient } from './rest-client.js';

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

/** Starts a watch on a collection path (`/api/v1/namespaces/ns/configmaps`, ...). */
export async function openWatch<T>(
  rest: RestClient,
  path: string,
  opts: WatchOptions = {},
  signal?: AbortSignal,
): Promise<Watch<T>> {
  const ac = new AbortController();
  const onAbort = () => ac.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  let body: AsyncIterable<Uint8Array>;
  try {
    body = await rest.stream({ method: 'GET', path, query: { ...listQuery(opts), watch: true } }, ac.signal);
  } catch (err) {
    signal?.removeEventListener('abort', onAbort);
    throw err;
  }
  const idleMs =
    opts.idleTimeoutMs ??
    (opts.allowWatchBookmarks === true ? (rest.config.watchIdleTimeoutMs ?? defaultWatchIdleTimeoutMs) : 0);
  let idleError: NetworkError | undefined;
  if (idleMs > 0) {
    const dog = new IdleWatchdog(idleMs, rest.clock, () => {
      idleError = watchIdleError(path, idleMs);
      ac.abort(idleError);
    });
    body = watchedChunks(body, dog);
  }
  const maxLineBytes = opts.maxLineBytes ?? rest.config.watchMaxLineBytes;
  const events = decodeWatchStream<T>(body, maxLineBytes !== undefined ? { maxLineBytes } : {});
  let stopped = false;
  const stop = () => {
    if (!stopped) {
      stopped = true;
      signal?.removeEventListener('abort', onAbort);
      ac.abort();
    }
  };
  return {
    stop,
    async *[Symbol.asyncIterator](): AsyncGenerator<WatchEvent<T>> {
      try {
        for await (const ev of events) {
          yield ev;
        }
        if (idleError !== undefined) {
          throw idleError;
        }
      } catch (err) {
        if (idleError !== undefined) {
          throw idleError;
        }
        // A stop from our side ends the iteration quietly; anything else is the stream's failure.
        if (!stopped) {
          throw err;
        }
      } finally {
        stop();
      }
    },
  };
}
