import { TransactionCanceledException, ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { LeaseHolder } from '../../lease/holder.ts';
import type { Item } from '../../model/item.ts';
import type { Delivery, DigestCursor, DigestStore } from '../../digest/ports.ts';
import type { DigestMode } from '../../digest/types.ts';
import { DeliveryEntity } from '../../store/entities/delivery-entity.ts';
import { DigestCursorEntity } from '../../store/entities/digest-cursor-entity.ts';
import { ItemEntity } from '../../store/entities/item-entity.ts';
import { INDEXES, TTL_ATTRIBUTE } from '../../store/table.ts';
import { batchGetAll, keyId } from './batch.ts';
import { queryAll, queryRecords } from './query-all.ts';

/** A channel that has not had a digest for longer than this restarts from here (one Query per day read). */
export const MAX_LOOKBACK_DAYS = 31;
const DAY_MS = 86_400_000;

/**
 * Digests on DynamoDB: new items from the sparse gsi3 ingest index (one Query per day, never a Scan), and the
 * delivery ledger with conditional writes.
 */
export class DynamoDigestStore implements DigestStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  async newItems(after: string, until: string): Promise<{ items: Item[]; watermark: string; since: string }> {
    const floor = new Date(Date.parse(until) - MAX_LOOKBACK_DAYS * DAY_MS).toISOString();
    const from = after < floor ? floor : after;
    const items: Item[] = [];
    let watermark = after;
    for (let day = from.slice(0, 10); day <= until.slice(0, 10); day = nextDay(day)) {
      const records = queryRecords(this.client, {
        TableName: this.tableName,
        IndexName: INDEXES.byIngest.name,
        KeyConditionExpression: '#pk = :pk AND #sk > :after',
        ExpressionAttributeNames: { '#pk': INDEXES.byIngest.partitionKey, '#sk': INDEXES.byIngest.sortKey },
        ExpressionAttributeValues: { ':pk': ItemEntity.ingestPk(day), ':after': from },
      });
      for await (const record of records) {
        const sk = String(record[INDEXES.byIngest.sortKey]);
        // Items stored while this run reads belong to the next digest: the watermark never passes `until`.
        if (sk.slice(0, until.length) > until) continue;
        items.push(ItemEntity.fromItem(record));
        if (sk > watermark) watermark = sk;
      }
    }
    return { items, watermark, since: from.split('#')[0]! };
  }

  async getItems(ids: string[]): Promise<Item[]> {
    const found = await batchGetAll(this.client, this.tableName, ids.map((id) => ItemEntity.key(id)));
    return ids.flatMap((id) => {
      const record = found.get(keyId(ItemEntity.key(id)));
      return record ? [ItemEntity.fromItem(record)] : [];
    });
  }

  async getCursor(channel: string, mode: DigestMode): Promise<DigestCursor | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: DigestCursorEntity.key(channel, mode) }));
    return out.Item ? { ...DigestCursorEntity.fromItem(out.Item), channel, mode } : undefined;
  }

  async advanceCursor(cursor: DigestCursor, previous: string | undefined): Promise<boolean> {
    const values: Record<string, unknown> = {
      ':w': cursor.watermark,
      ':u': cursor.updatedAt,
      ':c': cursor.channel,
      ':m': cursor.mode,
      ':t': 'digest-cursor',
    };
    let set = 'SET watermark = :w, updatedAt = :u, channel = :c, #mode = :m, #type = :t';
    if (cursor.lastSlot) {
      set += ', lastSlot = :s';
      values[':s'] = cursor.lastSlot;
    }
    if (previous !== undefined) values[':prev'] = previous;
    return this.conditional(
      new UpdateCommand({
        TableName: this.tableName,
        Key: DigestCursorEntity.key(cursor.channel, cursor.mode),
        UpdateExpression: set,
        ConditionExpression: previous === undefined ? 'attribute_not_exists(watermark)' : 'watermark = :prev',
        ExpressionAttributeNames: { '#mode': 'mode', '#type': 'type' },
        ExpressionAttributeValues: values,
      }),
    );
  }

  addAlerted(channel: string, ids: string[]): Promise<void> {
    return this.updateAlerted(channel, ids, 'ADD');
  }

  removeAlerted(channel: string, ids: string[]): Promise<void> {
    return this.updateAlerted(channel, ids, 'DELETE');
  }

  /** The roundup cursor's set of items already folded under alerts (kept out of the next roundup). */
  private async updateAlerted(channel: string, ids: string[], action: 'ADD' | 'DELETE'): Promise<void> {
    if (ids.length === 0) return;
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: DigestCursorEntity.key(channel, 'roundups'),
        UpdateExpression: `${action} alerted :ids`,
        ExpressionAttributeValues: { ':ids': new Set(ids) },
      }),
    );
  }

  async createDelivery(delivery: Delivery): Promise<boolean> {
    return this.transaction([
      {
        Put: {
          TableName: this.tableName,
          Item: DeliveryEntity.toItem(delivery),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      { Put: { TableName: this.tableName, Item: DeliveryEntity.toPendingItem(delivery) } },
    ]);
  }

  async getDelivery(channel: string, id: string): Promise<Delivery | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: DeliveryEntity.key(channel, id), ConsistentRead: true }));
    return out.Item ? DeliveryEntity.fromItem(out.Item) : undefined;
  }

  async listPending(channel: string, mode: DigestMode): Promise<Delivery[]> {
    const pending = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': DeliveryEntity.pk(channel), ':prefix': DeliveryEntity.pendingPrefix },
      ConsistentRead: true,
    });
    const markers = pending.map((r) => DeliveryEntity.fromPendingItem(r));
    const wanted = markers.filter((m) => m.mode === mode).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    const records = await batchGetAll(this.client, this.tableName, wanted.map((m) => DeliveryEntity.key(channel, m.id)));
    return wanted.flatMap((m) => {
      const record = records.get(keyId(DeliveryEntity.key(channel, m.id)));
      const d = record && DeliveryEntity.fromItem(record);
      return d?.status === 'pending' ? [d] : [];
    });
  }

  async acquireLease(channel: string, id: string, now: string, until: string, holder: LeaseHolder, replacing?: string): Promise<boolean> {
    const values: Record<string, unknown> = { ':until': until, ':now': now, ':pending': 'pending', ':holder': holder, ':me': holder.id };
    let free = 'attribute_not_exists(leaseUntil) OR leaseUntil <= :now OR leaseHolder.id = :me';
    if (replacing) {
      free += ' OR leaseHolder.id = :replacing';
      values[':replacing'] = replacing;
    }
    return this.conditional(
      new UpdateCommand({
        TableName: this.tableName,
        Key: DeliveryEntity.key(channel, id),
        UpdateExpression: 'SET leaseUntil = :until, leaseHolder = :holder',
        ConditionExpression: `#status = :pending AND (${free})`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
      }),
    );
  }

  async releaseLease(channel: string, id: string, holderId: string): Promise<void> {
    await this.conditional(
      new UpdateCommand({
        TableName: this.tableName,
        Key: DeliveryEntity.key(channel, id),
        UpdateExpression: 'REMOVE leaseUntil, leaseHolder',
        ConditionExpression: 'leaseHolder.id = :me',
        ExpressionAttributeValues: { ':me': holderId },
      }),
    );
  }

  async recordPosted(channel: string, id: string, part: number, ts: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: DeliveryEntity.key(channel, id),
        UpdateExpression: 'SET posted.#part = :ts',
        ExpressionAttributeNames: { '#part': String(part) },
        ExpressionAttributeValues: { ':ts': ts },
      }),
    );
  }

  async markSent(channel: string, id: string, sentAt: string): Promise<void> {
    await this.transaction([
      {
        Update: {
          TableName: this.tableName,
          Key: DeliveryEntity.key(channel, id),
          UpdateExpression: 'SET #status = :sent, sentAt = :at, ts = posted.#first, #ttl = :ttl REMOVE leaseUntil, leaseHolder',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status', '#first': '0', '#ttl': TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ':sent': 'sent', ':pending': 'pending', ':at': sentAt, ':ttl': DeliveryEntity.expiresAt(new Date(sentAt)) },
        },
      },
      { Delete: { TableName: this.tableName, Key: DeliveryEntity.pendingKey(channel, id) } },
    ]);
  }

  async recordFailure(channel: string, id: string, error: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: DeliveryEntity.key(channel, id),
        UpdateExpression: 'SET lastError = :e, attempts = attempts + :one REMOVE leaseUntil, leaseHolder',
        ExpressionAttributeValues: { ':e': error.slice(0, 1000), ':one': 1 },
      }),
    );
  }

  async markSuperseded(channel: string, id: string, by: string): Promise<boolean> {
    return this.transaction([
      {
        Update: {
          TableName: this.tableName,
          Key: DeliveryEntity.key(channel, id),
          UpdateExpression: 'SET #status = :superseded, supersededBy = :by, #ttl = :ttl REMOVE leaseUntil, leaseHolder',
          // Never supersede a digest that has a part in Slack: it must be finished, not replaced.
          ConditionExpression: '#status = :pending AND size(posted) = :zero',
          ExpressionAttributeNames: { '#status': 'status', '#ttl': TTL_ATTRIBUTE },
          ExpressionAttributeValues: {
            ':superseded': 'superseded',
            ':pending': 'pending',
            ':by': by,
            ':zero': 0,
            ':ttl': DeliveryEntity.expiresAt(new Date()),
          },
        },
      },
      { Delete: { TableName: this.tableName, Key: DeliveryEntity.pendingKey(channel, id) } },
    ]);
  }

  async discardDelivery(channel: string, id: string): Promise<boolean> {
    return this.transaction([
      {
        Delete: {
          TableName: this.tableName,
          Key: DeliveryEntity.key(channel, id),
          ConditionExpression: '#status = :pending AND size(posted) = :zero',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pending': 'pending', ':zero': 0 },
        },
      },
      { Delete: { TableName: this.tableName, Key: DeliveryEntity.pendingKey(channel, id) } },
    ]);
  }

  /** True if written; false when a condition failed (the caller decides what that means). */
  private async conditional(command: UpdateCommand): Promise<boolean> {
    try {
      await this.client.send(command);
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }

  private async transaction(items: NonNullable<TransactWriteCommandInput['TransactItems']>): Promise<boolean> {
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
      return true;
    } catch (err) {
      if (err instanceof TransactionCanceledException && err.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed')) return false;
      throw err;
    }
  }
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00.000Z`) + DAY_MS).toISOString().slice(0, 10);
