import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { correctItem, tagChanges, type CorrectionInput } from '../../corrections/apply.ts';
import type { CorrectionOutcome, CorrectionRecord, CorrectionStore } from '../../corrections/ports.ts';
import { CorrectionEntity } from '../../store/entities/correction-entity.ts';
import { ItemEntity } from '../../store/entities/item-entity.ts';
import { MatchEntity } from '../../store/entities/match-entity.ts';
import { countUpdates, earlierVersionsTtl, itemCountDelta, sameRevision } from './archive-store.ts';
import { queryAll } from './query-all.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A correction that keeps losing the race with ingest or other corrections gives up after this many tries. */
const MAX_ATTEMPTS = 4;

/**
 * Corrections on DynamoDB. One transaction per verdict: the item (conditional on the revision read, so neither a
 * concurrent ingest nor another correction is overwritten), the timeline records gained and lost, the per-entry
 * counters, and the log record. Counts and timelines therefore never disagree with the item.
 */
export class DynamoCorrectionStore implements CorrectionStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  async correct(itemId: string, input: CorrectionInput): Promise<CorrectionOutcome> {
    for (let attempt = 1; ; attempt++) {
      const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: ItemEntity.key(itemId), ConsistentRead: true }));
      if (!out.Item) return { status: 'missing', added: [], removed: [] };
      const before = ItemEntity.fromItem(out.Item);
      const item = correctItem(before, input);
      if (!item) return { status: 'unchanged', before, item: before, added: [], removed: [] };
      const { added, removed } = tagChanges(before, item);
      const record: CorrectionRecord = {
        ...item.corrections![input.entryId]!,
        entryId: input.entryId,
        itemId,
        title: item.title,
        url: item.url,
        published: item.published,
        kind: item.kind,
        sourceId: item.sourceId,
        sourceType: item.sourceType,
        ...(before.corrections?.[input.entryId] ? { previous: before.corrections[input.entryId]!.verdict } : {}),
      };
      const TableName = this.tableName;
      const matches = MatchEntity.fromArchivedItem(item);
      const writes: TransactItem[] = [
        { Put: { TableName, Item: ItemEntity.toItem(item), ...sameRevision(before) } },
        ...matches.filter((m) => added.includes(m.entryId)).map((m): TransactItem => ({ Put: { TableName, Item: MatchEntity.toItem(m) } })),
        ...MatchEntity.fromArchivedItem(before)
          .filter((m) => removed.includes(m.entryId))
          .map((m): TransactItem => ({ Delete: { TableName, Key: MatchEntity.key(m) } })),
        // The counts as ingest keeps them: the entry's total and the item's week and kind.
        ...[...added.map((id) => countUpdates(TableName, id, itemCountDelta(item, 1))), ...removed.map((id) => countUpdates(TableName, id, itemCountDelta(before, -1)))]
          .flat()
          .map((update): TransactItem => ({ Update: update.input as NonNullable<TransactItem['Update']> })),
        { Put: { TableName, Item: CorrectionEntity.toItem(record) } },
        // An expiring item a person corrects is kept for good, and so are its versions from when it was tracked.
        ...(await earlierVersionsTtl(this.client, TableName, before, item)).map((u): TransactItem => ({ Update: u })),
      ];
      try {
        await this.client.send(new TransactWriteCommand({ TransactItems: writes }));
        return { status: 'applied', before, item, added, removed };
      } catch (err) {
        const lostRace = err instanceof TransactionCanceledException && err.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed';
        if (!lostRace || attempt >= MAX_ATTEMPTS) throw err;
      }
    }
  }

  async listByEntry(entryId: string): Promise<CorrectionRecord[]> {
    const records = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': CorrectionEntity.pk(entryId) },
    });
    return records.map((r) => CorrectionEntity.fromItem(r));
  }
}
