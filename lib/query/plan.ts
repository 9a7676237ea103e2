import { KINDS, type Kind } from '../model/item.ts';
import { normaliseText } from '../text/normalise.ts';
import { sha256 } from '../util/hash.ts';
import { checkDayOrInstant, dateMessage } from '../util/calendar-date.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { QueryParamError } from './errors.ts';

/** Raw parameters as they arrive from a query string or the command line. */
export type RawParams = Record<string, string | undefined>;

export const ITEMS_PARAMS = ['tracked', 'kind', 'source', 'from', 'to', 'q', 'limit', 'cursor'] as const;
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;
const MAX_Q_LENGTH = 200;

/** The validated query, as echoed in provenance: dates are normalised to ISO instants. */
export interface ItemsQuery {
  tracked?: string;
  kind?: Kind;
  source?: string;
  /** Inclusive ISO lower bound (a bare date means London midnight at its start). */
  from?: string;
  /** Inclusive ISO upper bound (a bare date means the last millisecond of that day in London). */
  to?: string;
  q?: string;
  limit: number;
}

export type AccessPath = 'tracked' | 'source' | 'kind';

/** How the store answers a query: one partition, a sort-key range, residual filters. Store-agnostic. */
export interface ItemsPlan {
  query: ItemsQuery;
  access: { by: AccessPath; value: string };
  /** Inclusive bounds on the sort key `<published>#<itemId>`. */
  range: { lo: string; hi: string };
  /** Conditions the chosen partition does not already guarantee (applied by the store as a filter). */
  filter: { kind?: Kind; sourceId?: string };
  /** Normalised `q`, applied to each page read (see `matchesText`). */
  text?: string;
  limit: number;
  /** Resume strictly after this sort key. */
  start?: string;
  fingerprint: string;
}

export interface PlanContext {
  /** Registry entry ids: `tracked` must be one of them. */
  entryIds: readonly string[];
  cursorSecret: string;
  maxLimit?: number;
  /** How the caller's users write a parameter in messages (the CLI: `--from`); the API's name by default. */
  paramName?: (param: string) => string;
}

const SOURCE_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
const EARLIEST = '0000-01-01T00:00:00.000Z';
const LATEST = '9999-12-31T23:59:59.999Z';
/** Above every `#<itemId>` suffix, so an upper bound includes every item at that instant. */
const AFTER_ANY_ID = '#\uffff';

/**
 * Parameters → validated plan. Pure: everything a caller can get wrong is reported here as a `QueryParamError`
 * naming the parameter, before any read.
 *
 * The most selective partition answers: a tracked entry's timeline, else a source, else a kind; the other given
 * conditions become filters. At least one of the three is required, since reading everything would be a Scan.
 */
