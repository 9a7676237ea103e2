import { londonDay } from './london-time.ts';

/**
 * The one check for dates people type (CLI flags, API and page query parameters, `status set`). `Date.parse` is not
 * a check: it reads 2025-02-30 as 2 March and a zone-less time in the machine's zone. Each caller wraps the problem
 * in its own error (a usage error in the CLI, a 400 in the API and the pages), naming its parameter and the value.
 */

/**
 * The years a date may fall in. Past 9999 an ISO string stops sorting as a sort key (`+010000-…` sorts before
 * `2025-…`); before 1000, Date.UTC reads years 0-99 as 19xx.
 */
const FIRST_YEAR = 1000;
const LAST_YEAR = 9999;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|([+-])(\d{2}):?(\d{2}))$/;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

/** A date that passed, or the problem as a predicate (`is not a date: February 2025 has 28 days`). */
export type DateCheck<T> = { ok: true; value: T } | { ok: false; problem: string };

const problem = (text: string): { ok: false; problem: string } => ({ ok: false, problem: text });
const OUT_OF_RANGE = problem(`is outside the years ${FIRST_YEAR} to ${LAST_YEAR}`);

/** The message every caller gives: the parameter, the value as typed, and what is wrong (`--at: "2025-02-30" is not a date: …`). */
export const dateMessage = (param: string, value: string, problem: string): string => `${param}: "${value}" ${problem}`;

/** `value` as a real calendar day written `yyyy-mm-dd`, or what is wrong with it in words. */
export function checkCalendarDay(value: string): DateCheck<CalendarDay> {
  const m = DAY.exec(value);
  if (!m) return problem('is not a date (yyyy-mm-dd)');
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < FIRST_YEAR || year > LAST_YEAR) return OUT_OF_RANGE;
  if (month < 1 || month > 12) return problem(`is not a date: there is no month ${m[2]}`);
  const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > length) return problem(`is not a date: ${MONTHS[month - 1]} ${year} has ${length} days`);
  return { ok: true, value: { year, month, day } };
}

/** `value` as an ISO-8601 time with its zone (`2025-06-16T09:30:00Z`, `…+01:00`) on a real day, or what is wrong. */
export function checkInstant(value: string): DateCheck<Date> {
  const m = INSTANT.exec(value);
  if (!m) return problem('is not a time (use an ISO-8601 time with its zone, such as 2025-06-16T09:30:00Z)');
  const day = checkCalendarDay(m[1]!);
  if (!day.ok) return day;
  const [hour, minute, second] = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return problem(`is not a time: ${m[2]}:${m[3]}${m[4] ? `:${m[4]}` : ''} is not a time of day`);
  if (m[5] && (Number(m[6]) > 23 || Number(m[7]) > 59)) return problem(`is not a time: ${m[5]}${m[6]}:${m[7]} is not a zone offset`);
  const t = new Date(value);
  if (t.getUTCFullYear() < FIRST_YEAR || t.getUTCFullYear() > LAST_YEAR) return OUT_OF_RANGE;
  return { ok: true, value: t };
}

/**
 * A day or a time, as a query bound: `yyyy-mm-dd` is a whole day in the UK (`start` London midnight, `end` the last
 * millisecond before the next one); a time is that instant.
 */
export function checkDayOrInstant(value: string, end: 'start' | 'end'): DateCheck<Date> {
  if (DAY.test(value)) {
    const day = checkCalendarDay(value);
    return day.ok ? { ok: true, value: londonDay(day.value.year, day.value.month, day.value.day)[end] } : day;
  }
  const t = checkInstant(value);
  return t.ok || INSTANT.test(value) ? t : problem('is not a date (use yyyy-mm-dd or an ISO-8601 time such as 2025-06-16T09:30:00Z)');
}
