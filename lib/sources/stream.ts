import { sha256 } from '../util/hash.ts';
import type { PollContext, PollWindow } from './types.ts';
import { budgetSpent, ymd, type PollStats, type WindowedSource } from './windowed.ts';

/**
 * What a whole-stream poll remembers between cycles, in the source's cursor, so that listing a window whole every
 * 15 minutes costs a list page or two and no more: the records already handed over (so a statement is read in full
 * and stored once, not on every poll while it stays in the window), each list's day counts (a day whose count has not
 * moved is not read again) and each list's validators (conditional GET, where the service sends them).
 */

/** Fingerprints of listed records kept per poll, at most: bounds the cursor far below DynamoDB's 400 KB item limit. */
const MAX_SEEN = 3_000;

/**
 * Records already handed over, by native id, with a fingerprint of what the list said about them: a record comes
 * back when it is new or when its listed form changed (an answer corrected, a holding answer answered). A record
 * whose full text could not be read is not marked, so the next poll tries again.
 */
export class SeenRecords {
  private readonly before: Map<string, string>;
  private readonly after = new Map<string, string>();

  constructor(
    private readonly ctx: Pick<PollContext, 'window' | 'probe' | 'state'>,
    private readonly key = 'seen',
  ) {
    // A backfill or a probe reads everything it lists and leaves the live cursor alone.
    const stored = this.live ? (ctx.state?.cursor?.[key] ?? '') : '';
    this.before = new Map(stored.split(',').filter(Boolean).map((e) => e.split('=') as [string, string]));
  }

  private get live(): boolean {
    return !this.ctx.window && !this.ctx.probe;
  }

  /** True when the record is new or changed since it was handed over (always true outside a live poll). */
  isNew(id: string, listed: unknown): boolean {
    const print = fingerprint(listed);
    const known = this.before.get(id) === print;
    if (known) this.after.set(id, print);
    return !known;
  }

  /** The record was handed over whole: remember it. */
  mark(id: string, listed: unknown): void {
    this.after.set(id, fingerprint(listed));
  }

  /** For a record handed over as listed: true (and remembered) when it is new or changed. */
  take(id: string, listed: unknown): boolean {
    if (!this.isNew(id, listed)) return false;
    this.mark(id, listed);
    return true;
  }

  /**
   * For the cursor: what this poll handed over or found unchanged, after what earlier polls handed over and this one
   * did not list (a day not read again); the oldest are forgotten first.
   */
  toCursor(): Record<string, string> {
    if (!this.live) return {};
    const older = [...this.before].filter(([id]) => !this.after.has(id));
    const entries = [...older, ...this.after].slice(-MAX_SEEN);
    return { [this.key]: entries.map(([id, print]) => `${id.replace(/[=,]/g, '_')}=${print}`).join(',') };
  }
}

const fingerprint = (listed: unknown): string => sha256(JSON.stringify(listed)).slice(0, 8);

/** Every calendar day (UTC, `yyyy-mm-dd`) the window touches, oldest first. */
export function windowDays(window: PollWindow): string[] {
  const days: string[] = [];
  const last = ymd(window.until);
  for (let d = new Date(`${ymd(window.since)}T00:00:00Z`); ymd(d) <= last && days.length < 400; d.setUTCDate(d.getUTCDate() + 1)) days.push(ymd(d));
  return days;
}

/**
 * The date ranges a poll lists. Read whole, a day at a time: a live poll newest first (a day whose count has not
 * moved costs one request, and when the poll's request budget runs out it is the older days, read by earlier polls,
 * that wait); a backfill oldest first, as it reads history chunk by chunk (none of it read before, so nothing to put
 * last, and its progress goes forward in time). By search: the whole window in one range.
 */
export function listRanges(ctx: Pick<PollContext, 'window'>, window: PollWindow, byDay: boolean): (readonly [string, string])[] {
  if (!byDay) return [[ymd(window.since), ymd(window.until)]];
  const days = windowDays(window);
  return (ctx.window ? days : days.reverse()).map((d) => [d, d] as const);
}

/**
 * Day counts: one cheap request per list per day (`take=1`, the total only) says whether a day changed since the
 * last poll; only a changed day is read whole. Outside a live poll every day is read.
 */
export class DayCounts {
  private readonly next: Record<string, string> = {};
  private readonly pending = new Map<string, number>();
  constructor(private readonly ctx: Pick<PollContext, 'window' | 'probe' | 'state'>) {}

