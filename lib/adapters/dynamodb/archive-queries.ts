import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Item, Kind } from '../../model/item.ts';
import type { ArchiveReader, PageRequest, ReadPage } from '../../query/ports.ts';
import { rowFromItem, rowFromMatch } from '../../query/rows.ts';
import { ItemEntity } from '../../store/entities/item-entity.ts';
import { MatchEntity } from '../../store/entities/match-entity.ts';
import { INDEXES } from '../../store/table.ts';
import { readItemHistory, readItemWithVersions } from './archive-store.ts';
import { batchGetAll, keyId } from './batch.ts';
import { readEntryCounts, readTrackedCounts } from './tracked-counts.ts';

/** Item attributes a result row needs: index pages skip the text (up to 100 KB) on the wire. */
const ROW_PROJECTION = ['id', 'published', '#kind', 'sourceId', 'title', '#url', 'inquiries', 'commitments', 'evidence', 'attribution'];

/**
 * Executes query plans with DynamoDB Query only (never Scan), newest first, reporting consumed capacity.
 *
 * - tracked entry → base table `TRACK#<entryId>` (match records: one record read per item returned);
 * - source → gsi2 `SOURCE#<sourceId>`; kind → gsi1 `KIND#<kind>` (item records).
 * The sort key is `<published>#<itemId>` everywhere, so a cursor position rebuilds the ExclusiveStartKey.
 */
export class DynamoArchiveQueries implements ArchiveReader {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  async readPage(request: PageRequest): Promise<ReadPage> {
    const { access, range, filter, start, limit } = request;
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':lo': range.lo, ':hi': range.hi };
    const conditions: string[] = [];
    if (filter.kind !== undefined) {
      names['#kind'] = 'kind';
      values[':kind'] = filter.kind;
      conditions.push('#kind = :kind');
    }
    if (filter.sourceId !== undefined) {
      values[':source'] = filter.sourceId;
      conditions.push('sourceId = :source');
    }

    const input: QueryCommandInput = { TableName: this.tableName, ScanIndexForward: false, Limit: limit, ReturnConsumedCapacity: 'TOTAL' };
    let positionOf: (record: Record<string, unknown>) => string;
    if (access.by === 'tracked') {
      values[':pk'] = MatchEntity.pk(access.value);
      input.KeyConditionExpression = 'pk = :pk AND sk BETWEEN :lo AND :hi';
      if (start) input.ExclusiveStartKey = { pk: MatchEntity.pk(access.value), sk: start };
      positionOf = (r) => String(r.sk);
    } else {
      const index = access.by === 'kind' ? INDEXES.byKind : INDEXES.bySource;
      const pk = access.by === 'kind' ? ItemEntity.kindPk(access.value) : ItemEntity.sourcePk(access.value);
      values[':pk'] = pk;
      input.IndexName = index.name;
      input.KeyConditionExpression = `${index.partitionKey} = :pk AND ${index.sortKey} BETWEEN :lo AND :hi`;
      if (start) {
        const itemId = start.slice(start.lastIndexOf('#') + 1);
        input.ExclusiveStartKey = { [index.partitionKey]: pk, [index.sortKey]: start, ...ItemEntity.key(itemId) };
      }
      names['#kind'] = 'kind';
      names['#url'] = 'url';
      input.ProjectionExpression = ROW_PROJECTION.join(', ');
      positionOf = (r) => ItemEntity.timeSk(String(r.published), String(r.id));
    }
    if (conditions.length) input.FilterExpression = conditions.join(' AND ');
    if (Object.keys(names).length) input.ExpressionAttributeNames = names;
    input.ExpressionAttributeValues = values;

    const out = await this.client.send(new QueryCommand(input));
    const records = out.Items ?? [];
    const page: ReadPage = {
      entries: records.map((r) => ({
        position: positionOf(r),
        row: access.by === 'tracked' ? rowFromMatch(MatchEntity.fromItem(r)) : rowFromItem(r as unknown as Item),
      })),
      scanned: out.ScannedCount ?? records.length,
      consumed: out.ConsumedCapacity?.CapacityUnits ?? 0,
    };
    const lek = out.LastEvaluatedKey;
    if (lek) page.last = String(access.by === 'tracked' ? lek.sk : lek[access.by === 'kind' ? INDEXES.byKind.sortKey : INDEXES.bySource.sortKey]);
    return page;
  }

  itemWithVersions(id: string): Promise<Item[]> {
    return readItemWithVersions(this.client, this.tableName, id);
  }

  itemHistory(id: string): ReturnType<ArchiveReader['itemHistory']> {
    return readItemHistory(this.client, this.tableName, id);
  }

  /** Counters kept at ingest: one Query for the whole registry. */
  countTracked(entryIds: readonly string[]): Promise<Map<string, number>> {
    return readTrackedCounts(this.client, this.tableName, entryIds);
  }

  /** One entry's counter record, with its weekly counts by kind kept at ingest: one GetItem, whatever the archive size. */
  entryCounts(entryId: string): Promise<{ items: number; weeks: Map<string, Partial<Record<Kind, number>>> }> {
    return readEntryCounts(this.client, this.tableName, entryId);
  }

  /** The stored text of each item (current version), for exports that include it: batches of 100 reads. */
  async itemTexts(ids: readonly string[]): Promise<Map<string, string>> {
    const records = await batchGetAll(this.client, this.tableName, ids.map((id) => ItemEntity.key(id)));
    return new Map(ids.flatMap((id) => {
      const record = records.get(keyId(ItemEntity.key(id)));
      return record ? [[id, String(record.text ?? '')] as const] : [];
    }));
  }
}
