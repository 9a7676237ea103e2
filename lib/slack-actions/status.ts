import type { Board } from '../board/board.ts';
import { londonToday } from '../board/dates.ts';
import { nextDeadline, type BoardSummary } from '../board/notices.ts';
import type { Deadline, EntryStatus } from '../board/types.ts';
import type { CorrectionOutcome } from '../corrections/ports.ts';
import { collapse, escapeMrkdwn, link, truncate } from '../digest/mrkdwn.ts';
import { boardLists, context, dayCount, evidenceLine, section, stateLabel } from '../digest/render.ts';
import type { Block } from '../digest/types.ts';
import { pageUrl } from '../util/page-url.ts';
import { itemUrl } from './commands.ts';
import { lookupEntry, type EntryLookup, type NamedEntry } from './entry-names.ts';
import type { Reply } from './ports.ts';

/** `/inquiry status [entry]`: answered from the accountability board. */
export interface StatusPort {
  reply(args: string): Promise<Reply>;
}

/** What Slack actions read and ask of the board (`Board` is it). */
export type BoardPort = Pick<Board, 'entries' | 'entry' | 'summary' | 'record'>;

export interface BoardStatusOptions {
  /** The registry's entries: their names and aliases are what people type. */
  entries: readonly NamedEntry[];
  /** The research pages: `/board`, `/entries/<id>`, `/item/<id>` are linked when set. */
  archiveUrl?: string;
  now?: () => Date;
}

/** Rows of each board list shown before "…and N more": an ephemeral answer, read at a glance. */
export const STATUS_ROWS = 3;

/**
 * The worker's board: `/inquiry status` answers, and a correction re-detecting the corrected item's events (the
 * path `registry apply` takes after a re-tag), so the entries it lost drop its evidence and those it gained get it.
 */
export function boardDeps(board: BoardPort, o: BoardStatusOptions): { status: StatusPort; onCorrected: (outcome: CorrectionOutcome) => Promise<void> } {
  return {
    status: boardStatus(board, o),
    onCorrected: async (outcome) => {
      if (outcome.item) await board.record([outcome.item], true);
    },
  };
}

export function boardStatus(board: BoardPort, o: BoardStatusOptions): StatusPort {
  const onBoard = new Set(board.entries.map((e) => e.id));
  const entries = o.entries.filter((e) => onBoard.has(e.id));
  const name = (id: string) => entries.find((e) => e.id === id)?.name ?? id;
  return {
    async reply(args) {
      const now = (o.now ?? (() => new Date()))();
      const day = londonToday(now);
      const typed = collapse(args);
      if (!typed) return boardReply(await board.summary(now), entries.length, day, o.archiveUrl);
      const lookup = lookupEntry(typed, entries);
      if ('found' in lookup) return entryReply(await board.entry(lookup.found, day), day, o.archiveUrl, name);
      return notFoundReply(typed, lookup, entries);
    },
  };
}

const who = (id: string, name: string) => `${escapeMrkdwn(name)} \`${escapeMrkdwn(id)}\``;
const pageLink = (archiveUrl: string, path: string, label: string) => link(pageUrl(archiveUrl, path), label);

/** The board line: how many entries are overdue, due soon, changed this week and stalled, and the first few of each. */
export function boardReply(summary: BoardSummary, entries: number, day: string, archiveUrl?: string): Reply {
  const lists = boardLists(summary, STATUS_ROWS, who);
  const counts = lists.map((l) => (l.count ? `*${l.count}* ${l.label.toLowerCase()}` : `0 ${l.label.toLowerCase()}`)).join('  ·  ');
  const blocks: Block[] = [section(`*Accountability board*, ${entries} entries as of ${day}\n${counts}`)];
  for (const l of lists) if (l.count) blocks.push(section(l.text));
  if (lists.every((l) => !l.count)) blocks.push(section('Nothing is overdue, due soon, stalled or changed this week.'));
  const whole = archiveUrl ? `The whole board: ${pageLink(archiveUrl, 'board', 'on the research pages')}` : 'The whole board: `npx inquiry-watch status`';
  blocks.push(context(`${whole}  ·  one entry's state, last event and next deadline: \`/inquiry status &lt;entry&gt;\``));
  return { text: `Accountability board: ${lists.map((l) => `${l.count} ${l.label.toLowerCase()}`).join(', ')}`, blocks };
}

