// The connections of FaultProxy: a client socket, its upstream socket, and one fault-aware pump per direction.
import type { Socket } from 'node:net';
import { sleep } from '../../runtime/util/abort.js';
import type { Clock } from '../../runtime/util/clock.js';

/** Which way bytes flow: `upstream` is client to server, `downstream` server to client. */
export type Direction = 'upstream' | 'downstream';

/** How {@link FaultProxy.cutNextChunk} closes a connection after the partial chunk. */
export type CutMode = 'end' | 'reset';

// A source is paused while this many bytes wait in its pump, so a slow or throttled side pushes back.
const highWaterBytes = 1 << 20;
// Throttled bytes go out in slices this many times a second.
const throttleSlicesPerSecond = 50;

/** The faults in force, shared by the proxy and its connections. */
export interface Faults {
  stalled: boolean;
  delayMs: number;
  bytesPerSecond: number;
}

/** The proxy's counters, updated by its connections. */
export interface Counters {
  accepted: number;
  resets: number;
  cuts: number;
  stalled: number;
  bytesUpstream: number;
  bytesDownstream: number;
  bytesDropped: number;
}

/** One direction of one connection: an ordered queue of chunks forwarded under the current faults. */
export class Pump {
  private readonly queue: Buffer[] = [];
  private queuedBytes = 0;
  private running = false;
  private ended = false;
  cut: CutMode | undefined;

  constructor(
    private readonly link: Link,
    private readonly direction: Direction,
    private readonly src: Socket,
    private readonly dst: Socket,
  ) {}

  push(chunk: Buffer): void {
    this.queue.push(chunk);
    this.queuedBytes += chunk.length;
    if (this.queuedBytes > highWaterBytes) {
      this.src.pause();
    }
    if (!this.running) {
      void this.drain();
    }
  }

  end(): void {
    this.ended = true;
    if (!this.running) {
      void this.drain();
    }
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      for (let chunk = this.queue.shift(); chunk !== undefined; chunk = this.queue.shift()) {
        this.queuedBytes -= chunk.length;
        if (this.queuedBytes <= highWaterBytes / 2 && this.src.isPaused()) {
          this.src.resume();
        }
        if (this.link.closed) {
          break;
        }
        if (this.link.stalled) {
          this.link.counters.bytesDropped += chunk.length;
          continue;
        }
        const { delayMs, bytesPerSecond } = this.link.faults;
        if (delayMs > 0) {
          await sleep(delayMs, undefined, this.link.clock);
        }
        if (this.cut !== undefined) {
          // Half the chunk (at least one byte) goes through, then the connection ends inside it.
          const mode = this.cut;
          const part = chunk.subarray(0, Math.max(1, Math.floor(chunk.length / 2)));
          this.count(part.length);
          this.link.counters.cuts++;
          this.dst.write(part, () => this.link.close(mode));
          this.queue.length = 0;
          return;
        }
        if (bytesPerSecond > 0) {
          await this.throttled(chunk, bytesPerSecond);
        } else {
          await this.write(chunk);
        }
      }
      if (this.ended && !this.link.closed && !this.link.stalled) {
        this.dst.end();
      }
    } finally {
      this.running = false;
    }
  }

  private async throttled(chunk: Buffer, bytesPerSecond: number): Promise<void> {
    const slice = Math.max(1, Math.round(bytesPerSecond / throttleSlicesPerSecond));
    for (let at = 0; at < chunk.length && !this.link.closed; at += slice) {
      const part = chunk.subarray(at, at + slice);
      await this.write(part);
      await sleep((part.length / bytesPerSecond) * 1000, undefined, this.link.clock);
    }
  }

  private count(n: number): void {
    if (this.direction === 'upstream') {
      this.link.counters.bytesUpstream += n;
    } else {
      this.link.counters.bytesDownstream += n;
    }
  }

  private write(chunk: Buffer): Promise<void> {
    if (this.link.closed) {
      return Promise.resolve();
    }
    this.count(chunk.length);
    if (this.dst.write(chunk)) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        this.dst.off('drain', done);
        this.dst.off('close', done);
        resolve();
      };
      this.dst.on('drain', done);
      this.dst.on('close', done);
    });
  }
}

/** A client connection and, unless it was accepted while stalled, its upstream connection. */
export class Link {
  closed = false;
  stalled: boolean;
  readonly up: Pump | undefined;
  readonly down: Pump | undefined;

  constructor(
    readonly client: Socket,
    readonly server: Socket | undefined,
    readonly faults: Faults,
    readonly counters: Counters,
    readonly clock: Clock,
    private readonly onClose: (link: Link) => void,
  ) {
    this.stalled = server === undefined;
    // Errors end the link; they are expected (that is what the proxy is for) and must not crash the test process.
    client.on('error', () => this.close('reset'));
    client.on('close', () => this.sideClosed());
    if (server === undefined) {
      client.on('data', (c: Buffer) => {
        this.counters.bytesDropped += c.length;
      });
      client.on('end', () => this.close('end'));
      return;
    }
    server.on('error', () => this.close('reset'));
    server.on('close', () => this.sideClosed());
    this.up = new Pump(this, 'upstream', client, server);
    this.down = new Pump(this, 'downstream', server, client);
    const up = this.up;
    const down = this.down;
    client.on('data', (c: Buffer) => up.push(c));
    server.on('data', (c: Buffer) => down.push(c));
    // Half-closes travel in order behind the data still queued (a delayed response must not lose its tail).
    client.on('end', () => (this.stalled ? this.close('end') : up.end()));
    server.on('end', () => (this.stalled ? this.close('end') : down.end()));
  }

  private sideClosed(): void {
    const serverGone = this.server === undefined || this.server.destroyed;
    if ((this.client.destroyed && serverGone) || this.stalled) {
      this.close('end');
    }
  }

  /** Tears both sides down: `reset` sends RST, `end` sends FIN after what was written. */
  close(mode: CutMode): void {
    if (this.closed) {
      return;
    }
    this.closed = true;
    for (const s of [this.client, this.server]) {
      if (s === undefined || s.destroyed) {
        continue;
      }
      if (mode === 'reset') {
        s.resetAndDestroy();
      } else {
        s.end();
        s.destroySoon();
      }
    }
    this.onClose(this);
  }
}
