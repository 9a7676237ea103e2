import { applyCorrections } from '../corrections/apply.ts';
import type { Classification, Item } from '../model/item.ts';
import type { ArchiveStore } from '../store/ports.ts';
import { ItemEntity } from '../store/entities/item-entity.ts';
import { DryRunTally, type DryRunReport } from './dry-run.ts';

/**
 * Re-tagging the stored archive with a changed registry, in two passes:
 * 1. `planRegistryApply` reads every item (by the existing indexes, never a Scan), classifies it with the new
 *    rules and compares with the tags it has: the dry run, and the ids that would change.
 * 2. `applyRegistry` re-reads each of those items, classifies it again and writes a new version with the new
 *    tags (the earlier version is kept), then tells the board so it re-detects the item's events.
 * Safe to re-run and so resumable: an item already re-tagged classifies the same and is left alone, so a run cut
 * short finishes the rest next time.
 */
export interface ApplyPlan {
  report: DryRunReport;
  /** Items whose tags would change. */
  changed: string[];
}

export type ClassifyStored = (item: Item) => Classification;

/** People's corrections win over the new rules too: a tag a person removed stays removed. */
const withCorrections = (classify: ClassifyStored, item: Item): Classification => applyCorrections(classify(item), item.corrections);

const storedTags = (item: Item): Classification => ({ inquiries: item.inquiries, commitments: item.commitments, kind: item.kind, evidence: item.evidence });

export async function planRegistryApply(items: AsyncIterable<Item>, classify: ClassifyStored, onItem?: (seen: number, changed: number) => void): Promise<ApplyPlan> {
  const tally = new DryRunTally();
  const changed: string[] = [];
  let seen = 0;
  for await (const item of items) {
    if (tally.add(item, storedTags(item), withCorrections(classify, item))) changed.push(item.id);
    onItem?.(++seen, changed.length);
  }
  return { report: tally.report(), changed };
}

export interface ApplyOutcome {
  retagged: Item[];
  /** Tags already as the new registry says (an earlier run did it), or the item is gone. */
  unchanged: number;
  /** Entries that gained or lost items: their counts need recounting. */
  entries: string[];
}

export interface ApplyDeps {
  store: Pick<ArchiveStore, 'getItem' | 'retag'>;
  classify: ClassifyStored;
  registryVersion: string;
  /** Days an item the new rules no longer track is kept (config `untrackedRetentionDays`; 90 by default). */
  untrackedRetentionDays?: number;
  now?: () => Date;
  /** Told of each re-tagged item with its new tags (the board re-detects its events). */
  afterRetag?: (item: Item) => Promise<void>;
  onProgress?: (done: number, total: number) => void;
}

/** Tries an item this many times when another run revises it between our read and our write. */
const RETRIES = 3;

export async function applyRegistry(ids: readonly string[], deps: ApplyDeps): Promise<ApplyOutcome> {
  const outcome: ApplyOutcome = { retagged: [], unchanged: 0, entries: [] };
  const entries = new Set<string>();
  let done = 0;
  for (const id of ids) {
    for (let attempt = 0; attempt < RETRIES; attempt++) {
      const current = await deps.store.getItem(id);
      const next = current && withCorrections(deps.classify, current);
      if (!current || !next || sameTags(current, next)) {
        outcome.unchanged++;
        break;
      }
      const at = deps.now?.() ?? new Date();
      const untrackedExpiresAt = ItemEntity.untrackedExpiresAt(at, deps.untrackedRetentionDays);
      const stored = await deps.store.retag(current, next, { registryVersion: deps.registryVersion, at: at.toISOString(), untrackedExpiresAt });
      if (!stored) continue;
      for (const e of [...current.inquiries, ...current.commitments, ...next.inquiries, ...next.commitments]) entries.add(e);
      outcome.retagged.push(stored);
      await deps.afterRetag?.(stored);
      break;
    }
    deps.onProgress?.(++done, ids.length);
  }
  outcome.entries = [...entries].sort();
  return outcome;
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));
const sameTags = (item: Item, c: Classification) => sameSet(item.inquiries, c.inquiries) && sameSet(item.commitments, c.commitments);
