import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReplayServer } from '../../lib/dev/replay-server.ts';
import { AwsStandIn } from '../support/aws-stand-in.ts';
import { createTestTable, type TestTable } from '../support/dynamo.ts';
import { SlackServer } from '../support/slack-server.ts';
import { synthBundles, type BuiltBundle } from './bundles.ts';
import { fixture } from './synth.ts';

const run = promisify(execFile);
const outdir = mkdtempSync(join(process.cwd(), 'cdk.out.test-'));
const CHANNEL = 'C0123456789';
const FEED = (items: string) => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Written statements</title><link>https://statements.example.org/</link><description>t</description>${items}</channel></rss>`;
const STATEMENT = `<item><title>Casey audit: Home Secretary's statement on the national inquiry</title>
<link>https://statements.example.org/casey-audit-statement</link><guid>casey-audit-statement</guid>
<pubDate>Mon, 16 Jun 2025 09:00:00 GMT</pubDate><description>The Casey audit recommendations will all be accepted.</description></item>`;
// Markup as elements, not escaped text: rss-parser would rebuild it with xmlbuilder, which the bundles leave out.
const RAW_MARKUP = `<item><title>Weather: rain spreads east</title><link>https://statements.example.org/weather</link><guid>weather</guid>
<pubDate>Mon, 16 Jun 2025 08:00:00 GMT</pubDate><description><p>Showers later.</p></description></item>`;

type Handler = (event: unknown, context: Context) => Promise<Record<string, unknown>>;

let feeds: ReplayServer;
let aws: AwsStandIn;
let slack: SlackServer;
let table: TestTable;
let bundles: BuiltBundle[];

beforeAll(async () => {
  feeds = new ReplayServer({ '/statements.xml': [{ body: FEED(STATEMENT + RAW_MARKUP), etag: '"v1"', headers: { 'content-type': 'application/rss+xml' } }] });
  const feedBase = await feeds.start();
  [aws, slack, table] = await Promise.all([new AwsStandIn().start(), new SlackServer().start(), createTestTable('bundles')]);
  // A deployment's config, pointing at the loopback feed: it is validated and compiled into the bundles, as by `cdk deploy`.
  const dir = mkdtempSync(join(outdir, 'config-'));
  writeFileSync(join(dir, 'registry.yaml'), 'entries:\n  - { id: casey-audit, type: inquiry, name: Casey audit, match: { aliases: [Casey audit] } }\n');
  writeFileSync(
    join(dir, 'config.yaml'),
    [
      'registry: registry.yaml',
      'alarmEmail: alarms@example.org',
      'sources:',
      `  - { id: statements, type: rss, sourceType: statement, alertOnFirstPoll: true, url: "${feedBase}/statements.xml" }`,
      'subscriptions:',
      `  - { channel: ${CHANNEL}, roundup: { cadence: off } }`,
      // Slack actions on, so their two functions are bundled too.
      'slack: { teamId: T0123456789 }',
    ].join('\n'),
  );
  bundles = synthBundles(outdir, join(dir, 'config.yaml'));
}, 300_000);

afterAll(async () => {
  await Promise.all([feeds.stop(), aws.stop(), slack.stop()]);
  rmSync(outdir, { recursive: true, force: true });
});

/** Imports a bundled handler in this process with the environment its function gets (references resolved to the stand-ins). */
async function load(name: BuiltBundle['name'], extra: Record<string, string> = {}): Promise<Handler> {
  const bundle = bundles.find((b) => b.name === name)!;
  Object.assign(process.env, bundle.env, aws.endpoints(), { TABLE_NAME: table.tableName, POWERTOOLS_LOG_LEVEL: 'SILENT' }, extra);
  return ((await import(`file://${bundle.file}`)) as { handler: Handler }).handler;
}

/**
 * Lambda's async contract, as the schedule and the poll → digest destination use it: an invocation that throws is
 * retried `retries` times, then its event goes to the dead-letter queue. Returns what the last attempt returned.
 */
const deadLetters: unknown[] = [];
async function invokeAsync(handler: Handler, event: unknown, functionName: string, retries: number): Promise<Record<string, unknown> | undefined> {
  const context = { functionName, awsRequestId: `${functionName}-${deadLetters.length}-${Date.now()}`, getRemainingTimeInMillis: () => 120_000 } as unknown as Context;
  for (let attempt = 0; ; attempt++) {
    try {
      return await handler(event, context);
    } catch (err) {
      if (attempt >= retries) {
        deadLetters.push({ functionName, event, error: String(err) });
        return undefined;
      }
    }
  }
}
const onSuccess = (pollResult: unknown) => ({ requestContext: { condition: 'Success' }, requestPayload: { source: 'schedule' }, responsePayload: pollResult });

