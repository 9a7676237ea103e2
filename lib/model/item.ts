/**
 * The one normalised shape for everything the monitor stores.
 *
 * Source adapters produce `ItemDraft`s; the pipeline classifies them and the store turns them into
 * `Item`s (adding id, version, content hash and timestamps). Nothing here knows about AWS or Slack.
 */

export const KINDS = ['statement', 'report', 'debate', 'question', 'news'] as const;
export type Kind = (typeof KINDS)[number];

/** What kind of source an item came from: the classifier uses it before any text cue. */
export const SOURCE_TYPES = ['news', 'hansard', 'statement', 'question', 'report', 'other'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

/** Why an item matched one tracked entry. Stored with the item and shown in digests. */
export interface Evidence {
  /** Registry entry id, e.g. `casey-audit` or `c-ethnicity-data`. */
  id: string;
  /** Phrases that matched, with their character offset in the normalised `title + "\n" + text`. */
  phrases: { phrase: string; offset: number }[];
  /** A short passage around the strongest match. */
  snippet: string;
  score: number;
}

export interface Classification {
  inquiries: string[];
  commitments: string[];
  kind: Kind;
  evidence: Evidence[];
}

/** What a source adapter hands to the pipeline: everything it knows, before classification. */
export interface ItemDraft {
  sourceId: string;
  sourceType: SourceType;
  /** The adapter's own certainty about the kind (e.g. a written ministerial statement); the classifier decides otherwise. */
  kindHint?: Kind;
  title: string;
  /** Canonical public web link. */
  url: string;
  /** ISO-8601 UTC; absent when the source gives no usable date (the pipeline falls back to the fetch time). */
  published?: string;
  /** Plain text, HTML already stripped. */
  text: string;
  author?: string;
  /** The source's own identifiers, e.g. `{ guid }`, `{ contributionExtId }`, `{ uin, dateMade }`. */
  nativeIds: Record<string, string>;
  /**
   * Keys that identify the same real-world item across sources, strongest first
   * (e.g. `guid:…`, `url:…`, `title:…`, `wms:2025-06-16:HCWS123`). The first key fixes the item's id.
   */
  dedupKeys: string[];
  /** Licence attribution the item must carry when republished (OPL / OGL). */
  attribution?: string;
  /**
   * Where the record stands in its own life, when that is news in itself: a written question is `holding` until its
   * substantive answer arrives, then `answered`. A revision that moves an item to another stage enters the digests
   * again, as if new; any other revision (a corrected answer, an edited headline) does not.
   */
  stage?: string;
  /**
   * The text is a stand-in (a list summary) because the full text could not be fetched this time: good enough for a
   * new item, never a reason to revise a stored one.
   */
  partial?: boolean;
}

/** A stored item: the draft, classified, with identity and history. */
export interface Item extends Omit<ItemDraft, 'kindHint' | 'partial'> {
  id: string;
  kind: Kind;
  published: string;
  /** When this version was fetched. */
  fetched: string;
  /** When the item was first stored. */
  firstSeen: string;
  contentHash: string;
  /** 1 for a new item, +1 each time its title or text changes. */
  version: number;
  inquiries: string[];
  commitments: string[];
  evidence: Evidence[];
  /** Stored while a source was being seeded (first poll) or backfilled: archived, never alerted. */
  quiet?: boolean;
  /**
   * When a stored item entered the digests again: it first matched a tracked entry in a later version, or it moved
   * to another `stage` (a holding answer answered). Digests pick it up from then.
   */
  trackedAt?: string;
  /**
   * People's verdicts on this item's tags, by entry id (see `lib/corrections/`): they override the classifier, now
   * and whenever the item is classified again.
   */
  corrections?: Record<string, TagCorrection>;
  /** Bumped by every correction, so a revision computed before one cannot overwrite it (optimistic lock). */
  correctionSeq?: number;
  /** Set on a version made by `registry apply`: when, and the version hash of the registry that re-tagged it. */
  retaggedAt?: string;
  registryVersion?: string;
  /**
   * Epoch seconds after which DynamoDB may delete the item (TTL): set only while it matches no tracked entry (kept for
   * `untrackedRetentionDays` so `registry test` and `registry apply` find recent history); a tracked item, or one a
   * person corrected, has none (`mayExpire`).
   */
  expiresAt?: number;
}

/** A person's verdict on one tag of one item: kept with who, when and from which message. */
export interface TagCorrection {
  verdict: 'not-about' | 'confirmed';
  /** The entry's type, so a confirmed tag the classifier no longer gives can be put back in the right list. */
  entryType: 'inquiry' | 'commitment';
  /** Who: a Slack user id (`U…`), with their display name when Slack gave one. */
  by: string;
  byName?: string;
  /** When, ISO. */
  at: string;
  /** Where: the channel and message (`ts`) it was made from, and the digest that message belongs to. */
  channel?: string;
  messageTs?: string;
  digestId?: string;
  /** The classifier's evidence for the entry when the verdict was given: what a maintainer fixes the rule from. */
  evidence?: Evidence;
}

export const isTracked = (item: Pick<Item, 'inquiries' | 'commitments'>): boolean =>
  item.inquiries.length > 0 || item.commitments.length > 0;

/**
 * Whether an item may expire (TTL): only while it matches no tracked entry and no person has corrected it. A verdict,
 * even "not about" its only entry, is labelled data: `feedback --jsonl` and `registry test` read the item with it.
 */
export const mayExpire = (item: Pick<Item, 'inquiries' | 'commitments' | 'corrections'>): boolean => !isTracked(item) && !item.corrections;
