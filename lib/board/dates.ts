/**
 * Dates in sentences: what a promise is due by ("by spring 2026", "within 12 months", "by Easter") and whether a
 * sentence retells something from an earlier date ("published its final report on 20 October 2022").
 * All dates are yyyy-mm-dd strings, UTC; pure functions.
 */

import { londonParts } from '../util/london-time.ts';

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH = `(${MONTHS.join('|')}|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)`;
const NUMBER_WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  eighteen: 18, twenty: 20, 'twenty-four': 24, thirty: 30, fifty: 50, sixty: 60, ninety: 90,
};
const NUMBER = `(\\d{1,3}|${Object.keys(NUMBER_WORDS).join('|')})`;
/** The last day of each season, by the common UK reading ("by spring" = before summer starts). */
const SEASON_END: Record<string, [number, number]> = { spring: [5, 31], summer: [8, 31], autumn: [11, 30], winter: [2, 28] };

export const iso = (d: Date): string => d.toISOString().slice(0, 10);

/** The calendar day in the UK: a report published at 00:01 on 27 June is dated 27 June, not 26 June as in UTC. */
export function londonDate(isoTime: string): string {
  const t = Date.parse(isoTime);
  if (Number.isNaN(t)) return isoTime.slice(0, 10);
  const p = londonParts(t);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** Today in the UK. */
export const londonToday = (now: Date = new Date()): string => londonDate(now.toISOString());
const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));
const lastDayOf = (y: number, m: number) => utc(y, m + 1, 0);
const monthIndex = (name: string) => MONTHS.findIndex((m) => m.startsWith(name.slice(0, 3))) + 1;
const numberOf = (s: string) => (/^\d+$/.test(s) ? Number(s) : (NUMBER_WORDS[s] ?? NaN));

export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = utc(y, m + months, 1);
  const last = lastDayOf(target.getUTCFullYear(), target.getUTCMonth() + 1).getUTCDate();
  return iso(utc(target.getUTCFullYear(), target.getUTCMonth() + 1, Math.min(d, last)));
}

export const addDays = (date: string, days: number): string => iso(new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000));

/** Whole days from `a` to `b` (positive when b is later). */
export const daysBetween = (a: string, b: string): number => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/** Easter Sunday (Gregorian, the anonymous algorithm). */
export function easter(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(utc(year, month, day));
}

export interface PromisedDate {
  /** yyyy-mm-dd. */
  due: string;
  /** The words it came from, e.g. "by spring 2026". */
  phrase: string;
}

/**
 * The date a sentence promises something by, relative to `on` (the item's date) when the year is left out: the
 * next such date after `on`. Undefined when there is none or it would be in the past.
 */
export function promisedDate(sentence: string, on: string): PromisedDate | undefined {
  const s = sentence.toLowerCase().replace(/[’‘]/g, "'");
  const year = Number(on.slice(0, 4));
  const month = Number(on.slice(5, 7));
  const yearOf = (given: string | undefined, m: number) => (given ? Number(given) : m < month ? year + 1 : year);
  const found = (due: string, phrase: string): PromisedDate | undefined => (due >= on ? { due, phrase: phrase.trim() } : undefined);

  let m = new RegExp(`\\bwithin (?:the next )?${NUMBER} (day|week|month|year)s?\\b`).exec(s);
  if (m) {
    const n = numberOf(m[1]!);
    if (Number.isFinite(n)) {
      const unit = m[2]!;
      const due = unit === 'day' ? addDays(on, n) : unit === 'week' ? addDays(on, 7 * n) : addMonths(on, unit === 'month' ? n : 12 * n);
      return found(due, m[0]);
    }
  }
  m = new RegExp(`\\b(?:by|before|in) (?:the )?(?:end of )?(?:the )?(spring|summer|autumn|winter)(?: of)?(?: (20\\d\\d))?\\b`).exec(s);
  if (m) {
    const [endMonth, endDay] = SEASON_END[m[1]!]!;
    let y = m[2] ? Number(m[2]) : year;
    if (m[1] === 'winter') y += m[2] ? 1 : month > 2 ? 1 : 0;
    else if (!m[2] && endMonth < month) y += 1;
    const due = iso(endMonth === 2 ? lastDayOf(y, 2) : utc(y, endMonth, endDay));
    return found(due, m[0]);
  }
  m = /\b(?:by|before) easter(?: (20\d\d))?\b/.exec(s);
  if (m) {
    let due = easter(m[1] ? Number(m[1]) : year);
    if (!m[1] && due < on) due = easter(year + 1);
    return found(due, m[0]);
  }
  m = new RegExp(`\\b(?:by|before) (?:the )?(?:end of )?${MONTH}(?: (20\\d\\d))?\\b`).exec(s);
  if (m) {
    const mo = monthIndex(m[1]!);
    return found(iso(lastDayOf(yearOf(m[2], mo), mo)), m[0]);
  }
  m = /\bby (?:the )?end of (?:this|the) year\b/.exec(s);
  if (m) return found(`${year}-12-31`, m[0]);
  m = /\b(?:by|before) (?:the )?(?:end of )?(20\d\d)\b/.exec(s);
  if (m) return found(`${m[1]}-12-31`, m[0]);
  m = /\b(?:by|before|in|during) (?:the )?(?:end of )?next year\b/.exec(s);
  if (m) return found(`${year + 1}-12-31`, m[0]);
  return undefined;
}

