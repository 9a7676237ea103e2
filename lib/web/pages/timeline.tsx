import type { ComponentChildren } from 'preact';
import { KINDS, type Kind } from '../../model/item.ts';
import type { ResultRow } from '../../query/rows.ts';
import type { EntryStatus, TimelineMarker } from '../board.ts';
import { calendarDate } from '../dates.ts';
import type { SourceInfo, WebEntry } from '../ports.ts';
import type { WeeklySeries } from '../weekly.ts';
import { DeadlineText, DeadlineWhen, EvidenceLinks, EvidenceQuote, StateText, ukDates } from './board-parts.tsx';
import { CiteThis, KIND_LABEL, KindBadge, Layout, Notice, Snippet, Time, type PageContext } from './components.tsx';

/** The filters a timeline takes from its URL; the same names as the JSON API's `/items`. */
export const FILTERS = ['kind', 'source', 'from', 'to', 'q'] as const;
export type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

/** A page URL with its filters (empty ones left out), so a view can be shared, reloaded and cited. */
export function pageUrl(path: string, filters: Filters, extra: Record<string, string | undefined> = {}): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filters, ...extra })) if (v) search.set(k, v);
  const s = search.toString();
  return s ? `${path}?${s}` : path;
}

/** What the chart script reads from the page (`#weekly-chart-data`). */
export interface ChartData {
  weeks: string[];
  series: { kind: Kind; label: string; counts: number[] }[];
  /** The board's events and deadlines in the chart's range, numbered 1… as in the list under the chart. */
  markers: { at: string; type: 'event' | 'deadline'; done?: boolean }[];
}

export interface TimelineProps {
  ctx: PageContext;
  entry: WebEntry;
  related: WebEntry[];
  status?: EntryStatus;
  items: number;
  chart: WeeklySeries;
  /** The board's events and deadlines in the view's date range, oldest first. */
  markers: TimelineMarker[];
  /** How many more are outside the date range. */
  markersOutside?: number;
  /** Set when the weekly counts do not cover every item (an archive stored before they were kept). */
  chartGap?: number;
  filters: Filters;
  sources: readonly SourceInfo[];
  rows: ResultRow[];
  cursor?: string;
  nextCursor?: string;
  error?: { message: string; param?: string };
}

