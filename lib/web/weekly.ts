import { KINDS, type Kind } from '../model/item.ts';
import { londonWeekStart } from '../util/london-time.ts';

export interface WeeklySeries {
  /** Week starts (Monday, Europe/London), oldest first, every week in the range (empty weeks count 0). */
  weeks: string[];
  /** One series per kind with items in the range (or just the filtered kind), in `KINDS` order. */
  series: { kind: Kind; counts: number[] }[];
  total: number;
}

const WEEK_MS = 7 * 86_400_000;
/** Ten years of weeks: a wider range is cut to its most recent part. */
export const MAX_WEEKS = 520;

/**
 * The chart's data from an entry's weekly counters: the weeks between `from` and `to` (the filter's date range,
 * else the first and last week with items or with a date in `include`: the board's events and deadlines, so they
 * sit on the same axis), the kinds shown (the `kind` filter, else every kind present).
 */
export function weeklySeries(
  weeks: Map<string, Partial<Record<Kind, number>>>,
  options: { kind?: Kind; from?: string; to?: string; include?: readonly string[] } = {},
): WeeklySeries {
  const kinds = options.kind ? [options.kind] : KINDS;
  const withItems = [...weeks.keys()].filter((w) => kinds.some((k) => weeks.get(w)![k]));
  const spanned = [...withItems, ...(options.include ?? []).map(londonWeekStart)].sort();
  const first = options.from ? londonWeekStart(options.from) : spanned[0];
  const last = options.to ? londonWeekStart(options.to) : spanned.at(-1);
  if (!first || !last || first > last) return { weeks: [], series: [], total: 0 };
  const all: string[] = [];
  for (let t = Date.parse(`${last}T00:00:00Z`); all.length < MAX_WEEKS && t >= Date.parse(`${first}T00:00:00Z`); t -= WEEK_MS) {
    all.push(new Date(t).toISOString().slice(0, 10));
  }
  all.reverse();
  const series = kinds
    .map((kind) => ({ kind, counts: all.map((w) => weeks.get(w)?.[kind] ?? 0) }))
    .filter((s) => options.kind !== undefined || s.counts.some(Boolean));
  return { weeks: all, series, total: series.reduce((n, s) => n + s.counts.reduce((a, b) => a + b, 0), 0) };
}

/** Whether a UK calendar day (yyyy-mm-dd) falls in the chart's weeks. */
export const inWeeks = (day: string, weeks: readonly string[]): boolean =>
  weeks.length > 0 && day >= weeks[0]! && Date.parse(`${day}T00:00:00Z`) < Date.parse(`${weeks.at(-1)!}T00:00:00Z`) + WEEK_MS;
