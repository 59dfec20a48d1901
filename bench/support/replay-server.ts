// A local node:http "apiserver" for Pods that replays a pre-rendered LIST and WATCH at full speed (127.0.0.1 only).
//
// State is a snapshot (served by LIST at `snapshotRv`) plus a log of watch events after it. A WATCH from RV r
// streams every logged event newer than r, then stays open for events that churn() adds later. expire() folds the
// log into the snapshot and moves `snapshotRv` past the last event, so every watcher gets a 410 and must relist,
// which is how etcd compaction looks to a client.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { benchNamespace, benchPod } from './bench-pod.js';

/** Options of {@link ReplayServer}. */
export interface ReplayServerOptions {
  /** Objects in the initial LIST. */
  count: number;
  /** MODIFIED events (one per object, cycling) logged after the LIST, replayed by every fresh watch. @default 0 */
  watchUpdates?: number;
  /** @default 'bench' */
  namespace?: string;
}

interface Entry {
  readonly i: number;
  readonly generation: number;
  readonly json: Buffer;
}

interface LogEvent {
  readonly rv: number;
  readonly line: Buffer;
}

const comma = Buffer.from(',');
// Flush watch output in chunks of about this size: one write per event would make the server the bottleneck.
const chunkBytes = 256 * 1024;

function goneLine(): Buffer {
  const status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'too old resource version',
    reason: 'Expired',
    code: 410,
  };
  return Buffer.from(`${JSON.stringify({ type: 'ERROR', object: status })}\n`);
}

