import type { Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoRunLeaseStore } from '../../lib/adapters/dynamodb/run-lease-store.ts';
import { lambdaHolder } from '../../lib/lease/holder.ts';
import { ReplayServer } from '../../lib/dev/replay-server.ts';
import { ConfigSchema } from '../../lib/config/schema.ts';
import { checkRegistry, RegistryFileSchema } from '../../lib/registry/registry.ts';
import { toDeployedSetup } from '../../infra/deployed-setup.ts';
import { createTestTable, type TestTable } from '../support/dynamo.ts';
import type { PollResult } from '../../functions/poll.ts';

const FEED = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Test news</title><link>https://news.example.org/</link><description>t</description>
<item><title>Casey audit: Home Office publishes progress report</title><link>https://news.example.org/casey-progress</link>
<guid>casey-progress</guid><pubDate>Mon, 16 Jun 2025 09:00:00 GMT</pubDate>
<description>The Casey audit recommendations are being implemented, the Home Office said.</description></item>
<item><title>Weather: rain spreads east</title><link>https://news.example.org/weather</link>
<guid>weather</guid><pubDate>Mon, 16 Jun 2025 08:00:00 GMT</pubDate><description>Showers later.</description></item>
</channel></rss>`;

const context = (requestId = 'test-request') =>
  ({ functionName: 'inquiry-watch-poll', awsRequestId: requestId, getRemainingTimeInMillis: () => 60_000 }) as unknown as Context;

let server: ReplayServer;
let table: TestTable;
let handler: (event: unknown, context: Context) => Promise<PollResult>;
let output: string[] = [];
const warnings = () => output.flatMap((l) => (l.startsWith('{') ? [JSON.parse(l) as { level: string; message: string }] : [])).filter((l) => l.level === 'WARN');

beforeAll(async () => {
  server = new ReplayServer({
    '/news.xml': { body: FEED, etag: '"v1"', headers: { 'content-type': 'application/rss+xml' } },
    '/broken.xml': { status: 404, body: 'gone' },
  });
  const base = await server.start();
  table = await createTestTable('poll-handler');
  const config = ConfigSchema.parse({
    failureAlertAfter: 2,
    sources: [
      { id: 'news', type: 'rss', url: `${base}/news.xml`, alertOnFirstPoll: true },
      { id: 'broken', type: 'rss', url: `${base}/broken.xml` },
    ],
  });
  const registry = checkRegistry({
    file: 'registry.yaml',
    ...RegistryFileSchema.parse({
      entries: [{ id: 'casey-audit', type: 'inquiry', name: 'Casey audit', match: { aliases: ['Casey audit'] } }],
    }),
  });
  // What esbuild's `define` puts in the bundle, set by hand because this test imports the source.
  (globalThis as Record<string, unknown>).__INQUIRY_WATCH_SETUP__ = JSON.stringify(toDeployedSetup(config, registry));
  process.env.TABLE_NAME = table.tableName;
  // The handler builds its fetcher at import: the replay server's port is the one loopback port it may reach.
  process.env.INQUIRY_WATCH_ALLOW_LOOPBACK_PORTS = String(server.port);
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  process.env.POWERTOOLS_LOG_LEVEL = 'WARN';
  for (const level of ['info', 'warn', 'error'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void output.push(String(args[0])));
  }
  ({ handler } = await import('../../functions/poll.ts'));
});

afterEach(() => {
  output = [];
});

afterAll(async () => {
  vi.restoreAllMocks();
  await server.stop();
});

describe('Function: poll', () => {
  it('runs a cycle from the embedded setup, stores items and reports new tracked items for the digest', async () => {
    // Prepare: the setup, table and feeds from beforeAll

    // Act
    const result = await handler({ source: 'schedule' }, context());

    // Assess
    expect(result).toMatchObject({ status: 'partial', newItems: 2, newTrackedItems: 1, failedSources: ['broken'], failingSources: [] });
    const states = await table.store.listSourceStates();
    expect(states.find((s) => s.sourceId === 'news')?.itemsStored).toBe(2);
    expect(states.find((s) => s.sourceId === 'broken')?.consecutiveFailures).toBe(1);
  });

  it('names a source as failing once it has failed failureAlertAfter cycles in a row, and reports nothing new on a 304', async () => {
    // Prepare: the first cycle has run (tests in this file share the handler's cold start, as Lambda would)

    // Act
    const result = await handler({ source: 'schedule' }, context());

    // Assess
    expect(result).toMatchObject({ newItems: 0, newTrackedItems: 0, failedSources: ['broken'], failingSources: ['broken'] });
    expect(server.requestsTo('/news.xml').at(-1)?.status).toBe(304);
  });

  it('runs one of two concurrent invocations; the other returns at once (no retry, no dead letter), saying which holds the lease', async () => {
    // Act
    const results = await Promise.all([handler({ source: 'schedule' }, context('req-a')), handler({ source: 'schedule' }, context('req-b'))]);

    // Assess
    const busy = results.filter((r) => r.status === 'busy');
    const ran = results.filter((r) => r.status !== 'busy');
    expect([busy.length, ran.length]).toEqual([1, 1]);
    const winner = results[0]!.status === 'busy' ? 'req-b' : 'req-a';
    expect(busy[0]!.busy).toMatch(new RegExp(`^a poll cycle is already running: Lambda inquiry-watch-poll, request ${winner} \\(since .* UTC; lease until .* UTC\\)`));
    expect(warnings().filter((w) => w.message.startsWith('poll cycle skipped: a poll cycle is already running'))).toHaveLength(1);
    expect(server.requestsTo('/news.xml')).toHaveLength(3);
  });

  it('takes over the lease of an invocation that timed out, and logs whose it was', async () => {
    // Prepare: an invocation died at its deadline a minute ago, still "holding" the lease.
    const leases = new DynamoRunLeaseStore(table.client, table.tableName);
    const died = Date.now() - 60_000;
    await leases.tryAcquire(
      { name: 'poll', holder: lambdaHolder('inquiry-watch-poll', 'req-timed-out'), startedAt: new Date(died - 570_000).toISOString(), until: new Date(died).toISOString() },
      new Date(died - 570_000).toISOString(),
    );

    // Act
    const result = await handler({ source: 'schedule' }, context('req-next'));

    // Assess
    expect(result.status).not.toBe('busy');
    expect(warnings().map((w) => w.message)).toContainEqual(
      expect.stringMatching(/^took over the poll cycle lease of Lambda inquiry-watch-poll, request req-timed-out, started .* UTC: it expired at .* UTC$/),
    );
    expect((await leases.read('poll')).lastRun).toMatchObject({ holder: 'Lambda inquiry-watch-poll, request req-next', outcome: 'partial' });
  });

  it('stops fetching at the deadline it leaves itself before Lambda\'s, and records the cycle with every source out of time', async () => {
    // Prepare: an invocation with no time left to fetch (a cycle whose sources took it all)
    const requests = server.requests.length;
    const outOfTime = { ...context('req-late'), getRemainingTimeInMillis: () => 0 } as Context;

    // Act
    const result = await handler({ source: 'schedule' }, outOfTime);

    // Assess
    expect(result).toMatchObject({ status: 'partial', newItems: 0, failedSources: ['news', 'broken'] });
    expect(server.requests.length).toBe(requests);
    const states = await table.store.listSourceStates();
    expect(states.find((s) => s.sourceId === 'news')?.lastError).toMatch(/out of time .* the poll's deadline has passed/);
    const cycle = await table.store.latestCycle();
    expect(cycle?.sources.map((c) => [c.sourceId, c.status])).toEqual([['news', 'failed'], ['broken', 'failed']]);
  });
});
