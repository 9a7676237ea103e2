import { londonWallClockToUtc } from '../util/london-time.ts';
import { z } from 'zod';
import { minIntervalFor, type SourceConfigOf } from '../config/schema.ts';
import { decodeBody } from '../http/decode.ts';
import { HttpFetchError } from '../http/types.ts';
import { normaliseTitle } from '../text/normalise.ts';
import type { PollContext, PollOutcome, PollWindow } from './types.ts';
import type { ListValidators } from './stream.ts';

/**
 * Shared machinery for the sources queried by date window and search term (Parliament, GOV.UK):
 * the window itself, JSON fetching with the retries these APIs need, skip/take paging, and de-duplication
 * on native ids across search terms.
 */

export type WindowedSource = SourceConfigOf<'hansard' | 'written-statements' | 'written-questions' | 'committees' | 'govuk-search'>;

/** The API answered, but not with what its specification describes. */
export class SourceResponseError extends Error {
  override readonly name: string = 'SourceResponseError';
}

/**
 * The service changed the shape of what it sends: a field the adapter relies on is gone or has another type. The
 * poll fails with the field's path, so `sources`, the cycle report and the alarm show it. Extra fields never cause it.
 */
export class ShapeDriftError extends SourceResponseError {
  override readonly name: string = 'ShapeDriftError';
}

const DAY_MS = 86_400_000;

/** `yyyy-mm-dd` of an instant, in UTC. */
export const ymd = (d: Date): string => d.toISOString().slice(0, 10);

/**
 * The date window a poll covers. A backfill passes its own; otherwise it runs from the end of the last polled
 * window minus `overlapDays` (records published late are still caught) to now. `minSittingDays` widens it to
 * reach back at least that many weekdays (Hansard: late corrections land days after the sitting).
 */
export function pollWindow(ctx: PollContext<WindowedSource>, options: { minSittingDays?: number } = {}): PollWindow {
  if (ctx.window) return ctx.window;
  const until = ctx.now;
  const last = ctx.state?.cursor?.windowEnd ? new Date(ctx.state.cursor.windowEnd) : until;
  const anchor = Number.isNaN(last.getTime()) || last > until ? until : last;
  let since = new Date(anchor.getTime() - ctx.source.overlapDays * DAY_MS);
  if (options.minSittingDays) {
    const sitting = weekdaysBack(anchor, options.minSittingDays);
    if (sitting < since) since = sitting;
  }
  return { since, until };
}

/** The instant `n` weekdays before `from` (Parliament sits Monday to Thursday, some Fridays). */
export function weekdaysBack(from: Date, n: number): Date {
  const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  let left = n;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() - 1);
    const day = d.getUTCDay();
    if (day !== 0 && day !== 6) left--;
  }
  return d;
}

/**
 * A live poll sooner than `minIntervalMinutes` after the last one is skipped and reported as not modified
 * (nothing asked, nothing written). Measured from the cursor, which only a real poll moves. A backfill always runs.
 */
export function notDue(ctx: PollContext<WindowedSource>): PollOutcome | undefined {
  const last = Date.parse(ctx.state?.cursor?.windowEnd ?? '');
  const minutesAgo = Math.floor((ctx.now.getTime() - last) / 60_000);
  const interval = minIntervalFor(ctx.source);
  // A minute's slack: a 15-minute schedule firing a few seconds early must not push an hourly query to 75 minutes.
  if (ctx.window || Number.isNaN(last) || minutesAgo >= interval - 1) return undefined;
  const note = `not queried: last queried ${minutesAgo} min ago (minIntervalMinutes ${interval})`;
  return { notModified: true, drafts: [], pages: 0, bytes: 0, warnings: [note] };
}

/**
 * The common start of a windowed poll: skipped when not due; otherwise its window, counters and queries. A source
 * read whole, and a probe (`sources check`), ask each list once with no search term (`undefined`): whatever the
 * service has; a source read by search asks once per registry search term.
 */
export function beginPoll(
  ctx: PollContext<WindowedSource>,
  options: { minSittingDays?: number } = {},
): { skipped: PollOutcome } | { window: PollWindow; stats: PollStats; terms: (string | undefined)[] } {
  const skipped = notDue(ctx);
  if (skipped) return { skipped };
  const stats = new PollStats(ctx);
  const terms = ctx.probe || ctx.source.read === 'whole' ? [undefined] : queryTerms(ctx);
  if (terms.length === 0) stats.warnings.push('no search terms: nothing queried');
  return { window: pollWindow(ctx, options), stats, terms };
}

