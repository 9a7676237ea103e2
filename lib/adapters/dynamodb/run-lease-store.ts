import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LastRun, RunLease, RunLeaseStore, RunName, TryAcquireResult } from '../../lease/run-lease.ts';
import { RunLeaseEntity } from '../../store/entities/run-lease-entity.ts';

const NAMES = { '#holder': 'holder', '#until': 'until', '#type': 'type' };

/** Run leases on the archive table: one conditional UpdateItem to take, renew or release. */
export class DynamoRunLeaseStore implements RunLeaseStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  async tryAcquire(lease: RunLease, now: string, replacing?: string): Promise<TryAcquireResult> {
    const values: Record<string, unknown> = { ':h': lease.holder, ':s': lease.startedAt, ':u': lease.until, ':now': now, ':me': lease.holder.id, ':t': 'run-lease' };
    let condition = 'attribute_not_exists(#until) OR #until <= :now OR #holder.id = :me';
    if (replacing) {
      condition += ' OR #holder.id = :replacing';
      values[':replacing'] = replacing;
    }
    try {
      const out = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: RunLeaseEntity.key(lease.name),
          UpdateExpression: 'SET #holder = :h, startedAt = :s, #until = :u, #type = :t',
          ConditionExpression: condition,
          ExpressionAttributeNames: NAMES,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_OLD',
        }),
      );
      return { acquired: true, previous: RunLeaseEntity.leaseFromItem(lease.name, out.Attributes) };
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
      // Contention is rare: read who holds it (if it was released meanwhile, the caller tries again).
      return { acquired: false, current: RunLeaseEntity.leaseFromItem(lease.name, await this.get(lease.name)) };
    }
  }

  renew(name: RunName, holderId: string, until: string): Promise<boolean> {
    return this.ifHolder(name, holderId, 'SET #until = :u', { ':u': until });
  }

  async release(name: RunName, holderId: string, lastRun: LastRun): Promise<void> {
    // Taken over meanwhile (false): the new holder owns the item now, and its run records its own outcome.
    await this.ifHolder(name, holderId, 'SET lastRun = :last REMOVE #holder, startedAt, #until', { ':last': lastRun });
  }

  /** An update that applies only while `holderId` holds the lease; false when it does not. */
  private async ifHolder(name: RunName, holderId: string, update: string, values: Record<string, unknown>): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: RunLeaseEntity.key(name),
          UpdateExpression: update,
          ConditionExpression: '#holder.id = :me',
          ExpressionAttributeNames: { '#holder': 'holder', '#until': 'until' },
          ExpressionAttributeValues: { ...values, ':me': holderId },
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }

  async read(name: RunName): Promise<{ lease?: RunLease; lastRun?: LastRun }> {
    const item = await this.get(name);
    return { lease: RunLeaseEntity.leaseFromItem(name, item), lastRun: RunLeaseEntity.lastRunFromItem(item) };
  }

  private async get(name: RunName): Promise<Record<string, unknown> | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: RunLeaseEntity.key(name), ConsistentRead: true }));
    return out.Item;
  }
}
