import type { PledgeCandidate } from '../../board/ports.ts';

/**
 * A candidate commitment found in a statement, response or answer, for `registry suggest`.
 * `pk = BOARD#PLEDGES`, `sk = PLEDGE#<id>` (id `<itemId>-<sentence>`): one Query lists them all; re-scanning an
 * item writes the same records, and a person's accept or dismiss is kept (conditional on the record existing).
 */
export const PledgeEntity = {
  pk: 'BOARD#PLEDGES',
  skPrefix: 'PLEDGE#',
  key: (id: string) => ({ pk: PledgeEntity.pk, sk: `PLEDGE#${id}` }),
  toItem: (p: PledgeCandidate) => ({ ...PledgeEntity.key(p.id), type: 'pledge', ...p }),
  fromItem(record: Record<string, unknown>): PledgeCandidate {
    const { pk: _pk, sk: _sk, type: _t, ...rest } = record;
    return rest as unknown as PledgeCandidate;
  },
};
