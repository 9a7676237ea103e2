/**
 * EXTENSION POINT for the accountability board (issue 14, lib/board/). The pages render without it; when a
 * deployment has a board, an adapter from lib/board implements `BoardView` and `WebDeps.board` is set:
 * - the entries list shows each entry's state and next deadline;
 * - the timeline chart marks lifecycle events and deadlines on its time axis;
 * - `/board` lists what is overdue, due soon, stalled and recently changed.
 * Everything here is plain data so the board module needs no knowledge of the pages.
 */
export interface EntryStatus {
  /** Current state, as the board words it (e.g. `announced`, `report published`, `response overdue`). */
  state: string;
  /** When the entry reached that state (ISO). */
  since?: string;
  nextDeadline?: Deadline;
}

export interface Deadline {
  /** ISO date or instant. */
  due: string;
  label: string;
  overdue?: boolean;
}

export interface TimelineMarker {
  /** ISO date or instant: where the marker sits on the chart's time axis. */
  at: string;
  label: string;
  type: 'event' | 'deadline';
  /** The item that is the evidence for the event, when there is one. */
  itemId?: string;
}

export interface BoardRow {
  entryId: string;
  state: string;
  /** Why it is listed: "response due 16 Dec 2025", "no change since 2 Jul 2025". */
  detail: string;
  /** ISO: the deadline, or the last change. */
  at?: string;
  /** Evidence item for the latest event. */
  itemId?: string;
}

export interface BoardSections {
  overdue: BoardRow[];
  dueSoon: BoardRow[];
  stalled: BoardRow[];
  recentlyChanged: BoardRow[];
}

export interface BoardView {
  entryStatuses(entryIds: readonly string[]): Promise<Map<string, EntryStatus>>;
  timelineMarkers(entryId: string): Promise<TimelineMarker[]>;
  sections(now: Date): Promise<BoardSections>;
}
