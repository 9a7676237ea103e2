import type { Delivery } from '../../digest/ports.ts';

/**
 * The delivery ledger: one record per digest, in its channel's partition.
 *
 * - digest: `pk = DELIVERY#<channel>`, `sk = DIGEST#<id>`; messages kept as a JSON string (posted verbatim on retry).
 *   Sent and superseded digests expire after `RETENTION_DAYS` (TTL), pending ones never do.
 * - pending marker: `pk = DELIVERY#<channel>`, `sk = PENDING#<id>`, written and deleted in the same transaction as
 *   the digest's status changes, so listing what is pending reads only what is pending, never the history.
 */
export const DeliveryEntity = {
  pk: (channel: string) => `DELIVERY#${channel}`,
  sk: (id: string) => `DIGEST#${id}`,
  pendingSk: (id: string) => `PENDING#${id}`,
  pendingPrefix: 'PENDING#',
  RETENTION_DAYS: 180,
  key: (channel: string, id: string) => ({ pk: DeliveryEntity.pk(channel), sk: DeliveryEntity.sk(id) }),
  pendingKey: (channel: string, id: string) => ({ pk: DeliveryEntity.pk(channel), sk: DeliveryEntity.pendingSk(id) }),

  toItem(d: Delivery): Record<string, unknown> {
    const { messages, ...rest } = d;
    return { ...DeliveryEntity.key(d.channel, d.id), type: 'delivery', ...rest, messages: JSON.stringify(messages) };
  },
  toPendingItem: (d: Pick<Delivery, 'channel' | 'id' | 'mode' | 'createdAt'>) => ({
    ...DeliveryEntity.pendingKey(d.channel, d.id),
    type: 'delivery-pending',
    id: d.id,
    mode: d.mode,
    createdAt: d.createdAt,
  }),
  fromPendingItem: (record: Record<string, unknown>) => ({ id: String(record.id), mode: String(record.mode), createdAt: String(record.createdAt) }),
  fromItem(record: Record<string, unknown>): Delivery {
    const { pk: _pk, sk: _sk, type: _t, expiresAt: _e, messages, ...rest } = record;
    return { ...(rest as unknown as Omit<Delivery, 'messages'>), messages: JSON.parse(String(messages)) };
  },
  /** Epoch seconds at which a finished digest may be deleted. */
  expiresAt: (from: Date) => Math.floor(from.getTime() / 1000) + DeliveryEntity.RETENTION_DAYS * 86_400,
};
