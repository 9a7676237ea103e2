import type { BoardRow, BoardSections } from '../board.ts';
import type { WebEntry } from '../ports.ts';
import { CiteThis, Layout, Time, type PageContext } from './components.tsx';

const SECTIONS: [keyof BoardSections, string, string][] = [
  ['overdue', 'Overdue', 'A response or action is past its deadline.'],
  ['dueSoon', 'Due soon', 'A deadline falls in the coming weeks.'],
  ['stalled', 'Stalled', 'No recorded change for a long time.'],
  ['recentlyChanged', 'Recently changed', 'A new event in the last weeks.'],
];

/** `/board` (only with a board): where each inquiry and commitment stands, by what needs attention. */
export function BoardPage(props: { ctx: PageContext; sections: BoardSections; entries: Map<string, WebEntry> }) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title="Accountability board" path="/board" current="board">
      <h1>Accountability board</h1>
      {SECTIONS.map(([key, heading, hint]) => (
        <section aria-labelledby={`board-${key}`}>
          <h2 id={`board-${key}`}>
            {heading} ({props.sections[key].length})
          </h2>
          <p class="muted">{hint}</p>
          {props.sections[key].length === 0 ? <p>None.</p> : <BoardList rows={props.sections[key]} entries={props.entries} />}
        </section>
      ))}
      <CiteThis ctx={ctx} cite={{ title: 'Accountability board', source: 'Inquiry Watch archive', date: ctx.generatedAt.toISOString(), url: `${ctx.baseUrl}/board` }} />
    </Layout>
  );
}

function BoardList(props: { rows: BoardRow[]; entries: Map<string, WebEntry> }) {
  return (
    <ul class="board-list">
      {props.rows.map((r) => (
        <li>
          <a href={`/entries/${encodeURIComponent(r.entryId)}`}>{props.entries.get(r.entryId)?.name ?? r.entryId}</a>: <strong>{r.state}</strong>, {r.detail}
          {r.at && (
            <>
              {' '}
              (<Time iso={r.at} />)
            </>
          )}
          {r.itemId && (
            <>
              {' '}
              · <a href={`/item/${encodeURIComponent(r.itemId)}`}>evidence</a>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
