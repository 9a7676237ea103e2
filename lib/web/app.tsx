import { renderToString } from 'preact-render-to-string';
import type { VNode } from 'preact';
import type { ApiRequest, ApiResponse } from '../api/handler.ts';
import type { Kind } from '../model/item.ts';
import { QueryParamError } from '../query/errors.ts';
import { runItemsPage } from '../query/execute.ts';
import { exportHeader, exportLines, type ExportFormat } from '../query/export.ts';
import { MAX_LIMIT, planItemsQuery, type ItemsPlan } from '../query/plan.ts';
import { buildBoardProvenance, buildProvenance, describeAccess } from '../query/provenance.ts';
import { versionChanges } from './changes.ts';
import { boardCsv, boardExportRows, boardJsonl, BOARD_EXPORT_COLUMNS } from './board-export.ts';
import { BoardPage, boardUrl, SECTIONS } from './pages/board.tsx';
import type { PageContext } from './pages/components.tsx';
import { EntriesPage } from './pages/entries.tsx';
import { ErrorPage } from './pages/error.tsx';
import { ItemPage } from './pages/item.tsx';
import { FILTERS, pageUrl, TimelinePage, type Filters } from './pages/timeline.tsx';
import type { WebDeps, WebEntry } from './ports.ts';
import { inWeeks, weeklySeries } from './weekly.ts';
import { londonDate } from '../board/dates.ts';
import { checkCalendarDay, dateMessage } from '../util/calendar-date.ts';
import { londonDay } from '../util/london-time.ts';

/** Items per timeline page. */
export const PAGE_SIZE = 50;
/** Local default for the largest export body; the Lambda passes a smaller one (its responses cap at 6 MB). */
export const DEFAULT_MAX_EXPORT_BYTES = 200 * 1024 * 1024;
const ITEM_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** The pages' routes (the JSON API keeps `/items`, `/items/{id}` and `/tracked`). */
export const PAGE_ROUTES = ['/', '/entries/{id}', '/entries/{id}/export', '/item/{id}', '/board', '/board/export'] as const;

/**
 * The research pages: server-rendered HTML over the archive's query ports. Answers `undefined` for a path that
 * is not a page, so the caller can hand it to the JSON API. Nothing here throws: unexpected errors answer 500.
 */
export async function handleWebRequest(req: ApiRequest, deps: WebDeps): Promise<ApiResponse | undefined> {
  const path = req.path.replace(/\/+$/, '') || '/';
  const route = matchRoute(path);
  if (!route) return undefined;
  const ctx = pageContext(req, deps);
  try {
    if (req.method !== 'GET' && req.method !== 'HEAD') return { status: 405, headers: { ...htmlHeaders(), allow: 'GET, HEAD' }, body: 'method not allowed' };
    switch (route.name) {
      case 'entries':
        return await entriesPage(ctx, deps);
      case 'timeline':
        return await timelinePage(route.id, req, ctx, deps);
      case 'export':
        return await exportView(route.id, req, ctx, deps);
      case 'item':
        return await itemPage(route.id, ctx, deps);
      case 'board':
        return await boardPage(req, ctx, deps, path);
      case 'board-export':
        return await boardExport(req, ctx, deps, path);
    }
  } catch (err) {
    deps.onError?.(err);
    return page(500, <ErrorPage ctx={ctx} status={500} title="Something went wrong" message="The archive could not be read just now. Try again in a moment." path={path} />);
  }
}

type Route = { name: 'entries' | 'board' | 'board-export' } | { name: 'timeline' | 'export' | 'item'; id: string };

function matchRoute(path: string): Route | undefined {
  if (path === '/') return { name: 'entries' };
  if (path === '/board') return { name: 'board' };
  if (path === '/board/export') return { name: 'board-export' };
  const m = /^\/(entries|item)\/([^/]+)(\/export)?$/.exec(path);
  if (!m) return undefined;
  let id: string;
  try {
    id = decodeURIComponent(m[2]!);
  } catch {
    id = '';
  }
  if (m[1] === 'item') return m[3] ? undefined : { name: 'item', id };
  return { name: m[3] ? 'export' : 'timeline', id };
}

function pageContext(req: ApiRequest, deps: WebDeps): PageContext {
  const base = deps.publicUrl ?? `http://${req.headers.host ?? '127.0.0.1'}`;
  return {
    baseUrl: base.replace(/\/+$/, ''),
    assetVersion: deps.assetVersion,
    registryVersion: deps.registry.version,
    generatedAt: (deps.now ?? (() => new Date()))(),
    hasBoard: deps.board !== undefined,
    jsonApi: deps.jsonApiLinks ?? true,
  };
}