/** How a query is named in warnings: its search term, or `(all)` for a probe. */
export const termLabel = (term: string | undefined): string => (term === undefined ? '(all)' : `"${term}"`);

/** Counters every windowed poll reports. */
export class PollStats {
  pages = 0;
  bytes = 0;
  items = 0;
  readonly warnings: string[] = [];
  /**
   * The list request that failed and stopped the poll part-way (a page that kept failing, the cycle's deadline): no
   * request is made after it, what was listed before it is handed over, and the cursor resumes from there.
   */
  failure: Error | undefined;
  /** Why the poll did not list all of its window (the request budget, the page limit): the first reason. */
  cutShort: string | undefined;
  private budgetNoted = false;
  constructor(private readonly ctx: PollContext<WindowedSource>) {}

  /** Records the failure that stops the poll; an error that is not the source's (a bug) is thrown on. */
  stop(err: unknown, where: string, listed: number): void {
    if (!(err instanceof HttpFetchError || err instanceof SourceResponseError)) throw err;
    this.failure = err;
    const kept = listed > 0 ? ` (the ${listed} records of that list read before it are kept)` : '';
    this.warnings.push(`${where} failed: the poll stopped there${kept}, and the next poll reads the rest`);
  }

  page(items: number, totalEstimate?: number): void {
    this.pages++;
    this.items += items;
    this.ctx.onProgress?.({ pages: this.pages, items: this.items, totalEstimate });
  }

  /** Said once per poll: which query the search-request budget stopped at. */
  budgetSpent(budget: number, label: string): void {
    if (this.budgetNoted) return;
    this.budgetNoted = true;
    this.cut(`search budget of ${budget} requests spent: ${label} and the queries after it wait for the next poll (raise maxSearchRequests or trim searchTerms)`);
  }

  /** A limit left part of the window unread: a warning, and the outcome says so (a backfill chunk is then not done). */
  cut(reason: string): void {
    this.warnings.push(reason);
    this.cutShort ??= reason;
  }

  outcome(drafts: PollOutcome['drafts'], cursor: PollOutcome['cursor']): PollOutcome {
    const { failure, cutShort } = this;
    return { notModified: false, drafts, cursor, pages: this.pages, bytes: this.bytes, warnings: this.warnings, ...(failure && { failure }), ...(cutShort && { cutShort }) };
  }
}

export interface JsonFetchOptions {
  /** Attempts when the API answers 200 with a JSON error body (`"status":500`); HTTP-level retries are the client's. */
  attempts?: number;
  /** Pause before re-asking after a JSON error body, doubled per attempt. */
  retryDelayMs?: number;
}

const JsonErrorBody = z.looseObject({ status: z.number().int().min(500), title: z.string().optional() });

/**
 * GETs a JSON document. Parliament's APIs omit the charset, so the body is always read as UTF-8 (`£` survives).
 * The questions-statements API sometimes answers with a JSON body carrying `"status":500` instead of an HTTP
 * error (mySociety retries those up to 5 times): such bodies are retried here, a bounded number of times.
 */
export async function fetchJson<T>(
  ctx: PollContext<WindowedSource>,
  stats: PollStats,
  url: URL,
  schema: z.ZodType<T>,
  options: JsonFetchOptions = {},
): Promise<T> {
  const answer = await getJson(ctx, stats, url, schema, options);
  if (answer.notModified) throw new SourceResponseError(`${describeUrl(url)} answered 304 to an unconditional request`);
  return answer.body;
}

type JsonAnswer<T> = { notModified: true } | { notModified: false; body: T; etag?: string; lastModified?: string };