  /** Whether `list` on `day` must be read: asks the total and compares it with the last poll's. */
  async changed(list: string, day: string, total: () => Promise<number | undefined>): Promise<boolean> {
    if (this.ctx.window || this.ctx.probe) return true;
    const key = `n:${list}:${day}`;
    const now = await total();
    if (now === undefined) return true;
    if (this.ctx.state?.cursor?.[key] === String(now)) {
      this.next[key] = String(now);
      return false;
    }
    this.pending.set(key, now);
    return true;
  }

  /**
   * A changed day was read: its count is remembered only when all of it was (a page limit or the poll's request
   * budget can stop a read short; then the next poll reads the day again).
   */
  read(list: string, day: string, records: number): void {
    const key = `n:${list}:${day}`;
    const total = this.pending.get(key);
    if (total !== undefined && records >= total) this.next[key] = String(total);
  }

  /** After a poll stopped by a failure, the counts of days it did not get to are kept, so they are not read again. */
  toCursor(stats: PollStats): Record<string, string> {
    if (this.ctx.window || this.ctx.probe) return {};
    return { ...(stats.failure && earlier(this.ctx, 'n:')), ...this.next };
  }
}

/**
 * A list's total for the day, from a one-record page (counted as a page of the poll, and so in its request budget:
 * not asked once the budget is spent).
 */
export async function dayTotal(
  source: WindowedSource,
  stats: PollStats,
  label: string,
  list: (skip: number, take: number) => Promise<{ total?: number }>,
): Promise<number | undefined> {
  if (stats.failure || budgetSpent(source, stats, `${label}: the day's count`)) return undefined;
  stats.page(0);
  try {
    return (await list(0, 1)).total;
  } catch (err) {
    stats.stop(err, `${label}: the day's count`, 0);
    return undefined;
  }
}

/**
 * Conditional GET for the first page of a whole list: the validators the service sent last time for the same URL
 * are sent back, and a 304 means the list is as it was (its first page carries the total and the newest records).
 * Parliament's APIs are not known to send validators (sources.md): then this costs nothing and does nothing.
 */
export class ListValidators {
  private readonly next: Record<string, string> = {};
  /** Lists the service said had not changed. */
  readonly unchanged = new Set<string>();
  constructor(private readonly ctx: Pick<PollContext, 'window' | 'probe' | 'state'>) {}

  private live(): boolean {
    return !this.ctx.window && !this.ctx.probe;
  }

  /** What to send with the first page of `url` (none outside a live poll, or for a URL not seen before). */
  request(list: string, url: URL): { etag?: string; lastModified?: string } {
    if (!this.live()) return {};
    const [storedUrl, etag, lastModified] = (this.ctx.state?.cursor?.[`v:${list}`] ?? '').split('\n');
    return storedUrl === url.toString() ? { etag: etag || undefined, lastModified: lastModified || undefined } : {};
  }

  /** Remembers the validators the service answered with (or keeps the old ones on a 304). */
  answered(list: string, url: URL, response: { notModified: boolean; etag?: string; lastModified?: string }): void {
    if (!this.live()) return;
    if (response.notModified) {
      this.unchanged.add(list);
      this.next[`v:${list}`] = this.ctx.state?.cursor?.[`v:${list}`] ?? '';
    } else if (response.etag || response.lastModified) {
      this.next[`v:${list}`] = [url.toString(), response.etag ?? '', response.lastModified ?? ''].join('\n');
    }
  }

  /**
   * Validators are kept only for a list read to its end: after a poll stopped by a failure or cut short by a limit, a
   * 304 to them would hide the pages it did not read. Then the last poll's are kept.
   */
  toCursor(stats: PollStats): Record<string, string> {
    return stats.failure || stats.cutShort ? earlier(this.ctx, 'v:') : this.next;
  }
}

/** The entries of the last poll's cursor whose keys start with `prefix`. */
const earlier = (ctx: Pick<PollContext, 'state'>, prefix: string): Record<string, string> =>
  Object.fromEntries(Object.entries(ctx.state?.cursor ?? {}).filter(([k]) => k.startsWith(prefix)));

/**
 * What the next live poll starts from: the window's end and what each helper remembers. A backfill leaves the live
 * cursor alone. A poll stopped by a failure did not read its whole window: the window's end stays where it was, so
 * the next poll lists it again, and what this one handed over (`SeenRecords`) is not handed over twice.
 */
export function streamCursor(
  ctx: PollContext<WindowedSource>,
  window: PollWindow,
  stats: PollStats,
  ...parts: { toCursor(stats: PollStats): Record<string, string> }[]
): Record<string, string> | undefined {
  if (ctx.window) return undefined;
  const windowEnd = stats.failure ? ctx.state?.cursor?.windowEnd : window.until.toISOString();
  return Object.assign(windowEnd ? { windowEnd } : {}, ...parts.map((p) => p.toCursor(stats)));
}
