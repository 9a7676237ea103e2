import type { BoardEvent } from '../../board/types.ts';

/**
 * The accountability board's inferred events, in their entry's partition with the entry's decisions (one Query
 * reads an entry's whole log), and per item the entries it gave events to (so re-detection can replace them).
 *
 * - event: `pk = BOARD#<entryId>`, `sk = EVENT#<itemId>#<type>`: one per item, entry and type; written again
 *   unchanged when re-detected.
 * - item footprint: `pk = BOARD#ITEM#<itemId>`, `sk = EVENTS`, with `entryIds`.
 */
export const BoardEventEntity = {
  pk: (entryId: string) => `BOARD#${entryId}`,
  skPrefix: 'EVENT#',
  sk: (itemId: string, type: string) => `EVENT#${itemId}#${type}`,
  /** An inferred event's item, from its id `<itemId>:<entryId>:<type>`. */
  itemOf: (event: Pick<BoardEvent, 'id'>) => event.id.split(':')[0]!,
  key: (e: Pick<BoardEvent, 'id' | 'entryId' | 'type'>) => ({ pk: BoardEventEntity.pk(e.entryId), sk: BoardEventEntity.sk(BoardEventEntity.itemOf(e), e.type) }),
  toItem: (e: BoardEvent) => ({ ...BoardEventEntity.key(e), type: 'board-event', event: e }),
  fromItem: (record: Record<string, unknown>): BoardEvent => record.event as BoardEvent,

  footprintKey: (itemId: string) => ({ pk: `BOARD#ITEM#${itemId}`, sk: 'EVENTS' }),
  toFootprint: (itemId: string, entryIds: string[]) => ({ ...BoardEventEntity.footprintKey(itemId), type: 'board-footprint', itemId, entryIds }),
  fromFootprint: (record: Record<string, unknown>): string[] => (Array.isArray(record.entryIds) ? record.entryIds.map(String) : []),
};
