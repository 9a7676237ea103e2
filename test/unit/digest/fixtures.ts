import type { DigestItem, EntryInfo } from '../../../lib/digest/types.ts';

export const ENTRIES: EntryInfo[] = [
  { id: 'casey-audit', name: 'Casey audit', type: 'inquiry' },
  { id: 'national-inquiry', name: 'National inquiry into grooming gangs', type: 'inquiry' },
  { id: 'c-ethnicity-data', name: 'Mandatory ethnicity data', type: 'commitment' },
];

let n = 0;
/** A classified item as the digest sees it. */
export function digestItem(over: Partial<DigestItem> = {}): DigestItem {
  n++;
  const entry = over.inquiries?.[0] ?? over.commitments?.[0] ?? 'casey-audit';
  return {
    id: `item-${String(n).padStart(4, '0')}`,
    kind: 'news',
    sourceId: 'bbc-uk',
    sourceType: 'news',
    title: `Story ${n}`,
    url: `https://www.bbc.co.uk/news/articles/c${n}`,
    published: '2025-06-16T10:00:00.000Z',
    firstSeen: '2025-06-16T10:05:00.000Z',
    inquiries: entry.startsWith('c-') ? [] : [entry],
    commitments: entry.startsWith('c-') ? [entry] : [],
    evidence: [{ id: entry, phrases: [{ phrase: 'Casey audit', offset: 0 }], snippet: 'Baroness Casey published her national audit', score: 3 }],
    ...over,
  };
}
