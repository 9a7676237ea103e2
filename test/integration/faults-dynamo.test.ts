import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../lib/adapters/dynamodb/client.ts';
import { DynamoArchiveStore } from '../../lib/adapters/dynamodb/archive-store.ts';
import { DynamoFaultProxy } from '../../lib/dev/dynamo-fault-proxy.ts';
import { ReplayServer } from '../../lib/dev/replay-server.ts';
import { FetchHttpClient } from '../../lib/http/fetcher.ts';
import { runCycle, type CycleDeps } from '../../lib/pipeline/cycle.ts';
import { ConfigSchema } from '../../lib/config/schema.ts';
import { compileRegistry } from '../../lib/classify/classifier.ts';
import { loadRegistry } from '../../lib/registry/registry.ts';
import { ItemEntity } from '../../lib/store/entities/item-entity.ts';
import type { Candidate } from '../../lib/store/ports.ts';
import { createTestTable, type TestTable } from '../support/dynamo.ts';
import { auditArchive, rss, rssItem, trackedFeed } from './faults-support.ts';

const compiled = compileRegistry(loadRegistry('config/registry.yaml'));
const DYNAMO_ITEM_LIMIT = 400 * 1024;

let seq = 0;
function candidate(over: Partial<Candidate['draft']> = {}, classification?: Partial<Candidate['classification']>): Candidate {
  const n = ++seq;
  const url = `https://news.example.org/story/${n}`;
  return {
    draft: {
      sourceId: 'feed',
      sourceType: 'news',
      title: `Casey audit: story ${n}`,
      url,
      published: '2025-06-16T09:00:00.000Z',
      text: 'Baroness Casey published her national audit.',
      nativeIds: { guid: `g${n}` },
      dedupKeys: [`url:${url}`, `guid:news.example.org:g${n}`],
      ...over,
    },
    classification: {
      inquiries: ['casey-audit'],
      commitments: [],
      kind: 'news',
      evidence: [{ id: 'casey-audit', phrases: [{ phrase: 'Casey audit', offset: 0 }], snippet: 'Baroness Casey published', score: 2 }],
      ...classification,
    },
    fetched: '2025-06-16T09:05:00.000Z',
    quiet: false,
  };
}

