import type { DigestCursor } from '../../digest/ports.ts';

/**
 * How far a channel's alerts or roundups have read the gsi3 ingest index.
 * `pk = DELIVERY#<channel>` (next to its ledger), `sk = CURSOR#<mode>`. The roundups cursor also holds
 * `alerted`, a string set of ids already folded under an alert (added atomically, removed when a roundup passes).
 */
export const DigestCursorEntity = {
  pk: (channel: string) => `DELIVERY#${channel}`,
  sk: (mode: string) => `CURSOR#${mode}`,
  key: (channel: string, mode: string) => ({ pk: DigestCursorEntity.pk(channel), sk: DigestCursorEntity.sk(mode) }),
  fromItem(record: Record<string, unknown>): DigestCursor {
    const { pk: _pk, sk: _sk, type: _t, alerted, ...rest } = record;
    const cursor = rest as unknown as DigestCursor;
    if (alerted instanceof Set) cursor.alerted = [...alerted].map(String).sort();
    return cursor;
  },
};
