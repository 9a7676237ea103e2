import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { ReplayServer, type ReplayRoute } from '../../lib/dev/replay-server.ts';
import { FetchHttpClient } from '../../lib/http/fetcher.ts';
import { runCycle, type CycleDeps } from '../../lib/pipeline/cycle.ts';
import { ConfigSchema, SubscriptionSchema } from '../../lib/config/schema.ts';
import { compileRegistry } from '../../lib/classify/classifier.ts';
import { loadRegistry } from '../../lib/registry/registry.ts';
import { DynamoDigestStore } from '../../lib/adapters/dynamodb/digest-store.ts';
import { SlackSender } from '../../lib/adapters/slack/slack-sender.ts';
import { deliverDigests } from '../../lib/digest/deliver.ts';
import { createTestTable, type TestTable } from '../support/dynamo.ts';
import { SlackServer, type SlackCall } from '../support/slack-server.ts';
import { auditArchive, rss, rssItem } from './faults-support.ts';

const registry = loadRegistry('config/registry.yaml');
const compiled = compileRegistry(registry);
const NOW = new Date('2025-06-16T10:00:00.000Z');
/** One tracked story per feed; the title differs too, or feeds on the same host would be one story. */
const feed = (guid: string) => rss(rssItem(guid, `Casey audit: council ${guid} publishes its response in full`, 'Mon, 16 Jun 2025 09:00:00 GMT'));