async function entriesPage(ctx: PageContext, deps: WebDeps): Promise<ApiResponse> {
  const ids = deps.registry.entries.map((e) => e.id);
  const [counts, latest, statuses] = await Promise.all([
    deps.archive.countTracked(ids),
    // Newest item per entry: one single-record read each, in parallel.
    Promise.all(ids.map((id) => newest(id, deps))),
    deps.board?.entryStatuses(ids, ctx.generatedAt),
  ]);
  const rows = deps.registry.entries.map((entry, i) => ({ entry, items: counts.get(entry.id) ?? 0, latest: latest[i], status: statuses?.get(entry.id) }));
  return page(200, <EntriesPage ctx={ctx} rows={rows} />);
}

async function newest(entryId: string, deps: WebDeps): Promise<string | undefined> {
  const plan = planItemsQuery({ tracked: entryId, limit: '1' }, { entryIds: [entryId], cursorSecret: deps.cursorSecret });
  const page = await deps.archive.readPage({ ...plan, limit: 1 });
  return page.entries[0]?.row.published;
}

function findEntry(id: string, deps: WebDeps): WebEntry | undefined {
  return deps.registry.entries.find((e) => e.id === id);
}

function filtersOf(req: ApiRequest): { filters: Filters; cursor?: string; hasEmpty: boolean } {
  const filters: Filters = {};
  let hasEmpty = false;
  for (const f of FILTERS) {
    const v = req.query[f];
    if (v === undefined) continue;
    if (v.trim() === '') hasEmpty = true;
    else filters[f] = v.trim();
  }
  const cursor = req.query.cursor?.trim() || undefined;
  if (req.query.cursor !== undefined && !cursor) hasEmpty = true;
  return { filters, cursor, hasEmpty };
}

/** The page's filters as a query plan (a bare date is a whole day in London, as everywhere; the URL keeps it plain). */
function planFor(entryId: string, filters: Filters, deps: WebDeps, extra: { limit: string; cursor?: string }): ItemsPlan {
  return planItemsQuery({ tracked: entryId, ...filters, ...extra }, { entryIds: deps.registry.entries.map((e) => e.id), cursorSecret: deps.cursorSecret });
}

async function timelinePage(id: string, req: ApiRequest, ctx: PageContext, deps: WebDeps): Promise<ApiResponse> {
  const entry = findEntry(id, deps);
  const path = `/entries/${encodeURIComponent(id)}`;
  if (!entry) return notFound(ctx, path, `No tracked entry is called “${id}”.`);
  const { filters, cursor, hasEmpty } = filtersOf(req);
  // An empty form field (?kind=&q=) redirects to the same view without it: one stable URL per view.
  if (hasEmpty) return redirect(pageUrl(path, filters, { cursor }));

  const related = entry.related.map((r) => findEntry(r, deps)).filter((e): e is WebEntry => e !== undefined);
  const [counts, board] = await Promise.all([deps.archive.entryCounts(id), deps.board?.entryTimeline(id, ctx.generatedAt)]);
  const markers = board?.markers ?? [];
  // The chart spans the board's events and deadlines too, unless a date range says otherwise.
  const include = markers.map((m) => m.at);
  const base = { ctx, entry, related, status: board?.status, items: counts.items, filters, sources: deps.sources };
  let plan: ItemsPlan;
  try {
    plan = planFor(id, filters, deps, { limit: String(PAGE_SIZE), cursor });
  } catch (err) {
    if (!(err instanceof QueryParamError)) throw err;
    const chart = weeklySeries(counts.weeks, { include });
    return page(400, <TimelinePage {...base} chart={chart} markers={markers} rows={[]} cursor={cursor} error={{ message: err.message, param: err.param }} />);
  }
  const result = await runItemsPage(plan, deps.archive, deps.cursorSecret);
  const { from, to } = plan.query;
  const chart = weeklySeries(counts.weeks, { kind: plan.query.kind as Kind | undefined, from, to, include });
  const shown = markers.filter((m) => (!from || m.at >= londonDate(from)) && (!to || m.at <= londonDate(to)) && (chart.total === 0 || inWeeks(m.at, chart.weeks)));
  const counted = [...counts.weeks.values()].reduce((n, w) => n + Object.values(w).reduce((a, b) => a + (b ?? 0), 0), 0);
  return page(
    200,
    <TimelinePage
      {...base}
      chart={chart}
      chartGap={counts.items - counted}
      markers={shown}
      markersOutside={markers.length - shown.length}
      rows={result.rows}
      cursor={cursor}
      nextCursor={result.nextCursor}
    />,
  );
}

