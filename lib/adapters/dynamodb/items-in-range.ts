import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryRecords } from './query-all.ts';
import { KINDS, type Item, type Kind } from '../../model/item.ts';
import { INDEXES } from '../../store/table.ts';
import { ItemEntity } from '../../store/entities/item-entity.ts';

/**
 * Current versions of archived items published in [from, to], read with one Query per kind on the by-kind index
 * (never a Scan), newest first within each kind.
 */
export async function* itemsInRange(
  client: DynamoDBDocumentClient,
  tableName: string,
  range: { from: string; to: string },
  kinds: readonly Kind[] = KINDS,
): AsyncGenerator<Item> {
  const { name, partitionKey, sortKey } = INDEXES.byKind;
  for (const kind of kinds) {
    const records = queryRecords(client, {
      TableName: tableName,
      IndexName: name,
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
      ExpressionAttributeNames: { '#pk': partitionKey, '#sk': sortKey },
      // `~` sorts after `#<id>`, so items published at exactly `to` are included.
      ExpressionAttributeValues: { ':pk': ItemEntity.kindPk(kind), ':from': range.from, ':to': `${range.to}~` },
      ScanIndexForward: false,
    });
    for await (const record of records) yield ItemEntity.fromItem(record);
  }
}
