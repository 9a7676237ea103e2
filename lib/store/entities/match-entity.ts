import type { Evidence, Item, Kind } from '../../model/item.ts';

/**
 * One item's match to one tracked entry: the timeline of an inquiry or commitment.
 * `pk = TRACK#<entryId>`, `sk = <published>#<itemId>`. Carries the item summary and the evidence for that entry,
 * so a timeline page is one Query that reads one record per item returned.
 */
export interface Match {
  entryId: string;
  itemId: string;
  kind: Kind;
  sourceId: string;
  title: string;
  url: string;
  published: string;
  evidence?: Evidence;
}

export const MatchEntity = {
  pk: (entryId: string) => `TRACK#${entryId}`,
  sk: (published: string, itemId: string) => `${published}#${itemId}`,
  key: (m: Pick<Match, 'entryId' | 'published' | 'itemId'>) => ({
    pk: MatchEntity.pk(m.entryId),
    sk: MatchEntity.sk(m.published, m.itemId),
  }),
  /** Every match an item has, one per tracked id it carries. */
  fromArchivedItem(item: Item): Match[] {
    return [...item.inquiries, ...item.commitments].map((entryId) => ({
      entryId,
      itemId: item.id,
      kind: item.kind,
      sourceId: item.sourceId,
      title: item.title,
      url: item.url,
      published: item.published,
      evidence: item.evidence.find((e) => e.id === entryId),
    }));
  },
  toItem: (m: Match) => ({ ...MatchEntity.key(m), type: 'match', ...m }),
  fromItem(record: Record<string, unknown>): Match {
    const { pk: _pk, sk: _sk, type: _t, ...rest } = record;
    return rest as unknown as Match;
  },
};
