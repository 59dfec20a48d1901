// A watch over a streaming response body: decodes chunks as they arrive and hands the events over in batches.
import type { WatchEvent, WatchEventType } from '../api/watch-event.js';
import type { NetworkError } from '../errors/network-error.js';
import type { Clock } from '../util/clock.js';
import { IdleWatchdog, watchIdleError } from '../watch/idle-watchdog.js';
import { WatchDecoder } from '../watch/watch-decoder.js';
import { type BatchedWatch, WatchEventBuffer } from '../watch/watch-event-buffer.js';
import type { ResponseBody } from './rest-client.js';

/** Settings of a {@link BodyWatch}. */
export interface BodyWatchOptions<T> {
  /** The watched collection, for error messages. */
  readonly path: string;
  /** End with a NetworkError (`timeout`) when no byte arrived for this long while reading; 0 disables. */
  readonly idleTimeoutMs: number;
  readonly clock: Clock;
  /** @default defaultWatchMaxLineBytes */
  readonly maxLineBytes?: number | undefined;
  /** Decoded events held for a slow consumer before the socket is paused. @default defaultWatchBufferBytes */
  readonly highWaterBytes?: number;
  /** Turns each decoded object into a T; a throw ends the watch with that error. @default none (as decoded) */
  readonly decodeObject?: (object: unknown, type: WatchEventType) => T;
  /** Ends the request; the body is then destroyed with `reason`. */
  abort(reason?: unknown): void;
  /** Called once, when the watch is over: stopped, ended or failed. */
  onFinish?(): void;
}

/**
 * Reads the body in flowing mode and decodes each chunk synchronously, so the socket is drained as fast as it fills
 * (a paused HTTP body would let the TCP window close and the server stall between reads). Events wait in a bounded
 * buffer: past its high-water mark the body is paused until the consumer catches up. The idle watchdog counts only
 * time spent reading, never time the consumer keeps the body paused.
 */
export class BodyWatch<T> implements BatchedWatch<T> {
  private readonly events: WatchEventBuffer<T>;
  private readonly decoder: WatchDecoder<T>;
  private readonly dog: IdleWatchdog | undefined;
  private idleError: NetworkError | undefined;
  private stopped = false;
  private finished = false;

  constructor(
    private readonly body: ResponseBody,
    private readonly options: BodyWatchOptions<T>,
  ) {
    this.events = new WatchEventBuffer<T>({
      onDemand: () => this.resume(),
      onClose: () => this.stop(),
      ...(options.highWaterBytes !== undefined ? { highWaterBytes: options.highWaterBytes } : {}),
    });
    const decodeObject = options.decodeObject;
    this.decoder = new WatchDecoder<T>(
      decodeObject === undefined
        ? (event, bytes) => this.events.push(event, bytes)
        : (event, bytes) =>
            this.events.push({ type: event.type, object: decodeObject(event.object, event.type) }, bytes),
      options.maxLineBytes !== undefined ? { maxLineBytes: options.maxLineBytes } : {},
    );
    if (options.idleTimeoutMs > 0) {
      this.dog = new IdleWatchdog(options.idleTimeoutMs, options.clock, () => {
        this.idleError = watchIdleError(options.path, options.idleTimeoutMs);
        options.abort(this.idleError);
      });
    }
    body.on('data', (chunk: Buffer) => this.onData(chunk));
    body.on('end', () => this.onEnd());
    body.on('error', (err: unknown) => this.onError(err));
    this.dog?.waiting();
  }

  /** Ends the watch from the consumer's side: queued events are dropped and iteration ends quietly. Idempotent. */
  stop(): void {
    if (this.stopped) {
      return;
    }
    this.stopped = true;
    this.dog?.stop();
    this.events.close();
    if (!this.finished) {
      this.options.abort();
    }
    this.finish();
  }

  nextBatch(): Promise<readonly WatchEvent<T>[] | undefined> {
    return this.events.nextBatch();
  }

  unread(events: readonly WatchEvent<T>[]): void {
    this.events.unread(events);
  }

  [Symbol.asyncIterator](): AsyncIterator<WatchEvent<T>> {
    return this.events;
  }

  private onData(chunk: Buffer): void {
    if (this.finished) {
      return;
    }
    this.dog?.received();
    try {
      this.decoder.write(chunk);
    } catch (err) {
      // A bad line (or an ERROR event) ends the watch after the events before it.
      this.events.fail(err);
      this.finish();
      this.options.abort();
      return;
    }
    this.events.flush();
    if (this.events.wantsMore()) {
      this.dog?.waiting();
    } else {
      this.body.pause();
    }
  }

  private resume(): void {
    if (!this.finished && this.body.isPaused()) {
      this.body.resume();
      this.dog?.waiting();
    }
  }

  private onEnd(): void {
    if (this.finished) {
      return;
    }
    try {
      this.decoder.end();
    } catch (err) {
      this.events.fail(err);
      this.finish();
      return;
    }
    if (this.idleError !== undefined) {
      this.events.fail(this.idleError);
    } else {
      this.events.end();
    }
    this.finish();
  }

  private onError(err: unknown): void {
    if (this.finished) {
      return;
    }
    // Our own stop ends the iteration quietly; the watchdog's abort reports the idle timeout, not the tear-down.
    if (this.idleError !== undefined) {
      this.events.fail(this.idleError);
    } else if (this.stopped) {
      this.events.end();
    } else {
      this.events.fail(err);
    }
    this.finish();
  }

  private finish(): void {
    if (this.finished) {
      return;
    }
    this.finished = true;
    this.dog?.stop();
    this.options.onFinish?.();
  }
}
