import type { BoardRow, BoardSections, BoardView, Deadline as WebDeadline, EntryStatus as WebEntryStatus, Evidence as WebEvidence, TimelineMarker } from '../web/board.ts';
import type { Board } from './board.ts';
import { addDays, londonToday } from './dates.ts';
import { NOT_MOVEMENT } from './derive.ts';
import { CHANGED_WITHIN_DAYS, nextDeadline, summarise, type BoardSummary } from './notices.ts';
import type { BoardEventView, Deadline, EntryStatus, Evidence } from './types.ts';

const words = (state: string) => state.replace(/-/g, ' ');

const evidence = (e: Evidence): WebEvidence => ({
  url: e.url,
  date: e.date,
  sentence: e.sentence,
  ...(e.itemId ? { itemId: e.itemId } : {}),
  ...(e.title ? { title: e.title } : {}),
});

const deadline = (d: Deadline): WebDeadline => ({ due: d.due, label: d.what, status: d.status, days: d.days, ...(d.metOn ? { metOn: d.metOn } : {}) });

function entryStatus(s: EntryStatus): WebEntryStatus {
  const next = nextDeadline(s);
  return { state: words(s.state), ...(s.since ? { since: s.since } : {}), ...(s.stalled ? { stalled: true } : {}), ...(next ? { nextDeadline: deadline(next) } : {}) };
}

/** The event a transition was made by (it may name any report merged into the event). */
const eventOf = (s: EntryStatus, eventId: string): BoardEventView | undefined => s.events.find((e) => e.id === eventId || e.memberIds.includes(eventId));

/**
 * The board as the research pages read it (`WebDeps.board`, lib/web/board.ts): states with their next deadline,
 * events and deadlines as chart markers with their evidence, and the overdue / due soon / stalled / changed
 * sections (the same rows as the Slack roundup's board section). Everything is judged as of the page's `now`, as a
 * UK calendar day. A thin adapter over `Board`, the one read interface (the API, the CLI and Slack use it too).
 */
export function boardView(board: Board): BoardView {
  const known = (id: string) => board.entries.some((e) => e.id === id);
  return {
    async entryStatuses(entryIds, now) {
      const statuses = await board.status(entryIds.filter(known), londonToday(now));
      return new Map(statuses.map((s) => [s.id, entryStatus(s)]));
    },

    async entryTimeline(entryId, now) {
      if (!known(entryId)) return { markers: [] };
      const s = await board.entry(entryId, londonToday(now));
      const events = s.events.map(
        (e): TimelineMarker => ({ at: e.date, type: 'event', label: words(e.type), ...(e.source === 'person' ? { byPerson: true } : {}), evidence: e.evidence.map(evidence) }),
      );
      const deadlines = s.deadlines.map((d): TimelineMarker => ({ at: d.due, type: 'deadline', label: d.what, deadline: deadline(d), evidence: [evidence(d.basis)] }));
      // Oldest first; on the same day, events before the deadlines they may meet.
      return { status: entryStatus(s), markers: [...events, ...deadlines].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.type === b.type ? 0 : a.type === 'event' ? -1 : 1)) };
    },

    async sections(now, asOf): Promise<BoardSections> {
      const statuses = await board.status(undefined, asOf ?? londonToday(now));
      const summary = summarise(statuses, now, board.options.dueSoonDays);
      if (asOf) summary.changed = changedUpTo(statuses, asOf);
      const byId = new Map(statuses.map((s) => [s.id, s]));
      const row = (s: EntryStatus, rest: Omit<BoardRow, 'entryId' | 'state'>): BoardRow => ({ entryId: s.id, state: words(s.state), ...rest });
      const deadlineRow = (d: { entryId: string; what: string; due: string }): BoardRow => {
        const s = byId.get(d.entryId)!;
        const found = s.deadlines.find((x) => x.what === d.what && x.due === d.due)!;
        return row(s, { deadline: deadline(found), evidence: [evidence(found.basis)] });
      };
      return {
        overdue: summary.overdue.map(deadlineRow),
        dueSoon: summary.dueSoon.map(deadlineRow),
        stalled: summary.stalled.map(({ entryId, lastMoved }) => {
          const s = byId.get(entryId)!;
          const last = s.events.filter((e) => e.date === lastMoved && !NOT_MOVEMENT.has(e.type)).at(-1);
          return row(s, { lastMoved, evidence: (last?.evidence ?? []).map(evidence) });
        }),
        recentlyChanged: summary.changed.map(({ entryId, from, since }) => {
          const s = byId.get(entryId)!;
          const event = eventOf(s, s.transitions.at(-1)!.eventId);
          return row(s, { change: { from: words(from), since }, evidence: (event?.evidence ?? []).map(evidence) });
        }),
        rules: { dueSoonDays: board.options.dueSoonDays, changedWithinDays: CHANGED_WITHIN_DAYS, stalledAfterDays: board.options.stalledAfterDays },
      };
    },
  };
}

/**
 * A chosen day's recent changes: from the state before the first change dated in the week up to it to the state
 * that day. By date, not by when they were learnt (`summarise`'s rule, which judges by the real `now`): a past
 * day's view shows what happened in its week as the board knows it now, a report stored later included.
 */
function changedUpTo(statuses: EntryStatus[], day: string): BoardSummary['changed'] {
  const after = addDays(day, -CHANGED_WITHIN_DAYS);
  return statuses.flatMap((s) => {
    const recent = s.transitions.filter((t) => !t.quiet && t.since > after && t.since <= day);
    const last = s.transitions.at(-1);
    return recent[0] && last && recent[0].from !== last.state ? [{ entryId: s.id, name: s.name, from: recent[0].from, to: last.state, since: last.since }] : [];
  });
}