export function planItemsQuery(params: RawParams, ctx: PlanContext): ItemsPlan {
  const unknown = Object.keys(params).filter((k) => params[k] !== undefined && !(ITEMS_PARAMS as readonly string[]).includes(k));
  if (unknown.length) throw new QueryParamError(`unknown parameter ${unknown.map((k) => `"${k}"`).join(', ')}; use ${ITEMS_PARAMS.join(', ')}`, unknown[0]);

  const n = ctx.paramName ?? ((param: string) => param);
  const tracked = present(params.tracked);
  if (tracked !== undefined && !ctx.entryIds.includes(tracked)) {
    const known = ctx.entryIds.length ? `known entries: ${ctx.entryIds.slice(0, 30).join(', ')}${ctx.entryIds.length > 30 ? ', …' : ''}` : 'the registry has no entries';
    throw new QueryParamError(`${n('tracked')}: unknown entry "${tracked}" (${known})`, 'tracked');
  }
  const kindParam = present(params.kind);
  if (kindParam !== undefined && !(KINDS as readonly string[]).includes(kindParam)) {
    throw new QueryParamError(`${n('kind')}: unknown kind "${kindParam}" (one of ${KINDS.join(', ')})`, 'kind');
  }
  const kind = kindParam as Kind | undefined;
  const source = present(params.source);
  if (source !== undefined && !SOURCE_ID.test(source)) {
    throw new QueryParamError(`${n('source')}: "${source}" is not a source id (lower-case letters, digits and dashes)`, 'source');
  }
  if (tracked === undefined && kind === undefined && source === undefined) {
    throw new QueryParamError(`give at least one of ${n('tracked')}, ${n('kind')} or ${n('source')} (the archive is read by one of them, never scanned)`);
  }

  const from = parseDate(params.from, 'from', n);
  const to = parseDate(params.to, 'to', n);
  if (from && to && from > to) throw new QueryParamError(`${n('from')} (${params.from}) is after ${n('to')} (${params.to})`, 'from');

  const maxLimit = ctx.maxLimit ?? MAX_LIMIT;
  const limit = parseLimit(params.limit, maxLimit, n);
  const qRaw = present(params.q);
  if (qRaw !== undefined && qRaw.length > MAX_Q_LENGTH) throw new QueryParamError(`${n('q')}: at most ${MAX_Q_LENGTH} characters`, 'q');
  const text = qRaw === undefined ? undefined : normaliseText(qRaw) || undefined;

  const query: ItemsQuery = { limit };
  if (tracked !== undefined) query.tracked = tracked;
  if (kind !== undefined) query.kind = kind;
  if (source !== undefined) query.source = source;
  if (from) query.from = from;
  if (to) query.to = to;
  if (qRaw !== undefined) query.q = qRaw;

  const access: ItemsPlan['access'] =
    tracked !== undefined ? { by: 'tracked', value: tracked } : source !== undefined ? { by: 'source', value: source } : { by: 'kind', value: kind! };
  const filter: ItemsPlan['filter'] = {};
  if (kind !== undefined && access.by !== 'kind') filter.kind = kind;
  if (source !== undefined && access.by !== 'source') filter.sourceId = source;

  const fingerprint = sha256(JSON.stringify([tracked, kind, source, from, to, text])).slice(0, 16);
  const plan: ItemsPlan = {
    query,
    access,
    range: { lo: from ?? EARLIEST, hi: (to ?? LATEST) + AFTER_ANY_ID },
    filter,
    limit,
    fingerprint,
  };
  if (text) plan.text = text;
  const cursor = present(params.cursor);
  if (cursor !== undefined) {
    plan.start = decodeCursor(cursor, fingerprint, ctx.cursorSecret);
    // A start key outside the query's own range is one no page of this query produced.
    if (plan.start < plan.range.lo || plan.start > plan.range.hi) throw new QueryParamError('cursor does not belong to this query\'s date range', 'cursor');
  }
  return plan;
}

/** The cursor for the page after `position` in this plan's result set. */
export const nextCursor = (plan: ItemsPlan, position: string, secret: string): string => encodeCursor(position, plan.fingerprint, secret);

const present = (v: string | undefined): string | undefined => {
  const t = v?.trim();
  return t ? t : undefined;
};

/**
 * yyyy-mm-dd is a whole day in the UK, the dates pages show (`from` London midnight at its start, `to` the last
 * millisecond before the next); an ISO-8601 time needs its zone. The same for the pages, the API and the CLI.
 */
function parseDate(value: string | undefined, param: 'from' | 'to', n: (param: string) => string): string | undefined {
  const v = present(value);
  if (v === undefined) return undefined;
  const bound = checkDayOrInstant(v, param === 'from' ? 'start' : 'end');
  if (!bound.ok) throw new QueryParamError(dateMessage(n(param), v, bound.problem), param);
  return bound.value.toISOString();
}

function parseLimit(value: string | undefined, max: number, n: (param: string) => string): number {
  const v = present(value);
  if (v === undefined) return Math.min(DEFAULT_LIMIT, max);
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new QueryParamError(`${n('limit')}: "${v}" is not a whole number from 1 to ${max}`, 'limit');
  if (Number(v) > max) throw new QueryParamError(`${n('limit')}: ${v} is over the maximum of ${max}; page with the cursor instead`, 'limit');
  return Number(v);
}
