// What a reconcile asks for next: a requeue after a delay, or nothing until the object changes again.

/** The result of a reconcile (kube-rs `Action`). Build it with {@link Action.requeue} or {@link Action.awaitChange}. */
export class Action {
  private static readonly awaitChangeInstance = new Action(undefined);

  private constructor(
    /** Delay before the item is reconciled again; undefined means wait for the next change. */
    readonly requeueAfterMs: number | undefined,
  ) {}

  /** Reconcile the item again after `ms` milliseconds, even if nothing changes. */
  static requeue(ms: number): Action {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError(`requeue delay must be a finite number ≥ 0, got ${ms}`);
    }
    return new Action(ms);
  }

  /** Do nothing until the item is queued again by an event. */
  static awaitChange(): Action {
    return Action.awaitChangeInstance;
  }
}
