/**
 * Europe/London wall-clock arithmetic (UTC+0 in winter, UTC+1 in summer), for Parliament's zone-less date-times
 * and for roundups scheduled at a local time.
 */
const PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export interface LondonTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The London wall-clock reading at instant `t` (epoch ms). */
export function londonParts(t: number): LondonTime {
  const p = Object.fromEntries(PARTS.formatToParts(t).map((x) => [x.type, Number(x.value)]));
  return { year: p.year!, month: p.month!, day: p.day!, hour: p.hour!, minute: p.minute!, second: p.second! };
}

/** London's offset from UTC at instant `t`, ms (0 in winter, 1 h in summer). */
const offsetAt = (t: number): number => {
  const p = londonParts(t);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(t / 1000) * 1000;
};

/**
 * The instant a London wall-clock time happens. A time skipped by the spring change (01:30 on the last Sunday
 * of March) resolves to the hour after; a time repeated in autumn resolves to its first occurrence.
 */
export function londonWallClockToUtc(year: number, month: number, day: number, hour: number, minute: number, second = 0): Date {
  const naive = Date.UTC(year, month - 1, day, hour, minute, second);
  // London is UTC+0 or UTC+1: try both, earliest real match wins.
  const matches = [naive - 3600_000, naive].filter((t) => {
    const p = londonParts(t);
    return p.year === year && p.month === month && p.day === day && p.hour === hour && p.minute === minute && p.second === second;
  });
  // In the spring gap neither matches: use the offset in force before the change, which lands an hour later.
  return new Date(matches[0] ?? naive - offsetAt(naive - 2 * 3600_000));
}

/**
 * The first and last millisecond of a London calendar day: midnight to midnight, 23 or 25 hours on the days the
 * clocks change. The day is checked by the caller.
 */
export function londonDay(year: number, month: number, day: number): { start: Date; end: Date } {
  const next = new Date(Date.UTC(year, month - 1, day + 1));
  const nextMidnight = londonWallClockToUtc(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), 0, 0);
  return { start: londonWallClockToUtc(year, month, day, 0, 0), end: new Date(nextMidnight.getTime() - 1) };
}

/**
 * The Monday (Europe/London) that starts the week holding instant `iso`, as `yyyy-mm-dd`: the bucket the weekly
 * counts and charts use, so an item published at 00:30 BST on a Monday counts in that week, not the one before.
 */
export function londonWeekStart(iso: string): string {
  const p = londonParts(Date.parse(iso));
  const day = Date.UTC(p.year, p.month - 1, p.day);
  const sinceMonday = (new Date(day).getUTCDay() + 6) % 7;
  return new Date(day - sinceMonday * 86_400_000).toISOString().slice(0, 10);
}