/** One entry: its state and since when, its last event with the sentence behind it, and its next deadline. */
export function entryReply(s: EntryStatus, day: string, archiveUrl: string | undefined, nameOf: (id: string) => string = (id) => id): Reply {
  const state = s.state === 'unknown' ? '*unknown*: nothing on the board says where it stands yet' : `*${stateLabel(s.state)}*${s.since ? ` since ${s.since}` : ''}`;
  const stalled = s.stalled && s.lastMoved ? `  ·  :hourglass: stalled: no movement since ${s.lastMoved}` : '';
  const blocks: Block[] = [section(`*${escapeMrkdwn(s.name)}*  \`${escapeMrkdwn(s.id)}\`\n${s.type === 'inquiry' ? 'Inquiry' : 'Commitment'}, ${state}${stalled}  (as of ${day})`)];
  const [rec, ...moreRecs] = s.recommendations;
  if (rec) {
    const more = moreRecs.length ? ` (and ${moreRecs.length} more)` : '';
    blocks.push(context(`Recommendation ${rec.number} of ${escapeMrkdwn(nameOf(rec.inquiry))} to ${escapeMrkdwn(collapse(rec.madeTo))}: ${escapeMrkdwn(truncate(collapse(rec.text), 300))} Government response: ${stateLabel(rec.governmentResponse)}${more}.`));
  }
  blocks.push(section(lastEventText(s, archiveUrl)));
  blocks.push(section(deadlineText(s)));
  blocks.push(
    context(
      archiveUrl
        ? `${pageLink(archiveUrl, `entries/${encodeURIComponent(s.id)}`, 'Its timeline and every item')}  ·  ${pageLink(archiveUrl, 'board', 'the whole board')}`
        : `Every event with its evidence: \`npx inquiry-watch status ${escapeMrkdwn(s.id)}\``,
    ),
  );
  return { text: `${escapeMrkdwn(s.name)}: ${stateLabel(s.state)}${s.since ? ` since ${s.since}` : ''}`, blocks };
}

function lastEventText(s: EntryStatus, archiveUrl?: string): string {
  const last = s.events.at(-1);
  if (!last) return '*Last event*: none yet.';
  const by = last.source === 'person' && last.decidedBy ? `, recorded by ${escapeMrkdwn(last.decidedBy)}` : '';
  const [evidence, ...others] = last.evidence;
  const lines = [`*Last event*: ${stateLabel(last.type)}, ${last.date}${by}`];
  if (evidence) {
    const page = archiveUrl && evidence.itemId ? `  ·  ${link(itemUrl(archiveUrl, evidence.itemId), 'in the archive')}` : '';
    lines.push(`${evidenceLine(evidence)}${page}`);
  }
  if (others.length) lines.push(`_${others.length} more ${others.length === 1 ? 'report' : 'reports'} of the same event_`);
  return lines.join('\n');
}

function deadlineText(s: EntryStatus): string {
  const next = nextDeadline(s);
  if (!next) return '*Next deadline*: none open.';
  const others = s.deadlines.filter((d) => d !== next && (d.status === 'open' || d.status === 'overdue')).length;
  const also = others ? `\n_${others} more open ${others === 1 ? 'deadline' : 'deadlines'}_` : '';
  return `*Next deadline*: ${escapeMrkdwn(truncate(collapse(next.what), 300))}: due ${next.due}, ${when(next)}${also}`;
}

const when = (d: Deadline) => (d.status === 'overdue' ? `*${dayCount(d.days)} overdue*` : d.days === 0 ? '*today*' : `in ${dayCount(d.days)}`);

/** An entry nobody tracks under that name: the entries it could be, or what there is to ask about. */
export function notFoundReply(typed: string, lookup: Exclude<EntryLookup, { found: string }>, entries: readonly NamedEntry[]): Reply {
  const asked = `“${escapeMrkdwn(truncate(typed, 80))}”`;
  const line = (id: string) => `• ${who(id, entries.find((e) => e.id === id)?.name ?? id)}`;
  const ask = 'Ask for one by its id, e.g. `/inquiry status ' + escapeMrkdwn(('several' in lookup ? lookup.several[0] : lookup.close[0]) ?? entries[0]?.id ?? 'entry-id') + '`.';
  if ('several' in lookup) {
    const shown = lookup.several.slice(0, 10);
    const more = lookup.several.length > shown.length ? `\n…and ${lookup.several.length - shown.length} more: add a word` : '';
    return { text: `${asked} fits ${lookup.several.length} entries`, blocks: [section(`${asked} fits ${lookup.several.length} tracked entries:\n${shown.map(line).join('\n')}${more}`), context(ask)] };
  }
  if (lookup.close.length) {
    return { text: `No tracked entry is called ${asked}`, blocks: [section(`No tracked entry is called ${asked}. The closest:\n${lookup.close.map(line).join('\n')}`), context(ask)] };
  }
  const ids = entries.map((e) => `\`${escapeMrkdwn(e.id)}\``).join(', ');
  return { text: `No tracked entry is called ${asked}`, blocks: [section(`No tracked entry is called ${asked}, nor anything like it. The board tracks: ${ids}`), context(ask)] };
}
