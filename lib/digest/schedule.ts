import type { Subscription } from '../config/schema.ts';

/**
 * When roundups are due. Cadences are wall-clock times in Europe/London, so a "daily at 08:00" roundup
 * stays at 08:00 local across the BST/GMT changes (07:00 UTC in summer, 08:00 UTC in winter).
 */

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
const PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

function londonParts(t: number): LocalTime {
  const p = Object.fromEntries(PARTS.formatToParts(t).map((x) => [x.type, Number(x.value)]));
  return { year: p.year!, month: p.month!, day: p.day!, hour: p.hour!, minute: p.minute! };
}

/** London's offset from UTC at instant `t`, ms (0 in winter, 1 h in summer). */
const offsetAt = (t: number): number => {
  const p = londonParts(t);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - Math.floor(t / 60_000) * 60_000;
};

/**
 * The instant a London wall-clock time happens. A time skipped by the spring change (01:30 on the last Sunday
 * of March) resolves to the hour after; a time repeated in autumn resolves to its first occurrence.
 */
export function londonToUtc(year: number, month: number, day: number, hour: number, minute: number): Date {
  const naive = Date.UTC(year, month - 1, day, hour, minute);
  // London is UTC+0 or UTC+1: try both, earliest real match wins.
  const matches = [naive - 3600_000, naive].filter((t) => {
    const p = londonParts(t);
    return p.year === year && p.month === month && p.day === day && p.hour === hour && p.minute === minute;
  });
  // In the spring gap neither matches: use the offset in force before the change, which lands an hour later.
  return new Date(matches[0] ?? naive - offsetAt(naive - 2 * 3600_000));
}

/** The latest scheduled roundup at or before `now`, or undefined when roundups are off. */
export function latestRoundupSlot(roundup: Subscription['roundup'], now: Date): Date | undefined {
  if (roundup.cadence === 'off') return undefined;
  const [hour, minute] = roundup.at.split(':').map(Number) as [number, number];
  const today = londonParts(now.getTime());
  // Walk back over local dates (at most 8 for weekly) until a slot that is not in the future.
  for (let back = 0; back <= 8; back++) {
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day - back));
    if (roundup.cadence === 'weekly' && WEEKDAYS[date.getUTCDay()] !== roundup.day) continue;
    const slot = londonToUtc(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), hour, minute);
    if (slot.getTime() <= now.getTime()) return slot;
  }
  return undefined;
}

/** Due when a slot has passed since the last roundup (a missed slot is caught up once, not once per slot). */
export function isRoundupDue(roundup: Subscription['roundup'], now: Date, lastSlot?: string): { due: boolean; slot?: Date } {
  const slot = latestRoundupSlot(roundup, now);
  if (!slot) return { due: false };
  return { due: !lastSlot || Date.parse(lastSlot) < slot.getTime(), slot };
}

/** How far back a channel's first digest looks: one cadence period for roundups, a day for alerts. */
export function initialLookbackMs(roundup: Subscription['roundup'] | undefined): number {
  if (roundup?.cadence === 'weekly') return 7 * 86_400_000;
  return 86_400_000;
}
