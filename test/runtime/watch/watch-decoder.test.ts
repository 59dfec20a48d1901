// Watch framing: events split across chunks, multi-byte characters split across chunks, malformed lines, ERROR.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../runtime/errors/api-error.js';
import { decodeWatchStream, WatchDecodeError } from '../../../runtime/watch/watch-decoder.js';

async function* chunksOf(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) {
    yield bytes.subarray(i, i + size);
  }
}

async function collect(bytes: Buffer, size: number): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const ev of decodeWatchStream(chunksOf(bytes, size))) {
    out.push(ev);
  }
  return out;
}

const events = [
  { type: 'ADDED', object: { metadata: { name: 'a', resourceVersion: '1' }, data: { greeting: 'grüße 👋 日本' } } },
  { type: 'MODIFIED', object: { metadata: { name: 'a', resourceVersion: '2' } } },
  { type: 'BOOKMARK', object: { metadata: { resourceVersion: '3' } } },
  { type: 'DELETED', object: { metadata: { name: 'a', resourceVersion: '4' } } },
];
const wire = Buffer.from(events.map((e) => `${JSON.stringify(e)}\n`).join(''));

describe('decodeWatchStream', () => {
  it.each([1, 2, 3, 7, 64, wire.length])('decodes every event with chunks of %i bytes', async (size) => {
    expect(await collect(wire, size)).toEqual(events);
  });

  it('throws WatchDecodeError on a malformed line instead of dropping it', async () => {
    const bad = Buffer.from(`${JSON.stringify(events[0])}\n{"type":"ADDED","object":\n${JSON.stringify(events[1])}\n`);
    const seen: unknown[] = [];
    await expect(async () => {
      for await (const ev of decodeWatchStream(chunksOf(bad, 5))) {
        seen.push(ev);
      }
    }).rejects.toBeInstanceOf(WatchDecodeError);
    expect(seen).toEqual([events[0]]);
  });

  it('says where a malformed line breaks and how long it is, but quotes none of it', async () => {
    // A watch on Secrets carries their data; a cut line must not put it in an error, its stack or its cause.
    const secret = 'c2VjcmV0LVNFQ1JFVC1hN2Ux';
    const line = `{"type":"ADDED","object":{"kind":"Secret","data":{"password":"${secret}"},}}`;
    const err = await collect(Buffer.from(`${line}\n`), 16).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WatchDecodeError);
    expect((err as Error).message).toMatch(
      new RegExp(`a ${line.length}-character line is not valid JSON at position \\d+`),
    );
    expect(inspect(err, { depth: 10 })).not.toContain(secret);
    expect((err as Error).stack ?? '').not.toContain(secret);
  });

  it('throws an ApiError for an ERROR event carrying a Status', async () => {
    const status = {
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      code: 410,
      reason: 'Expired',
      message: 'too old',
    };
    const line = Buffer.from(`${JSON.stringify({ type: 'ERROR', object: status })}\n`);
    const err = await collect(line, 4).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).statusCode).toBe(410);
    expect((err as ApiError).reason).toBe('Expired');
  });

  it('rejects unknown event types and a stream cut in the middle of an event', async () => {
    await expect(collect(Buffer.from('{"type":"WEIRD","object":{}}\n'), 3)).rejects.toBeInstanceOf(WatchDecodeError);
    await expect(collect(wire.subarray(0, wire.length - 5), 9)).rejects.toThrow(/middle of an event/);
  });

  describe('maxLineBytes', () => {
    const line = Buffer.from(`${JSON.stringify(events[0])}\n`);
    const len = line.length - 1;

    async function decode(bytes: Buffer, size: number, maxLineBytes: number): Promise<unknown[]> {
      const out: unknown[] = [];
      for await (const ev of decodeWatchStream(chunksOf(bytes, size), { maxLineBytes })) {
        out.push(ev);
      }
      return out;
    }

    it.each([1, 5, line.length])('accepts a line of exactly the limit (chunks of %i bytes)', async (size) => {
      expect(await decode(line, size, len)).toEqual([events[0]]);
    });

    it.each([1, 5, line.length])('rejects a line one byte over the limit (chunks of %i bytes)', async (size) => {
      const err = await decode(line, size, len - 1).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WatchDecodeError);
      expect((err as WatchDecodeError).message).toMatch(/maxLineBytes/);
    });

    it('stops reading as soon as the pending line is over the limit, before its newline arrives', async () => {
      let pulled = 0;
      async function* endless(): AsyncGenerator<Uint8Array> {
        for (;;) {
          pulled++;
          yield Buffer.alloc(1024, 0x61);
        }
      }
      const it = decodeWatchStream(endless(), { maxLineBytes: 10 * 1024 });
      await expect(it.next()).rejects.toBeInstanceOf(WatchDecodeError);
      expect(pulled).toBe(11);
    });

    it('counts each line on its own: many lines under the limit pass', async () => {
      const many = Buffer.concat(Array.from({ length: 50 }, () => line));
      expect(await decode(many, 7, len)).toHaveLength(50);
    });
  });
});
