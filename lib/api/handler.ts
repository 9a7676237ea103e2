import type { CompiledRegistry } from '../classify/classifier.ts';
import type { RegistryEntry } from '../registry/registry.ts';
import { QueryParamError } from '../query/errors.ts';
import { runItemsPage } from '../query/execute.ts';
import { planItemsQuery, MAX_LIMIT, type RawParams } from '../query/plan.ts';
import type { ArchiveReader } from '../query/ports.ts';
import { buildBoardProvenance, buildProvenance, describeAccess } from '../query/provenance.ts';
import { csvHeader, csvLine, csvRow, type CsvOptions } from '../query/csv.ts';
import { toDeadlineJson, toStatusDetailJson, toStatusJson } from '../board/json.ts';
import type { Deadline, DeadlineStatus, EntryStatus } from '../board/types.ts';
import { londonToday } from '../board/dates.ts';
import { rowFromItem } from '../query/rows.ts';
import { checkCalendarDay, dateMessage } from '../util/calendar-date.ts';

/** A request as both the Lambda (API Gateway HTTP API v2) and the loopback server see it. Header names lower-case. */
export interface ApiRequest {
  method: string;
  path: string;
  query: RawParams;
  headers: Record<string, string | undefined>;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What the API needs from the registry: entry ids and names, and the version hash cited in provenance. */
export interface RegistryView {
  version: string;
  entries: readonly Pick<RegistryEntry, 'id' | 'type' | 'name'>[];
}

export const registryView = (compiled: CompiledRegistry): RegistryView => ({ version: compiled.version, entries: compiled.registry.entries });

/** The accountability board as the API reads it (`Board` in lib/board implements it). */
export interface BoardReader {
  readonly options: { stalledAfterDays: number };
  status(ids?: string[], at?: string): Promise<EntryStatus[]>;
  deadlines(at?: string, statuses?: DeadlineStatus[]): Promise<(Deadline & { name: string })[]>;
}

export interface ApiDeps {
  reader: ArchiveReader;
  /** Serves `/status` and `/deadlines`; without it those routes answer 404. */
  board?: BoardReader;
  registry: RegistryView;
  cursorSecret: string;
  now?: () => Date;
  maxLimit?: number;
  /** Called with unexpected errors (answered as 500); the Lambda logs them. */
  onError?: (err: unknown) => void;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const CSV_TYPE = 'text/csv; charset=utf-8; header=present';
const ITEM_ID = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * The archive API: `GET /items`, `GET /items/{id}`, `GET /tracked`, and the accountability board: `GET /status`,
 * `GET /status/{id}`, `GET /deadlines`. JSON unless `format=csv` or `Accept: text/csv`.
 * Bad parameters answer 400 with `{ error, param }`; nothing here throws.
 */
export async function handleApiRequest(req: ApiRequest, deps: ApiDeps): Promise<ApiResponse> {
  try {
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(405, { error: `method ${req.method} not allowed` }, { allow: 'GET, HEAD' });
    const path = req.path.replace(/\/+$/, '') || '/';
    if (path === '/items') return await listItems(req, deps);
    if (path === '/tracked') return await listTracked(req, deps);
    const one = /^\/items\/([^/]+)$/.exec(path);
    if (one) return await getItem(decodePathSegment(one[1]!), req, deps);
    if (path === '/status' || path === '/deadlines' || path.startsWith('/status/')) {
      if (!deps.board) return json(404, { error: 'the accountability board is not served here' });
      if (path === '/status') return await listStatus(req, deps, deps.board);
      if (path === '/deadlines') return await listDeadlines(req, deps, deps.board);
      const entry = /^\/status\/([^/]+)$/.exec(path);
      if (entry) return await getStatus(decodePathSegment(entry[1]!), req, deps, deps.board);
    }
    return json(404, { error: `no route for ${path}; use /items, /items/{id}, /tracked, /status, /status/{id} or /deadlines` });
  } catch (err) {
    if (err instanceof QueryParamError) return json(400, { error: err.message, ...(err.param ? { param: err.param } : {}) });
    deps.onError?.(err);
    return json(500, { error: 'internal error' });
  }
}

async function listItems(req: ApiRequest, deps: ApiDeps): Promise<ApiResponse> {
  const { format, params, csvOptions } = negotiate(req);
  const plan = planItemsQuery(params, {
    entryIds: deps.registry.entries.map((e) => e.id),
    cursorSecret: deps.cursorSecret,
    maxLimit: deps.maxLimit ?? MAX_LIMIT,
  });
  const page = await runItemsPage(plan, deps.reader, deps.cursorSecret);
  const provenance = buildProvenance({
    query: plan.query,
    registryVersion: deps.registry.version,
    generatedAt: (deps.now ?? (() => new Date()))(),
    answeredBy: describeAccess(plan.access),
  });
  if (format === 'csv') {
    const headers: Record<string, string> = {
      'x-registry-version': provenance.registryVersion,
      'x-generated-at': provenance.generatedAt,
    };
    if (page.nextCursor) {
      headers['x-next-cursor'] = page.nextCursor;
      headers.link = `<${nextUrl(req, page.nextCursor)}>; rel="next"`;
    }
    return csv(csvHeader() + page.rows.map((r) => csvRow(r, false, csvOptions)).join(''), headers);
  }
  return json(200, { items: page.rows, nextCursor: page.nextCursor ?? null, provenance, stats: page.stats });
}

async function getItem(id: string, req: ApiRequest, deps: ApiDeps): Promise<ApiResponse> {
  const { format, csvOptions } = negotiate(req, []);
  if (!ITEM_ID.test(id)) throw new QueryParamError(`"${id}" is not an item id`, 'id');
  const { versions, older } = await deps.reader.itemHistory(id);
  if (versions.length === 0) return json(404, { error: `no item ${id}` });
  const generatedAt = (deps.now ?? (() => new Date()))().toISOString();
  if (format === 'csv') {
    const rows = versions.map((v) => ({ ...rowFromItem(v), version: v.version }));
    return csv(csvHeader(true) + rows.map((r) => csvRow(r, true, csvOptions)).join(''), { 'x-registry-version': deps.registry.version, 'x-generated-at': generatedAt });
  }
  const [item, ...earlier] = versions;
  return json(200, { item, versions: earlier, ...(older && { olderVersions: older }), provenance: { generator: 'inquiry-watch', generatedAt, registryVersion: deps.registry.version } });
}

async function listTracked(req: ApiRequest, deps: ApiDeps): Promise<ApiResponse> {
  const { format, csvOptions } = negotiate(req, []);
  const entries = deps.registry.entries;
  const counts = await deps.reader.countTracked(entries.map((e) => e.id));
  const rows = entries.map((e) => ({ id: e.id, type: e.type, name: e.name, items: counts.get(e.id) ?? 0 }));
  const generatedAt = (deps.now ?? (() => new Date()))().toISOString();
  if (format === 'csv') {
    return csv(csvLine(['id', 'type', 'name', 'items']) + rows.map((r) => csvLine([r.id, r.type, r.name, r.items], csvOptions)).join(''), {
      'x-registry-version': deps.registry.version,
      'x-generated-at': generatedAt,
    });
  }
  return json(200, { registryVersion: deps.registry.version, generatedAt, entries: rows });
}

const DEADLINE_STATUSES: readonly DeadlineStatus[] = ['open', 'met', 'overdue', 'excepted'];

/** `at`: the board as of a past date (default today, in the UK). */
function boardDate(params: RawParams, deps: ApiDeps): string {
  const at = params.at;
  if (at === undefined) return londonToday((deps.now ?? (() => new Date()))());
  const day = checkCalendarDay(at);
  if (!day.ok) throw new QueryParamError(dateMessage('at', at, day.problem), 'at');
  return at;
}

function boardHeaders(deps: ApiDeps, at: string, generatedAt: Date): Record<string, string> {
  return { 'x-registry-version': deps.registry.version, 'x-generated-at': generatedAt.toISOString(), 'x-board-at': at };
}

async function listStatus(req: ApiRequest, deps: ApiDeps, board: BoardReader): Promise<ApiResponse> {
  const { format, params, csvOptions } = negotiate(req, ['at']);
  const at = boardDate(params, deps);
  const statuses = await board.status(undefined, at);
  const generatedAt = (deps.now ?? (() => new Date()))();
  if (format === 'csv') {
    const header = csvLine(['id', 'type', 'name', 'state', 'since', 'stalled', 'last_moved', 'events', 'overdue_deadlines', 'next_due', 'next_deadline']);
    const rows = statuses.map((s) => {
      const next = s.deadlines.filter((d) => d.status === 'overdue' || d.status === 'open').sort((a, b) => a.due.localeCompare(b.due))[0];
      return csvLine([s.id, s.type, s.name, s.state, s.since, String(s.stalled), s.lastMoved, s.events.length, s.deadlines.filter((d) => d.status === 'overdue').length, next?.due, next?.what], csvOptions);
    });
    return csv(header + rows.join(''), boardHeaders(deps, at, generatedAt));
  }
  const provenance = buildBoardProvenance({ registryVersion: deps.registry.version, generatedAt, at, stalledAfterDays: board.options.stalledAfterDays });
  return json(200, { entries: statuses.map(toStatusJson), provenance });
}

async function getStatus(id: string, req: ApiRequest, deps: ApiDeps, board: BoardReader): Promise<ApiResponse> {
  const { format, params, csvOptions } = negotiate(req, ['at']);
  const at = boardDate(params, deps);
  if (!deps.registry.entries.some((e) => e.id === id)) return json(404, { error: `no tracked entry ${id}` });
  const [status] = await board.status([id], at);
  const generatedAt = (deps.now ?? (() => new Date()))();
  if (format === 'csv') {
    const header = csvLine(['entry', 'event_id', 'date', 'type', 'source', 'decided_by', 'item_id', 'url', 'sentence', 'evidence_date']);
    const rows = status!.events.flatMap((e) => e.evidence.map((ev) => csvLine([status!.id, e.id, e.date, e.type, e.source, e.decidedBy, ev.itemId, ev.url, ev.sentence, ev.date], csvOptions)));
    return csv(header + rows.join(''), boardHeaders(deps, at, generatedAt));
  }
  const provenance = buildBoardProvenance({ registryVersion: deps.registry.version, generatedAt, at, stalledAfterDays: board.options.stalledAfterDays });
  return json(200, { entry: toStatusDetailJson(status!), provenance });
}

async function listDeadlines(req: ApiRequest, deps: ApiDeps, board: BoardReader): Promise<ApiResponse> {
  const { format, params, csvOptions } = negotiate(req, ['at', 'status']);
  const at = boardDate(params, deps);
  const wanted = params.status?.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = wanted?.find((s) => !DEADLINE_STATUSES.includes(s as DeadlineStatus));
  if (bad !== undefined) throw new QueryParamError(`status: "${bad}" is not one of ${DEADLINE_STATUSES.join(', ')}`, 'status');
  const deadlines = await board.deadlines(at, wanted as DeadlineStatus[] | undefined);
  const generatedAt = (deps.now ?? (() => new Date()))();
  if (format === 'csv') {
    const header = csvLine(['entry', 'name', 'id', 'what', 'due', 'status', 'days', 'met_on', 'met_by_url', 'basis_url']);
    const rows = deadlines.map((d) => csvLine([d.entryId, d.name, d.id, d.what, d.due, d.status, d.days, d.metOn, d.metByUrl, d.basis.url], csvOptions));
    return csv(header + rows.join(''), boardHeaders(deps, at, generatedAt));
  }
  const provenance = buildBoardProvenance({ registryVersion: deps.registry.version, generatedAt, at, stalledAfterDays: board.options.stalledAfterDays });
  const rows = deadlines.map((d) => ({ entry: d.entryId, name: d.name, id: d.id, ...toDeadlineJson(d), days: d.days, met_on: d.metOn ?? null, basis: d.basis }));
  return json(200, { deadlines: rows, provenance });
}

/** Splits `format` off the parameters; only `/items` takes others. */
function negotiate(req: ApiRequest, allowed?: string[]): { format: 'json' | 'csv'; params: RawParams; csvOptions: CsvOptions } {
  const { format, raw, ...params } = req.query;
  if (raw !== undefined && raw !== 'true' && raw !== 'false') throw new QueryParamError(`raw: "${raw}" is not true or false`, 'raw');
  if (allowed) {
    const extra = Object.keys(params).filter((k) => params[k] !== undefined && !allowed.includes(k));
    if (extra.length) throw new QueryParamError(`unknown parameter "${extra[0]}"`, extra[0]);
  }
  if (format !== undefined && format !== 'json' && format !== 'csv') throw new QueryParamError(`format: "${format}" is not json or csv`, 'format');
  const wantsCsv = format === 'csv' || (format === undefined && /\btext\/csv\b/i.test(req.headers.accept ?? ''));
  // CSV cells are neutralised against spreadsheet formulas unless raw=true.
  return { format: wantsCsv ? 'csv' : 'json', params, csvOptions: { raw: raw === 'true' } };
}

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new QueryParamError(`"${segment}" is not valid percent-encoding`, 'id');
  }
}

function nextUrl(req: ApiRequest, cursor: string): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(req.query)) if (v !== undefined && k !== 'cursor') search.set(k, v);
  search.set('cursor', cursor);
  return `${req.path}?${search.toString()}`;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): ApiResponse => ({
  status,
  headers: { 'content-type': JSON_TYPE, 'cache-control': 'no-store', ...headers },
  body: JSON.stringify(body),
});

const csv = (body: string, headers: Record<string, string>): ApiResponse => ({
  status: 200,
  headers: { 'content-type': CSV_TYPE, 'cache-control': 'no-store', ...headers },
  body,
});
