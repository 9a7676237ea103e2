import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RequestLedger, SlackJob } from '../../slack-actions/ports.ts';
import { SlackRequestEntity } from '../../store/entities/slack-request-entity.ts';

/** The Slack request ledger on DynamoDB: conditional writes only, so replays and double runs lose the race. */
export class DynamoRequestLedger implements RequestLedger {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  async record(requestId: string, job: SlackJob | undefined, now: Date): Promise<boolean> {
    return this.conditional(
      new PutCommand({ TableName: this.tableName, Item: SlackRequestEntity.toItem(requestId, job, now), ConditionExpression: 'attribute_not_exists(pk)' }),
    );
  }

  async claim(requestId: string, now: Date, until: Date): Promise<'claimed' | 'done' | 'busy' | 'unknown'> {
    const claimed = await this.conditional(
      new UpdateCommand({
        TableName: this.tableName,
        Key: SlackRequestEntity.key(requestId),
        UpdateExpression: 'SET #status = :working, leaseUntil = :until ADD attempts :one',
        ConditionExpression: '#status = :received OR (#status = :working AND leaseUntil <= :now)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':working': 'working', ':received': 'received', ':until': until.toISOString(), ':now': now.toISOString(), ':one': 1 },
      }),
    );
    if (claimed) return 'claimed';
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: SlackRequestEntity.key(requestId), ConsistentRead: true }));
    return !out.Item ? 'unknown' : out.Item.status === 'done' ? 'done' : 'busy';
  }

  async finish(requestId: string, outcome: string, now: Date): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: SlackRequestEntity.key(requestId),
        UpdateExpression: 'SET #status = :done, outcome = :outcome, finishedAt = :at REMOVE leaseUntil',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':done': 'done', ':outcome': outcome.slice(0, 500), ':at': now.toISOString() },
      }),
    );
  }

  private async conditional(command: PutCommand | UpdateCommand): Promise<boolean> {
    try {
      await this.client.send(command as never);
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }
}
