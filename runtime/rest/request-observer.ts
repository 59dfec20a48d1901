// The seam through which every RestClient reports each attempt it makes (for metrics), without depending on prom-client.
import { logger } from '../util/logger.js';

/** One attempt of one request, as seen when its response headers arrived or its transport failed. */
export interface RequestObservation {
  /** The HTTP method (client-go's `verb`/`method` label). */
  readonly verb: string;
  /** `host:port` of the API server (client-go's `host` label). */
  readonly host: string;
  /** The path with namespace and name replaced by `{namespace}` and `{name}`, so that it has few values. */
  readonly pathTemplate: string;
  /** The HTTP status code as a string, or `<error>` when no response arrived (client-go's convention). */
  readonly code: string;
  /** Time from sending the attempt to its response headers (or failure), on the client's clock. */
  readonly durationMs: number;
  /** How many tries preceded this one for the same request (0 for the first). */
  readonly retries: number;
  /** For a retry: the code of the try that caused it (a status, or `<error>`), as client-go labels its retries. */
  readonly retryOf?: string;
  /** True for a watch (a streaming GET): its duration ends when the stream opened. */
  readonly watch: boolean;
}

/** Receives every request attempt. Must not throw and must return quickly: it runs on the request path. */
export type RequestObserver = (observation: RequestObservation) => void;

let globalObserver: RequestObserver | undefined;

/**
 * Sets the observer every RestClient reports to in addition to its own `onRequest` (e.g. the Prometheus one
 * installed by registerRestClientMetrics); returns the previous one. `undefined` removes it.
 */
export function setRequestObserver(observer: RequestObserver | undefined): RequestObserver | undefined {
  const prev = globalObserver;
  globalObserver = observer;
  return prev;
}

/** The observer installed with {@link setRequestObserver}, if any. */
export function requestObserver(): RequestObserver | undefined {
  return globalObserver;
}

/**
 * Tells `own` and the global observer about an attempt; the observation is built only when someone listens. An
 * observer's failure is logged and never fails the request it observes.
 */
export function notifyRequestObservers(own: RequestObserver | undefined, build: () => RequestObservation): void {
  if (own === undefined && globalObserver === undefined) {
    return;
  }
  const o = build();
  for (const f of [own, globalObserver]) {
    try {
      f?.(o);
    } catch (err) {
      logger().warn('request observer failed', { error: err instanceof Error ? err.message : String(err) });
    }
  }
}

/** `/api/v1/namespaces/ns/pods/p/log` -> `/api/v1/namespaces/{namespace}/pods/{name}/log`, as client-go's URL template. */
export function pathTemplate(path: string): string {
  const parts = path.split('?')[0]?.split('/') ?? [];
  const prefix = parts[1] === 'api' ? 3 : parts[1] === 'apis' ? 4 : -1;
  if (prefix < 0 || parts.length <= prefix) {
    return parts.join('/');
  }
  const rest = parts.slice(prefix);
  let at = 0;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    rest[1] = '{namespace}';
    at = 2;
  }
  if (rest.length > at + 1 && rest[at + 1] !== '') {
    rest[at + 1] = '{name}';
  }
  return [...parts.slice(0, prefix), ...rest].join('/');
}
