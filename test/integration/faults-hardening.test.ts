import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ReplayServer } from '../../lib/dev/replay-server.ts';
import { FetchHttpClient } from '../../lib/http/fetcher.ts';
import { runCycle, type CycleDeps } from '../../lib/pipeline/cycle.ts';
import { ConfigSchema, type SourceConfigOf } from '../../lib/config/schema.ts';
import { compileRegistry } from '../../lib/classify/classifier.ts';
import { loadRegistry } from '../../lib/registry/registry.ts';
import { DynamoArchiveQueries } from '../../lib/adapters/dynamodb/archive-queries.ts';
import { planItemsQuery } from '../../lib/query/plan.ts';
import { runItemsPage } from '../../lib/query/execute.ts';
import { DEV_CURSOR_SECRET, encodeCursor } from '../../lib/query/cursor.ts';
import { startApiServer, type RunningApiServer } from '../../lib/api/node-server.ts';
import { GENERATED_ENTRIES, generateItems, writeGeneratedArchive } from '../support/generated-archive.ts';
import { DynamoFaultProxy } from '../../lib/dev/dynamo-fault-proxy.ts';
import { createDocumentClient } from '../../lib/adapters/dynamodb/client.ts';
import { parseCsv } from '../unit/query/parse-csv.ts';
import type { Item, ItemDraft } from '../../lib/model/item.ts';
import type { Candidate } from '../../lib/store/ports.ts';
import type { SourceAdapter } from '../../lib/sources/types.ts';
import { createTestTable, type TestTable } from '../support/dynamo.ts';
import { auditArchive, rss, rssItem } from './faults-support.ts';

/**
 * Cases from the hostile test of the monitor (issue #12): each reproduced through a whole poll cycle, on real
 * loopback HTTP and DynamoDB Local, asserting what was stored and what was recorded on the source.
 */
const registry = loadRegistry('config/registry.yaml');
const compiled = compileRegistry(registry);
const NOW = new Date('2025-06-16T10:00:00.000Z');
const DATE = 'Mon, 16 Jun 2025 09:00:00 GMT';
const good = (n: number) => Array.from({ length: n }, (_, i) => rssItem(`ok-${i}`, `Casey audit: council ${i} publishes its full response`, DATE)).join('');

