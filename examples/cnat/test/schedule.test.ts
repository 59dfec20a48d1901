// cnat's schedule layout: exactly Go's "2006-01-02T15:04:05Z", UTC, no rollover of impossible dates.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatSchedule, parseSchedule, ScheduleError } from '../src/schedule.js';

describe('parseSchedule', () => {
  it('reads the layout as UTC', () => {
    expect(parseSchedule('2026-12-01T06:30:00Z')).toBe(Date.UTC(2026, 11, 1, 6, 30, 0));
  });

  it.each([
    '2026-12-01 06:30:00Z',
    '2026-12-01T06:30:00',
    '2026-12-01T06:30:00+01:00',
    '2026-12-01T06:30:00.5Z',
    '2026-02-31T00:00:00Z',
    '2026-12-01T24:00:00Z',
    'tomorrow',
    '',
  ])('rejects %j with a ScheduleError naming it', (schedule) => {
    expect(() => parseSchedule(schedule)).toThrow(ScheduleError);
    expect(() => parseSchedule(schedule)).toThrow(JSON.stringify(schedule));
  });

  it('round-trips every second between 1970 and 9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253_402_300_799 }), (seconds) => {
        expect(parseSchedule(formatSchedule(seconds * 1000))).toBe(seconds * 1000);
      }),
    );
  });
});
