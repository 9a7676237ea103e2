import type { Item } from '../model/item.ts';
import type { OlderVersions } from '../store/entities/item-entity.ts';
import type { ItemsPlan } from './plan.ts';
import type { ResultRow } from './rows.ts';

/** One store read for a plan: at most `limit` records evaluated, newest first, resuming after `start`. */
export interface PageRequest extends Pick<ItemsPlan, 'access' | 'range' | 'filter'> {
  start?: string;
  limit: number;
}

export interface ReadPage {
  /** Records that passed the store-side filter, each with its sort-key position. */
  entries: { position: string; row: ResultRow }[];
  /** Position of the last record evaluated; absent when the range is exhausted. */
  last?: string;
  /** Records the store read (before its filter). */
  scanned: number;
  /** Read capacity units the store reported. */
  consumed: number;
}

/** The archive as researchers read it. Implemented with DynamoDB Query only (never Scan). */
export interface ArchiveReader {
  readPage(request: PageRequest): Promise<ReadPage>;
  /** Current version first, then earlier versions newest first; empty when the id is unknown. */
  itemWithVersions(id: string): Promise<Item[]>;
  /** The same, with a summary of earlier versions no longer kept in full (only the newest few are). */
  itemHistory(id: string): Promise<{ versions: Item[]; older?: OlderVersions }>;
  /** Items stored per tracked entry id. */
  countTracked(entryIds: readonly string[]): Promise<Map<string, number>>;
}
