import type { CorrectionRecord } from '../../corrections/ports.ts';

/**
 * The corrections log: every verdict people gave, in its entry's partition, newest last. Labelled data for the
 * maintainers (`inquiry-watch feedback`, `registry test`); the verdict in force lives on the item itself.
 * `pk = FEEDBACK#<entryId>`, `sk = <at>#<itemId>#<by>`.
 */
export const CorrectionEntity = {
  pk: (entryId: string) => `FEEDBACK#${entryId}`,
  sk: (at: string, itemId: string, by: string) => `${at}#${itemId}#${by}`,
  key: (r: Pick<CorrectionRecord, 'entryId' | 'at' | 'itemId' | 'by'>) => ({ pk: CorrectionEntity.pk(r.entryId), sk: CorrectionEntity.sk(r.at, r.itemId, r.by) }),
  toItem: (r: CorrectionRecord) => ({ ...CorrectionEntity.key(r), type: 'correction', ...r }),
  fromItem(record: Record<string, unknown>): CorrectionRecord {
    const { pk: _pk, sk: _sk, type: _t, ...rest } = record;
    return rest as unknown as CorrectionRecord;
  },
};
