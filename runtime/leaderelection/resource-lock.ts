// The ResourceLock contract the elector runs on; a Lease implements it, tests use an in-memory fake.
import type { LeaderElectionRecord } from './leader-election-record.js';

/** What {@link ResourceLock.get} returns: the record and its raw serialised form, compared to detect changes. */
export interface LockRecord {
  record: LeaderElectionRecord;
  raw: string;
}

/**
 * client-go's resourcelock.Interface. Failures are runtime/errors ApiErrors: `get` rejects NotFound when the
 * lock does not exist, `update` rejects Conflict when another writer got there first.
 */
export interface ResourceLock {
  get(signal?: AbortSignal): Promise<LockRecord>;
  create(record: LeaderElectionRecord, signal?: AbortSignal): Promise<void>;
  update(record: LeaderElectionRecord, signal?: AbortSignal): Promise<void>;
  /** Records a leader-election event ("became leader", "stopped leading") on the lock object. */
  recordEvent(message: string): void;
  /** This candidate's identity. */
  identity(): string;
  /** A human-readable name of the lock (namespace/name). */
  describe(): string;
}
