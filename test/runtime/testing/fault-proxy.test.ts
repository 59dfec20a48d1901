// FaultProxy against a local TCP peer: pass-through, reset, stall, mid-chunk cut, delay and throttling.
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../runtime/testing/index.js';
import { FaultProxy } from '../../support/fault-proxy.js';

/** A TCP server that echoes (or only records) what it receives, and can send on every connection. */
interface Peer {
  readonly server: Server;
  readonly port: number;
  readonly sockets: Socket[];
  received: number;
  close(): Promise<void>;
}

async function startPeer(echo = true): Promise<Peer> {
  const sockets: Socket[] = [];
  const server = createServer((s) => {
    sockets.push(s);
    s.on('error', () => {});
    s.on('data', (c: Buffer) => {
      peer.received += c.length;
      if (echo) {
        s.write(c);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const peer: Peer = {
    server,
    port: typeof addr === 'object' && addr !== null ? addr.port : 0,
    sockets,
    received: 0,
    close: async () => {
      for (const s of sockets) {
        s.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return peer;
}

/** A client connection that records what arrives and how it ended. */
interface Client {
  readonly socket: Socket;
  data: Buffer;
  ended: boolean;
  error: NodeJS.ErrnoException | undefined;
  closed: boolean;
}

async function connectClient(port: number): Promise<Client> {
  const socket = connect({ port, host: '127.0.0.1' });
  const c: Client = { socket, data: Buffer.alloc(0), ended: false, error: undefined, closed: false };
  socket.on('data', (d: Buffer) => {
    c.data = Buffer.concat([c.data, d]);
  });
  socket.on('end', () => {
    c.ended = true;
  });
  socket.on('error', (e) => {
    c.error = e;
  });
  socket.on('close', () => {
    c.closed = true;
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return c;
}

// Waits on real I/O; the bound only turns a hang into a failure, it asserts nothing about speed.
async function eventually(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (cond()) {
      return;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) {
    await c();
  }
});

async function setup(opts: { echo?: boolean; clock?: FakeClock } = {}): Promise<{ peer: Peer; proxy: FaultProxy }> {
  const peer = await startPeer(opts.echo ?? true);
  cleanups.push(() => peer.close());
  const proxy = await FaultProxy.start({
    targetPort: peer.port,
    ...(opts.clock !== undefined ? { clock: opts.clock } : {}),
  });
  cleanups.push(() => proxy.close());
  return { peer, proxy };
}

async function client(proxy: FaultProxy): Promise<Client> {
  const c = await connectClient(proxy.port);
  cleanups.push(() => {
    c.socket.destroy();
  });
  return c;
}

describe('FaultProxy', () => {
  it('passes bytes through both ways and counts them', async () => {
    const { peer, proxy } = await setup();
    const c = await client(proxy);
    c.socket.write('hello proxy');
    await eventually(() => c.data.toString() === 'hello proxy', 'the echo');
    expect(peer.sockets).toHaveLength(1);
    expect(proxy.stats()).toMatchObject({ accepted: 1, live: 1, bytesUpstream: 11, bytesDownstream: 11 });
    expect(proxy.proxiedUrl('https://127.0.0.1:6443')).toBe(`https://127.0.0.1:${proxy.port}`);
  });

  it('relays a half-close in order behind the data', async () => {
    const { peer, proxy } = await setup({ echo: false });
    const c = await client(proxy);
    await eventually(() => peer.sockets.length === 1, 'the upstream connection');
    const up = peer.sockets[0] as Socket;
    up.end('last words');
    await eventually(() => c.ended, 'the FIN');
    expect(c.data.toString()).toBe('last words');
  });

  it('resetAll() resets every open connection on both sides and lets new ones through', async () => {
    const { peer, proxy } = await setup();
    const a = await client(proxy);
    const b = await client(proxy);
    await eventually(() => peer.sockets.length === 2, 'both upstream connections');
    let upstreamErrors = 0;
    for (const s of peer.sockets) {
      s.on('error', () => upstreamErrors++);
    }
    expect(proxy.resetAll()).toBe(2);
    await eventually(() => a.closed && b.closed && peer.sockets.every((s) => s.destroyed), 'all sides closed');
    expect(a.error?.code).toBe('ECONNRESET');
    expect(b.error?.code).toBe('ECONNRESET');
    expect(upstreamErrors).toBe(2);
    expect(proxy.stats()).toMatchObject({ resets: 2, live: 0 });

    const c = await client(proxy);
    c.socket.write('again');
    await eventually(() => c.data.toString() === 'again', 'the echo after the reset');
  });

  it('stall() swallows bytes on open connections and accepts new ones without forwarding them', async () => {
    const { peer, proxy } = await setup();
    const open = await client(proxy);
    open.socket.write('before');
    await eventually(() => open.data.toString() === 'before', 'the echo before the stall');

    proxy.stall();
    open.socket.write('during');
    await eventually(() => proxy.stats().bytesDropped === 6, 'the proxy to swallow the bytes');
    expect(peer.received).toBe(6); // only "before" reached the server
    const late = await client(proxy); // the TCP accept still succeeds
    late.socket.write('hello?');
    await eventually(() => proxy.stats().bytesDropped === 12, 'the proxy to swallow the new connection');
    expect(peer.sockets).toHaveLength(1);
    expect(proxy.stats()).toMatchObject({ stalled: 2, live: 2 });
    expect(open.closed || late.closed).toBe(false);

    // Healing lets new connections through; the stalled ones stay silent, as a dead path would.
    proxy.heal();
    open.socket.write('after');
    const fresh = await client(proxy);
    fresh.socket.write('healed');
    await eventually(() => fresh.data.toString() === 'healed', 'the echo on a new connection');
    await eventually(() => proxy.stats().bytesDropped === 17, 'the stalled connection to swallow "after"');
    expect(open.data.toString()).toBe('before');
    expect(peer.received).toBe(12); // before + healed
  });

  it('stall({ newConnections: false }) silences open connections only', async () => {
    const { peer, proxy } = await setup();
    const open = await client(proxy);
    proxy.stall({ newConnections: false });
    open.socket.write('lost');
    const fresh = await client(proxy);
    fresh.socket.write('fine');
    await eventually(() => fresh.data.toString() === 'fine', 'the echo on the new connection');
    await eventually(() => proxy.stats().bytesDropped === 4, 'the open connection to swallow its bytes');
    expect(open.data.length).toBe(0);
    expect(peer.received).toBe(4);
  });

  it('cutNextChunk() forwards half of the next chunk, then ends the connection', async () => {
    const { peer, proxy } = await setup({ echo: false });
    const c = await client(proxy);
    await eventually(() => peer.sockets.length === 1, 'the upstream connection');
    const up = peer.sockets[0] as Socket;
    up.write('whole');
    await eventually(() => c.data.toString() === 'whole', 'the first chunk');

    expect(proxy.cutNextChunk()).toBe(1);
    up.write(Buffer.alloc(64 * 1024, 'x'));
    await eventually(() => c.closed, 'the cut');
    const after = c.data.length - 5;
    expect(after).toBeGreaterThan(0);
    expect(after).toBeLessThan(64 * 1024);
    expect(c.ended).toBe(true);
    expect(proxy.stats()).toMatchObject({ cuts: 1, live: 0 });
  });

  it('cutNextChunk({ mode: "reset" }) resets after the partial chunk', async () => {
    const { peer, proxy } = await setup();
    const c = await client(proxy);
    await eventually(() => peer.sockets.length === 1, 'the upstream connection');
    proxy.cutNextChunk({ direction: 'upstream', mode: 'reset' });
    c.socket.write('0123456789');
    await eventually(() => c.closed, 'the reset');
    expect(c.error?.code).toBe('ECONNRESET');
    expect(peer.received).toBeLessThan(10);
  });

  it('stopListening() refuses new connections, keeps open ones, and resumeListening() reopens the port', async () => {
    const { proxy } = await setup();
    const open = await client(proxy);
    const port = proxy.port;
    await proxy.stopListening();
    await expect(connectClient(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    open.socket.write('still here');
    await eventually(() => open.data.toString() === 'still here', 'the echo on the open connection');
    await proxy.resumeListening();
    expect(proxy.port).toBe(port);
    const again = await client(proxy);
    again.socket.write('back');
    await eventually(() => again.data.toString() === 'back', 'the echo after resuming');
  });

  it('setDelay() holds each chunk for the delay on the injected clock', async () => {
    const clock = new FakeClock();
    const { proxy } = await setup({ clock });
    const c = await client(proxy);
    proxy.setDelay(5_000);
    c.socket.write('slow');
    await clock.waitForTimers(1);
    expect(clock.pendingDelays()).toEqual([5_000]);
    await clock.advance(4_999);
    expect(c.data.length).toBe(0);
    await clock.advance(1);
    // Upstream went through; the echo is now held for its own delay on the way back.
    await clock.waitForTimers(1);
    expect(c.data.length).toBe(0);
    await clock.advance(5_000);
    await eventually(() => c.data.toString() === 'slow', 'the delayed echo');
  });

  it('setThrottle() paces each direction at the given rate on the injected clock', async () => {
    const clock = new FakeClock();
    const { peer, proxy } = await setup({ echo: false, clock });
    const c = await client(proxy);
    await eventually(() => peer.sockets.length === 1, 'the upstream connection');
    proxy.setThrottle(1_000); // slices of 20 bytes, one every 20 ms
    (peer.sockets[0] as Socket).write(Buffer.alloc(200, 'y'));
    let elapsed = 0;
    while (c.data.length < 200) {
      await eventually(() => clock.pendingTimers() > 0 || c.data.length === 200, 'the next slice');
      // Never more than one slice ahead of the rate.
      expect(c.data.length).toBeLessThanOrEqual((elapsed / 1000) * 1_000 + 20);
      const delay = clock.pendingDelays()[0] ?? 0;
      elapsed += delay;
      await clock.advance(delay);
    }
    expect(elapsed).toBeGreaterThanOrEqual(180);
  });
});