describe('source faults through a whole cycle', () => {
  let server: ReplayServer;
  let t: TestTable;
  let waits: number[];
  let deps: CycleDeps;

  beforeEach(async () => {
    t = await createTestTable('faults-src');
    server = new ReplayServer();
    await server.start();
    waits = [];
    // Waits are recorded, not slept: Retry-After is checked without the test waiting for it.
    const http = new FetchHttpClient({ userAgent: 'InquiryWatch-test', backoffMs: 1, sleep: async (ms) => void waits.push(ms), allowLoopbackPorts: [server.port] });
    deps = { store: t.store, http, compiled, searchTerms: [], now: () => NOW };
  });
  afterEach(async () => {
    await server.stop();
  });

  const run = (routes: Record<string, ReplayRoute>, extra: Record<string, unknown> = {}) => {
    for (const [id, route] of Object.entries(routes)) server.set(`/${id}.xml`, route);
    const config = ConfigSchema.parse({
      sources: Object.keys(routes).map((id) => ({ id, type: 'rss', url: `${server.url}/${id}.xml`, alertOnFirstPoll: true, timeoutMs: 3000, ...extra })),
    });
    return runCycle(config, deps);
  };

  it('rides out a reset, a 429 with Retry-After and two 503s within the cycle, and records a feed that keeps resetting', async () => {
    // Prepare
    const routes: Record<string, ReplayRoute> = {
      reset: [{ fault: { type: 'reset' } }, { body: feed('r1') }],
      limited: [{ status: 429, headers: { 'retry-after': '7' }, body: 'slow down' }, { body: feed('l1') }],
      busy: [{ status: 503 }, { status: 503 }, { body: feed('b1') }],
      dead: { fault: { type: 'reset' } },
    };
    // Act
    const report = await run(routes);
    // Assess: three recovered in the same cycle, one failed with a readable reason; each story stored once
    const byId = Object.fromEntries(report.sources.map((s) => [s.sourceId, s]));
    expect(report.status).toBe('partial');
    expect(['reset', 'limited', 'busy'].map((id) => [byId[id]!.status, byId[id]!.newItems.length])).toEqual([
      ['ok', 1],
      ['ok', 1],
      ['ok', 1],
    ]);
    expect(waits).toContain(7000);
    expect(['reset', 'limited', 'busy', 'dead'].map((id) => server.requestsTo(`/${id}.xml`).length)).toEqual([2, 2, 3, 3]);
    expect(byId.dead).toMatchObject({ status: 'failed', error: expect.stringMatching(/^connection closed by the server before it answered fetching http:.*\/dead\.xml$/) });
    expect(await t.store.getSourceState('dead')).toMatchObject({ consecutiveFailures: 1, lastError: byId.dead!.error });
    const audit = await auditArchive(t.client, t.tableName);
    expect(audit.problems).toEqual([]);
    expect(audit.items.map((i) => i.sourceId).sort()).toEqual(['busy', 'limited', 'reset']);
  });

  it('refuses a gzip bomb after reading past the size cap, small on the wire, without touching the other feeds', async () => {
    // Prepare: 40 MB of feed compresses to about 40 KB
    const bomb = Buffer.concat([Buffer.from(feed('x1').replace('</channel></rss>', '')), Buffer.alloc(40 * 1024 * 1024, 0x20), Buffer.from('</channel></rss>')]);
    // Act
    const report = await run({ bomb: { body: bomb, gzip: true }, fine: { body: feed('f1') } });
    // Assess
    const [bombed, fine] = report.sources;
    expect(bombed).toMatchObject({ status: 'failed', error: expect.stringMatching(/exceeds the 5242880-byte limit/) });
    expect(server.requestsTo('/bomb.xml')[0]!.bytesSent).toBeLessThan(200_000);
    expect(fine!.newItems).toHaveLength(1);
    expect((await auditArchive(t.client, t.tableName)).items.map((i) => i.sourceId)).toEqual(['fine']);
  });

  it('keeps invalid UTF-8 in a declared UTF-8 feed as replacement characters, and reads an undeclared windows-1252 feed as windows-1252 with a warning', async () => {
    // Prepare: one UTF-8 feed with two stray bytes; one windows-1252 feed with no charset in the header or the prolog
    const [head, tail] = rss(rssItem('u1', 'Casey audit: council £5m response MARK ends here', 'Mon, 16 Jun 2025 09:00:00 GMT')).split('MARK');
    const broken = Buffer.concat([Buffer.from(head!, 'utf8'), Buffer.from([0xff, 0xfe]), Buffer.from(tail!, 'utf8')]);
    const cp1252 = iconv.encode(
      `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>${rssItem('l1', 'Café owner’s £5 evidence to the grooming gangs inquiry', 'Mon, 16 Jun 2025 09:00:00 GMT')}</channel></rss>`,
      'windows-1252',
    );
    // Act
    const report = await run({
      broken: { body: broken, headers: { 'content-type': 'application/rss+xml; charset=utf-8' } },
      latin: { body: cp1252, headers: { 'content-type': 'application/xml' } },
    });
    // Assess: both stored; the declared feed keeps U+FFFD for its bad bytes, the undeclared one decodes cleanly and says why
    const [b, l] = report.sources;
    expect(b!.newItems.map((i) => i.title)).toEqual(['Casey audit: council £5m response \uFFFD\uFFFD ends here']);
    expect(b!.warnings).toEqual([]);
    expect(l!.newItems.map((i) => i.title)).toEqual(['Café owner’s £5 evidence to the grooming gangs inquiry']);
    expect(l!.warnings).toEqual(['no charset declared and the body is not valid UTF-8: decoded as windows-1252']);
    const stored = await t.store.getItem(l!.newItems[0]!.id);
    expect(stored?.title).toBe('Café owner’s £5 evidence to the grooming gangs inquiry');
    expect(stored?.inquiries).toContain('national-inquiry');
  });

  it('dates an entry from the future at fetch time and says so, keeping a date just ahead of the clock', async () => {
    // Prepare
    const body = rss(
      rssItem('f1', 'Casey audit: the response due in 2031', 'Mon, 16 Jun 2031 09:00:00 GMT') +
        rssItem('f2', 'Casey audit: council replies this morning', 'Mon, 16 Jun 2025 10:30:00 GMT'),
    );
    // Act
    const report = await run({ future: { body } });
    // Assess
    const [source] = report.sources;
    const byTitle = Object.fromEntries(source!.newItems.map((i) => [i.title, i.published]));
    expect(byTitle).toEqual({
      'Casey audit: the response due in 2031': NOW.toISOString(),
      'Casey audit: council replies this morning': '2025-06-16T10:30:00.000Z',
    });
    expect(source!.warnings).toEqual([expect.stringMatching(/"Casey audit: the response due in 2031": date .* is in the future, using fetch time/)]);
    const stored = await t.store.getItem(source!.newItems.find((i) => i.title.includes('2031'))!.id);
    expect(stored?.published).toBe(NOW.toISOString());
  });

  describe('script and Slack control sequences in a feed', () => {
    let slack: SlackServer;
    beforeEach(async () => {
      slack = await new SlackServer().start();
    });
    afterEach(async () => {
      await slack.stop();
    });

    /** Every string Slack would render: the fallback text and each block's text. */
    const rendered = (c: SlackCall) => [c.params.text ?? '', ...(c.blocks ?? []).flatMap((b) => [b.text?.text ?? '', ...(b.elements ?? []).map((e) => e.text)])];
    /** What is left once the links we built (`<http…|label>`) are taken out: it must hold no control character. */
    const outsideLinks = (s: string) => s.replace(/<https?:\/\/[^\s<>|]+\|[^<>|]*>/g, '');

    it('archives the titles as published and delivers them to Slack only escaped', async () => {
      // Prepare: escaped once inside the XML (so the title text itself holds the sequences), and as raw markup in CDATA
      const hostile = '&lt;script&gt;alert(1)&lt;/script&gt; Casey audit statement &lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.example|click here&gt; Q&amp;A';
      const body = rss(
        rssItem('h1', hostile.replace(/&/g, '&amp;'), 'Mon, 16 Jun 2025 09:00:00 GMT', 'Home Office response to the Casey audit &amp;lt;!here&amp;gt; &amp;lt;@U999&amp;gt; on grooming gangs.') +
          rssItem('h2', '<![CDATA[<script>alert(2)</script>National inquiry chair <!channel> named <@U123> <https://evil.example|x>]]>', 'Mon, 16 Jun 2025 09:30:00 GMT'),
      );
      server.set('/official.xml', { body });
      const config = ConfigSchema.parse({
        sources: [{ id: 'official', type: 'rss', url: `${server.url}/official.xml`, sourceType: 'statement', alertOnFirstPoll: true }],
        subscriptions: [SubscriptionSchema.parse({ channel: 'C1' })],
      });
      // Act
      const report = await runCycle(config, deps);
      const delivery = await deliverDigests({
        mode: 'alerts',
        config,
        registry,
        store: new DynamoDigestStore(t.client, t.tableName),
        sender: new SlackSender({ token: 'xoxb-test', slackApiUrl: slack.url, minIntervalMs: 0, backoffMs: 1 }),
        now: new Date(NOW.getTime() + 60_000),
      });
      // Assess: the archive keeps the title's own characters
      const titles = report.newItems.map((i) => i.title);
      const literal = '<script>alert(1)</script> Casey audit statement <!channel> <@U123> <https://evil.example|click here> Q&A';
      expect(titles).toContain(literal);
      expect((await t.store.getItem(report.newItems.find((i) => i.title === literal)!.id))?.title).toBe(literal);
      // The CDATA entry is read as HTML: its tags are stripped (the script with its content), the words kept
      const cdata = titles.find((x) => x !== literal)!;
      expect(cdata).toMatch(/^National inquiry chair .*named/);
      expect(cdata).not.toContain('alert(2)');
      // Slack received both, with every control sequence inert
      expect(delivery.status).toBe('ok');
      const posts = slack.posts('C1');
      expect(posts.length).toBeGreaterThan(0);
      const all = posts.flatMap(rendered);
      const joined = all.join('\n');
      for (const raw of ['<script', '<!channel>', '<!here>', '<@U123>', '<@U999>', '<https://evil']) expect(joined).not.toContain(raw);
      expect(joined).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(joined).toContain('&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.example¦click here&gt; Q&amp;A');
      expect(joined).toContain('National inquiry chair');
      for (const s of all) {
        expect(outsideLinks(s)).not.toMatch(/[<>]/);
        expect(s).not.toMatch(/&(?!amp;|lt;|gt;)/);
      }
    });
  });
});
