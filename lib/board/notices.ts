import { daysBetween, londonToday } from './dates.ts';
import type { BoardNotice } from './ports.ts';
import type { Deadline, EntryState, EntryStatus } from './types.ts';

/**
 * Which board changes to alert, as of `now`: pure, so tests call it directly.
 * - A state change learnt within `windowDays` (from an item first stored then, or a person's decision made then),
 *   unless it came from items archived quietly (a source being seeded, a backfill): history is not news.
 * - A deadline that passed within `windowDays` with no response.
 * Older changes are on the board and in roundups, but never alerted: a new deployment, a backfill or a registry
 * change does not flood a channel with the past. Notice ids are deterministic, so a change is alerted once.
 */
export const NOTICE_WINDOW_DAYS = 7;

export function noticesFor(status: EntryStatus, now: Date, windowDays = NOTICE_WINDOW_DAYS): BoardNotice[] {
  const nowIso = now.toISOString();
  const today = londonToday(now);
  const notices: BoardNotice[] = [];
  const last = status.transitions.at(-1);
  if (last && !last.quiet && learntWithin(last.learnt, now, windowDays)) {
    const event = status.events.find((e) => e.id === last.eventId);
    notices.push({
      id: `state:${status.id}:${last.state}:${last.since}`,
      kind: 'state-change',
      entryId: status.id,
      noticedAt: nowIso,
      from: last.from,
      to: last.state,
      since: last.since,
      evidence: (event?.evidence ?? []).slice(0, 3),
      ...(event?.source === 'person' && event.decidedBy ? { decidedBy: event.decidedBy } : {}),
    });
  }
  for (const d of status.deadlines) {
    if (d.status !== 'overdue' || daysBetween(d.due, today) > windowDays) continue;
    notices.push({
      id: `deadline:${d.id}:${d.due}`,
      kind: 'deadline-passed',
      entryId: status.id,
      noticedAt: nowIso,
      deadline: { id: d.id, what: d.what, due: d.due, days: d.days },
      evidence: [d.basis],
    });
  }
  return notices;
}

/** Learnt in the `days` up to `now`: not after it (a summary for a past day must not count what was learnt since). */
const learntWithin = (iso: string, now: Date, days: number) => {
  const age = (now.getTime() - Date.parse(iso)) / 86_400_000;
  return age >= 0 && age <= days;
};

/** The board's part of a roundup: what is overdue, due soon, stalled, and what changed in the last week. */
export interface BoardSummary {
  overdue: (Pick<Deadline, 'entryId' | 'what' | 'due' | 'days'> & { name: string })[];
  dueSoon: (Pick<Deadline, 'entryId' | 'what' | 'due' | 'days'> & { name: string })[];
  stalled: { entryId: string; name: string; state: EntryState; lastMoved: string }[];
  changed: { entryId: string; name: string; from: EntryState; to: EntryState; since: string }[];
}

export const CHANGED_WITHIN_DAYS = 7;

/** An entry's most pressing deadline: the longest overdue, else the soonest open. */
export function nextDeadline(s: Pick<EntryStatus, 'deadlines'>): Deadline | undefined {
  const overdue = s.deadlines.filter((d) => d.status === 'overdue').sort((a, b) => b.days - a.days)[0];
  return overdue ?? s.deadlines.filter((d) => d.status === 'open').sort((a, b) => a.days - b.days)[0];
}

export function summarise(statuses: EntryStatus[], now: Date, dueSoonDays: number): BoardSummary {
  const summary: BoardSummary = { overdue: [], dueSoon: [], stalled: [], changed: [] };
  for (const s of statuses) {
    for (const d of s.deadlines) {
      const row = { entryId: s.id, name: s.name, what: d.what, due: d.due, days: d.days };
      if (d.status === 'overdue') summary.overdue.push(row);
      else if (d.status === 'open' && d.days <= dueSoonDays) summary.dueSoon.push(row);
    }
    if (s.stalled && s.lastMoved) summary.stalled.push({ entryId: s.id, name: s.name, state: s.state, lastMoved: s.lastMoved });
    // The week's net change: from the state before the first change learnt this week to the state now.
    const recent = s.transitions.filter((t) => !t.quiet && learntWithin(t.learnt, now, CHANGED_WITHIN_DAYS));
    const first = recent[0];
    const last = s.transitions.at(-1);
    if (first && last && first.from !== last.state) summary.changed.push({ entryId: s.id, name: s.name, from: first.from, to: last.state, since: last.since });
  }
  summary.overdue.sort((a, b) => b.days - a.days);
  summary.dueSoon.sort((a, b) => a.days - b.days);
  summary.stalled.sort((a, b) => a.lastMoved.localeCompare(b.lastMoved));
  return summary;
}
