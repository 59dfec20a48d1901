// The lock-independent leader record, and its mapping to and from a coordination.k8s.io/v1 Lease spec.
import type { MicroTime, ObjectMeta } from '../api/meta.js';

/** What a resource lock stores (client-go's resourcelock.LeaderElectionRecord); times are epoch milliseconds. */
export interface LeaderElectionRecord {
  /** The current holder; '' when released. */
  holderIdentity: string;
  leaseDurationSeconds: number;
  acquireTime: number;
  renewTime: number;
  leaderTransitions: number;
  strategy?: string;
  preferredHolder?: string;
}

/** coordination.k8s.io/v1 LeaseSpec, as the API serves it. */
export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: MicroTime;
  renewTime?: MicroTime;
  leaseTransitions?: number;
  strategy?: string;
  preferredHolder?: string;
}

/** coordination.k8s.io/v1 Lease. */
export interface Lease {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  spec?: LeaseSpec;
}

/** Formats epoch milliseconds as a metav1.MicroTime (RFC 3339 with six fractional digits). */
export function toMicroTime(ms: number): MicroTime {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Parses a metav1.MicroTime or metav1.Time; an absent or invalid value is 0. */
export function fromMicroTime(t: MicroTime | undefined): number {
  if (t === undefined) {
    return 0;
  }
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? 0 : ms;
}

/** The record held in a Lease spec. */
export function leaseSpecToRecord(spec: LeaseSpec | undefined): LeaderElectionRecord {
  const r: LeaderElectionRecord = {
    holderIdentity: spec?.holderIdentity ?? '',
    leaseDurationSeconds: spec?.leaseDurationSeconds ?? 0,
    acquireTime: fromMicroTime(spec?.acquireTime),
    renewTime: fromMicroTime(spec?.renewTime),
    leaderTransitions: spec?.leaseTransitions ?? 0,
  };
  if (spec?.strategy !== undefined) {
    r.strategy = spec.strategy;
  }
  if (spec?.preferredHolder !== undefined) {
    r.preferredHolder = spec.preferredHolder;
  }
  return r;
}

/** The Lease spec for a record. */
export function recordToLeaseSpec(r: LeaderElectionRecord): LeaseSpec {
  const spec: LeaseSpec = {
    holderIdentity: r.holderIdentity,
    leaseDurationSeconds: r.leaseDurationSeconds,
    acquireTime: toMicroTime(r.acquireTime),
    renewTime: toMicroTime(r.renewTime),
    leaseTransitions: r.leaderTransitions,
  };
  if (r.strategy !== undefined) {
    spec.strategy = r.strategy;
  }
  if (r.preferredHolder !== undefined) {
    spec.preferredHolder = r.preferredHolder;
  }
  return spec;
}