async function exportView(id: string, req: ApiRequest, ctx: PageContext, deps: WebDeps): Promise<ApiResponse> {
  const path = `/entries/${encodeURIComponent(id)}`;
  if (!findEntry(id, deps)) return notFound(ctx, `${path}/export`, `No tracked entry is called “${id}”.`);
  const { filters } = filtersOf(req);
  const format = req.query.format ?? 'csv';
  if (!isExportFormat(format)) return unknownFormat(ctx, format, `${path}/export`);
  const withText = req.query.text === '1' || req.query.text === 'true';
  let plan: ItemsPlan;
  try {
    plan = planFor(id, filters, deps, { limit: String(MAX_LIMIT) });
  } catch (err) {
    if (!(err instanceof QueryParamError)) throw err;
    return page(400, <ErrorPage ctx={ctx} status={400} title="Check the filters" message={err.message} path={`${path}/export`} />);
  }
  const dataFormat: ExportFormat = format === 'jsonl' ? 'jsonl' : 'csv';
  const max = deps.maxExportBytes ?? DEFAULT_MAX_EXPORT_BYTES;
  const chunks = [exportHeader(dataFormat, withText)];
  let bytes = Buffer.byteLength(chunks[0]!);
  const totals = { items: 0, pages: 0 };
  for (;;) {
    const result = await runItemsPage(plan, deps.archive, deps.cursorSecret);
    totals.items += result.rows.length;
    totals.pages++;
    if (format !== 'provenance') {
      const texts = withText ? await deps.archive.itemTexts(result.rows.map((r) => r.id)) : undefined;
      const lines = exportLines(result.rows, dataFormat, texts);
      bytes += Buffer.byteLength(lines);
      if (bytes > max) {
        const message =
          `This export is larger than ${Math.round(max / 1024 / 1024)} MB. Narrow the date range${withText ? ' or leave out the full text' : ''}, ` +
          `or use the command line: npx inquiry-watch export --tracked ${id}${withText ? ' --text' : ''} --out ${id}.${dataFormat}`;
        return page(413, <ErrorPage ctx={ctx} status={413} title="Export too large for the browser" message={message} path={`${path}/export`} />);
      }
      chunks.push(lines);
    }
    if (!result.nextCursor) break;
    plan = planFor(id, filters, deps, { limit: String(MAX_LIMIT), cursor: result.nextCursor });
  }
  const provenance = {
    ...buildProvenance({ query: { ...plan.query }, registryVersion: deps.registry.version, generatedAt: ctx.generatedAt, answeredBy: describeAccess(plan.access) }),
    view: `${ctx.baseUrl}${pageUrl(path, filters)}`,
    includesText: withText,
    ...totals,
  };
  delete (provenance.query as { limit?: number }).limit;
  const stamp = londonDate(ctx.generatedAt.toISOString());
  const headers = { 'x-registry-version': deps.registry.version, 'x-generated-at': provenance.generatedAt };
  if (format === 'provenance') return provenanceResponse(headers, provenance);
  const describedBy = pageUrl(`${path}/export`, filters, { format: 'provenance', text: withText ? '1' : undefined });
  return download(headers, dataFormat, `inquiry-watch-${id}-${stamp}.${dataFormat}`, describedBy, chunks.join(''));
}

async function itemPage(id: string, ctx: PageContext, deps: WebDeps): Promise<ApiResponse> {
  const path = `/item/${encodeURIComponent(id)}`;
  if (!ITEM_ID.test(id)) return notFound(ctx, path, `“${id}” is not an item id.`);
  const versions = await deps.archive.itemWithVersions(id);
  const item = versions[0];
  if (!item) return notFound(ctx, path, `No item ${id} in the archive.`);
  const source = deps.sources.find((s) => s.id === item.sourceId);
  const entries = new Map(deps.registry.entries.map((e) => [e.id, e]));
  return page(200, <ItemPage ctx={ctx} item={item} sourceName={source?.name ?? item.sourceId} entries={entries} changes={versionChanges(versions)} />);
}

/**
 * `?at=yyyy-mm-dd`: the board as of that UK day, as `status --at` and `GET /status?at=` give it (checked the same
 * way); without it, today. `now` is the instant the board is judged at: the end of the chosen day.
 */
type BoardDay = { at?: string; day: string; now: Date } | { error: string; value: string } | { empty: true };

function boardDay(req: ApiRequest, ctx: PageContext): BoardDay {
  const value = req.query.at;
  if (value === undefined) return { day: londonDate(ctx.generatedAt.toISOString()), now: ctx.generatedAt };
  const at = value.trim();
  if (!at) return { empty: true };
  const day = checkCalendarDay(at);
  if (!day.ok) return { error: dateMessage('at', at, day.problem), value: at };
  const today = londonDate(ctx.generatedAt.toISOString());
  return { at, day: at, now: at === today ? ctx.generatedAt : londonDay(day.value.year, day.value.month, day.value.day).end };
}

