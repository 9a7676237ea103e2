import type { Item, Kind } from '../model/item.ts';
import type { BoardNotice } from '../board/ports.ts';
import type { BoardSummary } from '../board/notices.ts';

/**
 * Alerts go out after every poll cycle; roundups on each subscription's cadence; board alerts (an entry's state
 * changed, a deadline passed) after every digest run notices them. Each mode has its own cursor in the one ledger.
 */
export type DigestMode = 'alerts' | 'roundups' | 'board';

/** What a digest needs to know about a tracked entry (from the registry: trusted config, not feed text). */
export interface EntryInfo {
  id: string;
  name: string;
  type: 'inquiry' | 'commitment';
}

/** The item fields a digest shows; a stored `Item` satisfies it. */
export type DigestItem = Pick<
  Item,
  'id' | 'kind' | 'sourceId' | 'sourceType' | 'title' | 'url' | 'published' | 'firstSeen' | 'inquiries' | 'commitments' | 'evidence'
>;

/** One tracked entry's share of a digest. */
export interface DigestGroup {
  entry: EntryInfo;
  /** Alerts: the statements/reports, primary sources first. Roundups: the top items shown. */
  items: DigestItem[];
  /** Alerts only: news about the same event, folded under the alert as a thread reply. */
  related: DigestItem[];
  /** Roundups only: how many items the entry had in the window, by kind (shown even when not all are listed). */
  counts?: Partial<Record<Kind, number>>;
  /** Roundups only: items in the window beyond those listed. */
  more: number;
}

export interface Digest {
  mode: DigestMode;
  channel: string;
  groups: DigestGroup[];
  /** Ids of items carried over from an earlier digest that was never delivered: labelled "catch-up". */
  catchUp: string[];
  /** Every item id the digest delivers (listed or counted), for the ledger. */
  itemIds: string[];
  /** Ids folded under alerts as related coverage (kept out of the next roundup). */
  foldedIds: string[];
  /** Window start (exclusive) and end, ISO: shown in roundups and used for "see the rest" links. */
  since?: string;
  until: string;
  /** How to see the rest in the archive: a URL (`archiveUrl` in the config) or the CLI command. */
  archiveUrl?: string;
  /**
   * Sources whose last poll failed, e.g. `bbc-uk (3 in a row)`: a roundup says so, so "nothing new" is never
   * mistaken for "all quiet" while sources are down.
   */
  failingSources?: string[];
  /** Board alerts: the board changes delivered (their ids are `itemIds`). */
  notices?: BoardNotice[];
  /** Roundups: the board's section (overdue, stalled, changed this week), for the subscription's entries. */
  board?: BoardSummary;
}

// Minimal Block Kit types: `lib/` must not import @slack/*, and these are all the digest uses.
export interface TextObject {
  type: 'mrkdwn' | 'plain_text';
  text: string;
  emoji?: boolean;
  /** mrkdwn only: true stops Slack turning bare @here, #channel or URLs into mentions and links. */
  verbatim?: boolean;
}
/** A menu of choices beside a section (the correction controls on digest items). */
export interface OverflowMenu {
  type: 'overflow';
  action_id: string;
  options: { text: TextObject & { type: 'plain_text' }; value: string }[];
}
export type Block =
  | { type: 'header'; text: TextObject & { type: 'plain_text' } }
  | { type: 'section'; text: TextObject; accessory?: OverflowMenu }
  | { type: 'context'; elements: TextObject[] }
  | { type: 'divider' };

/** One chat.postMessage worth: part 0 is the top-level message, later parts are replies in its thread. */
export interface RenderedMessage {
  part: number;
  text: string;
  blocks: Block[];
}
