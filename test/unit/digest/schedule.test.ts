import { describe, expect, it } from 'vitest';
import { isRoundupDue, latestRoundupSlot } from '../../../lib/digest/schedule.ts';
import { londonWallClockToUtc as londonToUtc } from '../../../lib/util/london-time.ts';

describe('roundup schedule (Europe/London)', () => {
  it('places a daily 08:00 roundup at 07:00 UTC in summer and 08:00 UTC in winter', () => {
    // Prepare
    const daily = { cadence: 'daily', at: '08:00' } as const;
    // Act
    const summer = latestRoundupSlot(daily, new Date('2025-06-16T12:00:00Z'));
    const winter = latestRoundupSlot(daily, new Date('2025-12-16T12:00:00Z'));
    // Assess
    expect(summer?.toISOString()).toBe('2025-06-16T07:00:00.000Z');
    expect(winter?.toISOString()).toBe('2025-12-16T08:00:00.000Z');
  });

  it('uses the previous day before today’s time has come', () => {
    // Prepare
    const daily = { cadence: 'daily', at: '08:00' } as const;
    // Act
    const slot = latestRoundupSlot(daily, new Date('2025-06-16T06:59:00Z'));
    // Assess
    expect(slot?.toISOString()).toBe('2025-06-15T07:00:00.000Z');
  });

  it('handles the clock changes: a skipped time runs an hour later, a repeated one runs once', () => {
    // Prepare, Act
    const skipped = londonToUtc(2025, 3, 30, 1, 30);
    const repeated = londonToUtc(2025, 10, 26, 1, 30);
    // Assess
    expect(skipped.toISOString()).toBe('2025-03-30T01:30:00.000Z');
    expect(repeated.toISOString()).toBe('2025-10-26T00:30:00.000Z');
  });

  it('finds the last weekly slot across the autumn change', () => {
    // Prepare
    const weekly = { cadence: 'weekly', day: 'monday', at: '09:30' } as const;
    // Act
    const before = latestRoundupSlot(weekly, new Date('2025-10-27T09:00:00Z'));
    const after = latestRoundupSlot(weekly, new Date('2025-10-27T09:30:00Z'));
    // Assess
    expect(before?.toISOString()).toBe('2025-10-20T08:30:00.000Z');
    expect(after?.toISOString()).toBe('2025-10-27T09:30:00.000Z');
  });

  it('is due once per slot, catches up a missed slot once, and never when off', () => {
    // Prepare
    const daily = { cadence: 'daily', at: '08:00' } as const;
    const now = new Date('2025-06-16T12:00:00Z');
    // Act
    const first = isRoundupDue(daily, now);
    const again = isRoundupDue(daily, now, '2025-06-16T07:00:00.000Z');
    const missed = isRoundupDue(daily, now, '2025-06-12T07:00:00.000Z');
    const off = isRoundupDue({ cadence: 'off' }, now);
    // Assess
    expect(first.due).toBe(true);
    expect(again.due).toBe(false);
    expect(missed).toEqual({ due: true, slot: new Date('2025-06-16T07:00:00.000Z') });
    expect(off.due).toBe(false);
  });
});
