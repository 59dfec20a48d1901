// Decodes a newline-delimited JSON watch stream into typed events, framing by hand over Buffers.
import { isAscii } from 'node:buffer';
import type { Status } from '../api/meta.js';
import type { WatchEvent, WatchEventType } from '../api/watch-event.js';
import { ApiError, KubeError } from '../errors/api-error.js';

/** A watch line that is not a valid event. The watch ends with this error; the line is never dropped silently. */
export class WatchDecodeError extends KubeError {
  constructor(message: string, options?: ErrorOptions) {
    super('KUBE_WATCH_DECODE', message, options);
  }
}

const eventTypes = new Set<string>(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR']);

/** Parses one line (without its newline) into an event; ERROR events become thrown ApiErrors. */
export function decodeWatchLine<T>(line: string): WatchEvent<T> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (err) {
    // Neither the line nor the parser's message (which quotes it) is kept: a watch on Secrets carries their data.
    const at = /position (\d+)/.exec((err as Error).message)?.[1];
    throw new WatchDecodeError(
      `malformed watch event: a ${line.length}-character line is not valid JSON${at !== undefined ? ` at position ${at}` : ''}`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null) {
    throw new WatchDecodeError('watch event is not a JSON object');
  }
  const { type, object } = parsed as { type?: unknown; object?: unknown };
  if (typeof type !== 'string' || !eventTypes.has(type)) {
    throw new WatchDecodeError(`watch event has an unknown type ${(JSON.stringify(type) ?? 'undefined').slice(0, 40)}`);
  }
  if (typeof object !== 'object' || object === null) {
    throw new WatchDecodeError(`watch ${type} event has no object`);
  }
  if (type === 'ERROR') {
    throw new ApiError(object as Status);
  }
  return { type: type as WatchEventType, object: object as T };
}

/**
 * Default longest watch line: kube-apiserver caps an object at about 3 MiB in etcd (1.5 MiB by default) and a
 * line adds the event envelope, so 16 MiB leaves ample room while bounding what a broken or hostile server can
 * make the client buffer.
 */
export const defaultWatchMaxLineBytes = 16 * 1024 * 1024;

/** Options of {@link decodeWatchStream} and {@link WatchDecoder}. */
export interface WatchDecodeOptions {
  /** The watch ends with a WatchDecodeError once a line grows past this many bytes. @default defaultWatchMaxLineBytes */
  maxLineBytes?: number;
}

function tooLong(max: number): WatchDecodeError {
  return new WatchDecodeError(`watch event is longer than the ${max}-byte limit (maxLineBytes); the stream is ended`);
}

/** Receives each decoded event with the byte length of its line. */
export type WatchEventSink<T> = (event: WatchEvent<T>, lineBytes: number) => void;

/**
 * Synchronous framing: split chunks on `\n`, decode each complete line, hand it to the sink. Bytes of a line that
 * spans chunks are kept as Buffers and joined before decoding, so a multi-byte character split across chunks
 * decodes correctly. Everything runs inside write(), so a chunk costs no promise per event.
 */
export class WatchDecoder<T> {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private readonly max: number;

  constructor(
    private readonly sink: WatchEventSink<T>,
    options: WatchDecodeOptions = {},
  ) {
    this.max = options.maxLineBytes ?? defaultWatchMaxLineBytes;
  }

  /**
   * Decodes every line the chunk completes. Throws at the first bad line (WatchDecodeError, or ApiError for an
   * ERROR event) after the lines before it reached the sink; throws as soon as a line is known to be longer than
   * maxLineBytes, so memory stays bounded.
   */
  write(raw: Uint8Array): void {
    const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    const max = this.max;
    let start = 0;
    let nl = chunk.indexOf(10);
    if (nl !== -1 && this.pending.length > 0) {
      // The first newline completes the line the previous chunks began.
      if (this.pendingBytes + nl > max) {
        throw tooLong(max);
      }
      this.pending.push(chunk.subarray(0, nl));
      const line = Buffer.concat(this.pending, this.pendingBytes + nl);
      this.pending = [];
      this.pendingBytes = 0;
      this.line(line, 0, line.length, isAscii(line) ? 'latin1' : 'utf8');
      start = nl + 1;
      nl = chunk.indexOf(10, start);
    }
    if (nl !== -1) {
      // One scan of the chunk lets every line inside it skip UTF-8 decoding: for ASCII bytes latin1 is the same
      // string, made by a plain copy. Kubernetes objects are almost always ASCII.
      const encoding = isAscii(chunk) ? 'latin1' : 'utf8';
      for (; nl !== -1; nl = chunk.indexOf(10, start)) {
        if (nl - start > max) {
          throw tooLong(max);
        }
        this.line(chunk, start, nl, encoding);
        start = nl + 1;
      }
    }
    if (start < chunk.length) {
      this.pendingBytes += chunk.length - start;
      if (this.pendingBytes > max) {
        throw tooLong(max);
      }
      this.pending.push(start === 0 ? chunk : chunk.subarray(start));
    }
  }

  /** The stream ended: throws if it stopped in the middle of an event. */
  end(): void {
    const rest = Buffer.concat(this.pending).toString('utf8').trim();
    this.pending = [];
    this.pendingBytes = 0;
    if (rest.length > 0) {
      // The server closes a watch only between events; a partial trailing event means the stream was cut.
      throw new WatchDecodeError('watch stream ended in the middle of an event');
    }
  }

  private line(buf: Buffer, start: number, end: number, encoding: 'utf8' | 'latin1'): void {
    // Blank lines (and a lone CR) carry nothing; a server may send them as keep-alives.
    if (end === start || (end === start + 1 && buf[start] === 13)) {
      return;
    }
    this.sink(decodeWatchLine<T>(buf.toString(encoding, start, end)), end - start);
  }
}

/**
 * Decodes a stream of chunks into events, pulling the next chunk only when every event decoded so far has been
 * consumed. A line longer than `maxLineBytes` ends the stream with an error as soon as it is known; a bad line ends
 * it after the events before it.
 */
export async function* decodeWatchStream<T>(
  chunks: AsyncIterable<Uint8Array>,
  options: WatchDecodeOptions = {},
): AsyncGenerator<WatchEvent<T>> {
  let out: WatchEvent<T>[] = [];
  const decoder = new WatchDecoder<T>((ev) => {
    out.push(ev);
  }, options);
  for await (const chunk of chunks) {
    let failure: { err: unknown } | undefined;
    try {
      decoder.write(chunk);
    } catch (err) {
      failure = { err };
    }
    if (out.length > 0) {
      const ready = out;
      out = [];
      for (let i = 0; i < ready.length; i++) {
        yield ready[i] as WatchEvent<T>;
      }
    }
    if (failure !== undefined) {
      throw failure.err;
    }
  }
  decoder.end();
}
