import type { BoardRow, BoardSections } from '../board.ts';
import type { WebEntry } from '../ports.ts';
import { days, DeadlineText, EvidenceLinks, EvidenceQuote } from './board-parts.tsx';
import { calendarDateLong } from '../dates.ts';
import { CiteThis, Layout, Notice, Time, type PageContext } from './components.tsx';

export type SectionKey = Exclude<keyof BoardSections, 'rules'>;

/** The board's sections in page order, with what each means under the board's rules. */
export const SECTIONS: [key: SectionKey, heading: string, hint: (rules: BoardSections['rules']) => string][] = [
  ['overdue', 'Overdue', () => 'Deadlines that have passed with no response or delivery recorded, longest overdue first.'],
  ['dueSoon', 'Due soon', (r) => `Deadlines in the next ${days(r.dueSoonDays)}, soonest first.`],
  ['stalled', 'Stalled', (r) => `Nothing has moved for more than ${days(r.stalledAfterDays)} (some entries set their own period), longest first.`],
  ['recentlyChanged', 'Recently changed', (r) => `State changes the board learnt of in the last ${days(r.changedWithinDays)}.`],
];

/** A board URL, keeping the chosen day (`?at=`) so a past view's links, exports and citation stay on that day. */
export function boardUrl(path: string, params: { format?: string; at?: string }): string {
  const query = new URLSearchParams();
  if (params.format) query.set('format', params.format);
  if (params.at) query.set('at', params.at);
  const q = query.toString();
  return q ? `${path}?${q}` : path;
}

interface BoardPageProps {
  ctx: PageContext;
  entries: Map<string, WebEntry>;
  /** The day chosen with `?at=` (as typed, when it is refused); absent for today's board. */
  at?: string;
  /** The day the board is shown as of (yyyy-mm-dd); absent with an error. */
  day?: string;
  sections?: BoardSections;
  error?: { message: string };
}

/** `/board` (only with a board): what needs attention, each row with the evidence behind it; `?at=` for a past day. */
export function BoardPage(props: BoardPageProps) {
  const { ctx, sections, at, day } = props;
  const self = boardUrl('/board', { at: props.error ? undefined : at });
  const title = day && at ? `Accountability board as of ${calendarDateLong(day)}` : 'Accountability board';
  return (
    <Layout ctx={ctx} title={title} path={self} current="board">
      <h1>{title}</h1>
      {day && (
        <p class="lead">
          {at ? 'Where the tracked inquiries and commitments stood that day' : <>Where the tracked inquiries and commitments stand as of <Time iso={ctx.generatedAt.toISOString()} long /></>}, from
          events the monitor found in archived items and from maintainers’ records. Each row links the evidence; each entry’s timeline shows all its events and deadlines.
        </p>
      )}
      <BoardDateForm at={at} day={day} error={props.error} />
      {sections && <BoardSectionsView sections={sections} entries={props.entries} at={at} />}
      {sections && day && (
        <CiteThis
          ctx={ctx}
          cite={{ title: `${title}: overdue, due soon, stalled and recently changed`, source: 'Inquiry Watch archive', date: ctx.generatedAt.toISOString(), url: `${ctx.baseUrl}${self}` }}
        />
      )}
    </Layout>
  );
}

/** Which day the board is shown as of, and a plain GET form to choose another (works with scripts off). */
function BoardDateForm(props: { at?: string; day?: string; error?: { message: string } }) {
  const { at, day, error } = props;
  return (
    <div class="board-date">
      {error && (
        <Notice kind="error" title="Check the date" id="board-at-error">
          <p>
            <a href="#board-at">{error.message}</a>
          </p>
        </Notice>
      )}
      {at && day && (
        <Notice title={`You are looking at the board as of ${calendarDateLong(day)}`}>
          <p>
            Events up to that day, as the board knows them now (maintainers’ later records included); deadlines and stalled entries are judged on that day.{' '}
            <a href="/board">Show today’s board</a>
          </p>
        </Notice>
      )}
      <form method="get" action="/board" class="board-date-form">
        <div class="field">
          <label for="board-at">Show the board as of</label>
          <input
            id="board-at"
            name="at"
            type="date"
            value={error ? '' : day}
            aria-describedby="board-at-hint"
            {...(error ? { 'aria-invalid': 'true' as const, 'aria-errormessage': 'board-at-error' } : {})}
          />
          <span class="hint" id="board-at-hint">
            A UK calendar day; empty for today.
          </span>
        </div>
        <button type="submit">Show</button>
      </form>
    </div>
  );
}

function BoardSectionsView(props: { sections: BoardSections; entries: Map<string, WebEntry>; at?: string }) {
  const { sections, at } = props;
  return (
    <>
      <nav aria-label="Board sections" class="board-toc">
        <ul>
          {SECTIONS.map(([key, heading]) => (
            <li>
              <a href={`#board-${key}`}>
                {heading} ({sections[key].length})
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {SECTIONS.map(([key, heading, hint]) => (
        <section aria-labelledby={`board-${key}`} class="board-section">
          <h2 id={`board-${key}`}>
            {heading} ({sections[key].length})
          </h2>
          <p class="hint">{key === 'recentlyChanged' && at ? `State changes dated in the ${days(sections.rules.changedWithinDays)} up to that day.` : hint(sections.rules)}</p>
          {sections[key].length === 0 ? <p>None.</p> : <BoardList section={key} rows={sections[key]} entries={props.entries} />}
        </section>
      ))}
      <section aria-labelledby="board-export" class="board-export">
        <h2 id="board-export">Download the board</h2>
        <p>
          Every row above with its evidence: <a href={boardUrl('/board/export', { format: 'csv', at })}>CSV</a> ·{' '}
          <a href={boardUrl('/board/export', { format: 'jsonl', at })}>JSON Lines</a> · <a href={boardUrl('/board/export', { format: 'provenance', at })}>provenance (JSON)</a>.
        </p>
      </section>
    </>
  );
}

function BoardList(props: { section: SectionKey; rows: BoardRow[]; entries: Map<string, WebEntry> }) {
  return (
    <ul class="board-list">
      {props.rows.map((r) => (
        <li class="board-row">
          <p class="board-entry">
            <a href={`/entries/${encodeURIComponent(r.entryId)}`}>{props.entries.get(r.entryId)?.name ?? r.entryId}</a>{' '}
            <span class="state-tag">{r.state}</span>
          </p>
          <p class="board-detail">
            <RowDetail row={r} />
          </p>
          {r.evidence.length > 0 && (
            <p class="board-evidence">
              {props.section === 'recentlyChanged' && (
                <>
                  <EvidenceQuote evidence={r.evidence} />{' '}
                </>
              )}
              <EvidenceLinks evidence={r.evidence} label={r.deadline ? 'Runs from' : 'Evidence'} />
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}

function RowDetail(props: { row: BoardRow }) {
  const r = props.row;
  if (r.deadline) {
    return <DeadlineText deadline={r.deadline} />;
  }
  if (r.change) {
    return (
      <>
        {r.change.from} → {r.state}, from <Time iso={r.change.since} />
      </>
    );
  }
  if (r.lastMoved) {
    return (
      <>
        No recorded movement since <Time iso={r.lastMoved} />.
      </>
    );
  }
  return null;
}
