// Tracks whether one event handler has finished the initial list (client-go's synctrack.SingleFileTracker).

/** Synced once the informer has synced and every initial-list notification queued for the handler was handled. */
export class SyncTracker {
  private pending = 0;
  private upstream = false;
  private done = false;
  private resolve!: () => void;
  readonly synced: Promise<void> = new Promise((r) => {
    this.resolve = r;
  });

  /** An initial-list notification was queued. */
  start(): void {
    this.pending++;
  }

  /** An initial-list notification was handled. */
  finished(): void {
    this.pending--;
    if (this.pending < 0) {
      throw new Error('synctrack: negative counter; hasSynced would report wrong values');
    }
    this.check();
  }

  /** The informer itself has synced. */
  upstreamHasSynced(): void {
    this.upstream = true;
    this.check();
  }

  hasSynced(): boolean {
    return this.done;
  }

  private check(): void {
    if (!this.done && this.upstream && this.pending === 0) {
      this.done = true;
      this.resolve();
    }
  }
}
