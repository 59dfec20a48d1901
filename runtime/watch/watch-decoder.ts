// Decodes a newline-delimited JSON watch stream into typed events, framing by hand over Buffers.
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
  } catch (cause) {
    throw new WatchDecodeError(`malformed watch event: ${line.length > 200 ? `${line.slice(0, 200)}…` : line}`, {
      cause,
    });
  }
  if (typeof parsed !== 'object' || parsed === null) {
    throw new WatchDecodeError('watch event is not a JSON object');
  }
  const { type, object } = parsed as { type?: unknown; object?: unknown };
  if (typeof type !== 'string' || !eventTypes.has(type)) {
    throw new WatchDecodeError(`watch event has an unknown type ${JSON.stringify(type)}`);
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

/** Options of {@link decodeWatchStream}. */
export interface WatchDecodeOptions {
  /** The watch ends with a WatchDecodeError once a line grows past this many bytes. @default defaultWatchMaxLineBytes */
  maxLineBytes?: number;
}

function tooLong(max: number): WatchDecodeError {
  return new WatchDecodeError(`watch event is longer than the ${max}-byte limit (maxLineBytes); the stream is ended`);
}

/**
 * Splits chunks on `\n` and yields one decoded event per line. Bytes of a line that spans chunks are kept as
 * Buffers and joined before decoding, so a multi-byte character split across chunks decodes correctly. A line
 * longer than `maxLineBytes` ends the stream with an error as soon as it is known, so memory stays bounded.
 */
export async function* decodeWatchStream<T>(
  chunks: AsyncIterable<Uint8Array>,
  options: WatchDecodeOptions = {},
): AsyncGenerator<WatchEvent<T>> {
  const max = options.maxLineBytes ?? defaultWatchMaxLineBytes;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const raw of chunks) {
    const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, nl);
      start = nl + 1;
      if (pendingBytes + piece.length > max) {
        throw tooLong(max);
      }
      const line = pending.length === 0 ? piece : Buffer.concat([...pending, piece]);
      pending = [];
      pendingBytes = 0;
      if (line.length > 0 && !(line.length === 1 && line[0] === 13)) {
        yield decodeWatchLine<T>(line.toString('utf8'));
      }
    }
    if (start < chunk.length) {
      pendingBytes += chunk.length - start;
      if (pendingBytes > max) {
        throw tooLong(max);
      }
      pending.push(chunk.subarray(start));
    }
  }
  const rest = Buffer.concat(pending).toString('utf8').trim();
  if (rest.length > 0) {
    // The server closes a watch only between events; a partial trailing event means the stream was cut.
    throw new WatchDecodeError('watch stream ended in the middle of an event');
  }
}
