// A loopback TCP proxy that injects wire faults (resets, stalls, mid-chunk cuts, delay, throttling) under test control.
//
// It forwards raw bytes, so TLS stays end to end: point a client at `127.0.0.1:<proxy port>` and the server's
// certificate still validates as long as it carries the IP SAN 127.0.0.1 (envtest's serving certificate does).
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { type Clock, realClock } from '../../runtime/util/clock.js';
import { type Counters, type CutMode, type Direction, type Faults, Link } from './fault-proxy-link.js';

/** Options of {@link FaultProxy.start}. */
export interface FaultProxyOptions {
  /** The port connections are forwarded to. */
  readonly targetPort: number;
  /** @default '127.0.0.1' */
  readonly targetHost?: string;
  /** The port to listen on, always on 127.0.0.1. @default 0 (a free port) */
  readonly port?: number;
  /** Drives delays and throttling, so unit tests can use a FakeClock. @default realClock */
  readonly clock?: Clock;
}

export type { CutMode, Direction } from './fault-proxy-link.js';

/** Counters since the proxy started. */
export interface FaultProxyStats {
  /** Connections accepted. */
  readonly accepted: number;
  /** Connections open now. */
  readonly live: number;
  /** Connections torn down by resetAll(). */
  readonly resets: number;
  /** Connections cut by cutNextChunk(). */
  readonly cuts: number;
  /** Connections that were stalled (accepted or caught by stall()). */
  readonly stalled: number;
  readonly bytesUpstream: number;
  readonly bytesDownstream: number;
  /** Bytes swallowed by stalled connections. */
  readonly bytesDropped: number;
}

function listen(server: Server, port: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port, ...(signal !== undefined ? { signal } : {}) }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** A fault-injecting TCP proxy on 127.0.0.1. Start it with {@link FaultProxy.start}; close it with close(). */
export class FaultProxy {
  private readonly links = new Set<Link>();
  private readonly faults: Faults = { stalled: false, delayMs: 0, bytesPerSecond: 0 };
  private readonly counters: Counters = {
    accepted: 0,
    resets: 0,
    cuts: 0,
    stalled: 0,
    bytesUpstream: 0,
    bytesDownstream: 0,
    bytesDropped: 0,
  };
  private readonly clock: Clock;
  private readonly targetHost: string;
  private readonly targetPort: number;
  private listenPort = 0;

  private constructor(
    private readonly server: Server,
    options: FaultProxyOptions,
  ) {
    this.clock = options.clock ?? realClock;
    this.targetHost = options.targetHost ?? '127.0.0.1';
    this.targetPort = options.targetPort;
    server.on('connection', (client) => this.accept(client));
  }

  /** Listens on 127.0.0.1 and resolves once connections are accepted. */
  static async start(options: FaultProxyOptions, signal?: AbortSignal): Promise<FaultProxy> {
    const server = createServer({ allowHalfOpen: true, noDelay: true });
    const proxy = new FaultProxy(server, options);
    await listen(server, options.port ?? 0, signal);
    proxy.listenPort = proxy.port;
    return proxy;
  }

  /** The port the proxy listens on. */
  get port(): number {
    const addr = this.server.address();
    return addr === null || typeof addr === 'string' ? this.listenPort : addr.port;
  }

  /** `url` with its host and port replaced by the proxy's (`https://127.0.0.1:6443` -> `https://127.0.0.1:<port>`). */
  proxiedUrl(url: string): string {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.toString().replace(/\/$/, '');
  }

  stats(): FaultProxyStats {
    return { ...this.counters, live: this.links.size };
  }

  /** Resets (RST) every open connection, both sides. New connections are unaffected. Returns how many were reset. */
  resetAll(): number {
    const links = [...this.links];
    for (const l of links) {
      l.close('reset');
    }
    this.counters.resets += links.length;
    return links.length;
  }

  /**
   * Makes the network silent: open connections stop forwarding in both directions (bytes are swallowed, nothing
   * is closed), and new connections are accepted but never forwarded. A stalled connection stays dead after
   * heal(), as a path that silently lost its peer would; only new connections recover. With
   * `newConnections: false` only the open connections go silent (half-open connections; the network still works).
   */
  stall(options: { readonly newConnections?: boolean } = {}): void {
    this.faults.stalled = options.newConnections ?? true;
    for (const l of this.links) {
      if (!l.stalled) {
        l.stalled = true;
        this.counters.stalled++;
      }
    }
  }

  /**
   * Arms every open connection: the next chunk flowing in `direction` is forwarded only in part (its first half),
   * then the connection is closed (FIN by default, RST with `reset`). Returns how many connections were armed.
   */
  cutNextChunk(options: { direction?: Direction; mode?: CutMode } = {}): number {
    let armed = 0;
    for (const l of this.links) {
      const pump = (options.direction ?? 'downstream') === 'downstream' ? l.down : l.up;
      if (pump !== undefined && !l.stalled) {
        pump.cut = options.mode ?? 'end';
        armed++;
      }
    }
    return armed;
  }

  /** Holds every chunk, in both directions, this long before forwarding it. 0 turns it off. */
  setDelay(ms: number): void {
    this.faults.delayMs = Math.max(0, ms);
  }

  /** Limits each direction of each connection to this many bytes per second. 0 turns it off. */
  setThrottle(bytesPerSecond: number): void {
    this.faults.bytesPerSecond = Math.max(0, bytesPerSecond);
  }

  /** Clears stall, delay, throttle and armed cuts for what comes next; stalled connections stay dead. */
  heal(): void {
    this.faults.stalled = false;
    this.faults.delayMs = 0;
    this.faults.bytesPerSecond = 0;
    for (const l of this.links) {
      if (l.up !== undefined) {
        l.up.cut = undefined;
      }
      if (l.down !== undefined) {
        l.down.cut = undefined;
      }
    }
  }

  /**
   * Stops accepting: new connections are refused (ECONNREFUSED) until {@link FaultProxy.resumeListening}; open
   * connections carry on. A client then sees what it sees while an API server restarts.
   */
  async stopListening(): Promise<void> {
    if (!this.server.listening) {
      return;
    }
    this.listenPort = this.port;
    // close() stops accepting at once; its callback would wait for the open connections, which stay.
    this.server.close();
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  /** Listens again, on the same port, after {@link FaultProxy.stopListening}. */
  async resumeListening(signal?: AbortSignal): Promise<void> {
    if (this.server.listening) {
      return;
    }
    await listen(this.server, this.listenPort, signal);
  }

  /** Stops listening and resets every connection. */
  async close(): Promise<void> {
    for (const l of [...this.links]) {
      l.close('reset');
    }
    if (this.server.listening) {
      await new Promise<void>((resolve) => this.server.close(() => resolve()));
    }
  }

  private accept(client: Socket): void {
    this.counters.accepted++;
    client.setNoDelay(true);
    let server: Socket | undefined;
    if (this.faults.stalled) {
      this.counters.stalled++;
    } else {
      server = createConnection({ host: this.targetHost, port: this.targetPort, noDelay: true, allowHalfOpen: true });
    }
    const link = new Link(client, server, this.faults, this.counters, this.clock, (l) => this.links.delete(l));
    this.links.add(link);
  }
}
