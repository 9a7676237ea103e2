import type { Evidence, Item, Kind } from '../model/item.ts';
import type { Match } from '../store/entities/match-entity.ts';
import { normaliseText } from '../text/normalise.ts';

/**
 * One result line, the same whichever index answered: what the API returns and exports write.
 * From a timeline (tracked entry) `tracked` and `evidence` cover that entry only; from the kind and source
 * indexes they cover every entry the item matches.
 */
export interface ResultRow {
  id: string;
  published: string;
  kind: Kind;
  sourceId: string;
  title: string;
  url: string;
  tracked: string[];
  evidence: Evidence[];
  attribution?: string;
  /** Set for an item's history (`/items/{id}`), absent in listings. */
  version?: number;
}

export function rowFromMatch(m: Match): ResultRow {
  return {
    id: m.itemId,
    published: m.published,
    kind: m.kind,
    sourceId: m.sourceId,
    title: m.title,
    url: m.url,
    tracked: [m.entryId],
    evidence: m.evidence ? [m.evidence] : [],
  };
}

export function rowFromItem(item: Pick<Item, 'id' | 'published' | 'kind' | 'sourceId' | 'title' | 'url' | 'inquiries' | 'commitments' | 'evidence' | 'attribution'>): ResultRow {
  const row: ResultRow = {
    id: item.id,
    published: item.published,
    kind: item.kind,
    sourceId: item.sourceId,
    title: item.title,
    url: item.url,
    tracked: [...(item.inquiries ?? []), ...(item.commitments ?? [])],
    evidence: item.evidence ?? [],
  };
  if (item.attribution) row.attribution = item.attribution;
  return row;
}

/**
 * The `q` filter: every word of the (normalised) query appears as a whole word in the title or an evidence
 * snippet (`rape` does not match "therapeutic"). Words are runs of letters and digits, so `group-based` asks for
 * "group" and "based". Item text is deliberately not searched: timeline records do not carry it, and results must
 * not depend on which index answered.
 */
export function matchesText(row: ResultRow, normalisedQuery: string): boolean {
  const words = new Set(wordsOf(normaliseText([row.title, ...row.evidence.map((e) => e.snippet)].join(' \n '))));
  return wordsOf(normalisedQuery).every((word) => words.has(word));
}

const wordsOf = (text: string): string[] => text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
