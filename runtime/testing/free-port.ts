// Free loopback TCP ports, found by letting the kernel pick them.
import { createServer, type Server } from 'node:net';

function listenOnEphemeral(host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => resolve(server));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * Returns `count` distinct free TCP ports on `host`. All are held open until every one is chosen, so the
 * kernel cannot hand out the same port twice; a process started afterwards may still race another for them.
 * @param host @default '127.0.0.1'
 */
export async function freePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      servers.push(await listenOnEphemeral(host));
    }
    return servers.map((s) => {
      const addr = s.address();
      if (addr === null || typeof addr === 'string') {
        throw new Error('expected a TCP address');
      }
      return addr.port;
    });
  } finally {
    await Promise.all(servers.map(close));
  }
}

/** Returns one free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port as number;
}
