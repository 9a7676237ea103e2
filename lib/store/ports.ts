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

/** The archive as the pipeline sees it. The DynamoDB adapter implements it; tests run it on DynamoDB Local. */
export interface ArchiveStore {
  /**
   * Stores new items, versions changed ones, skips unchanged ones (no writes). Idempotent. `now`, read at the
   * moment of writing, stamps when new items are stored (`firstSeen`); without it their fetch time is used.
   */
  ingest(candidates: Candidate[], now?: () => Date): Promise<IngestResult>;
  getItem(id: string): Promise<Item | undefined>;
  /** The current version first, then earlier versions newest first. */
  getItemWithVersions(id: string): Promise<Item[]>;
  getSourceState(sourceId: string): Promise<SourceState | undefined>;
  putSourceState(state: SourceState): Promise<void>;
  listSourceStates(): Promise<SourceState[]>;
  putCycle(cycle: CycleRecord): Promise<void>;
  latestCycle(): Promise<CycleRecord | undefined>;
}
