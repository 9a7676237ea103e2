import type { ComponentChildren } from 'preact';
import type { Kind } from '../../model/item.ts';
import { calendarDate, calendarDateLong, londonDateTime, londonShortDate, londonShortDateTime } from '../dates.ts';
import { highlight } from '../highlight.ts';

/** A calendar day (the board's yyyy-mm-dd), or a date-only record stored as midnight UTC. */
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}(T00:00(:00(\.0+)?)?Z)?$/;

/** What every page needs besides its own data. */
export interface PageContext {
  /** Absolute base for stable URLs in "cite this" lines, no trailing slash. */
  baseUrl: string;
  assetVersion: string;
  registryVersion: string;
  generatedAt: Date;
  hasBoard: boolean;
  /** Link the JSON API (locally; the hosted API takes only IAM-signed requests, which a browser cannot make). */
  jsonApi: boolean;
}

export const KIND_LABEL: Record<Kind, string> = {
  statement: 'Statement',
  report: 'Report',
  debate: 'Debate',
  question: 'Question',
  news: 'News',
};

export function Layout(props: { ctx: PageContext; title: string; path: string; children: ComponentChildren; scripts?: string[]; current?: 'entries' | 'board' }) {
  const { ctx } = props;
  const asset = (name: string) => `/assets/${name}?v=${ctx.assetVersion}`;
  return (
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · Inquiry Watch`}</title>
        <link rel="canonical" href={`${ctx.baseUrl}${props.path}`} />
        <link rel="stylesheet" href={asset('site.css')} />
        <link rel="icon" href="data:," />
        {props.scripts?.map((s) => <script src={asset(s)} defer />)}
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to main content
        </a>
        <header class="site-header">
          <div class="wrap">
            <a class="brand" href="/">
              Inquiry Watch
            </a>
            <nav aria-label="Site">
              <ul>
                <li>
                  <a href="/" aria-current={props.current === 'entries' ? 'page' : undefined}>
                    Tracked entries
                  </a>
                </li>
                {ctx.hasBoard && (
                  <li>
                    <a href="/board" aria-current={props.current === 'board' ? 'page' : undefined}>
                      Board
                    </a>
                  </li>
                )}
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" class="wrap" tabIndex={-1}>
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <p>
              Dates and times are UK time (Europe/London). Registry version <code title={ctx.registryVersion}>{ctx.registryVersion.slice(0, 12)}</code>. Page generated{' '}
              <Time iso={ctx.generatedAt.toISOString()} withTime />.
              {ctx.jsonApi && (
                <>
                  {' '}
                  The same data as JSON: <a href="/tracked">/tracked</a>, <a href="/items?kind=statement">/items</a>.
                </>
              )}
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}

export function Time(props: { iso: string; withTime?: boolean; long?: boolean }) {
  // Parliament and GOV.UK give many records a date only, stored as midnight UTC: shown as that date, not as 01:00 BST.
  // The board's dates are UK calendar days already.
  if (DATE_ONLY.test(props.iso)) return <time dateTime={props.iso.slice(0, 10)}>{props.long ? calendarDateLong(props.iso.slice(0, 10)) : calendarDate(props.iso.slice(0, 10))}</time>;
  const text = props.long ? londonDateTime(props.iso) : props.withTime ? londonShortDateTime(props.iso) : londonShortDate(props.iso);
  return <time dateTime={props.iso}>{text}</time>;
}

export function KindBadge(props: { kind: Kind }) {
  return <span class={`kind kind-${props.kind}`}>{KIND_LABEL[props.kind]}</span>;
}

/** An evidence snippet with the matched phrases marked. */
export function Snippet(props: { snippet: string; phrases: readonly string[] }) {
  return (
    <q class="snippet">
      {highlight(props.snippet, props.phrases).map((s) => (s.mark ? <mark>{s.text}</mark> : s.text))}
    </q>
  );
}

export interface Citation {
  /** What is cited: an item's title, or the view ("Casey audit: timeline, statements from 1 Jun 2025"). */
  title: string;
  /** Who published it: the item's source, or "Inquiry Watch archive". */
  source: string;
  /** ISO: the item's publication, or when the view was generated. */
  date: string;
  /** The stable URL of this page. */
  url: string;
  /** The original's URL, for an item. */
  original?: string;
}

/** The "cite this" line: title, source, date, URL, when retrieved, and the registry version that classified it. */
export function CiteThis(props: { ctx: PageContext; cite: Citation }) {
  const { cite, ctx } = props;
  return (
    <section class="cite" aria-labelledby="cite-heading">
      <h2 id="cite-heading">Cite this</h2>
      <p>
        “{cite.title}”. {cite.source}, <Time iso={cite.date} />.{' '}
        {cite.original ? (
          <>
            <span class="url">{cite.original}</span>. Archived copy: <span class="url">{cite.url}</span>.
          </>
        ) : (
          <>
            <span class="url">{cite.url}</span>.
          </>
        )}{' '}
        Retrieved <Time iso={ctx.generatedAt.toISOString()} withTime /> (UK time). Inquiry Watch registry version <code>{ctx.registryVersion}</code>.
      </p>
    </section>
  );
}

/** A small notice box (errors, missing data). */
export function Notice(props: { kind?: 'error' | 'info'; title: string; children?: ComponentChildren; id?: string }) {
  return (
    <div class={`notice notice-${props.kind ?? 'info'}`} role={props.kind === 'error' ? 'alert' : undefined} id={props.id}>
      <p class="notice-title">{props.title}</p>
      {props.children}
    </div>
  );
}