describe('the archive under DynamoDB throttling, partial batches and outages', () => {
  let t: TestTable;
  let proxy: DynamoFaultProxy;
  let store: DynamoArchiveStore;
  let feeds: ReplayServer;

  beforeEach(async () => {
    t = await createTestTable('faults');
    proxy = new DynamoFaultProxy(process.env.AWS_ENDPOINT_URL_DYNAMODB!);
    await proxy.start();
    // Two attempts per call: the SDK's real retry strategy (throttling backoff from 500 ms), short enough for a test.
    store = new DynamoArchiveStore(createDocumentClient({ endpoint: proxy.url, maxAttempts: 2 }), t.tableName);
    feeds = new ReplayServer();
    await feeds.start();
  });
  afterEach(async () => {
    await proxy.stop();
    await feeds.stop();
  });

  const deps = (): CycleDeps => ({ store, http: new FetchHttpClient({ userAgent: 'InquiryWatch-test', backoffMs: 1, allowLoopbackPorts: [feeds.port] }), compiled, searchTerms: [] });
  const configFor = (...ids: string[]) =>
    ConfigSchema.parse({ sources: ids.map((id) => ({ id, type: 'rss', url: `${feeds.url}/${id}.xml`, alertOnFirstPoll: true })) });

  it('stores every item once when writes and reads are throttled, the SDK retrying them', async () => {
    // Prepare: 30 tracked stories are 120 writes (item, two aliases, one timeline record each): 5 batches
    const batch = Array.from({ length: 30 }, () => candidate());
    proxy.throttle('BatchWriteItem', 1, { skip: 2 });
    proxy.throttle('BatchGetItem', 1, { type: 'ThrottlingException' });
    proxy.throttle('GetItem', 1, { type: 'ThrottlingException' });
    // Act
    const result = await store.ingest(batch);
    const one = await store.getItem(result.newItems[0]!.id);
    // Assess
    expect(proxy.count('BatchWriteItem', 'throttled')).toBe(1);
    expect(proxy.count('BatchGetItem', 'throttled')).toBe(1);
    expect(proxy.count('GetItem', 'throttled')).toBe(1);
    // The SDK's own retries are invisible to the store: it counts the requests that got through (120 writes in
    // 5 batches, and the entry's counter update)
    expect(result).toMatchObject({ unchanged: 0, duplicates: 0, writeRequests: 6 });
    expect(proxy.count('BatchWriteItem', 'forwarded') + proxy.count('UpdateItem', 'forwarded')).toBe(6);
    expect(result.newItems).toHaveLength(30);
    expect(one?.title).toBe(batch[0]!.draft.title);
    const audit = await auditArchive(t.client, t.tableName);
    expect(audit.problems).toEqual([]);
    expect(audit.items.map((i) => i.title).sort()).toEqual(batch.map((c) => c.draft.title).sort());
  });

  it('records and skips the one item DynamoDB refuses, storing the rest of its feed, on this and every later cycle', async () => {
    // Prepare: DynamoDB answers ValidationException for any write carrying one story (as it does for an item it
    // cannot take); before, the whole feed failed on every poll
    feeds.set('/mixed.xml', { body: trackedFeed('mixed', 12) });
    proxy.refuse('mixed council 7 responds');
    // Act
    const first = await runCycle(configFor('mixed'), deps());
    const second = await runCycle(configFor('mixed'), deps());
    // Assess
    const [source] = first.sources;
    expect(source!.status).toBe('ok');
    expect(source!.newItems).toHaveLength(11);
    expect(source!.warnings).toEqual(['"National inquiry into grooming gangs: mixed council 7 respon" not stored: DynamoDB refused the write: One or more parameter values were invalid (fault proxy)']);
    expect(second.sources[0]).toMatchObject({ status: 'ok', newItems: [], unchanged: 11, warnings: [expect.stringMatching(/council 7 respon" not stored/)] });
    const audit = await auditArchive(t.client, t.tableName);
    expect(audit.problems).toEqual([]);
    expect(audit.items).toHaveLength(11);
  });

  it('retries unprocessed batch items until every one is written, and never re-sends a processed one', async () => {
    // Prepare: DynamoDB processes only half of each of the first six batches
    const batch = Array.from({ length: 30 }, () => candidate());
    proxy.partial('BatchWriteItem', 6, 0.5);
    // Act
    const result = await store.ingest(batch);
    // Assess: 120 writes, each forwarded exactly once; the report counts every BatchWriteItem actually sent
    const partial = proxy.calls.filter((c) => c.operation === 'BatchWriteItem' && c.outcome === 'partial');
    expect(partial).toHaveLength(6);
    expect(partial.every((c) => c.unprocessed! > 0)).toBe(true);
    expect(proxy.forwardedPuts).toHaveLength(120);
    expect(new Set(proxy.forwardedPuts).size).toBe(120);
    expect(result.writeRequests).toBe(proxy.count('BatchWriteItem') + proxy.count('UpdateItem'));
    expect(result.newItems).toHaveLength(30);
    const audit = await auditArchive(t.client, t.tableName);
    expect(audit.problems).toEqual([]);
    expect(audit.items).toHaveLength(30);
  });

  it('reads every alias despite unprocessed keys, so a re-ingest writes nothing and duplicates nothing', async () => {
    // Prepare
    const batch = Array.from({ length: 30 }, () => candidate());
    await store.ingest(batch);
    const putsBefore = proxy.forwardedPuts.length;
    proxy.partial('BatchGetItem', 5, 0.5);
    // Act
    const again = await store.ingest(batch.map((c) => ({ ...c, fetched: '2025-06-16T09:20:00.000Z' })));
    // Assess
    expect(proxy.count('BatchGetItem', 'partial')).toBe(5);
    expect(again).toMatchObject({ newItems: [], updatedItems: [], unchanged: 30, writeRequests: 0 });
    expect(proxy.forwardedPuts.length).toBe(putsBefore);
    expect((await auditArchive(t.client, t.tableName)).items).toHaveLength(30);
  });

  it('fails a source cleanly on a throttling storm past the retries, then the next cycle completes it without duplicates', async () => {
    // Prepare: 12 stories are 60+ writes; the first batch lands, the others are throttled past every retry
    feeds.set('/council.xml', { body: trackedFeed('council', 12) });
    const config = configFor('council');
    proxy.throttle('BatchWriteItem', 100, { skip: 1 });
    // Act
    const first = await runCycle(config, deps());
    await proxy.settled();
    const torn = await auditArchive(t.client, t.tableName);
    const second = await runCycle(config, { ...deps(), store: t.store });
    // Assess: the failure is on the source, readable, and counted; the retry stores the rest
    expect(first.status).toBe('partial');
    expect(first.sources[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/ProvisionedThroughputExceeded/) });
    expect(await t.store.getSourceState('council')).toMatchObject({ consecutiveFailures: 0 });
    expect(torn.items.length).toBeGreaterThan(0);
    expect(torn.items.length).toBeLessThan(12);
    expect(second.status).toBe('ok');
    const audit = await auditArchive(t.client, t.tableName);
    expect(audit.problems).toEqual([]);
    expect(audit.items).toHaveLength(12);
    expect(second.sources[0]!.newItems.length + second.sources[0]!.unchanged).toBe(12);
  });

  it('fails the cycle cleanly when the database goes away between two batches, and the next run stores the rest once', async () => {
    // Prepare: a healthy source first, then one whose ingest is cut after its first batch
    feeds.set('/early.xml', { body: rss(rssItem('e1', 'National inquiry into grooming gangs: survivors panel named', 'Mon, 16 Jun 2025 07:00:00 GMT')) });
    feeds.set('/council.xml', { body: trackedFeed('council', 12), delayMs: 200 });
    const config = configFor('early', 'council');
    proxy.outage({ operation: 'BatchWriteItem', count: 2 });
    // Act
    const cut = await runCycle(config, deps());
    await proxy.settled();
    const torn = await auditArchive(t.client, t.tableName);
    // The next run is a new process: the dead run's retries still in flight never land.
    const next = await runCycle(config, { ...deps(), store: t.store });
    // Assess: the cut run says what happened without throwing; nothing it wrote is lost or doubled
    expect(cut.status).toBe('failed');
    const byId = Object.fromEntries(cut.sources.map((s) => [s.sourceId, s]));
    expect(byId.early).toMatchObject({ status: 'ok' });
    expect(byId.early!.newItems).toHaveLength(1);
    expect(byId.council).toMatchObject({ status: 'failed', error: expect.stringMatching(/ECONNRESET|socket hang up/) });
    expect(byId.council!.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^state not saved/), expect.stringMatching(/^cycle record not written/)]));
    expect(torn.items.length).toBeGreaterThan(1);
    expect(torn.items.length).toBeLessThan(13);
    expect(next.status).toBe('ok');
    const audit = await auditArchive(t.client, t.tableName);
    expect(audit.problems).toEqual([]);
    expect(audit.items).toHaveLength(13);
    expect(await t.store.latestCycle()).toMatchObject({ status: 'ok' });
  });

  it('keeps a 400 KB+ story under the item limit: text and title truncated, evidence bounded, item stored', async () => {
    // Prepare: 1 MB of text, a 300 KB title, 200 matched entries each with 40 phrases and a snippet
    const huge = candidate(
      { title: `Casey audit ${'headline '.repeat(33_000)}`, text: `Baroness Casey ${'report text '.repeat(90_000)}` },
      {
        inquiries: Array.from({ length: 200 }, (_, i) => `entry-${i}`),
        evidence: Array.from({ length: 200 }, (_, i) => ({
          id: `entry-${i}`,
          phrases: Array.from({ length: 40 }, (_, j) => ({ phrase: `national audit phrase ${j}`, offset: j * 30 })),
          snippet: 'Baroness Casey published her national audit on group-based child sexual exploitation, '.repeat(3),
          score: 1,
        })),
      },
    );
    // Act
    const result = await store.ingest([huge]);
    // Assess
    expect(result.newItems).toHaveLength(1);
    const id = result.newItems[0]!.id;
    const raw = await t.client.send(new GetCommand({ TableName: t.tableName, Key: ItemEntity.key(id) }));
    expect(Buffer.byteLength(JSON.stringify(raw.Item))).toBeLessThan(DYNAMO_ITEM_LIMIT);
    const stored = ItemEntity.fromItem(raw.Item!);
    expect(stored.text.endsWith(' […]')).toBe(true);
    expect(stored.text.startsWith('Baroness Casey report text')).toBe(true);
    expect(stored.title.endsWith(' […]')).toBe(true);
    expect(stored.evidence.length).toBeLessThanOrEqual(25);
    const audit = await auditArchive(t.client, t.tableName);
    expect(audit.problems).toEqual([]);
  });

  it('stores a feed entry with a megabyte of text, a huge title, guid and author, and the small entry beside it', async () => {
    // Prepare: one oversized entry in every field a feed controls, and an ordinary one in the same batch
    const description = `&lt;p&gt;Baroness Casey ${'national audit findings '.repeat(45_000)}&lt;/p&gt;`;
    const oversized =
      `<item><title>Casey audit: ${'a very long headline '.repeat(5_000)}</title><link>https://news.example.org/big</link>` +
      `<guid isPermaLink="false">${'g'.repeat(150_000)}</guid><dc:creator>${'Reporter '.repeat(25_000)}</dc:creator>` +
      `<pubDate>Mon, 16 Jun 2025 07:00:00 GMT</pubDate><description>${description}</description></item>`;
    const body = rss(oversized + rssItem('small', 'Casey audit: the council responds in full', 'Mon, 16 Jun 2025 08:00:00 GMT')).replace(
      '<rss version="2.0">',
      '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    );
    feeds.set('/big.xml', { body });
    // Act
    const report = await runCycle(configFor('big'), deps());
    const again = await runCycle(configFor('big'), deps());
    // Assess
    expect([report.sources[0]!.status, report.sources[0]!.error]).toEqual(['ok', undefined]);
    expect(report.newItems).toHaveLength(2);
    const big = report.newItems.find((i) => i.url.endsWith('/big'))!;
    const raw = await t.client.send(new GetCommand({ TableName: t.tableName, Key: ItemEntity.key(big.id) }));
    expect(Buffer.byteLength(JSON.stringify(raw.Item))).toBeLessThan(DYNAMO_ITEM_LIMIT);
    const stored = ItemEntity.fromItem(raw.Item!);
    expect(Buffer.byteLength(stored.text)).toBeLessThanOrEqual(100_000);
    expect(stored.text.endsWith(' […]')).toBe(true);
    expect(stored.title.length).toBeLessThanOrEqual(1000);
    expect(stored.inquiries).toContain('casey-audit');
    expect(again.sources[0]).toMatchObject({ status: 'ok', unchanged: 2, writeRequests: 0 });
    expect((await auditArchive(t.client, t.tableName)).problems).toEqual([]);
  });
});