function writeAll(res: ServerResponse, buf: Buffer): Promise<void> {
  if (res.write(buf)) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** The replay server. Start with listen(); every request is served from memory. */
export class ReplayServer {
  private readonly namespace: string;
  private snapshot = new Map<string, Entry>();
  // The snapshot in list order, made once per snapshot: copying 150k entries for each of a paged list's 300 pages
  // would load the machine the clients share and penalise exactly the clients that page, as client-go does.
  private snapshotItems: Entry[] | undefined;
  private snapshotRv = 1000;
  private log: LogEvent[] = [];
  private readonly watchers = new Set<{ res: ServerResponse; wake: () => void }>();
  private server: Server | undefined;
  /** Requests served, by kind, for checks that the client really listed and watched. */
  readonly stats = { lists: 0, watches: 0, gone: 0 };

  constructor(options: ReplayServerOptions) {
    this.namespace = options.namespace ?? benchNamespace;
    const rv = String(this.snapshotRv);
    for (let i = 0; i < options.count; i++) {
      const pod = benchPod(i, { namespace: this.namespace, resourceVersion: rv });
      const name = (pod.metadata as { name: string }).name;
      this.snapshot.set(name, { i, generation: 0, json: Buffer.from(JSON.stringify(pod)) });
    }
    const updates = options.watchUpdates ?? 0;
    for (let k = 0; k < updates && options.count > 0; k++) {
      this.append('MODIFIED', k % options.count, Math.floor(k / options.count) + 1);
    }
  }

  /** Mean JSON bytes of the objects a LIST returns. */
  meanObjectBytes(): number {
    let total = 0;
    for (const e of this.snapshot.values()) {
      total += e.json.length;
    }
    return this.snapshot.size === 0 ? 0 : total / this.snapshot.size;
  }

  private lastRv(): number {
    return this.log.length === 0 ? this.snapshotRv : (this.log[this.log.length - 1] as LogEvent).rv;
  }

  private append(type: 'MODIFIED' | 'DELETED', i: number, generation: number): void {
    const rv = this.lastRv() + 1;
    const pod = benchPod(i, { namespace: this.namespace, resourceVersion: String(rv), generation });
    this.log.push({ rv, line: Buffer.from(`{"type":"${type}","object":${JSON.stringify(pod)}}\n`) });
  }

  /** Logs `updates` MODIFIED and then `deletes` DELETED events over the current objects and pushes them to watchers. */
  churn(updates: number, deletes: number): void {
    const current = this.currentState();
    const entries = [...current.values()];
    for (let k = 0; k < updates && entries.length > 0; k++) {
      const e = entries[k % entries.length] as Entry;
      const generation = e.generation + 1 + Math.floor(k / entries.length);
      this.append('MODIFIED', e.i, generation);
    }
    for (let k = 0; k < deletes && k < entries.length; k++) {
      const e = entries[entries.length - 1 - k] as Entry;
      this.append('DELETED', e.i, e.generation);
    }
    for (const w of this.watchers) {
      w.wake();
    }
  }

  // The snapshot with the log applied, keyed by name (deletes removed).
  private currentState(): Map<string, Entry> {
    const state = new Map(this.snapshot);
    for (const ev of this.log) {
      const parsed = JSON.parse(ev.line.toString()) as {
        type: string;
        object: { metadata: { name: string; labels: { rev: string } } };
      };
      const name = parsed.object.metadata.name;
      if (parsed.type === 'DELETED') {
        state.delete(name);
      } else {
        const old = state.get(name) as Entry;
        const json = Buffer.from(JSON.stringify(parsed.object));
        state.set(name, { i: old.i, generation: Number(parsed.object.metadata.labels.rev), json });
      }
    }
    return state;
  }

  /** Compacts: the log becomes the snapshot at a newer RV; open watches get 410 Gone and every client must relist. */
  expire(): void {
    const state = this.currentState();
    this.snapshotRv = this.lastRv() + 1;
    const rv = String(this.snapshotRv);
    this.snapshot = new Map();
    this.snapshotItems = undefined;
    for (const [name, e] of state) {
      const pod = benchPod(e.i, { namespace: this.namespace, resourceVersion: rv, generation: e.generation });
      this.snapshot.set(name, { i: e.i, generation: e.generation, json: Buffer.from(JSON.stringify(pod)) });
    }
    this.log = [];
    for (const w of this.watchers) {
      this.stats.gone++;
      w.res.end(goneLine());
    }
    this.watchers.clear();
  }

  /** Objects a fresh LIST would return now. */
  size(): number {
    return this.currentState().size;
  }

  /** Starts listening on 127.0.0.1 (an ephemeral port unless given) and returns the base URL. */
  listen(port = 0): Promise<string> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        res.destroy(e as Error);
      });
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      });
    });
  }

  /** Ends open watches and stops listening. */
  close(): Promise<void> {
    for (const w of this.watchers) {
      w.res.end();
    }
    this.watchers.clear();
    const server = this.server;
    if (server === undefined) {
      return Promise.resolve();
    }
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    if (path.startsWith('/control/')) {
      this.serveControl(path, url, res);
      return;
    }
    if (path === '/api/v1/pods' || path === `/api/v1/namespaces/${this.namespace}/pods`) {
      const watch = url.searchParams.get('watch');
      if (watch === 'true' || watch === '1') {
        await this.serveWatch(url, res);
      } else {
        await this.serveList(url, res);
      }
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        reason: 'NotFound',
        code: 404,
        message: path,
      }),
    );
  }

  // Lets the benchmark process drive phases (churn, compaction) while the server runs in its own process.
  private serveControl(path: string, url: URL, res: ServerResponse): void {
    if (path === '/control/churn') {
      this.churn(Number(url.searchParams.get('updates') ?? '0'), Number(url.searchParams.get('deletes') ?? '0'));
    } else if (path === '/control/expire') {
      this.expire();
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        ...this.stats,
        size: this.size(),
        meanObjectBytes: this.meanObjectBytes(),
        snapshotResourceVersion: String(this.snapshotRv),
        lastResourceVersion: String(this.lastRv()),
      }),
    );
  }

  private async serveList(url: URL, res: ServerResponse): Promise<void> {
    this.stats.lists++;
    const limit = Number(url.searchParams.get('limit') ?? '0');
    const from = Number(url.searchParams.get('continue') || '0');
    this.snapshotItems ??= [...this.snapshot.values()];
    const items = this.snapshotItems;
    const to = limit > 0 ? Math.min(items.length, from + limit) : items.length;
    const more = to < items.length ? `,"continue":"${to}","remainingItemCount":${items.length - to}` : '';
    res.writeHead(200, { 'content-type': 'application/json' });
    await writeAll(
      res,
      Buffer.from(
        `{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"${this.snapshotRv}"${more}},"items":[`,
      ),
    );
    let parts: Buffer[] = [];
    let size = 0;
    for (let k = from; k < to; k++) {
      if (k > from) {
        parts.push(comma);
      }
      const json = (items[k] as Entry).json;
      parts.push(json);
      size += json.length;
      if (size >= chunkBytes) {
        await writeAll(res, Buffer.concat(parts));
        parts = [];
        size = 0;
      }
    }
    parts.push(Buffer.from(']}'));
    res.end(Buffer.concat(parts));
  }

  private async serveWatch(url: URL, res: ServerResponse): Promise<void> {
    this.stats.watches++;
    const rv = Number(url.searchParams.get('resourceVersion') || String(this.lastRv()));
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    // Headers go out now even when no event is due yet, as an apiserver does; clients wait on them.
    res.flushHeaders();
    if (rv < this.snapshotRv) {
      this.stats.gone++;
      res.end(goneLine());
      return;
    }
    let closed = false;
    res.on('close', () => {
      closed = true;
    });
    let next = rv;
    let wake: () => void = () => {};
    const watcher = { res, wake: () => wake() };
    this.watchers.add(watcher);
    try {
      while (!closed && !res.writableEnded) {
        // Events are numbered snapshotRv+1, +2, ...: the first one after `next` is at index next - snapshotRv.
        let k = Math.max(0, next - this.snapshotRv);
        while (k < this.log.length && !closed && !res.writableEnded) {
          const parts: Buffer[] = [];
          let size = 0;
          while (k < this.log.length && size < chunkBytes) {
            const ev = this.log[k] as LogEvent;
            parts.push(ev.line);
            size += ev.line.length;
            next = ev.rv;
            k++;
          }
          await writeAll(res, Buffer.concat(parts));
        }
        if (closed || res.writableEnded) {
          break;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
          res.once('close', resolve);
        });
      }
    } finally {
      this.watchers.delete(watcher);
    }
  }
}
