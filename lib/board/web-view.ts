import type { BoardRow, BoardSections, BoardView, EntryStatus as WebEntryStatus, TimelineMarker } from '../web/board.ts';
import type { Board } from './board.ts';
import { londonToday } from './dates.ts';
import { nextDeadline } from './notices.ts';
import type { EntryStatus } from './types.ts';

const label = (state: string) => state.replace(/-/g, ' ');
const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

/** The item behind an entry's latest event: where a page links for the evidence. */
const latestItem = (s: EntryStatus): string | undefined => s.events.at(-1)?.evidence.find((e) => e.itemId)?.itemId;

/**
 * The board as the research pages read it (`WebDeps.board`, lib/web/board.ts): states with their next deadline,
 * events and deadlines as chart markers, and the overdue / due soon / stalled / changed sections. A thin adapter
 * over `Board`, the one read interface (the API, the CLI and Slack use it too).
 */
export function boardView(board: Board): BoardView {
  return {
    async entryStatuses(entryIds) {
      const known = entryIds.filter((id) => board.entries.some((e) => e.id === id));
      const statuses = await board.status(known);
      return new Map(
        statuses.map((s): [string, WebEntryStatus] => {
          const next = nextDeadline(s);
          return [
            s.id,
            {
              state: `${label(s.state)}${s.stalled ? ' (stalled)' : ''}`,
              ...(s.since ? { since: s.since } : {}),
              ...(next ? { nextDeadline: { due: next.due, label: next.what, ...(next.status === 'overdue' ? { overdue: true } : {}) } } : {}),
            },
          ];
        }),
      );
    },

    async timelineMarkers(entryId) {
      if (!board.entries.some((e) => e.id === entryId)) return [];
      const s = await board.entry(entryId);
      const events = s.events.map((e): TimelineMarker => {
        const itemId = e.evidence.find((ev) => ev.itemId)?.itemId;
        return { at: e.date, label: `${label(e.type)}${e.source === 'person' ? ' (person)' : ''}`, type: 'event', ...(itemId ? { itemId } : {}) };
      });
      const deadlines = s.deadlines.map((d): TimelineMarker => ({ at: d.due, label: `${d.what}: ${d.status === 'overdue' ? `overdue by ${days(d.days)}` : d.status}`, type: 'deadline' }));
      return [...events, ...deadlines].sort((a, b) => a.at.localeCompare(b.at));
    },

    async sections(now): Promise<BoardSections> {
      const statuses = await board.status(undefined, londonToday(now));
      const summary = await board.summary(now);
      const byId = new Map(statuses.map((s) => [s.id, s]));
      const row = (entryId: string, detail: string, at?: string): BoardRow => {
        const s = byId.get(entryId);
        const itemId = s && latestItem(s);
        return { entryId, state: label(s?.state ?? 'unknown'), detail, ...(at ? { at } : {}), ...(itemId ? { itemId } : {}) };
      };
      return {
        overdue: summary.overdue.map((d) => row(d.entryId, `${d.what}: due ${d.due}, ${days(d.days)} overdue`, d.due)),
        dueSoon: summary.dueSoon.map((d) => row(d.entryId, `${d.what}: due ${d.due}, in ${days(d.days)}`, d.due)),
        stalled: summary.stalled.map((s) => row(s.entryId, `no movement since ${s.lastMoved}`, s.lastMoved)),
        recentlyChanged: summary.changed.map((c) => row(c.entryId, `${label(c.from)} → ${label(c.to)} since ${c.since}`, c.since)),
      };
    },
  };
}
