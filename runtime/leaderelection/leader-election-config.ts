// Leader-election settings, their client-go defaults, and the validation client-go applies.
import { KubeError } from '../errors/api-error.js';
import type { Clock, Random } from '../util/clock.js';
import type { ResourceLock } from './resource-lock.js';

/** The jitter factor applied to the retry period while acquiring, as client-go. */
export const jitterFactor = 1.2;

/** Callbacks of a {@link LeaderElectionConfig}. */
export interface LeaderCallbacks {
  /** Runs when this candidate starts leading; `signal` aborts when it stops. Not awaited by the elector. */
  onStartedLeading(signal: AbortSignal): void | Promise<void>;
  /** Runs whenever the elector exits, whether or not it ever led. */
  onStoppedLeading(): void;
  /** Runs (asynchronously) whenever the observed leader changes, including to this candidate. */
  onNewLeader?(identity: string): void;
}

/** Options of a LeaderElector. */
export interface LeaderElectionConfig {
  lock: ResourceLock;
  /** How long non-leaders wait after the last observed change before taking over. @default 15_000 */
  leaseDurationMs?: number;
  /** How long the leader keeps retrying a renewal before giving up. @default 10_000 */
  renewDeadlineMs?: number;
  /** Interval between attempts. @default 2_000 */
  retryPeriodMs?: number;
  callbacks: LeaderCallbacks;
  /** Give the lease up (holder '' and a 1 s duration) when the run signal aborts. @default false */
  releaseOnCancel?: boolean;
  /** Names the elector in logs. @default the lock's description */
  name?: string;
  /** @default realClock */
  clock?: Clock;
  /** Source of the acquire jitter. @default Math.random */
  random?: Random;
}

/** Thrown for an invalid {@link LeaderElectionConfig}; the message matches client-go's. */
export class LeaderElectionConfigError extends KubeError {
  constructor(message: string) {
    super('KUBE_LEADER_ELECTION_CONFIG', message);
  }
}

/** The durations after defaulting. */
export interface LeaderElectionTimings {
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
}

/** Applies the 15 s / 10 s / 2 s defaults and checks the config as NewLeaderElector does. */
export function validateLeaderElectionConfig(config: LeaderElectionConfig): LeaderElectionTimings {
  const leaseDurationMs = config.leaseDurationMs ?? 15_000;
  const renewDeadlineMs = config.renewDeadlineMs ?? 10_000;
  const retryPeriodMs = config.retryPeriodMs ?? 2_000;
  if (leaseDurationMs <= renewDeadlineMs) {
    throw new LeaderElectionConfigError('leaseDuration must be greater than renewDeadline');
  }
  if (renewDeadlineMs <= jitterFactor * retryPeriodMs) {
    throw new LeaderElectionConfigError('renewDeadline must be greater than retryPeriod*JitterFactor');
  }
  if (leaseDurationMs < 1) {
    throw new LeaderElectionConfigError('leaseDuration must be greater than zero');
  }
  if (renewDeadlineMs < 1) {
    throw new LeaderElectionConfigError('renewDeadline must be greater than zero');
  }
  if (retryPeriodMs < 1) {
    throw new LeaderElectionConfigError('retryPeriod must be greater than zero');
  }
  if (typeof config.callbacks?.onStartedLeading !== 'function') {
    throw new LeaderElectionConfigError('OnStartedLeading callback must not be nil');
  }
  if (typeof config.callbacks.onStoppedLeading !== 'function') {
    throw new LeaderElectionConfigError('OnStoppedLeading callback must not be nil');
  }
  if (config.lock === undefined || config.lock === null) {
    throw new LeaderElectionConfigError('Lock must not be nil.');
  }
  if (config.lock.identity() === '') {
    throw new LeaderElectionConfigError('Lock identity is empty');
  }
  return { leaseDurationMs, renewDeadlineMs, retryPeriodMs };
}
