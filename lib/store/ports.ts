import type { Classification, Item, ItemDraft } from '../model/item.ts';
import type { SourceState } from './entities/source-state-entity.ts';
import type { CycleRecord } from './entities/cycle-entity.ts';

/** A draft after classification, ready to be stored. */
export interface Candidate {
  draft: ItemDraft;
  classification: Classification;
  fetched: string;
  /** Archive without alerting (source being seeded, or a backfill). */
  quiet: boolean;
  /** When an item stored from it matches nothing, it may be deleted after this (epoch seconds, DynamoDB TTL). */
  untrackedExpiresAt?: number;
}

export interface IngestResult {
  newItems: Item[];
  updatedItems: Item[];
  /** Already stored with the same content (or the same story from another source). */
  unchanged: number;
  /** Duplicates inside this batch (the same story twice in one cycle). */
  duplicates: number;
  /** DynamoDB write requests made (a BatchWriteItem of 25 puts counts once). */
  writeRequests: number;
}

/**
 * The store refused what it was given (e.g. DynamoDB's ValidationException), as opposed to being unreachable or
 * throttled: retrying the same items will fail the same way, but the batch's other items can still be stored.
 */
export class ItemRejectedError extends Error {
  override readonly name = 'ItemRejectedError';
}

export interface IngestOptions {
  /**
   * These candidates were just offered in a batch the store refused part-way (`ItemRejectedError`): items that
   * attempt already wrote (same source, same fetch time) are reported as new, not as unchanged, so they are counted.
   */
  resumed?: boolean;
}

/** The archive as the pipeline sees it. The DynamoDB adapter implements it; tests run it on DynamoDB Local. */
export interface ArchiveStore {
  /**
   * Stores new items, versions changed ones, skips unchanged ones (no writes). Idempotent. `now`, read at the
   * moment of writing, stamps when new items are stored (`firstSeen`); without it their fetch time is used.
   */
  ingest(candidates: Candidate[], now?: () => Date, options?: IngestOptions): Promise<IngestResult>;
  getItem(id: string): Promise<Item | undefined>;
  /** The current version first, then earlier versions newest first. */
  getItemWithVersions(id: string): Promise<Item[]>;
  getSourceState(sourceId: string): Promise<SourceState | undefined>;
  putSourceState(state: SourceState): Promise<void>;
  listSourceStates(): Promise<SourceState[]>;
  putCycle(cycle: CycleRecord): Promise<void>;
  latestCycle(): Promise<CycleRecord | undefined>;
  /**
   * A new version of a stored item with new tags and evidence (same text): what `registry apply` writes. The earlier
   * version is kept; timelines gain and lose the entries. An item the new tags no longer track, and that no person
   * corrected, gets `stamp.untrackedExpiresAt` as its TTL, as an untracked item read by a poll does. Undefined when the
   * item changed meanwhile (another run revised it): the caller reads it again. Counts are the caller's to recompute.
   */
  retag(
    current: Item,
    classification: Pick<Classification, 'inquiries' | 'commitments' | 'evidence'>,
    stamp: { registryVersion: string; at: string; untrackedExpiresAt?: number },
  ): Promise<Item | undefined>;
}
