import type { Item, Kind, SourceType, TagCorrection } from '../model/item.ts';
import type { CorrectionInput } from './apply.ts';

/** One verdict in the corrections log, with enough of the item to list it without reading the item. */
export interface CorrectionRecord extends TagCorrection {
  entryId: string;
  itemId: string;
  title: string;
  url: string;
  published: string;
  kind: Kind;
  sourceId: string;
  sourceType: SourceType;
  /** The verdict this one replaced, if any. */
  previous?: TagCorrection['verdict'];
}

export interface CorrectionOutcome {
  /** `unchanged`: the same person had already given the same verdict (a retried request); nothing was written. */
  status: 'applied' | 'unchanged' | 'missing';
  before?: Item;
  item?: Item;
  /** Entries the item's tags gained and lost. */
  added: string[];
  removed: string[];
}

/** Where corrections are applied and logged. `DynamoCorrectionStore` implements it. */
export interface CorrectionStore {
  /**
   * Applies a verdict to an item in one transaction: the item's tags and corrections, its timeline records, the
   * per-entry counts and the log. Idempotent for a retried request.
   */
  correct(itemId: string, input: CorrectionInput): Promise<CorrectionOutcome>;
  /** The log of one entry, oldest first. */
  listByEntry(entryId: string): Promise<CorrectionRecord[]>;
}
