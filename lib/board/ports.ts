import type { CommitteeResponse } from './detect.ts';
import type { BoardEvent, Decision, EntryState, Evidence } from './types.ts';

/**
 * A board change worth telling people about: an entry's state changed, or a deadline passed with no response.
 * Its id is deterministic, so noticing the same change twice (two runs, a retry) creates it once.
 */
export interface BoardNotice {
  id: string;
  kind: 'state-change' | 'deadline-passed';
  entryId: string;
  /** ISO time it was noticed: digests read notices in this order. */
  noticedAt: string;
  from?: EntryState;
  to?: EntryState;
  /** yyyy-mm-dd the new state began. */
  since?: string;
  deadline?: { id: string; what: string; due: string; days: number };
  /** Why: the sentences, items and dates behind the change (or the report the deadline runs from). */
  evidence: Evidence[];
  /** Set when the change rests on a person's decision. */
  decidedBy?: string;
}

/** A sentence that promises something, from a statement, a government response or an answer, for a person to judge. */
export interface PledgeCandidate {
  id: string;
  sentence: string;
  /** Who made it: the item's author (minister, department), else the source. */
  who: string;
  /** yyyy-mm-dd it was made. */
  date: string;
  due?: string;
  duePhrase?: string;
  itemId: string;
  url: string;
  title: string;
  /** Tracked entries the item is about (a new commitment's likely `related`). */
  entryIds: string[];
  status: 'new' | 'accepted' | 'dismissed';
  /** The registry entry made from it. */
  acceptedAs?: string;
}

/** Where the board keeps what it learnt. `DynamoBoardStore` implements it on the one table; tests run it on DynamoDB Local. */
export interface BoardStore {
  /**
   * The inferred events one item gives: replaces whatever it gave before (re-detection after a new version or a
   * registry change), so an event the item no longer supports disappears. Idempotent.
   */
  replaceItemEvents(itemId: string, events: BoardEvent[]): Promise<void>;
  /**
   * Links a committee report (its committee-report events) and a government response to it, whichever arrives
   * first; returns the committee-response events this creates on the report's entries.
   */
  linkCommitteeReport(reports: BoardEvent[]): Promise<BoardEvent[]>;
  linkCommitteeResponse(response: CommitteeResponse): Promise<BoardEvent[]>;
  /** Inferred events and people's decisions for one entry: one Query. */
  readEntry(entryId: string): Promise<{ events: BoardEvent[]; decisions: Decision[] }>;
  putDecision(decision: Decision): Promise<void>;
  /** Conditional create: false when a notice with this id exists already. */
  createNotice(notice: BoardNotice): Promise<boolean>;
  /** Notices first made after `after` (exclusive) and at or before `until`, oldest first, with where to continue. */
  newNotices(after: string, until: string): Promise<{ notices: BoardNotice[]; watermark: string; since: string }>;
  getNotices(ids: string[]): Promise<BoardNotice[]>;
  putPledges(pledges: PledgeCandidate[]): Promise<void>;
  listPledges(): Promise<PledgeCandidate[]>;
  getPledge(id: string): Promise<PledgeCandidate | undefined>;
  setPledgeStatus(id: string, status: PledgeCandidate['status'], acceptedAs?: string): Promise<void>;
}
