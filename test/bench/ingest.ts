/**
 * End-to-end ingest on DynamoDB Local: HTTP fetch → parse → classify → stored, then the same feeds again.
 * Feeds are synthetic RSS in the BBC shape served by the loopback replay server.
 */
import { ReplayServer, type ReplayRoute } from '../../lib/dev/replay-server.ts';
import { startDynamoLocal } from '../../lib/adapters/dynamodb/local.ts';
import { createDocumentClient, ensureTable } from '../../lib/adapters/dynamodb/client.ts';
import { DynamoArchiveStore } from '../../lib/adapters/dynamodb/archive-store.ts';
import { FetchHttpClient } from '../../lib/http/fetcher.ts';
import { runCycle, type CycleReport } from '../../lib/pipeline/cycle.ts';
import { ConfigSchema } from '../../lib/config/schema.ts';
import { compileRegistry } from '../../lib/classify/classifier.ts';
import { loadRegistry } from '../../lib/registry/registry.ts';

type Row = { metric: string; value: number | string; unit?: string; note?: string };

const FEEDS = 50;
const ITEMS_PER_FEED = 20;

const TOPICS = [
  'Baroness Casey’s national audit on group-based child sexual exploitation found police ignored victims',
  'The statutory national inquiry into grooming gangs will have powers to compel witnesses',
  'Ministers confirmed adults who have sex with under-16s will always be charged with rape',
  'Police forces must record the ethnicity and nationality of suspects in child sexual abuse cases',
  'The council tax rise was approved by councillors after a long debate about bin collections',
  'The Southport inquiry heard evidence from the families of the victims this week',
];

function feedXml(feed: number): string {
  const items = Array.from({ length: ITEMS_PER_FEED }, (_, i) => {
    const id = `${feed}-${i}`;
    const topic = TOPICS[(feed + i) % TOPICS.length]!;
    const body = `${topic}. ${'Further reporting and reaction from campaigners, survivors and MPs. '.repeat(12)}`;
    return `<item><title><![CDATA[Story ${id}: ${topic.slice(0, 60)}]]></title><description><![CDATA[${body}]]></description>
<link>https://www.bbc.com/news/articles/bench${id}?at_medium=RSS&amp;at_campaign=rss</link>
<guid isPermaLink="false">https://www.bbc.com/news/articles/bench${id}#0</guid><pubDate>Mon, 16 Jun 2025 ${String(i % 24).padStart(2, '0')}:00:00 GMT</pubDate></item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Feed ${feed}</title>${items.join('')}</channel></rss>`;
}

const sum = (r: CycleReport, f: (s: CycleReport['sources'][number]) => number) => r.sources.reduce((n, s) => n + f(s), 0);

export async function bench(): Promise<{ section: string; rows: Row[] }> {
  const db = await startDynamoLocal();
  const server = new ReplayServer();
  const routes: Record<string, ReplayRoute> = {};
  for (let f = 0; f < FEEDS; f++) {
    routes[`/etag/${f}.xml`] = { body: feedXml(f), etag: `"f${f}"`, headers: { 'content-type': 'text/xml; charset=utf-8' } };
    routes[`/plain/${f}.xml`] = { body: feedXml(f), headers: { 'content-type': 'text/xml; charset=utf-8' } };
  }
  for (const [path, route] of Object.entries(routes)) server.set(path, route);
  await server.start();
  const client = createDocumentClient({ endpoint: db.endpoint });
  try {
    const compiled = compileRegistry(loadRegistry('config/registry.yaml'));
    const configFor = (kind: string) =>
      ConfigSchema.parse({
        sources: Array.from({ length: FEEDS }, (_, f) => ({ id: `${kind}-${f}`, type: 'rss', url: `${server.url}/${kind}/${f}.xml` })),
      });
    const run = async (table: string, kind: string) => {
      await ensureTable(client, table);
      const deps = { store: new DynamoArchiveStore(client, table), http: new FetchHttpClient({ userAgent: 'bench', allowLoopbackPorts: [server.port] }), compiled, searchTerms: [] };
      return { deps, config: configFor(kind) };
    };

    // Cold archive: every item is new.
    const etag = await run('bench-etag', 'etag');
    const t0 = performance.now();
    const first = await runCycle(etag.config, etag.deps);
    const firstMs = performance.now() - t0;
    const newItems = first.newItems.length;

    // The same 50 feeds again, answering 304.
    const requestsBefore = server.requests.length;
    const t1 = performance.now();
    const noChange = await runCycle(etag.config, etag.deps);
    const noChangeMs = performance.now() - t1;
    const noChangeRequests = server.requests.slice(requestsBefore);

    // Feeds without validators: full bodies come back unchanged.
    const plain = await run('bench-plain', 'plain');
    await runCycle(plain.config, plain.deps);
    const unchanged = await runCycle(plain.config, plain.deps);
    const unchangedItems = sum(unchanged, (s) => s.unchanged);

    return {
      section: 'End-to-end ingest (DynamoDB Local, loopback HTTP)',
      rows: [
        { metric: `ingest throughput, ${FEEDS} feeds × ${ITEMS_PER_FEED} new items (~1 KB)`, value: Math.round(newItems / (firstMs / 1000)), unit: 'items/s', note: `${newItems} items in ${(firstMs / 1000).toFixed(2)} s, fetch to stored` },
        { metric: 'DynamoDB write requests per new item', value: +(sum(first, (s) => s.writeRequests) / newItems).toFixed(3), note: `target ≤ 1.2; BatchWriteItem of 25 counts once (+ ${sum(first, (s) => s.stateWrites)} source-state writes, 1 cycle record)` },
        { metric: 'DynamoDB write requests per unchanged item (200, same content)', value: +(sum(unchanged, (s) => s.writeRequests) / Math.max(1, unchangedItems)).toFixed(3), note: `target 0; ${unchangedItems} unchanged items, ${sum(unchanged, (s) => s.stateWrites)} state writes` },
        { metric: `no-change cycle of ${FEEDS} feeds: body bytes received`, value: noChangeRequests.reduce((n, r) => n + r.bytesSent, 0), unit: 'B', note: `${noChangeRequests.filter((r) => r.status === 304).length}/${noChangeRequests.length} answered 304 (headers only)` },
        { metric: `no-change cycle of ${FEEDS} feeds: DynamoDB writes`, value: sum(noChange, (s) => s.writeRequests + s.stateWrites) + 1, note: 'item + source-state writes, plus the one cycle record' },
        { metric: `no-change cycle of ${FEEDS} feeds: duration`, value: Math.round(noChangeMs), unit: 'ms' },
      ],
    };
  } finally {
    client.destroy();
    await server.stop();
    await db.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await bench(), null, 2));