async function getJson<T>(
  ctx: PollContext<WindowedSource>,
  stats: PollStats,
  url: URL,
  schema: z.ZodType<T>,
  options: JsonFetchOptions & { conditional?: { etag?: string; lastModified?: string } } = {},
): Promise<JsonAnswer<T>> {
  const attempts = options.attempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    const response = await ctx.http.get({ url: url.toString(), timeoutMs: ctx.source.timeoutMs, headers: { accept: 'application/json' }, ...options.conditional });
    stats.bytes += response.bytes;
    if (response.notModified) return { notModified: true };
    const text = decodeBody(response.body, response.headers['content-type'], { forceUtf8: true });
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new SourceResponseError(`not JSON from ${describeUrl(url)}: ${JSON.stringify(text.slice(0, 80))}`);
    }
    const apiError = JsonErrorBody.safeParse(body);
    if (apiError.success) {
      if (attempt >= attempts) {
        throw new SourceResponseError(
          `${describeUrl(url)} answered status ${apiError.data.status}${apiError.data.title ? ` (${apiError.data.title})` : ''} ${attempts} times`,
        );
      }
      await sleep((options.retryDelayMs ?? 250) * 2 ** (attempt - 1));
      continue;
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new ShapeDriftError(`unexpected shape from ${describeUrl(url)}: ${describeIssue(parsed.error)}`);
    return { notModified: false, body: parsed.data, etag: response.headers.etag, lastModified: response.headers['last-modified'] };
  }
}

/**
 * A list page: the envelope is checked whole (its list gone is drift), its records one by one. A bad record among
 * good ones is bad data: skipped, with a warning naming it and the field. A page where every record fails is a
 * changed service: the poll fails with the field's path.
 */
export async function fetchList<K extends string, E extends { [k in K]: unknown[] }, R>(
  ctx: PollContext<WindowedSource>,
  stats: PollStats,
  url: URL,
  envelope: z.ZodType<E>,
  key: K,
  record: z.ZodType<R>,
  conditional?: { validators: ListValidators; list: string },
): Promise<{ body?: E; items: R[] }> {
  const answer = await getJson(ctx, stats, url, envelope, { conditional: conditional?.validators.request(conditional.list, url) });
  conditional?.validators.answered(conditional.list, url, answer);
  if (answer.notModified) return { items: [] };
  const body = answer.body;
  const raw = body[key];
  const items: R[] = [];
  const failures: { index: number; error: z.ZodError; id: string }[] = [];
  raw.forEach((r, index) => {
    const parsed = record.safeParse(r);
    if (parsed.success) items.push(parsed.data);
    else failures.push({ index, error: parsed.error, id: idOf(r) });
  });
  if (failures.length > 0 && items.length === 0) {
    const issue = describeIssue(failures[0]!.error, [key, '*']);
    throw new ShapeDriftError(`unexpected shape from ${describeUrl(url)}: ${issue} (all ${raw.length} records)`);
  }
  // A hostile page of thousands of bad records must not become thousands of warnings.
  for (const f of failures.slice(0, MAX_RECORD_WARNINGS)) {
    stats.warnings.push(`${describeUrl(url)}: record ${f.index}${f.id} skipped: ${describeIssue(f.error, [key, f.index])}`);
  }
  if (failures.length > MAX_RECORD_WARNINGS) stats.warnings.push(`${describeUrl(url)}: ${failures.length - MAX_RECORD_WARNINGS} more records skipped`);
  return { body, items };
}

const MAX_RECORD_WARNINGS = 5;

/** `path.to.field message` for the first problem zod found; `within` is the path down to what was parsed. */
function describeIssue(error: z.ZodError, within: (string | number)[] = []): string {
  const issue = error.issues[0];
  return `${[...within, ...(issue?.path ?? [])].join('.') || '(root)'} ${issue?.message ?? ''}`.trim();
}

/** ` (id …)` naming a record in a warning, from whichever id field it carries; empty when it has none. */
function idOf(record: unknown): string {
  if (!record || typeof record !== 'object') return '';
  const r = record as Record<string, unknown>;
  const inner = r.value && typeof r.value === 'object' ? (r.value as Record<string, unknown>) : r;
  const id = inner.id ?? inner.ContributionExtId ?? inner.DebateSectionExtId ?? inner.link;
  return typeof id === 'string' || typeof id === 'number' ? ` (id ${String(id).slice(0, 80)})` : '';
}

export interface Page<T> {
  items: T[];
  total?: number;
}

/** True, said once, when the poll's list requests reached `maxSearchRequests`: `label` and the lists after it wait. */
export function budgetSpent(source: WindowedSource, stats: PollStats, label: string): boolean {
  if (stats.pages < source.maxSearchRequests) return false;
  stats.budgetSpent(source.maxSearchRequests, label);
  return true;
}

