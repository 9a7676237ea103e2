import type { Classification } from '../model/item.ts';
import type { ClassifyInput } from '../classify/classifier.ts';

/** What a registry change would do to one entry's matches. */
export interface EntryChange {
  id: string;
  added: DryRunExample[];
  dropped: DryRunExample[];
  /** Matched under both registries. */
  kept: number;
}

export interface DryRunExample {
  itemId: string;
  title: string;
  published?: string;
  /** The new registry's evidence for an added item, the current one's for a dropped item. */
  snippet?: string;
}

export interface DryRunReport {
  items: number;
  changes: EntryChange[];
}

export interface DryRunItem extends ClassifyInput {
  id: string;
}

const tags = (c: Classification) => [...c.inquiries, ...c.commitments];

/**
 * Classifies each item with the current and the new rules and reports, per entry, what would be added or
 * dropped. Pure: the caller supplies the items and both classifiers.
 */
export function registryDryRun(
  items: Iterable<DryRunItem>,
  current: (item: DryRunItem) => Classification,
  next: (item: DryRunItem) => Classification,
): DryRunReport {
  const tally = new DryRunTally();
  for (const item of items) tally.add(item, current(item), next(item));
  return tally.report();
}

/** The dry run one item at a time, for archives read as a stream (`registry apply`). */
export class DryRunTally {
  private readonly byEntry = new Map<string, EntryChange>();
  private count = 0;

  /** Adds one item; true when its tags change. */
  add(item: Pick<DryRunItem, 'id' | 'title' | 'published'>, before: Classification, after: Classification): boolean {
    this.count++;
    const was = new Set(tags(before));
    const now = new Set(tags(after));
    const example = (c: Classification, id: string): DryRunExample => ({
      itemId: item.id,
      title: item.title,
      published: item.published,
      snippet: c.evidence.find((e) => e.id === id)?.snippet,
    });
    let changed = false;
    for (const id of now) {
      if (was.has(id)) this.change(id).kept++;
      else {
        this.change(id).added.push(example(after, id));
        changed = true;
      }
    }
    for (const id of was) {
      if (now.has(id)) continue;
      this.change(id).dropped.push(example(before, id));
      changed = true;
    }
    return changed;
  }

  report(): DryRunReport {
    return { items: this.count, changes: [...this.byEntry.values()].sort((a, b) => a.id.localeCompare(b.id)) };
  }

  private change(id: string): EntryChange {
    let c = this.byEntry.get(id);
    if (!c) this.byEntry.set(id, (c = { id, added: [], dropped: [], kept: 0 }));
    return c;
  }
}
