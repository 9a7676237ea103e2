import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BackfillEntity, type BackfillRecord } from '../../store/entities/backfill-entity.ts';
import type { BackfillProgressStore } from '../../pipeline/backfill.ts';

/** Backfill progress records in the single table. */
export class DynamoBackfillStore implements BackfillProgressStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getBackfill(sourceId: string, since: string, until: string): Promise<BackfillRecord | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: BackfillEntity.key(sourceId, since, until) }));
    return out.Item ? BackfillEntity.fromItem(out.Item) : undefined;
  }

  async putBackfill(record: BackfillRecord): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: BackfillEntity.toItem(record) }));
  }
}
