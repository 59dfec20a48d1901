// A watch over an HTTP body against a local server: batches per chunk, errors after the events before them, stop.
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { WatchEvent } from '../../../runtime/api/watch-event.js';
import { ApiError } from '../../../runtime/errors/api-error.js';
import { ResourceClient } from '../../../runtime/rest/resource-client.js';
import { RestClient } from '../../../runtime/rest/rest-client.js';
import { WatchDecodeError } from '../../../runtime/watch/watch-decoder.js';
import { type BatchedWatch, isBatchedWatch } from '../../../runtime/watch/watch-event-buffer.js';
import { type LocalServer, startLocalServer } from './local-server.js';

let server: LocalServer | undefined;
let rest: RestClient | undefined;
afterEach(async () => {
  await rest?.close();
  await server?.close();
});

const line = (type: string, name: string, rv: string) =>
  `${JSON.stringify({ type, object: { kind: 'ConfigMap', metadata: { name, resourceVersion: rv } } })}\n`;

/** A watch whose response the test writes through `res`; resolves once the server has the request. */
async function openWatch(): Promise<{ watch: BatchedWatch<unknown>; res: ServerResponse }> {
  let resolveRes: (r: ServerResponse) => void = () => {};
  const gotRes = new Promise<ServerResponse>((r) => {
    resolveRes = r;
  });
  server = await startLocalServer((_req, r) => {
    r.writeHead(200, { 'content-type': 'application/json' });
    r.flushHeaders();
    resolveRes(r);
  });
  rest = new RestClient({ host: server.url, qps: -1 });
  const client = new ResourceClient({
    rest,
    gvr: { group: '', version: 'v1', resource: 'configmaps' },
    namespaced: true,
  });
  const watch = await client.watch();
  expect(isBatchedWatch(watch)).toBe(true);
  return { watch: watch as BatchedWatch<unknown>, res: await gotRes };
}

const names = (batch: readonly WatchEvent<unknown>[] | undefined) =>
  batch?.map((e) => (e.object as { metadata: { name: string } }).metadata.name);

describe('BodyWatch', () => {
  it('hands over every event a chunk completed in one batch, a line split across chunks once it is whole', async () => {
    const { watch, res } = await openWatch();
    res.write(line('ADDED', 'a', '1') + line('ADDED', 'b', '2') + line('MODIFIED', 'c', '3').slice(0, 20));
    expect(names(await watch.nextBatch())).toEqual(['a', 'b']);
    res.write(line('MODIFIED', 'c', '3').slice(20));
    expect(names(await watch.nextBatch())).toEqual(['c']);
    res.end();
    expect(await watch.nextBatch()).toBeUndefined();
  });

  it('delivers the events before an ERROR event, then throws its ApiError', async () => {
    const { watch, res } = await openWatch();
    const status = {
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      code: 410,
      reason: 'Expired',
      message: 'gone',
    };
    res.write(
      `${line('ADDED', 'a', '1')}${JSON.stringify({ type: 'ERROR', object: status })}\n${line('ADDED', 'z', '9')}`,
    );
    const it = watch[Symbol.asyncIterator]();
    expect((await it.next()).value?.type).toBe('ADDED');
    const err = await it.next().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).statusCode).toBe(410);
    expect((err as ApiError).reason).toBe('Expired');
  });

  it('ends with a WatchDecodeError when the stream stops in the middle of an event', async () => {
    const { watch, res } = await openWatch();
    res.end(`${line('ADDED', 'a', '1')}{"type":"ADDED","obj`);
    expect(names(await watch.nextBatch())).toEqual(['a']);
    await expect(watch.nextBatch()).rejects.toBeInstanceOf(WatchDecodeError);
  });

  it('unread() puts events back in front of what arrives next', async () => {
    const { watch, res } = await openWatch();
    res.write(line('ADDED', 'a', '1') + line('ADDED', 'b', '2'));
    const batch = (await watch.nextBatch()) ?? [];
    watch.unread(batch.slice(1));
    res.write(line('ADDED', 'c', '3'));
    await new Promise((r) => setTimeout(r, 20));
    expect(names(await watch.nextBatch())).toEqual(['b', 'c']);
    watch.stop();
  });

  it('stop() ends a waiting iteration quietly and closes the response', async () => {
    const { watch, res } = await openWatch();
    const closed = new Promise<void>((r) => res.on('close', () => r()));
    const pending = watch[Symbol.asyncIterator]().next();
    watch.stop();
    expect(await pending).toEqual({ done: true, value: undefined });
    await closed;
    watch.stop();
  });

  it('an aborted signal rejects the waiting consumer with its reason', async () => {
    server = await startLocalServer((_req, r) => {
      r.writeHead(200, { 'content-type': 'application/json' });
      r.flushHeaders();
    });
    rest = new RestClient({ host: server.url, qps: -1 });
    const client = new ResourceClient({ rest, gvr: { group: '', version: 'v1', resource: 'pods' }, namespaced: true });
    const ac = new AbortController();
    const watch = await client.watch({}, ac.signal);
    const pending = watch[Symbol.asyncIterator]().next();
    const reason = new Error('shutting down');
    ac.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it('a signal aborted before the call rejects it with its reason and sends nothing', async () => {
    server = await startLocalServer((_req, r) => {
      r.writeHead(200, { 'content-type': 'application/json' });
      r.flushHeaders();
    });
    rest = new RestClient({ host: server.url, qps: -1 });
    const client = new ResourceClient({ rest, gvr: { group: '', version: 'v1', resource: 'pods' }, namespaced: true });
    const reason = new Error('already cancelled');
    await expect(client.watch({}, AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(server.seen).toHaveLength(0);
  });
});
