import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Kind } from '../../model/item.ts';
import { CountEntity, type WeekCounts } from '../../store/entities/count-entity.ts';
import { MatchEntity } from '../../store/entities/match-entity.ts';
import { londonWeekStart } from '../../util/london-time.ts';
import { queryAll, queryCount, queryRecords } from './query-all.ts';

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

/** One entry's counter record: its item count and its items per week and kind (one GetItem). */
export async function readEntryCounts(
  client: DynamoDBDocumentClient,
  tableName: string,
  entryId: string,
): Promise<{ items: number; weeks: Map<string, Partial<Record<Kind, number>>> }> {
  const out = await client.send(new GetCommand({ TableName: tableName, Key: CountEntity.key(entryId) }));
  return { items: out.Item ? CountEntity.fromItem(out.Item).items : 0, weeks: CountEntity.weeksFromItem(out.Item) };
}

/**
 * Recounts every entry from its match records and stores the exact counts, weekly ones included (repairs drift
 * after a crash, and builds weekly counts for an archive stored before they were kept).
 */
export async function recountTracked(client: DynamoDBDocumentClient, tableName: string, entryIds: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const id of entryIds) {
    let n = 0;
    const weeks: WeekCounts = new Map();
    const matches = queryRecords(client, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeNames: { '#kind': 'kind' },
      ExpressionAttributeValues: { ':pk': MatchEntity.pk(id) },
      ProjectionExpression: 'published, #kind',
    });
    for await (const m of matches) {
      n++;
      const attr = CountEntity.weekAttribute(londonWeekStart(String(m.published)), m.kind as Kind);
      weeks.set(attr, (weeks.get(attr) ?? 0) + 1);
    }
    await client.send(new PutCommand({ TableName: tableName, Item: CountEntity.toItem(id, n, weeks) }));
    counts.set(id, n);
  }
  return counts;
}

const countMatches = (client: DynamoDBDocumentClient, tableName: string, entryId: string) =>
  queryCount(client, { TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': MatchEntity.pk(entryId) } });
