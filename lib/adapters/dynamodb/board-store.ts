import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CommitteeResponse } from '../../board/detect.ts';
import { responseEvents } from '../../board/link.ts';
import type { BoardNotice, BoardStore, PledgeCandidate } from '../../board/ports.ts';
import type { BoardEvent, Decision } from '../../board/types.ts';
import { BoardDecisionEntity } from '../../store/entities/board-decision-entity.ts';
import { BoardEventEntity } from '../../store/entities/board-event-entity.ts';
import { BoardLinkEntity } from '../../store/entities/board-link-entity.ts';
import { BoardNoticeEntity } from '../../store/entities/board-notice-entity.ts';
import { PledgeEntity } from '../../store/entities/pledge-entity.ts';
import { batchGetAll, batchWriteAll, keyId } from './batch.ts';
import { queryAll } from './query-all.ts';

/**
 * The board on the one table, in its own partitions (no new index): an entry's log is one Query on
 * `BOARD#<entry>`, committee links one Query on `BOARD#PUB#<publication>`, notices and pledges one partition each.
 */
export class DynamoBoardStore implements BoardStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  async replaceItemEvents(itemId: string, events: BoardEvent[]): Promise<void> {
    const footprint = await this.client.send(new GetCommand({ TableName: this.tableName, Key: BoardEventEntity.footprintKey(itemId) }));
    const before = footprint.Item ? BoardEventEntity.fromFootprint(footprint.Item) : [];
    const now = [...new Set(events.map((e) => e.entryId))];
    if (before.length === 0 && now.length === 0) return;
    // What the item gave before, on every entry it touched then: stale ones go, current ones are written again.
    const stale: { pk: string; sk: string }[] = [];
    for (const entryId of before) {
      const records = await queryAll(this.client, {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': BoardEventEntity.pk(entryId), ':prefix': `${BoardEventEntity.skPrefix}${itemId}#` },
        ProjectionExpression: 'pk, sk',
      });
      stale.push(...records.map((r) => ({ pk: String(r.pk), sk: String(r.sk) })));
    }
    const keep = new Set(events.map((e) => keyId(BoardEventEntity.key(e))));
    await batchWriteAll(this.client, this.tableName, [
      ...events.map((e) => ({ PutRequest: { Item: BoardEventEntity.toItem(e) } })),
      ...stale.filter((k) => !keep.has(keyId(k))).map((Key) => ({ DeleteRequest: { Key } })),
      // The footprint last: if the run dies before it, the next run still knows every entry written so far.
      { PutRequest: { Item: BoardEventEntity.toFootprint(itemId, [...new Set([...before, ...now])]) } },
    ]);
  }

  async linkCommitteeReport(reports: BoardEvent[]): Promise<BoardEvent[]> {
    const created: BoardEvent[] = [];
    for (const report of reports.filter((r) => r.type === 'committee-report' && r.committee?.publicationId)) {
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: BoardLinkEntity.toReport(report) }));
      const { responses } = await this.readLink(report.committee!.publicationId);
      for (const r of responses) created.push(...responseEvents(r, [report]));
    }
    await this.putLinked(created);
    return created;
  }

  async linkCommitteeResponse(response: CommitteeResponse): Promise<BoardEvent[]> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: BoardLinkEntity.toResponse(response) }));
    const { reports } = await this.readLink(response.respondsTo);
    const created = responseEvents(response, reports);
    await this.putLinked(created);
    return created;
  }

  private async readLink(publicationId: string): Promise<{ reports: BoardEvent[]; responses: CommitteeResponse[] }> {
    const records = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': BoardLinkEntity.pk(publicationId) },
      // A report and its response stored at the same moment by two runs must see each other.
      ConsistentRead: true,
    });
    return {
      reports: records.filter(BoardLinkEntity.isReport).map(BoardLinkEntity.reportOf),
      responses: records.filter((r) => !BoardLinkEntity.isReport(r)).map(BoardLinkEntity.responseOf),
    };
  }

  /** Linked responses are events of the response's item on the report's entries; they stay when that item is re-detected. */
  private async putLinked(events: BoardEvent[]): Promise<void> {
    if (events.length) await batchWriteAll(this.client, this.tableName, events.map((e) => ({ PutRequest: { Item: BoardEventEntity.toItem(e) } })));
  }

  async readEntry(entryId: string): Promise<{ events: BoardEvent[]; decisions: Decision[] }> {
    const records = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': BoardEventEntity.pk(entryId) },
      // A decision just made (`status set`) shows at once.
      ConsistentRead: true,
    });
    const sk = (r: Record<string, unknown>) => String(r.sk);
    return {
      events: records.filter((r) => sk(r).startsWith(BoardEventEntity.skPrefix)).map(BoardEventEntity.fromItem),
      decisions: records.filter((r) => sk(r).startsWith(BoardDecisionEntity.skPrefix)).map(BoardDecisionEntity.fromItem),
    };
  }

  async putDecision(decision: Decision): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: BoardDecisionEntity.toItem(decision) }));
  }

  async createNotice(notice: BoardNotice): Promise<boolean> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: BoardNoticeEntity.toMarker(notice), ConditionExpression: 'attribute_not_exists(pk)' } },
            { Put: { TableName: this.tableName, Item: BoardNoticeEntity.toItem(notice) } },
          ],
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof TransactionCanceledException && err.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed')) return false;
      throw err;
    }
  }

  async newNotices(after: string, until: string): Promise<{ notices: BoardNotice[]; watermark: string; since: string }> {
    const records = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      // `~` sorts after `#`, so notices made at exactly `until` are included.
      ExpressionAttributeValues: { ':pk': BoardNoticeEntity.pk, ':from': `${BoardNoticeEntity.atPrefix}${after}`, ':to': `${BoardNoticeEntity.atPrefix}${until}~` },
    });
    const notices = records.map(BoardNoticeEntity.fromItem).filter((n) => BoardNoticeEntity.position(n) > after);
    const watermark = notices.reduce((w, n) => (BoardNoticeEntity.position(n) > w ? BoardNoticeEntity.position(n) : w), after);
    return { notices, watermark, since: after.split('#')[0]! };
  }

  async getNotices(ids: string[]): Promise<BoardNotice[]> {
    const markers = await batchGetAll(this.client, this.tableName, ids.map((id) => BoardNoticeEntity.markerKey(id)));
    const keys = [...markers.values()].map((m) => ({ pk: BoardNoticeEntity.pk, sk: `${BoardNoticeEntity.atPrefix}${BoardNoticeEntity.positionOf(m)}` }));
    const found = await batchGetAll(this.client, this.tableName, keys);
    const byId = new Map([...found.values()].map((r) => BoardNoticeEntity.fromItem(r)).map((n) => [n.id, n]));
    return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
  }

  async putPledges(pledges: PledgeCandidate[]): Promise<void> {
    // One at a time, conditionally: a candidate a person already accepted or dismissed keeps their decision.
    for (const p of pledges) {
      try {
        await this.client.send(new PutCommand({ TableName: this.tableName, Item: PledgeEntity.toItem(p), ConditionExpression: 'attribute_not_exists(pk)' }));
      } catch (err) {
        if (!(err instanceof ConditionalCheckFailedException)) throw err;
      }
    }
  }

  async listPledges(): Promise<PledgeCandidate[]> {
    const records = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': PledgeEntity.pk, ':prefix': PledgeEntity.skPrefix },
    });
    return records.map(PledgeEntity.fromItem).sort((a, b) => b.date.localeCompare(a.date) || a.id.localeCompare(b.id));
  }

  async getPledge(id: string): Promise<PledgeCandidate | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: PledgeEntity.key(id) }));
    return out.Item ? PledgeEntity.fromItem(out.Item) : undefined;
  }

  async setPledgeStatus(id: string, status: PledgeCandidate['status'], acceptedAs?: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: PledgeEntity.key(id),
        UpdateExpression: acceptedAs ? 'SET #status = :s, acceptedAs = :a' : 'SET #status = :s',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':s': status, ...(acceptedAs ? { ':a': acceptedAs } : {}) },
      }),
    );
  }
}
