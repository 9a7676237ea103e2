import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Kind } from '../../model/item.ts';
import { CountEntity, type WeekCounts } from '../../store/entities/count-entity.ts';
import { MatchEntity } from '../../store/entities/match-entity.ts';
import { londonWeekStart } from '../../util/london-time.ts';
import { queryAll, queryCount, queryRecords } from './query-all.ts';

/**
 * Items per tracked entry: the counters kept at ingest, one Query however many entries the registry has. An entry
 * without a counter has no items (counters are created by the first item counted), so it reads 0: counting its
 * match records on every request instead cost one Query per empty entry (13.7 s for 5,001 entries). An archive
 * written before counters existed is counted once with `inquiry-watch registry recount`.
 */
export async function readTrackedCounts(client: DynamoDBDocumentClient, tableName: string, entryIds: readonly string[]): Promise<Map<string, number>> {
  const records = await queryAll(client, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': CountEntity.pk, ':prefix': CountEntity.skPrefix },
  });
  const counts = new Map(records.map((r) => CountEntity.fromItem(r)).map((c) => [c.entryId, c.items]));
  return new Map(entryIds.map((id) => [id, counts.get(id) ?? 0]));
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
