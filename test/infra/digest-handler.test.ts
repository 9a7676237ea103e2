import type { Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoDigestStore } from '../../lib/adapters/dynamodb/digest-store.ts';
import { DynamoRunLeaseStore } from '../../lib/adapters/dynamodb/run-lease-store.ts';
import { ConfigSchema } from '../../lib/config/schema.ts';
import { lambdaHolder } from '../../lib/lease/holder.ts';
import { checkRegistry, RegistryFileSchema } from '../../lib/registry/registry.ts';
import { toDeployedSetup } from '../../infra/deployed-setup.ts';
import { AwsStandIn } from '../support/aws-stand-in.ts';
import { createTestTable, type TestTable } from '../support/dynamo.ts';
import { SlackServer } from '../support/slack-server.ts';
import type { handler as DigestHandler } from '../../functions/digest.ts';

const context = (requestId: string) =>
  ({ functionName: 'inquiry-watch-digest', awsRequestId: requestId, getRemainingTimeInMillis: () => 60_000 }) as unknown as Context;
const TOKEN_PARAMETER = '/inquiry-watch/InquiryWatch/slack-bot-token';
/** What Lambda sends the digest function when a poll invocation succeeds (on-success destination). */
const afterPoll = (newTrackedItems: number, status = 'ok') => ({
  version: '1.0',
  timestamp: new Date().toISOString(),
  requestContext: { requestId: 'poll-request', functionArn: 'arn:aws:lambda:eu-west-2:111111111111:function:Poll', condition: 'Success', approximateInvokeCount: 1 },
  requestPayload: { source: 'schedule' },
  responseContext: { statusCode: 200, executedVersion: '$LATEST' },
  responsePayload: { status, newItems: newTrackedItems, updatedItems: 0, newTrackedItems, failedSources: [], failingSources: [] },
});

let aws: AwsStandIn;
let slack: SlackServer;
let table: TestTable;
let handler: typeof DigestHandler;
/** Everything the function logged or emitted as metrics (Powertools writes both through the console in dev mode). */
let output: string[] = [];

beforeAll(async () => {
  aws = await new AwsStandIn().start();
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
  Object.assign(process.env, aws.endpoints(), {
    TABLE_NAME: table.tableName,
    SLACK_TOKEN_PARAMETER: TOKEN_PARAMETER,
    SLACK_API_URL: slack.url,
    // Warnings and metrics are part of what is tested here.
    POWERTOOLS_LOG_LEVEL: 'WARN',
    POWERTOOLS_METRICS_DISABLED: 'false',
    POWERTOOLS_METRICS_NAMESPACE: 'InquiryWatch',
    POWERTOOLS_SERVICE_NAME: 'inquiry-watch-digest',
  });
  for (const level of ['log', 'info', 'warn', 'error'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void output.push(args.map(String).join(' ')));
  }
  ({ handler } = await import('../../functions/digest.ts'));
});

afterEach(() => {
  output = [];
});

