import type { BoardRow, BoardSections } from '../board.ts';
import type { WebEntry } from '../ports.ts';
import { days, DeadlineText, EvidenceLinks, EvidenceQuote } from './board-parts.tsx';
import { CiteThis, Layout, Time, type PageContext } from './components.tsx';

export type SectionKey = Exclude<keyof BoardSections, 'rules'>;

/** The board's sections in page order, with what each means under the board's rules. */
export const SECTIONS: [key: SectionKey, heading: string, hint: (rules: BoardSections['rules']) => string][] = [
  ['overdue', 'Overdue', () => 'Deadlines that have passed with no response or delivery recorded, longest overdue first.'],
  ['dueSoon', 'Due soon', (r) => `Deadlines in the next ${days(r.dueSoonDays)}, soonest first.`],
  ['stalled', 'Stalled', (r) => `Nothing has moved for more than ${days(r.stalledAfterDays)} (some entries set their own period), longest first.`],
  ['recentlyChanged', 'Recently changed', (r) => `State changes the board learnt of in the last ${days(r.changedWithinDays)}.`],
];

/** `/board` (only with a board): what needs attention, each row with the evidence behind it. */
export function BoardPage(props: { ctx: PageContext; sections: BoardSections; entries: Map<string, WebEntry> }) {
  const { ctx, sections } = props;
  return (
    <Layout ctx={ctx} title="Accountability board" path="/board" current="board">
      <h1>Accountability board</h1>
      <p class="lead">
        Where the tracked inquiries and commitments stand as of <Time iso={ctx.generatedAt.toISOString()} long />, from events the monitor found in
        archived items and from maintainers’ records. Each row links the evidence; each entry’s timeline shows all its events and deadlines.
      </p>
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
          <p class="hint">{hint(sections.rules)}</p>
          {sections[key].length === 0 ? <p>None.</p> : <BoardList section={key} rows={sections[key]} entries={props.entries} />}
        </section>
      ))}
      <section aria-labelledby="board-export" class="board-export">
        <h2 id="board-export">Download the board</h2>
        <p>
          Every row above with its evidence: <a href="/board/export?format=csv">CSV</a> · <a href="/board/export?format=jsonl">JSON Lines</a> ·{' '}
          <a href="/board/export?format=provenance">provenance (JSON)</a>.
        </p>
      </section>
      <CiteThis
        ctx={ctx}
        cite={{ title: 'Accountability board: overdue, due soon, stalled and recently changed', source: 'Inquiry Watch archive', date: ctx.generatedAt.toISOString(), url: `${ctx.baseUrl}/board` }}
      />
    </Layout>
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