describe('hostile feeds and drafts through a whole cycle', () => {
  let server: ReplayServer;
  let internal: ReplayServer;
  let t: TestTable;
  let deps: CycleDeps;

  beforeEach(async () => {
    t = await createTestTable('faults-hard');
    server = new ReplayServer();
    internal = new ReplayServer({ '/latest.xml': { body: rss(rssItem('secret', 'Casey audit: internal-only draft', DATE)) } });
    await server.start();
    await internal.start();
    // Only the feeds' server is allowed, as a public host would be; `internal` stands for this machine's services.
    const http = new FetchHttpClient({ userAgent: 'InquiryWatch-test', backoffMs: 1, allowLoopbackPorts: [server.port] });
    deps = { store: t.store, http, compiled, searchTerms: [], now: () => NOW };
  });
  afterEach(async () => {
    await server.stop();
    await internal.stop();
  });

  const rssConfig = (ids: string[]) =>
    ConfigSchema.parse({ sources: ids.map((id) => ({ id, type: 'rss', url: `${server.url}/${id}.xml`, alertOnFirstPoll: true })) });

  it('refuses a feed that redirects to this machine in IPv4-mapped IPv6, and stores nothing from there', async () => {
    // Prepare: the hostile test's bypass: WHATWG URL turns [::ffff:127.0.0.1] into [::ffff:7f00:1]
    server.set('/evil.xml', { status: 302, headers: { location: `http://[::ffff:127.0.0.1]:${internal.port}/latest.xml` } });
    server.set('/named.xml', { status: 301, headers: { location: `http://localhost:${internal.port}/latest.xml` } });
    server.set('/fine.xml', { body: rss(good(1)) });
    // Act
    const report = await runCycle(rssConfig(['evil', 'named', 'fine']), deps);
    // Assess
    const byId = Object.fromEntries(report.sources.map((s) => [s.sourceId, s]));
    expect(byId.evil).toMatchObject({ status: 'failed', error: expect.stringMatching(/^refusing to connect to ::ffff:7f00:1: IPv4-mapped loopback address/) });
    expect(byId.named).toMatchObject({ status: 'failed', error: expect.stringMatching(/^refusing to connect to localhost \(.*\): loopback address/) });
    expect(byId.fine!.status).toBe('ok');
    expect(internal.requests).toHaveLength(0);
    expect((await auditArchive(t.client, t.tableName)).items.map((i) => i.sourceId)).toEqual(['fine']);
  });

  it('stores a feed whose one entry nests 3,000 tags and whose other bad entry has an unexpected shape, skipping only that one', async () => {
    // Prepare: 20 good entries; one 21 KB description of nested <b> (it overflowed the stack, failing the whole
    // feed on every poll); one entry whose <link> and <dc:creator> are elements, not text
    const nested = `&lt;p&gt;${'&lt;b&gt;'.repeat(3000)}Casey audit findings${'&lt;/b&gt;'.repeat(3000)}&lt;/p&gt;`;
    const odd = `<item><title>Casey audit: odd entry</title><link><a>https://news.example.org/odd</a></link><dc:creator><name>x</name></dc:creator><guid>odd</guid><pubDate>${DATE}</pubDate></item>`;
    server.set('/mixed.xml', { body: rss(good(20) + rssItem('deep', 'Casey audit: deeply nested markup', DATE, nested) + odd) });
    // Act
    const report = await runCycle(rssConfig(['mixed']), deps);
    // Assess
    const [source] = report.sources;
    expect(source!.status).toBe('ok');
    expect(source!.newItems).toHaveLength(21);
    expect(source!.newItems.find((i) => i.title === 'Casey audit: deeply nested markup')?.text).toBe('Casey audit findings');
    expect(source!.warnings).toEqual([expect.stringMatching(/^entry 22 skipped: TypeError: /)]);
    expect((await auditArchive(t.client, t.tableName)).problems).toEqual([]);
  });

  it('stores every entry of an Atom feed with XHTML text, 100,000 nested elements in one summary and an unreadable date in another', async () => {
    // Prepare: each of these failed the whole feed: the date with a RangeError, the XHTML through a recursive XML
    // builder (a stack overflow when deep, and in Lambda not bundled at all)
    const entry = (id: string, inner: string) => `<entry><id>${id}</id><link href="https://www.gov.uk/${id}"/>${inner}</entry>`;
    const xhtml = (body: string) => `<div xmlns="http://www.w3.org/1999/xhtml">${body}</div>`;
    const atom = `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>GOV.UK</title>${[
      entry('xhtml', `<title>Casey audit: the government response</title><updated>2025-06-16T08:00:00Z</updated><content type="xhtml">${xhtml('<p>All 12 recommendations accepted &amp; a national inquiry.</p><p>Terms of reference follow.</p>')}</content>`),
      entry('deep', `<title type="xhtml">${xhtml('Casey audit: deep')}</title><updated>2025-06-16T08:30:00Z</updated><summary type="xhtml">${'<div>'.repeat(100_000)}Casey audit findings${'</div>'.repeat(100_000)}</summary>`),
      entry('undated', '<title>Casey audit: undated notice</title><updated>last Tuesday</updated>'),
    ].join('')}</feed>`;
    server.set('/govuk.xml', { body: atom, headers: { 'content-type': 'application/atom+xml' } });
    // Act
    const report = await runCycle(rssConfig(['govuk']), deps);
    // Assess
    const [source] = report.sources;
    expect(source!.status).toBe('ok');
    const stored = Object.fromEntries(source!.newItems.map((i) => [i.url.split('/').pop(), i]));
    expect(stored.xhtml).toMatchObject({ title: 'Casey audit: the government response', text: 'All 12 recommendations accepted & a national inquiry. Terms of reference follow.', published: '2025-06-16T08:00:00.000Z' });
    expect(stored.deep).toMatchObject({ title: 'Casey audit: deep', text: 'Casey audit findings' });
    expect(stored.undated).toMatchObject({ title: 'Casey audit: undated notice', published: NOW.toISOString() });
    expect(source!.warnings).toContain('"Casey audit: undated notice": unreadable updated date "last Tuesday", ignored');
  });

  /** A source of any type whose adapter hands the pipeline these drafts. */
  const draftsFrom = (drafts: ItemDraft[]): CycleDeps => {
    const adapter: SourceAdapter<SourceConfigOf<'hansard'>> = { type: 'hansard', poll: async () => ({ notModified: false, drafts, pages: 1, bytes: 0, warnings: [] }) };
    return { ...deps, adapters: { hansard: adapter } };
  };
  const draft = (n: number, over: Partial<ItemDraft> = {}): ItemDraft => ({
    sourceId: 'parl',
    sourceType: 'hansard',
    title: `Casey audit debated, contribution ${n}`,
    url: `https://hansard.parliament.uk/x/${n}`,
    published: '2025-06-16T09:00:00.000Z',
    text: 'Baroness Casey published her national audit on group-based child sexual exploitation.',
    nativeIds: { id: String(n) },
    dedupKeys: [`hansard:${n}`],
    ...over,
  });
  const parlConfig = ConfigSchema.parse({ sources: [{ id: 'parl', type: 'hansard', alertOnFirstPoll: true }] });

  it('skips a draft the pipeline cannot store (a malformed draft), for any source type, and stores the rest', async () => {
    // Prepare: an adapter bug hands over a draft without text
    const broken = { ...draft(2), text: undefined } as unknown as ItemDraft;
    // Act
    const report = await runCycle(parlConfig, draftsFrom([draft(1), broken, draft(3)]));
    // Assess
    const [source] = report.sources;
    expect(source!.error).toBeUndefined();
    expect(source!.newItems.map((i) => i.title).sort()).toEqual(['Casey audit debated, contribution 1', 'Casey audit debated, contribution 3']);
    expect(source!.warnings).toEqual([expect.stringMatching(/^"Casey audit debated, contribution 2" skipped: DraftError: text: Invalid input: expected string, received undefined$/)]);
  });

  it('bounds a draft with hundreds of kilobytes of ids, keys and attribution, and stores it beside the others', async () => {
    // Prepare: 600 native ids of 1 KB, 300 dedup keys, a 300 KB attribution and URL: far past DynamoDB's 400 KB
    const huge = draft(2, {
      nativeIds: Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`k${i}`, 'v'.repeat(1000)])),
      dedupKeys: Array.from({ length: 300 }, (_, i) => `hansard:2:${i}:${'x'.repeat(300)}`),
      attribution: 'a'.repeat(300_000),
      url: `https://hansard.parliament.uk/${'p'.repeat(300_000)}`,
    });
    // Act
    const report = await runCycle(parlConfig, draftsFrom([draft(1), huge, draft(3)]));
    // Assess
    const [source] = report.sources;
    expect(source!.status).toBe('ok');
    expect(source!.newItems).toHaveLength(3);
    const stored = await t.store.getItem(source!.newItems.find((i) => i.title.endsWith(' 2'))!.id);
    expect(Buffer.byteLength(JSON.stringify(stored))).toBeLessThan(300_000);
  });

  it('dates an item from year −1, year 1 or next week at fetch time with a warning, so every query finds it', async () => {
    // Prepare
    const drafts = [
      draft(1, { published: '-000001-06-16T09:00:00.000Z' }),
      draft(2, { published: '0001-01-01T00:00:00.000Z' }),
      draft(3, { published: new Date(NOW.getTime() + 7 * 86_400_000).toISOString() }),
      draft(4, { published: 'yesterday' }),
      draft(5, { published: '2025-06-16T09:00:00Z' }),
    ];
    // Act
    const report = await runCycle(parlConfig, draftsFrom(drafts));
    // Assess: the four bad dates fall back to the fetch time, the good one is kept (in the one ISO form)
    const [source] = report.sources;
    const byTitle = Object.fromEntries(source!.newItems.map((i) => [i.title.slice(-1), i.published]));
    expect(byTitle).toEqual({ 1: NOW.toISOString(), 2: NOW.toISOString(), 3: NOW.toISOString(), 4: NOW.toISOString(), 5: '2025-06-16T09:00:00.000Z' });
    expect(source!.warnings).toHaveLength(4);
    expect(source!.warnings[0]).toMatch(/"Casey audit debated, contribution 1": published "-000001-06-16T09:00:00.000Z" is outside 1990 … 2 days after fetching, using fetch time/);
    const reader = new DynamoArchiveQueries(t.client, t.tableName);
    const page = await runItemsPage(planItemsQuery({ source: 'parl', limit: '50' }, { entryIds: registry.entries.map((e) => e.id), cursorSecret: 's' }), reader, 's');
    expect(page.rows).toHaveLength(5);
  });
});