afterAll(async () => {
  vi.restoreAllMocks();
  await Promise.all([aws.stop(), slack.stop()]);
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

type Printed = { level?: string; message?: string; function_request_id?: string; _aws?: { CloudWatchMetrics: { Metrics: { Name: string }[] }[] } };
const printed = (): Printed[] => output.flatMap((line) => (line.startsWith('{') ? [JSON.parse(line) as Printed] : []));
/** The EMF metric names in what the function printed. */
const emittedMetrics = () => printed().flatMap((p) => p._aws?.CloudWatchMetrics.flatMap((m) => m.Metrics.map((x) => x.Name)) ?? []);
const logged = (level: string, message: RegExp) => printed().filter((p) => p.level === level && message.test(p.message ?? ''));

describe('Function: digest', () => {
  it('reads no token and calls no Slack API when there is nothing to send', async () => {
    // Act
    const result = await handler(afterPoll(0), context('r-nothing'));

    // Assess
    expect(result).toEqual({ mode: 'alerts', status: 'ok', delivered: 0, failed: 0 });
    expect(aws.callsTo('ssm')).toEqual([]);
    expect(slack.calls).toEqual([]);
    expect(emittedMetrics()).toEqual([]);
  });

  it('while the token is not set, keeps the alert pending and says "Slack not configured" with one warning metric, without failing', async () => {
    // Prepare: the deployment is fresh: the parameter does not exist yet.
    await table.store.ingest([storedStatement()]);

    // Act
    const result = await handler(afterPoll(1), context('r-unset'));

    // Assess: returned, not thrown, so Lambda neither retries it nor dead-letters it.
    expect(result).toEqual({ mode: 'alerts', status: 'slack-not-configured', delivered: 0, failed: 0 });
    expect(slack.calls).toEqual([]);
    expect(aws.callsTo('ssm', 'GetParameter').map((c) => c.params)).toEqual([{ Name: TOKEN_PARAMETER, WithDecryption: true }]);
    expect(await new DynamoDigestStore(table.client, table.tableName).listPending('C0123456789', 'alerts')).toHaveLength(1);
    expect(logged('WARN', /^Slack not configured: the Slack token parameter \/inquiry-watch\/InquiryWatch\/slack-bot-token is not set; digests for C0123456789 stay pending/)).toHaveLength(1);
    expect(emittedMetrics()).toEqual(['SlackNotConfigured']);
    const lastRun = (await new DynamoRunLeaseStore(table.client, table.tableName).read('digest')).lastRun;
    expect(lastRun).toMatchObject({ outcome: 'slack-not-configured', holder: 'Lambda inquiry-watch-digest, request r-unset' });
  });

  it('delivers the waiting alert once the token is set, without a redeploy', async () => {
    // Prepare
    aws.parameters.set(TOKEN_PARAMETER, 'xoxb-test\n');

    // Act
    const result = await handler(afterPoll(0), context('r-set'));

    // Assess
    expect(result).toMatchObject({ mode: 'alerts', status: 'ok', failed: 0 });
    expect(result.delivered).toBeGreaterThanOrEqual(1);
    expect(slack.delivered('C0123456789')[0]?.text).toContain('Casey audit');
    expect(slack.calls.every((c) => c.token === 'xoxb-test')).toBe(true);
    expect(emittedMetrics()).toEqual([]);
    expect(await new DynamoDigestStore(table.client, table.tableName).listPending('C0123456789', 'alerts')).toEqual([]);
  });

  it('posts nothing more after a quiet poll once everything is delivered', async () => {
    // Prepare
    const before = slack.posts().length;

    // Act
    const result = await handler(afterPoll(0), context('r-quiet'));

    // Assess
    expect(result).toEqual({ mode: 'alerts', status: 'ok', delivered: 0, failed: 0 });
    expect(slack.posts()).toHaveLength(before);
  });

  it('lets one of two concurrent runs post and has the other return at once, saying which run holds the lease', async () => {
    // Prepare
    await table.store.ingest([{ ...storedStatement(), draft: { ...storedStatement().draft, title: 'Casey audit: second statement', url: 'https://www.gov.uk/s2', dedupKeys: ['url:https://www.gov.uk/s2'] } }]);
    const before = slack.posts().length;

    // Act
    const results = await Promise.all([handler(afterPoll(1), context('r-a')), handler(afterPoll(1), context('r-b'))]);

    // Assess
    expect(results.map((r) => r.status).sort()).toEqual(['busy', 'ok']);
    expect(slack.posts().length - before).toBe(1);
    const winner = results[0]!.status === 'ok' ? 'r-a' : 'r-b';
    expect(logged('WARN', new RegExp(`^digest run skipped: a digest run is already running: Lambda inquiry-watch-digest, request ${winner} \\(since`))).toHaveLength(1);
  });

  it('skips the run that follows a poll which found another cycle running', async () => {
    // Act
    const result = await handler(afterPoll(0, 'busy'), context('r-after-busy'));

    // Assess
    expect(result).toEqual({ mode: 'alerts', status: 'skipped', delivered: 0, failed: 0 });
  });

  it('fails a roundup run that cannot get the lease, so Lambda retries it, and logs why with the invocation context', async () => {
    // Prepare: another invocation holds the digest lease for ten more minutes.
    const now = new Date();
    await new DynamoRunLeaseStore(table.client, table.tableName).tryAcquire(
      { name: 'digest', holder: lambdaHolder('inquiry-watch-digest', 'r-long'), startedAt: now.toISOString(), until: new Date(now.getTime() + 600_000).toISOString() },
      now.toISOString(),
    );

    // Act
    const attempt = handler({ mode: 'roundups' }, context('r-roundup'));

    // Assess
    await expect(attempt).rejects.toMatchObject({ name: 'RunLeaseBusyError', message: expect.stringMatching(/^roundups not run: a digest run is already running: Lambda inquiry-watch-digest, request r-long/) });
    expect(logged('ERROR', /^invocation failed$/).map((p) => p.function_request_id)).toEqual(['r-roundup']);
  });
});
