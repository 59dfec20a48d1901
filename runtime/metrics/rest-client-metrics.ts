// Prometheus metrics of every RestClient under client-go's names, fed through the global request observer.
import { Counter, register as defaultRegistry, Histogram, type Registry } from 'prom-client';
import { type RequestObserver, setRequestObserver } from '../rest/request-observer.js';

/** Options of {@link registerRestClientMetrics}. */
export interface RestClientMetricsOptions {
  /** Where the metrics are registered. @default prom-client's global registry */
  registry?: Registry;
}

/** The installed metrics; `uninstall` stops reporting (the metrics stay registered with their values). */
export interface RestClientMetrics {
  /** The observer that was installed; also usable as a RestClient's own `onRequest`. */
  readonly observer: RequestObserver;
  /** Puts back the observer that was installed before. */
  uninstall(): void;
}

// client-go's (component-base restclient) latency buckets, in seconds.
const latencyBuckets = [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60];

// Registering twice in one registry would throw: a second call reuses the families already there.
function counter<L extends string>(registry: Registry, name: string, help: string, labelNames: L[]): Counter<L> {
  return (
    (registry.getSingleMetric(name) as Counter<L> | undefined) ??
    new Counter({ name, help, labelNames, registers: [registry] })
  );
}

/**
 * Registers rest_client_requests_total{code,method,host}, rest_client_request_duration_seconds{verb,host} and
 * rest_client_request_retries_total{code,verb,host} (client-go's names and labels), and installs an observer so
 * that every RestClient, whenever created, reports to them. Watches count as requests but not in the latency
 * histogram, as in client-go, since their duration is the stream's life.
 */
export function registerRestClientMetrics(options: RestClientMetricsOptions = {}): RestClientMetrics {
  const registry = options.registry ?? defaultRegistry;
  const requests = counter(
    registry,
    'rest_client_requests_total',
    'Number of HTTP requests, partitioned by status code, method, and host.',
    ['code', 'method', 'host'],
  );
  const retries = counter(
    registry,
    'rest_client_request_retries_total',
    'Number of request retries, partitioned by status code, verb, and host.',
    ['code', 'verb', 'host'],
  );
  const latencyName = 'rest_client_request_duration_seconds';
  const latency =
    (registry.getSingleMetric(latencyName) as Histogram<'verb' | 'host'> | undefined) ??
    new Histogram({
      name: latencyName,
      help: 'Request latency in seconds. Broken down by verb, and host.',
      labelNames: ['verb', 'host'],
      buckets: latencyBuckets,
      registers: [registry],
    });
  const observer: RequestObserver = (o) => {
    requests.inc({ code: o.code, method: o.verb, host: o.host });
    if (o.retryOf !== undefined) {
      retries.inc({ code: o.retryOf, verb: o.verb, host: o.host });
    }
    if (!o.watch) {
      latency.observe({ verb: o.verb, host: o.host }, o.durationMs / 1000);
    }
  };
  const previous = setRequestObserver(observer);
  let installed = true;
  return {
    observer,
    uninstall() {
      if (installed) {
        installed = false;
        setRequestObserver(previous);
      }
    },
  };
}
