import { nextDeadline } from '../board/notices.ts';
import type { Deadline, EntryStatus } from '../board/types.ts';
import { clean } from '../digest/terminal.ts';
import { formatTable, truncate } from './format.ts';

/** Feed text on one line, without control characters: what a terminal cell can show safely. */
const cell = (text: string, max: number) => truncate(clean(text.replace(/\s+/g, ' ').trim()), max);
const label = (state: string) => state.replace(/-/g, ' ');

export function deadlineText(d: Pick<Deadline, 'status' | 'days' | 'due' | 'metOn'>): string {
  switch (d.status) {
    case 'overdue':
      return `OVERDUE by ${d.days} d`;
    case 'open':
      return `due in ${d.days} d`;
    case 'met':
      return d.metOn ? `met ${d.metOn}${d.days > 0 ? ` (${d.days} d late)` : ''}` : 'met';
    case 'excepted':
      return 'excepted';
  }
}

/** The board as a table, then every overdue or open deadline. */
export function formatBoard(statuses: EntryStatus[], at: string): string {
  const rows = statuses.map((s) => {
    const next = nextDeadline(s);
    return [s.id, s.type, label(s.state), s.since ?? '-', s.stalled ? 'STALLED' : '', s.events.length, next ? `${next.due} ${deadlineText(next)}` : ''];
  });
  const out = [`Accountability board as of ${at}`, formatTable(['ENTRY', 'TYPE', 'STATE', 'SINCE', 'STALLED', 'EVENTS', 'NEXT DEADLINE'], rows)];
  // One line per deadline: a committee report on two entries is one response due.
  const byId = new Map<string, { entries: string[]; d: Deadline }>();
  for (const s of statuses) {
    for (const d of s.deadlines.filter((x) => x.status === 'overdue' || x.status === 'open')) {
      const seen = byId.get(d.id);
      if (seen) seen.entries.push(s.id);
      else byId.set(d.id, { entries: [s.id], d });
    }
  }
  const deadlines = [...byId.values()].sort((a, b) => (a.d.status === b.d.status ? (a.d.status === 'overdue' ? b.d.days - a.d.days : a.d.days - b.d.days) : a.d.status === 'overdue' ? -1 : 1));
  if (deadlines.length) {
    out.push('', 'Deadlines (overdue first):', formatTable(['DUE', 'STATUS', 'WHAT', 'ENTRIES'], deadlines.map(({ entries, d }) => [d.due, deadlineText(d), cell(d.what, 80), entries.join(', ')])));
  }
  const stalled = statuses.filter((s) => s.stalled).length;
  out.push('', `${statuses.length} entries · ${deadlines.filter((x) => x.d.status === 'overdue').length} deadlines overdue · ${stalled} stalled. Details and evidence: inquiry-watch status <ID>`);
  return `${out.join('\n')}\n`;
}

/** One entry: its state, recommendations, every event with the sentence that justifies it, deadlines, decisions. */
export function formatEntry(s: EntryStatus, at: string): string {
  const out = [
    `${s.id}: ${s.name}`,
    `  ${s.type}, ${label(s.state)}${s.since ? ` since ${s.since}` : ''}${s.stalled ? `, STALLED (nothing since ${s.lastMoved})` : ''}; as of ${at}`,
  ];
  for (const r of s.recommendations) out.push(`  Recommendation ${r.number} of ${r.inquiry} to ${r.madeTo}: ${cell(r.text, 120)} Government response: ${label(r.governmentResponse)}.`);
  out.push('', 'Events:');
  if (!s.events.length) out.push('  none yet (state unknown)');
  for (const e of s.events) {
    out.push(`  ${e.date}  ${e.type}  [${e.source}${e.decidedBy ? ` by ${cell(e.decidedBy, 40)}` : ''}]  id ${e.id}`);
    for (const ev of e.evidence.slice(0, 3)) out.push(`      “${cell(ev.sentence, 200)}”`, `      ${cell(ev.url, 200)}${ev.date !== e.date ? ` (${ev.date})` : ''}`);
    if (e.evidence.length > 3) out.push(`      …and ${e.evidence.length - 3} more reports`);
  }
  if (s.deadlines.length) {
    out.push('', 'Deadlines:');
    for (const d of s.deadlines) {
      out.push(`  ${d.due}  ${deadlineText(d)}  ${cell(d.what, 100)}  id ${d.id}`);
      if (d.metByUrl) out.push(`      met by ${cell(d.metByUrl, 200)}`);
    }
  }
  if (s.decisions.length) {
    out.push('', 'Decisions by people:');
    for (const d of s.decisions) {
      const what = d.action === 'add' ? `added ${d.event.type} on ${d.event.date}` : 'eventId' in d ? `${d.action}ed ${d.eventId}` : `${d.action} ${d.deadlineId}`;
      out.push(`  ${d.at.slice(0, 16).replace('T', ' ')}  ${cell(d.by, 40)}: ${what}: ${cell(d.reason, 120)} (${cell(d.sourceUrl, 120)})`);
    }
  }
  return `${out.join('\n')}\n`;
}