describe('the query API under forged input', () => {
  let server: RunningApiServer;
  const formula = '=HYPERLINK("https://evil.example/x","Casey audit")';
  /** A formula only where a spreadsheet in a `;` locale starts a new cell. */
  const semicolonFormula = 'Casey audit;=HYPERLINK("https://evil.example/x","more")';

  beforeAll(async () => {
    const t = await createTestTable('faults-api');
    const items = generateItems(3, 12).map((i, n) => ({ ...i, sourceId: 'feed', title: n === 0 ? formula : n === 1 ? semicolonFormula : i.title }));
    await writeGeneratedArchive(t.client, t.tableName, items);
    server = await startApiServer({
      reader: new DynamoArchiveQueries(t.client, t.tableName),
      registry: { version: 'reg-test', entries: [{ id: 'casey-audit', type: 'inquiry', name: 'Casey audit' }] },
      cursorSecret: DEV_CURSOR_SECRET,
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers 400, not 500, to a cursor forged with the public development key', async () => {
    // Prepare: the fingerprint of the query is recomputed by planning it, as an attacker could
    const plan = planItemsQuery({ source: 'feed' }, { entryIds: ['casey-audit'], cursorSecret: DEV_CURSOR_SECRET });
    const forged = ['x#y', 'KIND#news#0123456789abcdef0123'].map((p) => encodeCursor(p, plan.fingerprint, DEV_CURSOR_SECRET));
    // Act
    const responses = await Promise.all(forged.map((c) => fetch(`${server.url}/items?source=feed&cursor=${c}`)));
    // Assess
    expect(responses.map((r) => r.status)).toEqual([400, 400]);
    expect(await responses[0]!.json()).toMatchObject({ param: 'cursor' });
  });

  it('neutralises formula cells in ?format=csv, and writes them as stored with raw=true', async () => {
    // Act
    const safe = parseCsv(await (await fetch(`${server.url}/items?source=feed&format=csv`)).text());
    const raw = parseCsv(await (await fetch(`${server.url}/items?source=feed&format=csv&raw=true`)).text());
    // Assess
    expect(safe.map((r) => r[4])).toContain(`'${formula}`);
    expect(safe.map((r) => r[4])).not.toContain(formula);
    expect(raw.map((r) => r[4])).toContain(formula);
  });

  it('neutralises a formula after a `;` inside a cell in ?format=csv, for spreadsheets in `;` locales', async () => {
    // Act
    const body = await (await fetch(`${server.url}/items?source=feed&format=csv`)).text();
    // Assess: a `;` locale splits the line at each `;`: no piece starts a formula
    expect(parseCsv(body).map((r) => r[4])).toContain(`Casey audit;'=HYPERLINK("https://evil.example/x","more")`);
    expect(body.split(/[;\r\n]/).filter((piece) => /^[\s"]*[=+\-@]/.test(piece))).toEqual([]);
  });
});

describe('an item revised on every poll', () => {
  it('keeps the newest versions in full and summarises the rest, so GET /items/{id} stays small', async () => {
    // Prepare: the same story (same URL and guid) retitled 40 times, with 20 KB of text each time
    const t = await createTestTable('faults-versions');
    const revision = (n: number): Candidate => ({
      draft: {
        sourceId: 'feed',
        sourceType: 'news',
        title: `Casey audit: live updates, revision ${n}`,
        url: 'https://news.example.org/live',
        published: '2025-06-16T09:00:00.000Z',
        text: `Revision ${n}. ${'Baroness Casey published her national audit. '.repeat(450)}`,
        nativeIds: { guid: 'live' },
        dedupKeys: ['url:https://news.example.org/live', 'guid:news.example.org:live'],
      },
      classification: { inquiries: ['casey-audit'], commitments: [], kind: 'news', evidence: [] },
      fetched: new Date(Date.UTC(2025, 5, 16, 9, n)).toISOString(),
      quiet: false,
    });
    // Act
    for (let n = 1; n <= 40; n++) await t.store.ingest([revision(n)]);
    const server = await startApiServer({
      reader: new DynamoArchiveQueries(t.client, t.tableName),
      registry: { version: 'reg-test', entries: [{ id: 'casey-audit', type: 'inquiry', name: 'Casey audit' }] },
      cursorSecret: 'test-secret',
    });
    const stored = (await auditArchive(t.client, t.tableName)).items[0]!;
    const res = await fetch(`${server.url}/items/${stored.id}`);
    const text = await res.text();
    const body = JSON.parse(text) as { item: Item; versions: Item[]; olderVersions: unknown };
    const bytes = Buffer.byteLength(text);
    await server.close();
    // Assess: version 40 current, 39..30 in full, 1..29 summarised with their dates
    expect(body.item.version).toBe(40);
    expect(body.versions.map((v) => v.version)).toEqual([39, 38, 37, 36, 35, 34, 33, 32, 31, 30]);
    expect(body.olderVersions).toEqual({
      count: 29,
      firstVersion: 1,
      lastVersion: 29,
      firstFetched: revision(1).fetched,
      lastFetched: revision(29).fetched,
    });
    // 11 full versions of ~20 KB; without the cap 40 were returned (and 80 reached Lambda's 6 MB limit)
    expect(bytes).toBeGreaterThan(200_000);
    expect(bytes).toBeLessThan(300_000);
  }, 120_000);
});

describe('GET /tracked with a very large registry', () => {
  it('answers from one Query, entries without items counted as 0, however many entries there are', async () => {
    // Prepare: 5,001 entries, items for two of them; every DynamoDB call counted by the proxy in between
    const t = await createTestTable('faults-tracked');
    await writeGeneratedArchive(t.client, t.tableName, generateItems(60, 5));
    const proxy = new DynamoFaultProxy(process.env.AWS_ENDPOINT_URL_DYNAMODB!);
    await proxy.start();
    const client = createDocumentClient({ endpoint: proxy.url });
    const entries = [...GENERATED_ENTRIES, ...Array.from({ length: 5_001 - GENERATED_ENTRIES.length }, (_, i) => `entry-${i}`)];
    const server = await startApiServer({
      reader: new DynamoArchiveQueries(client, t.tableName),
      registry: { version: 'reg-test', entries: entries.map((id) => ({ id, type: 'inquiry' as const, name: id })) },
      cursorSecret: 'test-secret',
    });
    // Act
    const body = (await (await fetch(`${server.url}/tracked`)).json()) as { entries: { id: string; items: number }[] };
    await server.close();
    await proxy.stop();
    // Assess
    expect(proxy.calls.map((c) => c.operation)).toEqual(['Query']);
    expect(body.entries).toHaveLength(5_001);
    expect(body.entries.filter((e) => e.items > 0).map((e) => e.id).sort()).toEqual([...GENERATED_ENTRIES].sort());
    expect(body.entries.find((e) => e.id === 'entry-77')).toEqual({ id: 'entry-77', type: 'inquiry', name: 'entry-77', items: 0 });
  });
});