export function TimelinePage(p: TimelineProps) {
  const { ctx, entry, filters } = p;
  const path = `/entries/${encodeURIComponent(entry.id)}`;
  const self = pageUrl(path, filters, { cursor: p.cursor });
  const sourceName = new Map(p.sources.map((s) => [s.id, s.name ?? s.id]));
  const filtered = FILTERS.some((f) => filters[f]);
  const chartData: ChartData = {
    weeks: p.chart.weeks,
    series: p.chart.series.map((s) => ({ ...s, label: KIND_LABEL[s.kind] })),
    markers: p.markers.map((m) => ({ at: m.at, type: m.type, ...(m.deadline && (m.deadline.status === 'met' || m.deadline.status === 'excepted') ? { done: true } : {}) })),
  };
  return (
    <Layout ctx={ctx} title={`${entry.name}: timeline`} path={self} scripts={['chart.js']} current="entries">
      <nav aria-label="Breadcrumb" class="breadcrumb">
        <ol>
          <li>
            <a href="/">Tracked entries</a>
          </li>
          <li aria-current="page">{entry.name}</li>
        </ol>
      </nav>
      <h1>{entry.name}</h1>
      <p class="entry-meta">
        <span class="badge">{entry.type === 'inquiry' ? 'Inquiry' : 'Commitment'}</span> {p.items.toLocaleString('en-GB')} items in the archive
        {p.status && (
          <>
            {' '}
            · state: <StateText status={p.status} />
            {p.status.nextDeadline && (
              <>
                {' '}
                · next deadline: <DeadlineText deadline={p.status.nextDeadline} />
              </>
            )}
          </>
        )}
      </p>
      {entry.description && <p class="lead">{entry.description}</p>}
      {p.related.length > 0 && (
        <p>
          Related:{' '}
          {p.related.map((r, i) => (
            <>
              {i > 0 && ', '}
              <a href={`/entries/${encodeURIComponent(r.id)}`}>{r.name}</a>
            </>
          ))}
        </p>
      )}

      <WeeklyChart chart={p.chart} data={chartData} filters={filters} gap={p.chartGap}>
        <Markers markers={p.markers} outside={p.markersOutside ?? 0} onChart={p.chart.total > 0} allDates={pageUrl(path, { ...filters, from: undefined, to: undefined })} />
      </WeeklyChart>

      <section aria-labelledby="filters-heading" class="filters">
        <h2 id="filters-heading">Filter items</h2>
        {p.error && (
          <Notice kind="error" title="Check the filters" id="filter-error">
            <p>
              {p.error.param && FILTERS.includes(p.error.param as never) ? <a href={`#f-${p.error.param}`}>{p.error.message}</a> : p.error.message}
            </p>
          </Notice>
        )}
        <form method="get" action={path} class="filter-form">
          <div class="field">
            <label for="f-kind">Kind</label>
            <select id="f-kind" name="kind" {...invalid(p, 'kind')}>
              <option value="">Any kind</option>
              {KINDS.map((k) => (
                <option value={k} selected={filters.kind === k}>
                  {KIND_LABEL[k]}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="f-source">Source</label>
            <select id="f-source" name="source" {...invalid(p, 'source')}>
              <option value="">Any source</option>
              {p.sources.map((s) => (
                <option value={s.id} selected={filters.source === s.id}>
                  {s.name ?? s.id}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="f-from">From</label>
            <input id="f-from" name="from" type="date" value={filters.from ?? ''} {...invalid(p, 'from')} />
          </div>
          <div class="field">
            <label for="f-to">To</label>
            <input id="f-to" name="to" type="date" value={filters.to ?? ''} {...invalid(p, 'to')} />
          </div>
          <div class="field field-wide">
            <label for="f-q">Words</label>
            <input id="f-q" name="q" type="search" value={filters.q ?? ''} maxLength={200} aria-describedby="f-q-hint" {...invalid(p, 'q')} />
            <span class="hint" id="f-q-hint">
              Every word must appear in the title or the matched passage.
            </span>
          </div>
          <div class="actions">
            <button type="submit">Apply filters</button>
            {filtered && <a href={path}>Clear filters</a>}
          </div>
        </form>
      </section>

      <section aria-labelledby="items-heading">
        <h2 id="items-heading">Items, newest first</h2>
        {!p.error && <ResultSummary rows={p.rows.length} more={p.nextCursor !== undefined} cursor={p.cursor} filtered={filtered} />}
        {!p.error && <ExportForm path={path} filters={filters} />}
        <ol class="items">
          {p.rows.map((r) => (
            <ItemCard row={r} entryId={entry.id} sourceName={sourceName.get(r.sourceId) ?? r.sourceId} />
          ))}
        </ol>
        <nav aria-label="Pages" class="pager">
          {p.cursor && <a href={pageUrl(path, filters)}>Newest items</a>}
          {p.nextCursor && (
            <a href={pageUrl(path, filters, { cursor: p.nextCursor })} rel="next">
              Older items
            </a>
          )}
        </nav>
      </section>

      <CiteThis ctx={ctx} cite={{ title: viewTitle(entry, filters, sourceName), source: 'Inquiry Watch archive', date: ctx.generatedAt.toISOString(), url: `${ctx.baseUrl}${self}` }} />
    </Layout>
  );
}

const invalid = (p: TimelineProps, param: string) =>
  p.error?.param === param ? { 'aria-invalid': 'true' as const, 'aria-errormessage': 'filter-error' } : {};

/** The view in words, for the citation: "Casey audit: timeline; statements; from 2025-06-01; words “minister”". */
function viewTitle(entry: WebEntry, f: Filters, sourceName: Map<string, string>): string {
  const parts = [`${entry.name}: timeline`];
  if (f.kind && (KINDS as readonly string[]).includes(f.kind)) parts.push(`${KIND_LABEL[f.kind as Kind].toLowerCase()} items`);
  if (f.source) parts.push(`from ${sourceName.get(f.source) ?? f.source}`);
  if (f.from) parts.push(`published from ${f.from}`);
  if (f.to) parts.push(`to ${f.to}`);
  if (f.q) parts.push(`with the words “${f.q}”`);
  return parts.join('; ');
}

function ResultSummary(props: { rows: number; more: boolean; cursor?: string; filtered: boolean }) {
  const what = props.rows === 1 ? '1 item' : `${props.rows} items`;
  let text: string;
  if (props.rows === 0 && !props.more) text = props.filtered ? 'No items match these filters.' : 'No items yet.';
  else if (props.more) text = `Showing ${what}${props.cursor ? ' on this page' : ''}; older items follow.`;
  else text = `Showing ${what}${props.cursor ? ' on this page' : ''}; that is all${props.filtered ? ' that match' : ''}.`;
  return (
    <p class="summary" role="status">
      {text}
    </p>
  );
}

function ExportForm(props: { path: string; filters: Filters }) {
  return (
    <form method="get" action={`${props.path}/export`} class="export-form">
      {FILTERS.map((f) => props.filters[f] && <input type="hidden" name={f} value={props.filters[f]} />)}
      <fieldset>
        <legend>Export every item in this view</legend>
        <label>
          <input type="radio" name="format" value="csv" checked /> CSV
        </label>
        <label>
          <input type="radio" name="format" value="jsonl" /> JSON Lines
        </label>
        <label>
          <input type="checkbox" name="text" value="1" /> Include full text
        </label>
        <button type="submit">Download</button>
        <a href={pageUrl(`${props.path}/export`, props.filters, { format: 'provenance' })}>Provenance (JSON)</a>
      </fieldset>
    </form>
  );
}

function ItemCard(props: { row: ResultRow; entryId: string; sourceName: string }) {
  const { row } = props;
  const evidence = row.evidence.find((e) => e.id === props.entryId) ?? row.evidence[0];
  const phrases = [...new Set(evidence?.phrases.map((p) => p.phrase) ?? [])];
  return (
    <li class="item">
      <article aria-labelledby={`t-${row.id}`}>
        <h3 id={`t-${row.id}`}>
          <a href={`/item/${encodeURIComponent(row.id)}`}>{row.title}</a>
        </h3>
        <p class="meta">
          <KindBadge kind={row.kind} /> <span>{props.sourceName}</span> <Time iso={row.published} withTime />
        </p>
        {evidence && (
          <p class="evidence">
            <span class="evidence-label">Matched {phrases.map((p) => `‘${p}’`).join(', ')}:</span> <Snippet snippet={evidence.snippet} phrases={phrases} />
          </p>
        )}
      </article>
    </li>
  );
}

function WeeklyChart(props: { chart: WeeklySeries; data: ChartData; filters: Filters; gap?: number; children?: ComponentChildren }) {
  const { chart } = props;
  if (chart.total === 0) {
    return (
      <section aria-labelledby="chart-heading">
        <h2 id="chart-heading">Items per week</h2>
        <p>No items in this range yet.</p>
        {props.children}
      </section>
    );
  }
  const first = chart.weeks[0]!;
  const last = chart.weeks.at(-1)!;
  const peak = chart.weeks.reduce(
    (best, w, i) => {
      const n = chart.series.reduce((s, x) => s + x.counts[i]!, 0);
      return n > best.n ? { week: w, n } : best;
    },
    { week: first, n: 0 },
  );
  const events = props.data.markers.filter((m) => m.type === 'event').length;
  const deadlines = props.data.markers.length - events;
  const summary =
    `Bar chart of ${chart.total} items over ${chart.weeks.length} weeks, from the week of ${calendarDate(first)} to the week of ${calendarDate(last)}, ` +
    `by kind (${chart.series.map((s) => KIND_LABEL[s.kind].toLowerCase()).join(', ')}). Busiest week: ${calendarDate(peak.week)}, ${peak.n} items.` +
    (props.data.markers.length > 0 ? ` ${plural(events, 'event')} and ${plural(deadlines, 'deadline')} marked, listed below the chart.` : '');
  const partial = props.filters.source || props.filters.q;
  return (
    <section aria-labelledby="chart-heading" class="chart-section">
      <h2 id="chart-heading">Items per week</h2>
      <figure class="chart">
        <div id="weekly-chart" class="chart-canvas" role="img" aria-label={summary} data-weeks={chart.weeks.length} data-series={chart.series.length}>
          <noscript>
            <p>The chart needs JavaScript; the table below has the same numbers.</p>
          </noscript>
        </div>
        <figcaption>
          {summary} Weeks start on Monday (UK time).
          {partial && ' The chart counts every item of this entry in the date range and kind chosen; the source and words filters apply to the list below.'}
          {props.gap !== undefined && props.gap > 0 && ` ${props.gap} items are not in the weekly counts yet (run \`inquiry-watch registry recount\`).`}
        </figcaption>
        <details class="chart-table">
          <summary>Weekly counts as a table</summary>
          <div class="table-scroll" tabIndex={0} role="region" aria-label="Weekly counts">
            <table>
              <thead>
                <tr>
                  <th scope="col">Week of</th>
                  {chart.series.map((s) => (
                    <th scope="col" class="num">
                      {KIND_LABEL[s.kind]}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {chart.weeks.map((w, i) =>
                  chart.series.some((s) => s.counts[i]) ? (
                    <tr>
                      <th scope="row">
                        <time dateTime={w}>{calendarDate(w)}</time>
                      </th>
                      {chart.series.map((s) => (
                        <td class="num">{s.counts[i]}</td>
                      ))}
                    </tr>
                  ) : null,
                )}
              </tbody>
            </table>
          </div>
        </details>
      </figure>
      {props.children}
      <script type="application/json" id="weekly-chart-data" dangerouslySetInnerHTML={{ __html: jsonForScript(props.data) }} />
    </section>
  );
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** The board's events and deadlines for this entry, with their evidence: numbered as on the chart. */
function Markers(props: { markers: TimelineMarker[]; outside: number; onChart: boolean; allDates: string }) {
  if (props.markers.length === 0 && props.outside === 0) return null;
  return (
    <section aria-labelledby="markers-heading" class="markers">
      <h3 id="markers-heading">Events and deadlines</h3>
      <p class="hint">
        From the accountability board
        {props.onChart && props.markers.length > 0 && ', numbered as on the chart: events are solid lines, deadlines dashed lines (red while open or overdue)'}.
        {props.outside > 0 && (
          <>
            {' '}
            {props.outside} more outside this date range (<a href={props.allDates}>all dates</a>).
          </>
        )}
      </p>
      <ol class="marker-list">
        {props.markers.map((m) => (
          <li class={`marker marker-${m.type}`}>
            <span class="marker-type">{m.type === 'event' ? 'Event' : 'Deadline'}</span> <strong>{ukDates(m.label)}</strong>
            {m.deadline ? (
              <>
                : <DeadlineWhen deadline={m.deadline} />
              </>
            ) : (
              <>
                , <Time iso={m.at} />
              </>
            )}
            {m.byPerson && ' (recorded by a maintainer)'}.{' '}
            {m.type === 'event' && (
              <>
                <EvidenceQuote evidence={m.evidence} />{' '}
              </>
            )}
            <EvidenceLinks evidence={m.evidence} label={m.type === 'deadline' ? 'Runs from' : 'Evidence'} />
          </li>
        ))}
      </ol>
    </section>
  );
}

/** JSON safe inside a `<script>` element: no `</script>`, no HTML comment openers, no line separators. */
export const jsonForScript = (value: unknown): string =>
  JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
