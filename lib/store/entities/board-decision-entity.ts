import type { Decision } from '../../board/types.ts';

/**
 * A maintainer's decision about an entry's board (confirm, reject or add an event; mark a deadline met or
 * excepted), with who, when, why and the source. `pk = BOARD#<entryId>` (beside the entry's events),
 * `sk = DECISION#<at>#<id>`: an entry's decisions come back in the order they were made. Never overwritten by
 * inference: detection writes only `EVENT#` records.
 */
export const BoardDecisionEntity = {
  skPrefix: 'DECISION#',
  key: (d: Pick<Decision, 'entryId' | 'at' | 'id'>) => ({ pk: `BOARD#${d.entryId}`, sk: `DECISION#${d.at}#${d.id}` }),
  toItem: (d: Decision) => ({ ...BoardDecisionEntity.key(d), type: 'board-decision', decision: d }),
  fromItem: (record: Record<string, unknown>): Decision => record.decision as Decision,
};