/** A month named as when something was said ("told the House in January", "In January the minister said"). */
const SAID = String.raw`(said|told|announced|promised|pledged|committed|confirmed|set out|stated|wrote|undertook)`;
const TOLD_THEN = new RegExp(`\\b${SAID}\\b[^.,;]{0,40}\\bin ${MONTH}\\b|^in ${MONTH},? [^.,;]{0,60}\\b${SAID}\\b`);

/**
 * When a sentence retells an earlier event: the full date it names ("on 20 October 2022"), or `past` for a vaguer
 * earlier time ("in 2022", "last year", "in May" said in July). Undefined when it speaks of the item's own time.
 */
export function earlierDate(sentence: string, on: string): string | 'past' | undefined {
  const s = sentence.toLowerCase();
  const year = Number(on.slice(0, 4));
  const month = Number(on.slice(5, 7));
  const full = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)? ${MONTH},? (20\\d\\d|19\\d\\d)\\b`).exec(s) ?? new RegExp(`\\b${MONTH} (\\d{1,2})(?:st|nd|rd|th)?,? (20\\d\\d)\\b`).exec(s);
  // The start or end of a period ("cases closed between 1 January 2010 and…") is not when anything happened.
  if (full && !/\b(between|from|until|to|and)\s+$/.test(s.slice(0, full.index))) {
    const [day, mon, y] = /^\d/.test(full[1]!) ? [full[1]!, full[2]!, full[3]!] : [full[2]!, full[1]!, full[3]!];
    const date = iso(utc(Number(y), monthIndex(mon), Number(day)));
    return daysBetween(date, on) > 14 ? date : undefined;
  }
  // "On 6 January" with no year: the last 6 January on or before the item (a later one would be promised, not told).
  const dayMonth = new RegExp(`\\bon (?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,? )?(\\d{1,2})(?:st|nd|rd|th)? ${MONTH}\\b`).exec(s);
  // With "will", only when the day is when someone said it ("As the Home Secretary set out on 16 June, the Government
  // will…"): a promise retold.
  if (dayMonth && (!/\b(will|shall)\b/.test(s) || new RegExp(`\\b${SAID}\\b[^.;]{0,40}$`).test(s.slice(0, dayMonth.index)))) {
    const mo = monthIndex(dayMonth[2]!);
    const day = Number(dayMonth[1]);
    const thisYear = iso(utc(year, mo, day));
    const date = thisYear <= on ? thisYear : iso(utc(year - 1, mo, day));
    return daysBetween(date, on) > 14 ? date : undefined;
  }
  if (/\b(last|previous) (year|month|summer|spring|autumn|winter)\b|\b\w+ (years|months) ago\b/.test(s)) return 'past';
  // What a government before this one did is history, whenever it was.
  if (/^["'‘“]?(under |in )?(the )?(previous|last|former) ([a-z]+ )?(government|administration)\b/.test(s)) return 'past';
  const inYear = /\b(?:in|since|from) (19\d\d|20\d\d)\b/.exec(s);
  if (inYear && Number(inYear[1]) < year) return 'past';
  const monthYear = new RegExp(`\\b(?:in|since) ${MONTH} (20\\d\\d)\\b`).exec(s);
  if (monthYear && Number(monthYear[2]) * 12 + monthIndex(monthYear[1]!) < year * 12 + month - 1) return 'past';
  const bareMonth = new RegExp(`\\b(?:in|since|earlier in|back in) ${MONTH}\\b(?! (?:19|20)\\d\\d)`).exec(s);
  // "will" may look ahead ("in May we will publish"), unless the month is when someone said it ("told the House in
  // January that the Government would…", "In January the Home Secretary said…"): a promise retold.
  if (bareMonth && (!/\bwill\b/.test(s) || TOLD_THEN.test(s))) {
    const mo = monthIndex(bareMonth[1]!);
    if (mo < month - 1 && mo > 0) return 'past';
  }
  return undefined;
}
