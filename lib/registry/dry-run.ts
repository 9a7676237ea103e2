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
  const byEntry = new Map<string, EntryChange>();
  const change = (id: string) => {
    let c = byEntry.get(id);
    if (!c) byEntry.set(id, (c = { id, added: [], dropped: [], kept: 0 }));
    return c;
  };
  let count = 0;
  for (const item of items) {
    count++;
    const before = current(item);
    const after = next(item);
    const was = new Set(tags(before));
    const now = new Set(tags(after));
    const example = (c: Classification, id: string): DryRunExample => ({
      itemId: item.id,
      title: item.title,
      published: item.published,
      snippet: c.evidence.find((e) => e.id === id)?.snippet,
    });
    for (const id of now) {
      if (was.has(id)) change(id).kept++;
      else change(id).added.push(example(after, id));
    }
    for (const id of was) if (!now.has(id)) change(id).dropped.push(example(before, id));
  }
  const changes = [...byEntry.values()].sort((a, b) => a.id.localeCompare(b.id));
  return { items: count, changes };
}
