/**
 * The accountability board's vocabulary: events with their evidence, the states they lead to, deadlines, and
 * people's decisions. Plain data, no AWS or Slack: detection and derivation are pure functions over these.
 */

export const INQUIRY_EVENTS = [
  'announced',
  'chair-appointed',
  'terms-of-reference',
  'established',
  'hearings',
  'interim-report',
  'final-report',
  'government-response',
] as const;

export const COMMITMENT_EVENTS = [
  'promised',
  'accepted',
  'rejected',
  'consultation',
  'bill-introduced',
  'amendment',
  'royal-assent',
  'commenced',
  'funded',
  'piloted',
  'dropped',
] as const;

/**
 * Events any entry can have: a delay (of an inquiry's set-up, or of a commitment), criticism, and a select
 * committee's report on it and the government's reply.
 */
export const SHARED_EVENTS = ['delayed', 'criticised', 'committee-report', 'committee-response'] as const;

export const EVENT_TYPES = [...INQUIRY_EVENTS, ...COMMITMENT_EVENTS, ...SHARED_EVENTS] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const INQUIRY_STATES = ['announced', 'being-set-up', 'under-way', 'reported', 'government-responded'] as const;
export const COMMITMENT_STATES = ['promised', 'accepted', 'in-progress', 'delivered', 'delayed', 'dropped', 'rejected'] as const;
/** `unknown`: no event yet, so nothing to say (never a guess). */
export type EntryState = (typeof INQUIRY_STATES)[number] | (typeof COMMITMENT_STATES)[number] | 'unknown';

export type EntryType = 'inquiry' | 'commitment';

/** Why the board believes an event happened: the item, the exact sentence and the date. */
export interface Evidence {
  itemId?: string;
  url: string;
  /** The sentence that says so, verbatim (for a person's decision: their reason or the quoted source). */
  sentence: string;
  /** yyyy-mm-dd. */
  date: string;
  title?: string;
}

/**
 * One event on an entry's log. Inferred events are detected from one item each; the same real event reported by
 * several items is one event on the board with the others as further evidence (see `derive.ts`).
 */
export interface BoardEvent {
  /**
   * Deterministic: `<itemId>:<entryId>:<type>` for an inferred event (re-detection finds the same id, so people's
   * decisions about it survive), `r-…` for a recommendation's response from the registry, `p-…` for a person's.
   */
  id: string;
  entryId: string;
  type: EventType;
  /** yyyy-mm-dd: the item's publication date. */
  date: string;
  source: 'inferred' | 'person';
  evidence: Evidence;
  /** When an item was first stored (inferred) or the decision was made (person): when the board learnt of it. */
  learnt: string;
  /** Stored while a source was seeded or backfilled: history, never alerted. */
  quiet?: boolean;
  /** A date the event promises something by ("by spring 2026", "within 12 months"), yyyy-mm-dd. */
  promisedBy?: string;
  /** The words that gave `promisedBy`, e.g. "by spring 2026". */
  promisedPhrase?: string;
  /** Committee publications: what the government-response deadline needs (from the source's native ids). */
  committee?: CommitteeLink;
  /** Who confirmed or added it (person events). */
  decidedBy?: string;
}

/** A select-committee report the government can respond to, or the response to one. */
export interface CommitteeLink {
  publicationId: string;
  /** On a response: the report it answers. */
  respondsTo?: string;
  /** The service's own deadline, yyyy-mm-dd. */
  responseDeadline?: string;
  /** The committee agreed no response is needed. */
  excepted?: boolean;
  /** Responses the service already lists for the report (ids). */
  responseIds?: string[];
  title?: string;
}

export type DeadlineStatus = 'open' | 'met' | 'overdue' | 'excepted';

export interface Deadline {
  /** Stable: `committee-<publicationId>`, `response-<entry>-<date>`, `promise-<eventId>`, `registry-<entry>-<n>`. */
  id: string;
  entryId: string;
  what: string;
  /** yyyy-mm-dd. */
  due: string;
  status: DeadlineStatus;
  /** What opened it: the report or promise (the event's evidence, or the registry's source). */
  basis: Evidence;
  /** yyyy-mm-dd when met. */
  metOn?: string;
  metByUrl?: string;
  /** Days past due (overdue, or met late); days left when open. */
  days: number;
}

/** A maintainer's correction. People's decisions win over inference and inference never overwrites them. */
export type Decision =
  | (DecisionBase & { action: 'confirm' | 'reject'; eventId: string })
  | (DecisionBase & { action: 'add'; event: { type: EventType; date: string; sentence?: string } })
  | (DecisionBase & { action: 'deadline-met' | 'deadline-excepted'; deadlineId: string; date?: string });

export interface DecisionBase {
  id: string;
  entryId: string;
  reason: string;
  /** Where the maintainer read it. */
  sourceUrl: string;
  by: string;
  /** ISO time of the decision. */
  at: string;
}

/** A step in an entry's state history: what the state became, from when, on which event. */
export interface Transition {
  state: EntryState;
  from: EntryState;
  /** yyyy-mm-dd of the event that caused it. */
  since: string;
  eventId: string;
  learnt: string;
  quiet?: boolean;
}

/** The board's view of one tracked entry at a point in time. */
export interface EntryStatus {
  id: string;
  type: EntryType;
  name: string;
  state: EntryState;
  /** yyyy-mm-dd the current state began; undefined while `unknown`. */
  since?: string;
  stalled: boolean;
  /** yyyy-mm-dd of the latest event that counts as movement. */
  lastMoved?: string;
  events: BoardEventView[];
  deadlines: Deadline[];
  transitions: Transition[];
  recommendations: RecommendationInfo[];
  /** Decisions that applied (or were about events the board no longer has). */
  decisions: Decision[];
}

/** An event as shown: merged reports of the same event, with every piece of evidence. */
export interface BoardEventView {
  id: string;
  type: EventType;
  date: string;
  source: 'inferred' | 'person';
  evidence: Evidence[];
  /** A person confirmed it, or added it. */
  decidedBy?: string;
  promisedBy?: string;
  /** Ids of every report of it (each detected event merged into this one): any of them names it in `status set`. */
  memberIds: string[];
}

export type GovernmentResponse = 'accepted' | 'accepted-in-principle' | 'rejected' | 'no-response' | 'pending';

export interface RecommendationInfo {
  inquiry: string;
  number: number;
  text: string;
  madeTo: string;
  governmentResponse: GovernmentResponse;
}

/** Board settings: how long before an entry counts as stalled, and when a deadline counts as "due soon". */
export interface BoardOptions {
  stalledAfterDays: number;
  dueSoonDays: number;
}

export const DEFAULT_BOARD_OPTIONS: BoardOptions = { stalledAfterDays: 120, dueSoonDays: 30 };
