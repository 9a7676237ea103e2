import type { BoardNotice } from '../../board/ports.ts';

/**
 * Board changes to alert: one partition, read in the order they were noticed.
 * - `pk = BOARD#NOTICES`, `sk = AT#<noticedAt>#<id>`: the notice (kept `RETENTION_DAYS`);
 * - `sk = ID#<id>`: a marker written in the same transaction, conditionally, so a change is noticed once ever.
 */
export const BoardNoticeEntity = {
  pk: 'BOARD#NOTICES',
  atPrefix: 'AT#',
  RETENTION_DAYS: 180,
  key: (n: Pick<BoardNotice, 'noticedAt' | 'id'>) => ({ pk: BoardNoticeEntity.pk, sk: `AT#${n.noticedAt}#${n.id}` }),
  markerKey: (id: string) => ({ pk: BoardNoticeEntity.pk, sk: `ID#${id}` }),
  /** Where to continue after a notice: its sort key without the prefix. */
  position: (n: Pick<BoardNotice, 'noticedAt' | 'id'>) => `${n.noticedAt}#${n.id}`,
  toItem: (n: BoardNotice) => ({
    ...BoardNoticeEntity.key(n),
    type: 'board-notice',
    notice: n,
    expiresAt: Math.floor(Date.parse(n.noticedAt) / 1000) + BoardNoticeEntity.RETENTION_DAYS * 86_400,
  }),
  toMarker: (n: BoardNotice) => ({ ...BoardNoticeEntity.markerKey(n.id), type: 'board-notice-marker', at: BoardNoticeEntity.position(n) }),
  fromItem: (record: Record<string, unknown>): BoardNotice => record.notice as BoardNotice,
  positionOf: (marker: Record<string, unknown>) => String(marker.at),
};
