import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { ReplayServer } from '../../lib/dev/replay-server.ts';
import { readFeedFixture } from '../../lib/dev/feed-fixtures.ts';
import { FetchHttpClient } from '../../lib/http/fetcher.ts';
import { pollSource, runCycle, type CycleDeps } from '../../lib/pipeline/cycle.ts';
import { ConfigSchema, type Config } from '../../lib/config/schema.ts';
import { compileRegistry } from '../../lib/classify/classifier.ts';
import { loadRegistry } from '../../lib/registry/registry.ts';
import { createTestTable, type TestTable } from '../support/dynamo.ts';

const compiled = compileRegistry(loadRegistry('config/registry.yaml'));

const rssItem = (guid: string, title: string, date?: string) =>
  `<item><title>${title}</title><link>https://example.org/${guid}</link><guid>${guid}</guid>${date ? `<pubDate>${date}</pubDate>` : ''}<description>x</description></item>`;
const rss = (items: string) => `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>${items}</channel></rss>`;

function configFor(base: string, ids: string[]): Config {
  return ConfigSchema.parse({
    sources: ids.map((id) => ({ id, type: 'rss', url: `${base}/${id}.xml`, timeoutMs: 1500, alertOnFirstPoll: true })),
  });
}

describe('poll cycle under faulty feeds', () => {
  let server: ReplayServer;
  let t: TestTable;
  let deps: CycleDeps;

  beforeEach(async () => {
    t = await createTestTable('cycle');
    server = new ReplayServer();
    await server.start();
    deps = {
      store: t.store,
      http: new FetchHttpClient({ userAgent: 'InquiryWatch-test', backoffMs: 1, allowLoopbackPorts: [server.port] }),
      compiled,
      searchTerms: [],
    };
  });
  afterEach(async () => {
    await server.stop();
  });

  it('ingests the healthy feeds, records each failure readably, and catches up without duplicates once faults clear', async () => {
    // Prepare: one good feed and seven broken ones
    const good = { body: readFeedFixture('bbc-uk.rss.xml'), headers: { 'content-type': 'text/xml' }, etag: '"g1"' };
    const cp1252 = iconv.encode(
      `<?xml version="1.0" encoding="windows-1252"?>${rss(rssItem('w1', 'Oldham\u2019s inquiry costs \u00a35m', 'Tue, 17 Jun 2025 07:30:00 GMT'))}`.replace('<?xml version="1.0" encoding="UTF-8"?>', ''),
      'windows-1252',
    );
    const dupes = rss(rssItem('d1', 'Grooming gangs inquiry chair named at last', 'Mon, 20 Oct 2025 09:00:00 GMT') + rssItem('d1', 'Grooming gangs inquiry chair named at last') + rssItem('d2', 'No date on this one'));
    server.set('/good.xml', good);
    server.set('/down.xml', { status: 500, body: 'boom' });
    server.set('/stall.xml', { body: readFeedFixture('guardian-uk.rss.xml'), fault: { type: 'stall', afterBytes: 300 } });
    server.set('/huge.xml', { body: Buffer.alloc(20 * 1024 * 1024, 0x20) });
    server.set('/malformed.xml', { body: '<rss><channel><item><title>unclosed' });
    server.set('/latin.xml', { body: cp1252, headers: { 'content-type': 'application/xml' } });
    server.set('/loop.xml', { fault: { type: 'redirect-loop' } });
    server.set('/dupes.xml', { body: dupes, headers: { 'content-type': 'application/rss+xml' } });
    const config = configFor(server.url, ['good', 'down', 'stall', 'huge', 'malformed', 'latin', 'loop', 'dupes']);

    // Act
    const first = await runCycle(config, deps);

    // Assess: the cycle is partial, each failure is on its source with a reason a person can read
    expect(first.status).toBe('partial');
    const byId = Object.fromEntries(first.sources.map((s) => [s.sourceId, s]));
    expect(byId.good).toMatchObject({ status: 'ok' });
    expect(byId.good!.newItems).toHaveLength(5);
    expect(byId.down!.error).toMatch(/HTTP 500/);
    expect(byId.stall!.error).toMatch(/no complete response within 1500 ms/);
    expect(byId.huge!.error).toMatch(/exceeds the 5242880-byte limit/);
    expect(byId.malformed!.error).toMatch(/not a readable RSS\/Atom feed/);
    expect(byId.loop!.error).toMatch(/redirect loop/);
    expect(byId.latin!.newItems.map((i) => i.title)).toEqual(['Oldham\u2019s inquiry costs \u00a35m']);
    expect(byId.dupes!.newItems.map((i) => i.title).sort()).toEqual(['Grooming gangs inquiry chair named at last', 'No date on this one']);
    expect(byId.dupes!.duplicates).toBe(1);
    const undated = byId.dupes!.newItems.find((i) => i.title === 'No date on this one')!;
    expect(undated.published).toBe(undated.fetched);
    const downState = await t.store.getSourceState('down');
    expect(downState).toMatchObject({ consecutiveFailures: 1, lastError: expect.stringMatching(/HTTP 500/) });

    // Act: the faults clear
    server.set('/down.xml', { body: rss(rssItem('n1', 'Casey audit recommendations: progress report', 'Wed, 18 Jun 2025 09:00:00 GMT')) });
    server.set('/stall.xml', { body: readFeedFixture('guardian-uk.rss.xml') });
    server.set('/malformed.xml', { body: rss(rssItem('m1', 'Local inquiry framework published', 'Wed, 18 Jun 2025 10:00:00 GMT')) });
    const second = await runCycle(config, deps);

    // Assess: what was missed is ingested, nothing already stored comes back as new
    expect(second.sources.filter((s) => s.status === 'failed').map((s) => s.sourceId).sort()).toEqual(['huge', 'loop']);
    const again = Object.fromEntries(second.sources.map((s) => [s.sourceId, s]));
    expect(again.good).toMatchObject({ status: 'not-modified', writeRequests: 0 });
    expect(again.dupes).toMatchObject({ unchanged: 2, writeRequests: 0 });
    expect(again.down!.newItems).toHaveLength(1);
    expect(again.stall!.newItems).toHaveLength(4);
    expect(again.malformed!.newItems).toHaveLength(1);
    expect(await t.store.getSourceState('down')).toMatchObject({ consecutiveFailures: 0 });
    expect(await t.store.getSourceState('loop')).toMatchObject({ consecutiveFailures: 2 });
  });

  it('archives a new source quietly on its first poll unless it asks to alert', async () => {
    // Prepare
    server.set('/a.xml', { body: rss(rssItem('q1', 'National inquiry into grooming gangs: terms of reference', 'Wed, 18 Jun 2025 09:00:00 GMT')) });
    const config = ConfigSchema.parse({ sources: [{ id: 'a', type: 'rss', url: `${server.url}/a.xml` }] });
    // Act
    const first = await runCycle(config, deps);
    server.set('/a.xml', {
      body: rss(
        rssItem('q1', 'National inquiry into grooming gangs: terms of reference', 'Wed, 18 Jun 2025 09:00:00 GMT') +
          rssItem('q2', 'National inquiry into grooming gangs: survivors panel named', 'Thu, 19 Jun 2025 09:00:00 GMT'),
      ),
    });
    const second = await runCycle(config, deps);
    // Assess
    expect(first.newItems.map((i) => i.quiet)).toEqual([true]);
    expect(second.newItems.map((i) => [i.title, i.quiet])).toEqual([['National inquiry into grooming gangs: survivors panel named', undefined]]);
  });

  it('stores a story carried by two feeds once', async () => {
    // Prepare
    server.set('/uk.xml', { body: readFeedFixture('bbc-uk.rss.xml') });
    server.set('/politics.xml', { body: readFeedFixture('bbc-politics.rss.xml') });
    const config = configFor(server.url, ['uk', 'politics']);
    // Act
    const report = await runCycle(config, deps);
    // Assess: 5 + 3 entries, one of them the same Casey story (bbc.co.uk link, #1 guid)
    expect(report.newItems).toHaveLength(7);
    // Whichever feed is stored second meets the first one's item (fetches run in parallel, so either may be first).
    expect(report.sources.reduce((n, s) => n + s.unchanged, 0)).toBe(1);
    const casey = report.newItems.filter((i) => i.title.startsWith('Casey audit'));
    expect(casey).toHaveLength(1);
    expect(casey[0]!.url).toBe('https://www.bbc.com/news/articles/c9d8e7f6a5b4');
  });

  it('treats a headline the same publisher reuses months later as a new story', async () => {
    // Prepare
    const headline = 'Man jailed for child sexual exploitation offences';
    server.set('/local.xml', { body: rss(rssItem('2025/01/jailed', headline, 'Wed, 15 Jan 2025 09:00:00 GMT')) });
    const config = configFor(server.url, ['local']);
    await runCycle(config, deps);
    // Act
    server.set('/local.xml', { body: rss(rssItem('2025/06/jailed', headline, 'Tue, 10 Jun 2025 09:00:00 GMT')) });
    const later = await runCycle(config, deps);
    // Assess
    expect(later.newItems.map((i) => [i.title, i.url])).toEqual([[headline, 'https://example.org/2025/06/jailed']]);
    expect(later.updatedItems).toEqual([]);
  });

  it('leaves the live source health alone when a backfill chunk fails or succeeds', async () => {
    // Prepare: the live source is failing
    server.set('/bf.xml', { status: 500 });
    const config = configFor(server.url, ['bf']);
    await runCycle(config, deps);
    const window = { since: new Date('2025-06-01T00:00:00Z'), until: new Date('2025-06-02T23:59:59Z') };
    // Act
    await pollSource(config.sources[0]!, deps, { window, quiet: true });
    server.set('/bf.xml', { body: rss(rssItem('b1', 'Casey audit: backfilled story', 'Mon, 02 Jun 2025 09:00:00 GMT')) });
    await pollSource(config.sources[0]!, deps, { window, quiet: true });
    // Assess
    expect(await t.store.getSourceState('bf')).toMatchObject({ consecutiveFailures: 1, itemsStored: 1, lastError: expect.stringMatching(/HTTP 500/) });
  });
});