/**
 * Reads a skip/take collection until a short or empty page, the reported total, or `maxPages`; says so in a
 * warning when the page limit cut it short (the rest is picked up by the overlap or a backfill). A page that fails
 * stops the poll (`PollStats.stop`): the pages read before it are returned, and nothing more is asked.
 */
export async function readPages<T>(
  source: WindowedSource,
  stats: PollStats,
  label: string,
  fetchPage: (skip: number, take: number) => Promise<Page<T>>,
): Promise<T[]> {
  const take = source.pageSize;
  const all: T[] = [];
  for (let page = 0; ; page++) {
    if (stats.failure || budgetSpent(source, stats, label)) return all;
    if (page >= source.maxPages) {
      stats.cut(`${label}: stopped after ${source.maxPages} pages (${all.length} items read; raise maxPages to read more)`);
      return all;
    }
    let answer: Page<T>;
    try {
      answer = await fetchPage(page * take, take);
    } catch (err) {
      stats.stop(err, `${label}: page ${page + 1}`, all.length);
      return all;
    }
    const { items, total } = answer;
    all.push(...items);
    stats.page(items.length, total);
    // The reported total decides when there is one (an API may cap `take` below what we asked for); else a short page.
    if (items.length === 0 || (total !== undefined ? all.length >= total : items.length < take)) return all;
  }
}

/** Keeps the first record seen for each native id: the same record found by several search terms counts once. */
export class Deduper<T> {
  private readonly seen = new Map<string, T>();
  add(id: string, value: T): void {
    if (!this.seen.has(id)) this.seen.set(id, value);
  }
  get values(): T[] {
    return [...this.seen.values()];
  }
  get size(): number {
    return this.seen.size;
  }
}

/** Search terms to query, de-duplicated ignoring case; a term shorter than the API accepts is dropped. */
export function queryTerms(ctx: PollContext<WindowedSource>, minLength = 2): string[] {
  const seen = new Map<string, string>();
  for (const t of ctx.searchTerms) {
    const term = t.trim();
    if (term.length >= minLength && !seen.has(term.toLowerCase())) seen.set(term.toLowerCase(), term);
  }
  return [...seen.values()];
}

/**
 * Parliament's date-times carry no zone (`2025-06-16T09:30:00`): they are UK local time, converted to UTC ISO.
 * A bare date (or midnight, which is how a date-only field arrives) keeps its calendar day as `T00:00:00Z`:
 * converting London midnight in summer would file the sitting under the day before.
 * Undefined when the value is missing or unreadable.
 */
export function londonToUtc(local: string | null | undefined): string | undefined {
  if (!local) return undefined;
  if (/[zZ]|[+-]\d\d:?\d\d$/.test(local)) {
    const t = Date.parse(local);
    return Number.isNaN(t) ? undefined : new Date(t).toISOString();
  }
  const m = local.match(/^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d))?)?/);
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', sec = '0'] = m;
  if (+h === 0 && +mi === 0 && +sec === 0) return `${y}-${mo}-${d}T00:00:00.000Z`;
  return londonWallClockToUtc(+y!, +mo!, +d!, +h, +mi, +sec).toISOString();
}

/** The local calendar date (`yyyy-mm-dd`) a Parliament date-time names. */
export const localDate = (local: string | null | undefined): string | undefined => local?.match(/^\d{4}-\d\d-\d\d/)?.[0];

/**
 * De-duplication key shared by a written ministerial statement found through the written statements API and
 * through Hansard's `Written` contributions. Hansard's search results carry no UIN, so the key is what both
 * sources do carry: the local date made, the minister's Parliament member id and the normalised title.
 */
export function writtenStatementKey(date: string, memberId: number | null | undefined, title: string): string {
  return `wms:${date}:m${memberId ?? 0}:${normaliseTitle(title)}`;
}

function describeUrl(url: URL): string {
  return url.pathname;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An API URL under the source's `baseUrl` (which may carry a path prefix, e.g. the fixture server's). */
export function apiUrl(source: WindowedSource, defaultBase: string, path: string, params: Record<string, string | number | string[] | undefined>): URL {
  const url = new URL((source.baseUrl ?? defaultBase).replace(/\/+$/, '') + path);
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(name, String(v));
  }
  return url;
}

/** Native ids as strings, without the empty ones. */
export function compact(ids: Record<string, string | number | null | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(ids)) if (v !== null && v !== undefined && v !== '') out[k] = String(v);
  return out;
}
