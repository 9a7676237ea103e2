import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CountEntity } from '../../store/entities/count-entity.ts';
import { MatchEntity } from '../../store/entities/match-entity.ts';
import { queryAll, queryCount } from './query-all.ts';

/**
 * Items per tracked entry: the counters kept at ingest (one Query), falling back to counting an entry's match
 * records for any entry that has no counter yet (an archive written before counters existed).
 */
export async function readTrackedCounts(client: DynamoDBDocumentClient, tableName: string, entryIds: readonly string[]): Promise<Map<string, number>> {
  const records = await queryAll(client, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': CountEntity.pk, ':prefix': CountEntity.skPrefix },
  });
  const counts = new Map(records.map((r) => CountEntity.fromItem(r)).map((c) => [c.entryId, c.items]));
  for (const id of entryIds.filter((e) => !counts.has(e))) counts.set(id, await countMatches(client, tableName, id));
  return new Map(entryIds.map((id) => [id, counts.get(id)!]));
}

/** Recounts every entry from its match records and stores the exact counts (repairs drift after a crash). */
export async function recountTracked(client: DynamoDBDocumentClient, tableName: string, entryIds: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const id of entryIds) {
    const n = await countMatches(client, tableName, id);
    await client.send(new PutCommand({ TableName: tableName, Item: CountEntity.toItem(id, n) }));
    counts.set(id, n);
  }
  return counts;
}

const countMatches = (client: DynamoDBDocumentClient, tableName: string, entryId: string) =>
  queryCount(client, { TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': MatchEntity.pk(entryId) } });
