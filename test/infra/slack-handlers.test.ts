import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SlackSender } from '../../lib/adapters/slack/slack-sender.ts';
import { DynamoBoardStore } from '../../lib/adapters/dynamodb/board-store.ts';
import { Board } from '../../lib/board/board.ts';
import { DynamoDigestStore } from '../../lib/adapters/dynamodb/digest-store.ts';
import { deliverDigests } from '../../lib/digest/deliver.ts';
import { signedRequest } from '../../lib/dev/slack-requests.ts';
import { toDeployedSetup } from '../../infra/deployed-setup.ts';
import type { handler as IngressHandler } from '../../functions/slack-ingress.ts';
import type { handler as WorkerHandler } from '../../functions/slack-worker.ts';
import type { JobReport } from '../../lib/slack-actions/worker.ts';
import { createTestTable, type TestTable } from '../support/dynamo.ts';
import { candidate, CHANNEL, config, ENTRIES, registry, SlackWorld, WORKSPACE } from '../support/slack-actions.ts';
import { AwsStandIn } from '../support/aws-stand-in.ts';
import { SlackServer } from '../support/slack-server.ts';

const context = { functionName: 'slack', awsRequestId: 'test-request', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
const TOKEN = '/inquiry-watch/InquiryWatch/slack-bot-token';
const SIGNING = '/inquiry-watch/InquiryWatch/slack-signing-secret';

/** Lambda's Invoke API: an `Event` invocation is accepted (202) and the worker runs after, as Lambda runs it. */
function lambdaService(invocations: unknown[], run: (payload: unknown) => Promise<unknown>): Server {
  return createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const payload = JSON.parse(raw) as unknown;
      invocations.push({ path: req.url, type: req.headers['x-amz-invocation-type'], payload });
      res.writeHead(202).end();
      void run(payload);
    });
  });
}

const listen = async (server: Server) => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

