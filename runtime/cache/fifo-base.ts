// State both FIFOs share: closing, waking blocked pops, and the "initial list popped" latch behind hasSynced().
import { FifoClosedError } from './errors.js';

/** Closing, wake-ups and the synced latch; DeltaFIFO and RealFIFO add their own storage. */
export abstract class FifoBase {
  protected closed = false;
  /** Set by the first add/update/delete/replace. */
  protected populated = false;
  /** Items of the first replace not yet popped. */
  protected initialPopulationCount = 0;
  private syncedFlag = false;
  private resolveSynced!: () => void;
  readonly synced: Promise<void> = new Promise((resolve) => {
    this.resolveSynced = resolve;
  });
  private wake: { promise: Promise<void>; resolve: () => void } | undefined;

  abstract readonly length: number;

  close(): void {
    this.closed = true;
    this.notify();
  }

  isClosed(): boolean {
    return this.closed;
  }

  hasSynced(): boolean {
    return this.syncedFlag;
  }

  protected checkSynced(): void {
    if (!this.syncedFlag && this.populated && this.initialPopulationCount === 0) {
      this.syncedFlag = true;
      this.resolveSynced();
    }
  }

  protected markPopulated(): void {
    this.populated = true;
    this.checkSynced();
  }

  /** Wakes every pop waiting for an item. */
  protected notify(): void {
    const w = this.wake;
    if (w !== undefined) {
      this.wake = undefined;
      w.resolve();
    }
  }

  /** Resolves once an item is queued or the queue closes; throws FifoClosedError if closed and empty. */
  protected async waitForItems(): Promise<void> {
    while (this.length === 0) {
      if (this.closed) {
        throw new FifoClosedError();
      }
      if (this.wake === undefined) {
        let resolve!: () => void;
        const promise = new Promise<void>((r) => {
          resolve = r;
        });
        this.wake = { promise, resolve };
      }
      await this.wake.promise;
    }
  }
}

/** Awaits a process callback only when it returned a promise, so synchronous handlers cost no extra tick. */
export function awaitIfPromise(result: void | Promise<void>): Promise<void> | undefined {
  return result instanceof Promise ? result : undefined;
}
