// Pod logs: GET .../pods/{name}/log, read whole or streamed line by line (client-go's GetLogs().Do and .Stream).
import { StringDecoder } from 'node:string_decoder';
import { toNetworkError } from '../errors/network-error.js';
import { linkedAbortController } from '../util/abort.js';
import { podLogQuery } from './query-params.js';
import type { ResponseBody, RestClient, RestRequest } from './rest-client.js';

/** core/v1 PodLogOptions: the query of a log request. Unset fields are left to the server. */
export interface PodLogOptions {
  /** The container to read; required when the Pod has more than one. */
  container?: string;
  /** Keep the stream open and send new lines as the container writes them. */
  follow?: boolean;
  /** The previous, terminated instance of the container. */
  previous?: boolean;
  /** Only lines newer than this many seconds. */
  sinceSeconds?: number;
  /** Only lines at or after this RFC 3339 time. */
  sinceTime?: string;
  /** Prefix each line with its RFC 3339 timestamp. */
  timestamps?: boolean;
  /** Only the last this many lines. */
  tailLines?: number;
  /** Stop after this many bytes. */
  limitBytes?: number;
  /** Do not verify the kubelet's serving certificate (a broken kubelet certificate, at the caller's risk). */
  insecureSkipTLSVerifyBackend?: boolean;
}

/** A streamed log: iterate it for lines (without their newline); stop() ends it early and is idempotent. */
export interface PodLogStream extends AsyncIterable<string> {
  stop(): void;
}

function logPath(namespace: string, name: string): string {
  return `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}/log`;
}

function logRequest(namespace: string, name: string, opts: PodLogOptions): RestRequest {
  return { method: 'GET', path: logPath(namespace, name), query: podLogQuery(opts), accept: 'text/plain, */*' };
}

/** The log as one string (client-go's GetLogs().DoRaw), QPS-limited like any request. A non-2xx answer rejects. */
export function getPodLogs(
  rest: RestClient,
  namespace: string,
  name: string,
  opts: PodLogOptions = {},
  signal?: AbortSignal,
): Promise<string> {
  return rest.requestText(logRequest(namespace, name, { ...opts, follow: false }), signal);
}

/**
 * The log as lines, as they arrive (with `follow`, until the container exits or the stream is stopped). Resolves
 * once the server accepted the request; a non-2xx answer rejects with its ApiError. UTF-8 split across chunks
 * is decoded whole; a last line without a newline is delivered when the stream ends.
 */
export async function streamPodLogs(
  rest: RestClient,
  namespace: string,
  name: string,
  opts: PodLogOptions = {},
  signal?: AbortSignal,
): Promise<PodLogStream> {
  const { controller, dispose } = linkedAbortController(signal);
  let body: ResponseBody;
  try {
    // Like a watch, a followed log is long-running and exempt from QPS limiting.
    body = await rest.stream(logRequest(namespace, name, opts), controller.signal);
  } catch (err) {
    dispose();
    throw err;
  }
  let stopped = false;
  const path = logPath(namespace, name);
  async function* lines(): AsyncGenerator<string> {
    const decoder = new StringDecoder('utf8');
    let rest = '';
    try {
      for await (const chunk of body) {
        const text = rest + decoder.write(chunk as Buffer);
        const parts = text.split('\n');
        rest = parts.pop() as string;
        for (const line of parts) {
          yield line;
        }
      }
      rest += decoder.end();
      if (rest !== '') {
        yield rest;
      }
    } catch (err) {
      // stop() ends the stream quietly and the caller's signal with its reason; anything else is a broken connection.
      if (stopped) {
        return;
      }
      throw signal?.aborted === true ? err : toNetworkError(err, 'GET', path);
    } finally {
      dispose();
      if (!body.destroyed) {
        body.destroy();
      }
    }
  }
  const iterator = lines();
  return {
    [Symbol.asyncIterator]: () => iterator,
    stop: () => {
      if (!stopped) {
        stopped = true;
        controller.abort();
      }
    },
  };
}