describe('Bundling', () => {
  // The one synth that runs esbuild (every other infra test skips it), so bundling breakage fails a test.
  it('bundles every function into a minified ESM file under 1 MB that Node can import with its environment', async () => {
    // Act
    const imported = await importAll(bundles);

    // Assess
    expect(Object.fromEntries(imported)).toEqual({ poll: 'function', digest: 'function', query: 'function', 'slack-ingress': 'function', 'slack-worker': 'function' });
    for (const b of bundles) expect(b.bytes, `${b.name} bundle bytes`).toBeLessThan(1_000_000);
  }, 120_000);

  it('bundles the hosted pages\' function (server-rendered JSX) under 1 MB, importable with its environment', async () => {
    // Prepare
    const web = synthBundles(join(outdir, 'web'), fixture('web-config.yaml')).filter((b) => b.name === 'web');
    // Act
    const imported = await importAll(web);
    // Assess
    expect(Object.fromEntries(imported)).toEqual({ web: 'function' });
    expect(web[0]!.bytes).toBeLessThan(1_000_000);
  }, 180_000);

  it('runs the bundled poll, digest (Slack token unset, then set) and query against local stand-ins with no failed invocation, so no dead letter', async () => {
    // Prepare
    // The replay server is on loopback, which the poller refuses unless its port is explicitly allowed.
    const poll = await load('poll', { INQUIRY_WATCH_ALLOW_LOOPBACK_PORTS: String(feeds.port) });
    const digest = await load('digest', { SLACK_API_URL: slack.url });
    const query = await load('query');
    const tokenParameter = bundles.find((b) => b.name === 'digest')!.env.SLACK_TOKEN_PARAMETER!;

    // Act: a fresh deployment: the first poll, then its alerts while the token parameter does not exist yet.
    const firstPoll = await invokeAsync(poll, { source: 'schedule' }, 'poll', 1);
    const unset = await invokeAsync(digest, onSuccess(firstPoll), 'digest', 2);
    const postedWhileUnset = slack.calls.length;
    // The maintainer sets the token; the next (quiet) poll's digest run delivers what waited.
    aws.parameters.set(tokenParameter, 'xoxb-bundle-test');
    const secondPoll = await invokeAsync(poll, { source: 'schedule' }, 'poll', 1);
    const set = await invokeAsync(digest, onSuccess(secondPoll), 'digest', 2);
    const page = await query(apiEvent('/items', { tracked: 'casey-audit' }), { awsRequestId: 'q1' } as Context);

    // Assess
    expect(deadLetters).toEqual([]);
    expect(firstPoll).toMatchObject({ status: 'ok', newItems: 2, newTrackedItems: 1 });
    expect(unset).toMatchObject({ mode: 'alerts', status: 'slack-not-configured', delivered: 0, failed: 0 });
    expect(postedWhileUnset).toBe(0);
    expect(secondPoll).toMatchObject({ status: 'ok', newItems: 0 });
    expect(set).toMatchObject({ mode: 'alerts', status: 'ok', delivered: 1, failed: 0 });
    expect(slack.delivered(CHANNEL).map((m) => m.text).join('\n')).toContain('Casey audit');
    expect(page.statusCode).toBe(200);
    expect((JSON.parse(String(page.body)) as { items: { title: string }[] }).items.map((i) => i.title)).toEqual([
      "Casey audit: Home Secretary's statement on the national inquiry",
    ]);
    // The query function made its own cursor key on its first cold start.
    expect(aws.callsTo('ssm', 'PutParameter').map((c) => [c.params.Name, c.params.Type, c.params.Overwrite])).toEqual([
      [bundles.find((b) => b.name === 'query')!.env.INQUIRY_WATCH_CURSOR_PARAMETER, 'SecureString', false],
    ]);
  }, 120_000);
});

function apiEvent(rawPath: string, query: Record<string, string>): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'GET /{proxy+}',
    rawPath,
    rawQueryString: new URLSearchParams(query).toString(),
    queryStringParameters: query,
    headers: { accept: 'application/json' },
    requestContext: { http: { method: 'GET', path: rawPath } },
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
}

function importAll(bundles: BuiltBundle[]): Promise<string[][]> {
  return Promise.all(
    bundles.map(async (b) => {
      const script = `const m = await import(${JSON.stringify(`file://${b.file}`)}); console.log(typeof m.handler);`;
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
        env: { ...process.env, ...b.env, AWS_REGION: 'eu-west-2', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      });
      return [b.name, stdout.trim()];
    }),
  );
}
