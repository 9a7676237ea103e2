import type { Item } from '../../model/item.ts';

/** Earlier versions no longer kept in full: how many, and the range they covered. */
export interface OlderVersions {
  count: number;
  firstVersion: number;
  lastVersion: number;
  firstFetched: string;
  lastFetched: string;
}
import { isTracked, mayExpire } from '../../model/item.ts';

/**
 * An archived item. All key knowledge for items lives here.
 *
 * - current version: `pk = ITEM#<id>`, `sk = ITEM`; indexed by kind (gsi1), source (gsi2) and, when tracked and
 *   not quiet, by when it entered the digests (gsi3, sparse: what digests read): first stored, or first tracked.
 * - earlier versions: `pk = ITEM#<id>`, `sk = V#<000001>`, unindexed; one Query on the pk returns an item with its history.
 * - history summary: `pk = ITEM#<id>`, `sk = HISTORY`, once more than `keptVersions` earlier versions exist.
 * - an item that matches no tracked entry carries `expiresAt` (TTL, `untrackedRetentionDays` after it was read, or
 *   after `registry apply` stopped tracking it), and so do its earlier versions and history summary (when it stops
 *   being tracked, those without a TTL get its TTL, so none outlives it); a tracked item, or one a person corrected,
 *   never does, whatever the item object says (so a Slack correction or `registry apply` that tracks an item keeps it
 *   for good, with the versions from when it was tracked).
 */
export const ItemEntity = {
  pk: (id: string) => `ITEM#${id}`,
  currentSk: 'ITEM',
  versionSk: (version: number) => `V#${String(version).padStart(6, '0')}`,
  key: (id: string) => ({ pk: ItemEntity.pk(id), sk: ItemEntity.currentSk }),

  /**
   * The TTL (epoch seconds) of an item that tracks nothing, from when it was read or stopped being tracked: kept
   * `untrackedRetentionDays` (config; 90 by default), so `registry test` and `registry apply` find recent history.
   */
  untrackedExpiresAt: (from: Date, retentionDays = 90): number => Math.floor(from.getTime() / 1000) + retentionDays * 86_400,

  kindPk: (kind: string) => `KIND#${kind}`,
  sourcePk: (sourceId: string) => `SOURCE#${sourceId}`,
  ingestPk: (day: string) => `INGEST#${day}`,
  /** Sort key shared by the time-ordered indexes: ISO time then id, so equal times still order stably. */
  timeSk: (time: string, id: string) => `${time}#${id}`,

  toItem(item: Item): Record<string, unknown> {
    const record: Record<string, unknown> = {
      ...ItemEntity.key(item.id),
      type: 'item',
      ...item,
      gsi1pk: ItemEntity.kindPk(item.kind),
      gsi1sk: ItemEntity.timeSk(item.published, item.id),
      gsi2pk: ItemEntity.sourcePk(item.sourceId),
      gsi2sk: ItemEntity.timeSk(item.published, item.id),
    };
    if (!mayExpire(item)) delete record.expiresAt;
    if (isTracked(item) && !item.quiet) {
      const enteredDigests = item.trackedAt ?? item.firstSeen;
      record.gsi3pk = ItemEntity.ingestPk(enteredDigests.slice(0, 10));
      record.gsi3sk = ItemEntity.timeSk(enteredDigests, item.id);
    }
    return record;
  },

  /** A frozen earlier version: same data, no index attributes, so it never shows in timelines. */
  toVersionItem(item: Item): Record<string, unknown> {
    return { pk: ItemEntity.pk(item.id), sk: ItemEntity.versionSk(item.version), type: 'item-version', ...item };
  },

  /**
   * Earlier versions are kept in full only for the newest few (`ItemEntity.keptVersions`); older ones are folded into
   * one summary record, `sk = HISTORY`: how many, and the first and last of them. An item revised on every poll
   * stays a bounded read (`GET /items/{id}` under Lambda's 6 MB response limit).
   */
  keptVersions: 10,
  historyKey: (id: string) => ({ pk: ItemEntity.pk(id), sk: 'HISTORY' }),
  isHistory: (record: Record<string, unknown>) => record.type === 'item-history',
  /**
   * The update that folds one dropped earlier version into the summary; `ttl` sets the summary's TTL (the item has
   * just stopped being tracked) or, `null`, removes it (kept for good again).
   */
  foldIntoHistory(id: string, dropped: Pick<Item, 'version' | 'fetched'>, ttl?: number | null) {
    const set = 'SET #type = :type, firstVersion = if_not_exists(firstVersion, :v), firstFetched = if_not_exists(firstFetched, :f), lastVersion = :v, lastFetched = :f';
    return {
      Key: ItemEntity.historyKey(id),
      UpdateExpression: `ADD #count :one ${set}${typeof ttl === 'number' ? ', expiresAt = :e' : ''}${ttl === null ? ' REMOVE expiresAt' : ''}`,
      ExpressionAttributeNames: { '#count': 'count', '#type': 'type' },
      ExpressionAttributeValues: { ':one': 1, ':type': 'item-history', ':v': dropped.version, ':f': dropped.fetched, ...(typeof ttl === 'number' ? { ':e': ttl } : {}) },
    };
  },
  fromHistoryItem: (record: Record<string, unknown>): OlderVersions => ({
    count: Number(record.count),
    firstVersion: Number(record.firstVersion),
    lastVersion: Number(record.lastVersion),
    firstFetched: String(record.firstFetched),
    lastFetched: String(record.lastFetched),
  }),

  fromItem(record: Record<string, unknown>): Item {
    const { pk: _pk, sk: _sk, type: _type, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, gsi3pk: _e, gsi3sk: _f, ...rest } =
      record;
    return rest as unknown as Item;
  },
};