/** What API Gateway's HTTP API (payload 2.0) hands the function for a POST from Slack. */
function apiEvent(path: string, request: { body: string | Uint8Array; headers: Record<string, string> }, base64 = true): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: `POST ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.replace(/(^|-)\w/g, (c) => c.toUpperCase()), v])),
    requestContext: {
      accountId: '111111111111',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-west-2.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method: 'POST', path, protocol: 'HTTP/1.1', sourceIp: '54.1.2.3', userAgent: 'Slackbot 1.0' },
      requestId: 'req',
      routeKey: `POST ${path}`,
      stage: '$default',
      time: '16/Jun/2025:10:00:00 +0000',
      timeEpoch: Date.now(),
    },
    body: base64 ? Buffer.from(request.body).toString('base64') : String(request.body),
    isBase64Encoded: base64,
  };
}

describe('Slack functions in their AWS shape', () => {
  let aws: AwsStandIn;
  const invocations: unknown[] = [];
  const jobs: Promise<unknown>[] = [];
  const reports: JobReport[] = [];
  const servers: Server[] = [];
  let slack: SlackServer;
  let table: TestTable;
  let ingress: typeof IngressHandler;
  let worker: typeof WorkerHandler;
  // Builds the Slack requests; its clock is real time here (the functions use real time).
  const w = new SlackWorld();

  beforeAll(async () => {
    slack = await new SlackServer().start();
    slack.members.set(CHANNEL.id, ['U0ALICE001']);
    table = await createTestTable('slack-fn');
    aws = await new AwsStandIn().start();
    servers.push(
      lambdaService(invocations, (p) => {
        const job = worker(p, context).then((r) => reports.push(r));
        jobs.push(job);
        return job;
      }),
    );
    Object.assign(process.env, aws.endpoints());
    process.env.AWS_ENDPOINT_URL_LAMBDA = await listen(servers[0]!);
    (globalThis as Record<string, unknown>).__INQUIRY_WATCH_SETUP__ = JSON.stringify(toDeployedSetup(config, registry));
    Object.assign(process.env, {
      TABLE_NAME: table.tableName,
      SLACK_SIGNING_SECRET_PARAMETER: SIGNING,
      SLACK_TOKEN_PARAMETER: TOKEN,
      SLACK_WORKER_FUNCTION: 'InquiryWatch-SlackWorker',
      SLACK_API_URL: slack.url,
    });
    ({ handler: ingress } = await import('../../functions/slack-ingress.ts'));
    ({ handler: worker } = await import('../../functions/slack-worker.ts'));
    Object.assign(w, { slack, t: table });
  });
  afterAll(async () => {
    await Promise.all(jobs);
    await Promise.all([slack.stop(), aws.stop(), ...servers.map((s) => new Promise((r) => s.close(r)))]);
  });
  beforeEach(() => {
    w.now = new Date();
  });

  const settle = async () => {
    while (jobs.length) await jobs.shift();
  };

  it('refuses everything while the signing secret parameter is unset, and invokes nothing', async () => {
    // Act
    const out = await ingress(apiEvent('/slack/commands', signedRequest(w.commandBody('find casey'), WORKSPACE.signingSecret, new Date())), context);
    // Assess
    expect(out).toMatchObject({ statusCode: 503 });
    expect(invocations).toEqual([]);
  });

  it('without a bot token answers find, and refuses a correction saying why, changing nothing', async () => {
    // Prepare: the signing secret is set, the token not yet; an alert is in the channel
    aws.parameters.set(SIGNING, WORKSPACE.signingSecret);
    const [item] = (await table.store.ingest([candidate({ entries: ['casey-audit'] })], () => new Date())).newItems;
    await postAlerts();
    // Act
    await send('/slack/commands', w.commandBody('find casey'));
    await send('/slack/interactions', w.clickBody({ itemId: item!.id, verdict: 'not-about' }));
    // Assess
    expect(reports.map((r) => r.outcome)).toEqual(['answered', 'refused:membership-unknown']);
    expect(slack.responses.at(-1)!.body.text).toContain('its Slack bot token is not set; ask a maintainer');
    expect((await table.store.getItem(item!.id))?.inquiries).toEqual(['casey-audit']);
  });

  it('acknowledges a signed click, hands it to the worker asynchronously, and the correction lands', async () => {
    // Prepare: now with the token
    aws.parameters.set(TOKEN, 'xoxb-test');
    const item = (await table.store.getItem(itemIdsIn(slack.delivered(CHANNEL.id)[0]!)[0]!))!;
    const before = invocations.length;
    // Act
    const out = await send('/slack/interactions', w.clickBody({ itemId: item.id, verdict: 'not-about' }));
    // Assess
    expect(out).toMatchObject({ statusCode: 200, body: '' });
    expect(invocations.slice(before)).toEqual([expect.objectContaining({ path: '/2015-03-31/functions/InquiryWatch-SlackWorker/invocations', type: 'Event' })]);
    expect(reports.at(-1)).toEqual({ status: 'done', outcome: 'applied' });
    expect((await table.store.getItem(item.id))?.inquiries).toEqual([]);
    expect(slack.calls.filter((c) => c.method === 'chat.update')).toHaveLength(1);
  });

  it('answers /inquiry status from the board in the table, and a correction re-detects the item there', async () => {
    // Prepare: an item that moves the national inquiry on, recorded on the board as the poll function records it
    const board = new Board(new DynamoBoardStore(table.client, table.tableName), registry);
    const stored = await table.store.ingest([candidate({ entries: ['national-inquiry'], text: 'Lady Smith has been named as the chair of the national inquiry in Scotland.' })], () => new Date());
    await board.afterIngest(stored);
    await postAlerts();
    const asked = () => send('/slack/commands', w.commandBody('status national inquiry')).then(() => JSON.stringify(slack.responses.at(-1)!.body.blocks));
    // Act
    const before = await asked();
    await send('/slack/interactions', w.clickBody({ itemId: stored.newItems[0]!.id, verdict: 'not-about' }));
    const after = await asked();
    // Assess
    expect(before).toContain('Inquiry, *being set up* since 2025-06-16');
    expect(reports.at(-2)).toEqual({ status: 'done', outcome: 'applied' });
    expect(after).toContain('Inquiry, *unknown*');
    expect((await board.entry('national-inquiry')).events).toEqual([]);
  });

  it('takes a plain-text body too, and refuses a replay without invoking again', async () => {
    // Prepare
    const request = signedRequest(w.commandBody('find casey'), WORKSPACE.signingSecret, new Date());
    const before = invocations.length;
    // Act
    const first = await ingress(apiEvent('/slack/commands', request, false), context);
    const again = await ingress(apiEvent('/slack/commands', request, false), context);
    await settle();
    // Assess
    expect([first.statusCode, again.statusCode]).toEqual([200, 409]);
    expect(invocations.length - before).toBe(1);
  });

  /** A signed request through the ingress function, and whatever job it started run to the end. */
  async function send(path: string, body: string) {
    const out = await ingress(apiEvent(path, signedRequest(body, WORKSPACE.signingSecret, new Date())), context);
    await settle();
    return out;
  }

  async function postAlerts() {
    await deliverDigests({
      mode: 'alerts',
      config,
      registry: { entries: ENTRIES },
      store: new DynamoDigestStore(table.client, table.tableName),
      sender: new SlackSender({ token: 'xoxb-test', slackApiUrl: slack.url, minIntervalMs: 0 }),
      now: new Date(),
    });
  }
});

const itemIdsIn = (m: { blocks?: unknown }) => [...JSON.stringify(m.blocks).matchAll(/\|([0-9a-f]{20})\|/g)].map((x) => x[1]!);
