import type { EntryStatus } from '../board.ts';
import type { WebEntry } from '../ports.ts';
import { DeadlineText, StateText } from './board-parts.tsx';
import { CiteThis, Layout, Time, type PageContext } from './components.tsx';

export interface EntryRow {
  entry: WebEntry;
  items: number;
  /** Published time of the entry's newest item. */
  latest?: string;
  status?: EntryStatus;
}

/** `/`: every tracked inquiry and commitment with its item count, newest item, and (with a board) state and next deadline. */
export function EntriesPage(props: { ctx: PageContext; rows: EntryRow[] }) {
  const { ctx, rows } = props;
  const inquiries = rows.filter((r) => r.entry.type === 'inquiry');
  const commitments = rows.filter((r) => r.entry.type === 'commitment');
  const total = rows.reduce((n, r) => n + r.items, 0);
  return (
    <Layout ctx={ctx} title="Tracked inquiries and commitments" path="/" current="entries">
      <h1>Tracked inquiries and commitments</h1>
      <p class="lead">
        {inquiries.length} inquiries and {commitments.length} commitments, with {total.toLocaleString('en-GB')} matched items in the archive (an item
        about two entries counts for each). Choose one to see its timeline, read its items and export them.
      </p>
      <EntryTable id="inquiries" heading="Inquiries" rows={inquiries} hasBoard={ctx.hasBoard} />
      <EntryTable id="commitments" heading="Commitments" rows={commitments} hasBoard={ctx.hasBoard} />
      <CiteThis
        ctx={ctx}
        cite={{ title: 'Tracked inquiries and commitments', source: 'Inquiry Watch archive', date: ctx.generatedAt.toISOString(), url: `${ctx.baseUrl}/` }}
      />
    </Layout>
  );
}

function EntryTable(props: { id: string; heading: string; rows: EntryRow[]; hasBoard: boolean }) {
  if (props.rows.length === 0) return null;
  return (
    <section aria-labelledby={`${props.id}-heading`}>
      <h2 id={`${props.id}-heading`}>{props.heading}</h2>
      <table class="entries">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col" class="num">
              Items
            </th>
            <th scope="col">Newest item</th>
            {props.hasBoard && <th scope="col">State</th>}
            {props.hasBoard && <th scope="col">Next deadline</th>}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <th scope="row" data-label="Name">
                <a href={`/entries/${encodeURIComponent(r.entry.id)}`}>{r.entry.name}</a>
                {r.entry.description && <span class="desc">{r.entry.description}</span>}
              </th>
              <td class="num" data-label="Items">
                {r.items.toLocaleString('en-GB')}
              </td>
              <td data-label="Newest item">{r.latest ? <Time iso={r.latest} /> : <span class="muted">none yet</span>}</td>
              {props.hasBoard && <td data-label="State">{r.status ? <StateText status={r.status} /> : <span class="muted">not on the board</span>}</td>}
              {props.hasBoard && (
                <td data-label="Next deadline">
                  {r.status?.nextDeadline ? (
                    <DeadlineText deadline={r.status.nextDeadline} />
                  ) : (
                    <span class="muted">none</span>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
