import type { Item, SourceType } from '../../../lib/model/item.ts';
import type { BoardEvent, EventType } from '../../../lib/board/types.ts';
import type { EntryInput } from '../../../lib/board/derive.ts';

let seq = 0;

/** A stored item as detection sees it: tracked entries given, not classified. */
export function boardItem(over: Partial<Item> & { text: string }): Item {
  const n = ++seq;
  const published = over.published ?? '2025-06-16T10:00:00.000Z';
  return {
    id: over.id ?? `item-${n}`,
    sourceId: 'govuk',
    sourceType: 'statement' as SourceType,
    kind: 'statement',
    title: '',
    url: `https://example.org/item/${n}`,
    published,
    fetched: published,
    firstSeen: published,
    dedupKeys: [],
    contentHash: String(n),
    version: 1,
    nativeIds: {},
    inquiries: [],
    commitments: [],
    evidence: [],
    ...over,
  };
}

/** An inferred event, as detection would store it. */
export function event(entryId: string, type: EventType, date: string, over: Partial<BoardEvent> = {}): BoardEvent {
  const itemId = over.evidence?.itemId ?? `i-${++seq}`;
  return {
    id: `${itemId}:${entryId}:${type}`,
    entryId,
    type,
    date,
    source: 'inferred',
    evidence: { itemId, url: `https://example.org/${itemId}`, sentence: `${entryId} ${type}.`, date },
    learnt: `${date}T12:00:00.000Z`,
    ...over,
  };
}

export const INQUIRY: EntryInput = { id: 'national-inquiry', type: 'inquiry', name: 'National inquiry' };
export const COMMITMENT: EntryInput = { id: 'c-rape-law', type: 'commitment', name: 'Rape law' };
export const OPTIONS = { stalledAfterDays: 120, dueSoonDays: 30 };
