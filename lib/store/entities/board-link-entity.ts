import type { CommitteeResponse } from '../../board/detect.ts';
import type { BoardEvent } from '../../board/types.ts';

/**
 * A select-committee publication as the board links it: the entries its report is on, and the government
 * responses to it, whichever arrived first. `pk = BOARD#PUB#<publicationId>`:
 * - `sk = REPORT#<entryId>`: the report's committee-report event on that entry;
 * - `sk = RESPONSE#<itemId>`: a response to the report (it may match no tracked entry itself).
 */
export const BoardLinkEntity = {
  pk: (publicationId: string) => `BOARD#PUB#${publicationId}`,
  reportKey: (publicationId: string, entryId: string) => ({ pk: BoardLinkEntity.pk(publicationId), sk: `REPORT#${entryId}` }),
  responseKey: (publicationId: string, itemId: string) => ({ pk: BoardLinkEntity.pk(publicationId), sk: `RESPONSE#${itemId}` }),
  toReport: (event: BoardEvent) => ({ ...BoardLinkEntity.reportKey(event.committee!.publicationId, event.entryId), type: 'board-link', event }),
  toResponse: (r: CommitteeResponse) => ({ ...BoardLinkEntity.responseKey(r.respondsTo, r.evidence.itemId ?? 'unknown'), type: 'board-link', response: r }),
  isReport: (record: Record<string, unknown>) => String(record.sk).startsWith('REPORT#'),
  reportOf: (record: Record<string, unknown>): BoardEvent => record.event as BoardEvent,
  responseOf: (record: Record<string, unknown>): CommitteeResponse => record.response as CommitteeResponse,
};
