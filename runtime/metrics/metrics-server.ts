// The HTTP endpoints of a running controller: Prometheus /metrics, liveness /healthz and readiness /readyz.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { register as defaultRegistry, type Registry } from 'prom-client';
import { onAbort } from '../util/abort.js';

/** Options of {@link startMetricsServer}. */
export interface MetricsServerOptions {
  /** Port to listen on; 0 picks a free one (see `port` on the result). @default 8080 */
  port?: number;
  /** Address to bind. In a pod it must be reachable from outside the container. @default '0.0.0.0' */
  host?: string;
  /** Metrics served on /metrics. @default prom-client's global registry */
  registry?: Registry;
  /** /readyz answers 200 while this returns true (typically: the caches have synced). @default always ready */
  ready?: () => boolean;
  /** /healthz answers 200 while this returns true. @default always healthy */
  healthy?: () => boolean;
}

/** A listening metrics server. */
export interface MetricsServer {
  /** The port actually bound. */
  readonly port: number;
  /** Stops listening and closes idle connections. */
  close(): Promise<void>;
}

/**
 * Serves /metrics, /healthz and /readyz until `signal` aborts or `close()` is called. Probes answer `ok` or
 * `not ready` in plain text, as Kubernetes components do; anything else is a 404.
 */
export async function startMetricsServer(
  options: MetricsServerOptions = {},
  signal?: AbortSignal,
): Promise<MetricsServer> {
  const registry = options.registry ?? defaultRegistry;
  const ready = options.ready ?? (() => true);
  const healthy = options.healthy ?? (() => true);
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const probe = (ok: boolean, failure: string): void => {
      res.writeHead(ok ? 200 : 503, { 'content-type': 'text/plain; charset=utf-8' }).end(ok ? 'ok' : failure);
    };
    if (path === '/healthz' || path === '/livez') {
      probe(healthy(), 'unhealthy');
    } else if (path === '/readyz') {
      probe(ready(), 'not ready');
    } else if (path === '/metrics' && req.method === 'GET') {
      registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
        (err: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err)),
      );
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, options.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    return closing;
  };
  const { port } = server.address() as AddressInfo;
  // A signal that aborted while the server was starting closes it at once.
  onAbort(signal, () => void close());
  return { port, close };
}
