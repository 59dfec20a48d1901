// A fake API server on 127.0.0.1 serving one ConfigMap collection whose watches misbehave on command.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the next watch request gets. */
export type WatchBehaviour =
  /** A line that is not JSON, then the connection stays open. */
  | 'garbage'
  /** Half an event, then the response ends. */
  | 'truncated'
  /** One line of `hugeLineBytes` bytes with no newline until its very end, written as fast as the client reads. */
  | 'huge'
  /** An ADDED event for every ConfigMap created after the list, then the connection stays open. */
  | 'good';

export interface WatchRecord {
  readonly behaviour: WatchBehaviour;
  /** Bytes written to this watch's response body. */
  written: number;
  /** True once the client closed the connection (or the response ended). */
  closed: boolean;
}

export interface MisbehavingApiserver {
  readonly url: string;
  /** Behaviours of the next watches, taken in order; once empty, watches are `good`. */
  readonly plan: WatchBehaviour[];
  readonly watches: WatchRecord[];
  lists: number;
  /** Adds a ConfigMap; `good` watches deliver it, later lists include it. */
  addConfigMap(name: string): void;
  /** Resolves when every watch response so far has been closed. */
  allClosed(): Promise<void>;
  close(): Promise<void>;
}

export const namespace = 'bad-input';
export const collectionPath = `/api/v1/namespaces/${namespace}/configmaps`;

function configMap(name: string, rv: number): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace, resourceVersion: String(rv), uid: `uid-${name}` },
    data: { name },
  };
}

/** Starts the server; `hugeLineBytes` defaults to 100 MB. */
export async function startMisbehavingApiserver(hugeLineBytes = 100 * 1000 * 1000): Promise<MisbehavingApiserver> {
  const objects: Record<string, unknown>[] = [configMap('a', 1)];
  let rv = 1;
  const live = new Map<ServerResponse, WatchRecord>();
  const closedWaiters: (() => void)[] = [];
  const watches: WatchRecord[] = [];
  const plan: WatchBehaviour[] = [];

  const settle = (): void => {
    if (watches.every((w) => w.closed)) {
      for (const w of closedWaiters.splice(0)) {
        w();
      }
    }
  };

  const writeHuge = (res: ServerResponse, rec: WatchRecord): void => {
    const block = Buffer.alloc(1024 * 1024, 0x61);
    const head = Buffer.from('{"type":"ADDED","object":{"metadata":{"name":"huge"},"data":{"x":"');
    res.write(head);
    rec.written += head.length;
    const pump = (): void => {
      while (!rec.closed && rec.written + block.length < hugeLineBytes) {
        rec.written += block.length;
        if (!res.write(block)) {
          res.once('drain', pump);
          return;
        }
      }
      if (!rec.closed) {
        res.end('"}}}\n');
      }
    };
    pump();
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method !== 'GET' || url.pathname !== collectionPath) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"kind":"Status","code":404}');
      return;
    }
    if (url.searchParams.get('watch') !== 'true') {
      api.lists++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          kind: 'ConfigMapList',
          apiVersion: 'v1',
          metadata: { resourceVersion: String(rv) },
          items: objects,
        }),
      );
      return;
    }
    const behaviour = plan.shift() ?? 'good';
    const rec: WatchRecord = { behaviour, written: 0, closed: false };
    watches.push(rec);
    live.set(res, rec);
    res.on('close', () => {
      rec.closed = true;
      live.delete(res);
      settle();
    });
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    const send = (s: string): void => {
      rec.written += Buffer.byteLength(s);
      res.write(s);
    };
    switch (behaviour) {
      case 'garbage':
        send('<html>502 Bad Gateway</html>\n');
        break;
      case 'truncated':
        send('{"type":"ADDED","object":{"metadata":{"name":"cut"');
        res.end();
        break;
      case 'huge':
        writeHuge(res, rec);
        break;
      case 'good': {
        const since = Number(url.searchParams.get('resourceVersion') ?? '0');
        for (const o of objects) {
          const orv = Number((o.metadata as { resourceVersion: string }).resourceVersion);
          if (orv > since) {
            send(`${JSON.stringify({ type: 'ADDED', object: o })}\n`);
          }
        }
        break;
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const api: MisbehavingApiserver = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    plan,
    watches,
    lists: 0,
    addConfigMap(name) {
      rv++;
      const o = configMap(name, rv);
      objects.push(o);
      for (const [res, rec] of live) {
        if (rec.behaviour === 'good') {
          res.write(`${JSON.stringify({ type: 'ADDED', object: o })}\n`);
        }
      }
    },
    allClosed: () =>
      new Promise<void>((resolve) => {
        closedWaiters.push(resolve);
        settle();
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return api;
}
