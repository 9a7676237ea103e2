import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReplayServer } from '../../lib/dev/replay-server.ts';
import { ConfigSchema } from '../../lib/config/schema.ts';
import { checkRegistry, RegistryFileSchema } from '../../lib/registry/registry.ts';
import { toDeployedSetup } from '../../infra/deployed-setup.ts';
import { createTestTable, type TestTable } from '../support/dynamo.ts';
import { SlackServer } from '../support/slack-server.ts';
import type { handler as DigestHandler } from '../../functions/digest.ts';

const context = { functionName: 'digest', awsRequestId: 'test-request', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-2:111111111111:secret:SlackToken-abc123';
/** What Lambda sends the digest function when a poll invocation succeeds (on-success destination). */
const afterPoll = (newTrackedItems: number) => ({
  version: '1.0',
  timestamp: new Date().toISOString(),
  requestContext: { requestId: 'poll-request', functionArn: 'arn:aws:lambda:eu-west-2:111111111111:function:Poll', condition: 'Success', approximateInvokeCount: 1 },
  requestPayload: { source: 'schedule' },
  responseContext: { statusCode: 200, executedVersion: '$LATEST' },
  responsePayload: { status: 'ok', newItems: newTrackedItems, updatedItems: 0, newTrackedItems, failedSources: [], failingSources: [] },
});

let secrets: ReplayServer;
let slack: SlackServer;
let table: TestTable;
let handler: typeof DigestHandler;

beforeAll(async () => {
  // Secrets Manager speaks JSON over POST /: first "no value yet" (the secret is created empty), then the token.
  secrets = new ReplayServer({
    '/': [
      { status: 400, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify({ __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT" }) },
      { headers: { 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify({ ARN: SECRET_ARN, Name: 'SlackToken', SecretString: 'xoxb-test', VersionId: 'v1' }) },
    ],
  });
  process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = await secrets.start();
  slack = await new SlackServer().start();
  table = await createTestTable('digest-handler');
  const config = ConfigSchema.parse({
    sources: [{ id: 'govuk', type: 'rss', url: 'https://www.gov.uk/feed.atom' }],
    subscriptions: [{ channel: 'C0123456789', roundup: { cadence: 'off' } }],
  });
  const registry = checkRegistry({
    file: 'registry.yaml',
    ...RegistryFileSchema.parse({ entries: [{ id: 'casey-audit', type: 'inquiry', name: 'Casey audit', match: { aliases: ['Casey audit'] } }] }),
  });
  (globalThis as Record<string, unknown>).__INQUIRY_WATCH_SETUP__ = JSON.stringify(toDeployedSetup(config, registry));
  Object.assign(process.env, { TABLE_NAME: table.tableName, SLACK_TOKEN_SECRET_ARN: SECRET_ARN, SLACK_API_URL: slack.url });
  ({ handler } = await import('../../functions/digest.ts'));
});

afterAll(async () => {
  await Promise.all([secrets.stop(), slack.stop()]);
});

const storedStatement = () => ({
  draft: {
    sourceId: 'govuk',
    sourceType: 'statement' as const,
    title: 'Casey audit: government response published',
    url: 'https://www.gov.uk/government/statements/casey-audit-response',
    published: new Date().toISOString(),
    text: 'The government has responded to the Casey audit.',
    nativeIds: {},
    dedupKeys: ['url:https://www.gov.uk/government/statements/casey-audit-response'],
  },
  classification: {
    inquiries: ['casey-audit'],
    commitments: [],
    kind: 'statement' as const,
    evidence: [{ id: 'casey-audit', phrases: [{ phrase: 'Casey audit', offset: 0 }], snippet: 'Casey audit', score: 4 }],
  },
  fetched: new Date().toISOString(),
  quiet: false,
});

describe('Function: digest', () => {
  it('fails loudly while the Slack token secret has no value, so the invocation is retried and alarmed', async () => {
    // Prepare
    const event = afterPoll(1);

    // Act
    const attempt = handler(event, context);

    // Assess
    await expect(attempt).rejects.toMatchObject({ name: 'SlackTokenMissingError' });
    expect(slack.posts()).toHaveLength(0);
  });

  it('alerts on items an earlier timed-out cycle stored, although this poll reports none new', async () => {
    // Prepare: the cycle that stored the statement timed out, so only a later, quiet poll reaches the destination.
    await table.store.ingest([storedStatement()]);

    // Act
    const result = await handler(afterPoll(0), context);

    // Assess
    expect(result).toMatchObject({ mode: 'alerts', failed: 0 });
    expect(result.delivered).toBeGreaterThanOrEqual(1);
    const posted = slack.delivered('C0123456789');
    expect(posted[0]?.text).toContain('Casey audit');
    expect(slack.calls.every((c) => c.token === 'xoxb-test')).toBe(true);
  });

  it('posts nothing more after a quiet poll once everything is delivered', async () => {
    // Prepare
    const before = slack.posts().length;

    // Act
    const result = await handler(afterPoll(0), context);

    // Assess
    expect(result).toEqual({ mode: 'alerts', delivered: 0, failed: 0 });
    expect(slack.posts()).toHaveLength(before);
  });
});