async function boardPage(req: ApiRequest, ctx: PageContext, deps: WebDeps, path: string): Promise<ApiResponse> {
  if (!deps.board) return notFound(ctx, path, 'This archive has no accountability board yet.');
  const view = boardDay(req, ctx);
  const entries = new Map(deps.registry.entries.map((e) => [e.id, e]));
  // An empty date field (?at=) is today's board: one stable URL per view.
  if ('empty' in view) return redirect('/board');
  if ('error' in view) return page(400, <BoardPage ctx={ctx} at={view.value} error={{ message: view.error }} entries={entries} />);
  const sections = await deps.board.sections(view.now, view.at);
  return page(200, <BoardPage ctx={ctx} at={view.at} day={view.day} sections={sections} entries={entries} />);
}

/** `/board/export`: the board page's rows as CSV or JSON Lines, each with its evidence, and their provenance. */
async function boardExport(req: ApiRequest, ctx: PageContext, deps: WebDeps, path: string): Promise<ApiResponse> {
  if (!deps.board) return notFound(ctx, path, 'This archive has no accountability board yet.');
  const format = req.query.format ?? 'csv';
  if (!isExportFormat(format)) return unknownFormat(ctx, format, path);
  const view = boardDay(req, ctx);
  if ('empty' in view) return redirect(boardUrl('/board/export', { format }));
  if ('error' in view) return page(400, <ErrorPage ctx={ctx} status={400} title="Check the date" message={view.error} path={path} />);
  const { at, day } = view;
  const sections = await deps.board.sections(view.now, at);
  const headers = { 'x-registry-version': deps.registry.version, 'x-generated-at': ctx.generatedAt.toISOString(), 'x-board-at': day };
  if (format === 'provenance') {
    return provenanceResponse(headers, {
      ...buildBoardProvenance({ registryVersion: deps.registry.version, generatedAt: ctx.generatedAt, at: day, stalledAfterDays: sections.rules.stalledAfterDays }),
      view: `${ctx.baseUrl}${boardUrl('/board', { at })}`,
      sections: { ...sections.rules, rows: Object.fromEntries(SECTIONS.map(([key]) => [key, sections[key].length])) },
      columns: BOARD_EXPORT_COLUMNS,
    });
  }
  const rows = boardExportRows(sections, new Map(deps.registry.entries.map((e) => [e.id, e.name])));
  return download(headers, format, `inquiry-watch-board-${day}.${format}`, boardUrl('/board/export', { format: 'provenance', at }), format === 'csv' ? boardCsv(rows) : boardJsonl(rows));
}

const isExportFormat = (format: string): format is ExportFormat | 'provenance' => format === 'csv' || format === 'jsonl' || format === 'provenance';

const unknownFormat = (ctx: PageContext, format: string, path: string) =>
  page(400, <ErrorPage ctx={ctx} status={400} title="Unknown export format" message={`Export as csv or jsonl, not “${format}”.`} path={path} />);

const EXPORT_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

const provenanceResponse = (headers: Record<string, string>, provenance: unknown): ApiResponse => ({
  status: 200,
  headers: { ...headers, ...EXPORT_HEADERS, 'content-type': 'application/json; charset=utf-8' },
  body: `${JSON.stringify(provenance, null, 2)}\n`,
});

/** A file download, pointing at its provenance document (`Link: rel="describedby"`). */
const download = (headers: Record<string, string>, format: ExportFormat, name: string, describedBy: string, body: string): ApiResponse => ({
  status: 200,
  headers: {
    ...headers,
    ...EXPORT_HEADERS,
    'content-type': format === 'csv' ? 'text/csv; charset=utf-8; header=present' : 'application/jsonl; charset=utf-8',
    'content-disposition': `attachment; filename="${name}"`,
    link: `<${describedBy}>; rel="describedby"`,
  },
  body,
});

const notFound = (ctx: PageContext, path: string, message: string) => page(404, <ErrorPage ctx={ctx} status={404} title="Not found" message={message} path={path} />);

const redirect = (location: string): ApiResponse => ({ status: 303, headers: { location, 'cache-control': 'no-store' }, body: '' });

/**
 * Pages carry no inline script or style: the policy allows only this site's own files. Links out send no referrer,
 * so following a source link does not tell the source which archive view it came from.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export const htmlHeaders = (): Record<string, string> => ({
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
});

const page = (status: number, vnode: VNode): ApiResponse => ({ status, headers: htmlHeaders(), body: `<!doctype html>${renderToString(vnode)}` });
