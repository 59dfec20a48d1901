// Parsing an At's schedule: UTC, to the second, in cnat's one layout (Go's "2006-01-02T15:04:05Z").
import { KubeError } from 'kgen/runtime';

const layout = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

/** The schedule of an At is not a UTC time in the layout `2006-01-02T15:04:05Z`. */
export class ScheduleError extends KubeError {
  constructor(readonly schedule: string) {
    super('CNAT_INVALID_SCHEDULE', `schedule ${JSON.stringify(schedule)} is not a UTC time like 2026-01-02T15:04:05Z`);
  }
}

/**
 * The instant `schedule` names, in epoch milliseconds. Only the exact layout is accepted (no offsets, no fractions),
 * and out-of-range fields such as a 31st of February are rejected rather than rolled over as Date.UTC would.
 */
export function parseSchedule(schedule: string): number {
  const m = layout.exec(schedule);
  if (m === null) {
    throw new ScheduleError(schedule);
  }
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(ms);
  if (
    back.getUTCFullYear() !== year ||
    back.getUTCMonth() !== month - 1 ||
    back.getUTCDate() !== day ||
    back.getUTCHours() !== hour ||
    back.getUTCMinutes() !== minute ||
    back.getUTCSeconds() !== second
  ) {
    throw new ScheduleError(schedule);
  }
  return ms;
}

/** Formats an instant in the schedule layout (for tests and for users writing Ats). */
export function formatSchedule(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}
