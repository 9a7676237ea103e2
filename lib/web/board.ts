/**
 * What the pages read of the accountability board (lib/board/, adapted by lib/board/web-view.ts). The pages render
 * without it; with `WebDeps.board` set:
 * - the entries list shows each entry's state and next deadline;
 * - the timeline chart marks lifecycle events and deadlines on its time axis, listed with their evidence below it;
 * - `/board` lists what is overdue, due soon, stalled and recently changed, with the evidence for each, and exports it.
 * Plain data, dates as yyyy-mm-dd (UK calendar days): the pages word and format them, so the board module needs no
 * knowledge of the pages.
 */
export interface EntryStatus {
  /** Current state in words (`being set up`, `government responded`, `unknown`). */
  state: string;
  /** yyyy-mm-dd the entry reached that state. */
  since?: string;
  /** Nothing has moved for longer than the entry's stalled setting. */
  stalled?: boolean;
  nextDeadline?: Deadline;
}

export type DeadlineStatus = 'open' | 'met' | 'overdue' | 'excepted';

export interface Deadline {
  /** yyyy-mm-dd. */
  due: string;
  /** What is due ("Government response to …"). */
  label: string;
  status: DeadlineStatus;
  /** Days past due when overdue (or met late), days left when open. */
  days: number;
  /** yyyy-mm-dd when met. */
  metOn?: string;
}

/** Why the board says something: an archived item (linked to its page), else the source's own URL. */
export interface Evidence {
  url: string;
  itemId?: string;
  title?: string;
  /** The sentence that says so, verbatim (a committee report: its title). */
  sentence?: string;
  /** yyyy-mm-dd. */
  date: string;
}

export interface TimelineMarker {
  /** yyyy-mm-dd: where the marker sits on the chart's time axis. */
  at: string;
  type: 'event' | 'deadline';
  /** The event in words (`chair appointed`), or what is due. */
  label: string;
  /** Deadlines: where they stand. */
  deadline?: Deadline;
  /** A person's decision (or the registry's record), not inferred from an item. */
  byPerson?: boolean;
  /** What the event rests on, or the report or promise a deadline runs from. */
  evidence: Evidence[];
}

export interface BoardRow {
  entryId: string;
  /** The entry's state in words. */
  state: string;
  /** Overdue and due soon: the deadline. */
  deadline?: Deadline;
  /** Stalled: yyyy-mm-dd of the last movement. */
  lastMoved?: string;
  /** Recently changed: from which state, and since when (yyyy-mm-dd). */
  change?: { from: string; since: string };
  /** The report or promise a deadline runs from, the last movement, or the event behind the change. */
  evidence: Evidence[];
}

export interface BoardSections {
  overdue: BoardRow[];
  dueSoon: BoardRow[];
  stalled: BoardRow[];
  recentlyChanged: BoardRow[];
  /** The windows the sections use, for the page to say what they mean. */
  rules: { dueSoonDays: number; changedWithinDays: number; stalledAfterDays: number };
}

export interface BoardView {
  /** States and next deadlines as of `now` (UK calendar day). */
  entryStatuses(entryIds: readonly string[], now: Date): Promise<Map<string, EntryStatus>>;
  /** One entry's state and its events and deadlines, oldest first: one read of the entry. */
  entryTimeline(entryId: string, now: Date): Promise<{ status?: EntryStatus; markers: TimelineMarker[] }>;
  /**
   * The sections as of `now`. With `asOf` (a chosen UK day, `/board?at=`), the board as of that day, as `status --at`
   * gives it: recently changed then means changes dated in the window up to that day, not changes learnt in it.
   */
  sections(now: Date, asOf?: string): Promise<BoardSections>;
}
