import { describe, expect, it } from 'vitest';
import { checkCalendarDay, checkDayOrInstant, checkInstant } from '../../../lib/util/calendar-date.ts';

const problem = (check: { ok: boolean; problem?: string }) => (check.ok ? 'ok' : check.problem);

describe('the one check for dates people type', () => {
  it('refuses days that are not in the calendar instead of rolling them into the next month', () => {
    // Act
    const answers = ['2025-02-30', '2024-02-30', '2025-04-31', '2025-13-01', '2025-00-10', '2025-06-00', '0999-12-31', '2025-6-1', '16/06/2025', ''].map((v) => problem(checkCalendarDay(v)));
    // Assess
    expect(answers).toEqual([
      'is not a date: February 2025 has 28 days',
      'is not a date: February 2024 has 29 days',
      'is not a date: April 2025 has 30 days',
      'is not a date: there is no month 13',
      'is not a date: there is no month 00',
      'is not a date: June 2025 has 30 days',
      'is outside the years 1000 to 9999',
      'is not a date (yyyy-mm-dd)',
      'is not a date (yyyy-mm-dd)',
      'is not a date (yyyy-mm-dd)',
    ]);
  });

  it('takes real days, leap days included', () => {
    // Act
    const days = ['2024-02-29', '2025-12-31', '1000-01-01', '9999-12-31'].map((v) => checkCalendarDay(v));
    // Assess
    expect(days.map((d) => d.ok && d.value)).toEqual([
      { year: 2024, month: 2, day: 29 },
      { year: 2025, month: 12, day: 31 },
      { year: 1000, month: 1, day: 1 },
      { year: 9999, month: 12, day: 31 },
    ]);
  });

  it('refuses times on days or at hours that do not exist, and times without a zone', () => {
    // Act
    const answers = ['2025-02-30T10:00:00Z', '2025-06-16T24:00Z', '2025-06-16T10:60Z', '2025-06-16T10:00:61Z', '2025-06-16T10:00+25:00', '2025-06-16T10:00'].map((v) => problem(checkInstant(v)));
    // Assess
    expect(answers).toEqual([
      'is not a date: February 2025 has 28 days',
      'is not a time: 24:00 is not a time of day',
      'is not a time: 10:60 is not a time of day',
      'is not a time: 10:00:61 is not a time of day',
      'is not a time: +25:00 is not a zone offset',
      'is not a time (use an ISO-8601 time with its zone, such as 2025-06-16T09:30:00Z)',
    ]);
  });

  it('reads a day as a whole London day and a time as that instant', () => {
    // Act
    const bounds = [checkDayOrInstant('2025-06-16', 'start'), checkDayOrInstant('2025-06-16', 'end'), checkDayOrInstant('2025-06-16T09:30:00+01:00', 'end')];
    // Assess
    expect(bounds.map((b) => b.ok && b.value.toISOString())).toEqual(['2025-06-15T23:00:00.000Z', '2025-06-16T22:59:59.999Z', '2025-06-16T08:30:00.000Z']);
    expect(problem(checkDayOrInstant('yesterday', 'start'))).toBe('is not a date (use yyyy-mm-dd or an ISO-8601 time such as 2025-06-16T09:30:00Z)');
  });
});
