import type { LeaseHolder } from '../lease/holder.ts';
import type { Item } from '../model/item.ts';
import type { BoardNotice } from '../board/ports.ts';
import type { BoardSummary } from '../board/notices.ts';
import type { DigestMode, RenderedMessage } from './types.ts';

/**
 * A digest in the delivery ledger. Written PENDING, with its item ids and the exact messages to post, before
 * anything is posted; each posted part's `ts` is recorded as it goes; SENT when every part is out.
 * SUPERSEDED when nothing of it was posted and its items rolled into a later digest as catch-up.
 */
export interface Delivery {
  /** Deterministic: the same channel, mode and items (and roundup slot) always give the same id. */
  id: string;
  channel: string;
  mode: DigestMode;
  status: 'pending' | 'sent' | 'superseded';
  itemIds: string[];
  catchUpIds: string[];
  messages: RenderedMessage[];
  createdAt: string;
  /** `ts` of each part posted so far, by part number; part 0 is the thread parent. */
  posted: Record<string, string>;
  /** Another run must not post this digest before then (it may be mid-post). */
  leaseUntil?: string;
  /** The run that holds the lease, so a contender can say who, and take over from a holder that died. */
  leaseHolder?: LeaseHolder;
  attempts: number;
  lastError?: string;
  sentAt?: string;
  /** The parent message's `ts` once sent. */
  ts?: string;
  supersededBy?: string;
}

/** Per channel and mode: how far new items have been taken into digests. */
export interface DigestCursor {
  channel: string;
  mode: DigestMode;
  /** Where the next digest reads from (exclusive): opaque to the digest, from `DigestStore.newItems`. Unset before the first. */
  watermark?: string;
  /** Roundups: the scheduled slot (ISO) the last roundup was for. */
  lastSlot?: string;
  /** Roundups: ids already folded under an alert since the last roundup, left out of it. */
  alerted?: string[];
  updatedAt: string;
}

/** The digest's view of the archive and its ledger. `DynamoDigestStore` implements it. */
export interface DigestStore {
  /**
   * Tracked, non-quiet items first stored strictly after `after` (a watermark, or an ISO time) and at or before
   * `until` (ISO), oldest first, with the watermark to continue from next time and the window start as ISO time.
   */
  newItems(after: string, until: string): Promise<{ items: Item[]; watermark: string; since: string }>;
  getItems(ids: string[]): Promise<Item[]>;
  getCursor(channel: string, mode: DigestMode): Promise<DigestCursor | undefined>;
  /** Moves the cursor forward; false if another run moved it first (conditional on `previous`). */
  advanceCursor(cursor: DigestCursor, previous: string | undefined): Promise<boolean>;
  /** Records ids folded under an alert so the channel's next roundup leaves them out. */
  addAlerted(channel: string, ids: string[]): Promise<void>;
  removeAlerted(channel: string, ids: string[]): Promise<void>;
  /** Conditional create: false when a delivery with this id already exists. */
  createDelivery(delivery: Delivery): Promise<boolean>;
  getDelivery(channel: string, id: string): Promise<Delivery | undefined>;
  listPending(channel: string, mode: DigestMode): Promise<Delivery[]>;
  /**
   * Takes the right to post a pending delivery until `until` for `holder`; false if it is sent, superseded or
   * leased by another run whose lease is still in force (one held by `replacing`, a holder found gone, is not).
   */
  acquireLease(channel: string, id: string, now: string, until: string, holder: LeaseHolder, replacing?: string): Promise<boolean>;
  /** Frees `holder`'s lease on a pending delivery (a run that stops early); no-op if it is not theirs. */
  releaseLease(channel: string, id: string, holderId: string): Promise<void>;
  recordPosted(channel: string, id: string, part: number, ts: string): Promise<void>;
  markSent(channel: string, id: string, sentAt: string): Promise<void>;
  /** Leaves it pending (so it is retried or rolled into catch-up) and frees the lease. */
  recordFailure(channel: string, id: string, error: string): Promise<void>;
  /** Only if still pending with nothing posted; false otherwise. */
  markSuperseded(channel: string, id: string, by: string): Promise<boolean>;
  /**
   * Removes a delivery this run just created and never posted (another run took its items first). Removed, not
   * marked superseded: a later digest of the same items has the same id and must be able to create it again.
   */
  discardDelivery(channel: string, id: string): Promise<boolean>;
}

/** The accountability board as digests see it (`Board.feed()` provides it). */
export interface BoardFeed {
  /** Board notices made strictly after `after` (a watermark or ISO time) and at or before `until`, oldest first. */
  newNotices(after: string, until: string): Promise<{ notices: BoardNotice[]; watermark: string; since: string }>;
  getNotices(ids: string[]): Promise<BoardNotice[]>;
  summary(now: Date): Promise<BoardSummary>;
}

/** Marks every posted message so a later run can tell whether a part went out before a crash. */
export interface DeliveryMarker {
  digestId: string;
  part: number;
}

/** Where digests go: Slack, or the terminal when there is no token. */
export interface DigestSender {
  readonly name: string;
  post(channel: string, message: RenderedMessage, marker: DeliveryMarker, threadTs?: string): Promise<{ ts: string }>;
  /**
   * The `ts` of a message already posted with this marker since `since` (in the thread `threadTs` for replies),
   * or undefined. Senders that cannot look back (the terminal) return undefined.
   */
  findPosted(channel: string, marker: DeliveryMarker, since: Date, threadTs?: string): Promise<string | undefined>;
}

/**
 * A post that did not go out. `permanent` errors (bad token, unknown channel) will not fix themselves by retrying
 * now: the channel is skipped for this run and the digest stays pending.
 */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  constructor(
    message: string,
    readonly code: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }

  /**
   * The sender has no credentials yet (a deployment whose Slack token is not set). Not a failure: the channel
   * reports `not-configured`, its digests stay pending and go out once the token is there.
   */
  static notConfigured(message: string): DeliveryError {
    return new DeliveryError(message, NOT_CONFIGURED, true);
  }
}

export const NOT_CONFIGURED = 'not_configured';
