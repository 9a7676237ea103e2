import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { SourceSchema, type SourceConfig } from '../../lib/config/schema.ts';
import { FetchHttpClient } from '../../lib/http/fetcher.ts';
import { ReplayServer } from '../../lib/dev/replay-server.ts';
import { hansardSearchRoute, parliamentRoutes } from '../../lib/dev/parliament-fixtures.ts';
import { createDocumentClient, ensureTable } from '../../lib/adapters/dynamodb/client.ts';
import { DynamoArchiveStore } from '../../lib/adapters/dynamodb/archive-store.ts';
import { DynamoBackfillStore } from '../../lib/adapters/dynamodb/backfill-store.ts';
import { startDynamoLocal } from '../../lib/adapters/dynamodb/local.ts';
import { ADAPTERS } from '../../lib/sources/index.ts';
import type { SourceAdapter } from '../../lib/sources/types.ts';
import { runBackfill } from '../../lib/pipeline/backfill.ts';
import { loadRegistry, registrySearchTerms } from '../../lib/registry/registry.ts';
import { compileRegistry } from '../../lib/classify/classifier.ts';

type Row = { metric: string; value: number | string; unit?: string; note?: string };

const PREFIX = { hansard: '/hansard-api', 'written-statements': '/questions-statements-api', 'written-questions': '/questions-statements-api', committees: '/committees-api', 'govuk-search': '/govuk' } as const;
const BACKFILL_DAYS = Number(process.env.BENCH_BACKFILL_DAYS ?? 60);
const PER_DAY = Number(process.env.BENCH_BACKFILL_PER_DAY ?? 40);

/**
 * Parliament and GOV.UK sources on the loopback fixture server: requests one live poll makes with the real
 * registry's search terms (the cost that `minIntervalMinutes` bounds), and backfill throughput into an
 * in-memory DynamoDB Local (one search term, PER_DAY contributions a day over BACKFILL_DAYS days, day chunks).
 */
export async function bench(): Promise<{ section: string; rows: Row[] }> {
  const rows: Row[] = [];
  const server = new ReplayServer(parliamentRoutes());
  const url = await server.start();
  const http = new FetchHttpClient({ userAgent: 'InquiryWatch-bench/0.1', backoffMs: 1, allowLoopbackPorts: [server.port] });
  const registry = loadRegistry('config/registry.yaml');
  const terms = registrySearchTerms(registry);
  const savedEndpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  const db = await startDynamoLocal();
  process.env.AWS_ENDPOINT_URL_DYNAMODB = db.endpoint;
  const client = createDocumentClient();
  try {
    for (const [type, prefix] of Object.entries(PREFIX)) {
      const source = SourceSchema.parse({ id: type, type, baseUrl: url + prefix }) as SourceConfig;
      server.requests.length = 0;
      const t0 = performance.now();
      const out = await (ADAPTERS[source.type] as SourceAdapter).poll({ source, state: undefined, http, now: new Date(), searchTerms: terms });
      const ms = performance.now() - t0;
      rows.push({ metric: `${type}: requests per live poll`, value: server.requests.length, note: `${terms.length} search terms, ${out.drafts.length} drafts, ${ms.toFixed(0)} ms on loopback` });
    }

    const contributions = Array.from({ length: BACKFILL_DAYS * PER_DAY }, (_, i) => {
      const day = new Date(Date.UTC(2025, 0, 1) + Math.floor(i / PER_DAY) * 86_400_000).toISOString().slice(0, 10);
      // The real search body's shape: every key present (see ../shared/samples/real).
      return {
        MemberName: `Member ${i % 97}`,
        MemberId: 1000 + (i % 97),
        AttributedTo: `Member ${i % 97} (Lab)`,
        ItemId: 70000000 + i,
        ContributionExtId: `EXT-${i}`,
        ContributionText: ` Contribution ${i} on the national inquiry into grooming gangs & the Casey audit, £${i}.`,
        ContributionTextFull: `Contribution ${i} on the national inquiry into grooming gangs &amp; the Casey audit, £${i}.`,
        HRSTag: 'hs_para',
        HansardSection: 'AB-AC',
        Timecode: null,
        DebateSection: `Grooming Gangs ${day}`,
        DebateSectionId: 5400000 + Math.floor(i / PER_DAY),
        DebateSectionExtId: `SECTION-${day}`,
        SittingDate: `${day}T00:00:00`,
        Section: 'Commons Chamber',
        House: 'Commons',
        OrderInDebateSection: (i % PER_DAY) + 2,
        DebateSectionOrder: 5,
        Rank: 1,
      };
    });
    const byDay = (u: URL, hit: number) => {
      const from = u.searchParams.get('queryParameters.startDate')!;
      const to = u.searchParams.get('queryParameters.endDate')!;
      return hansardSearchRoute(contributions.filter((c) => c.SittingDate.slice(0, 10) >= from && c.SittingDate.slice(0, 10) <= to), 'Spoken')(u, hit);
    };
    server.set('/hansard-api/search/contributions/Spoken.json', byDay);
    server.set('/hansard-api/search/contributions/Written.json', hansardSearchRoute([], 'Written'));
    server.set('/hansard-api/search/debates.json', hansardSearchRoute([], 'debates'));
    await ensureTable(client, 'bench-backfill');
    const source = SourceSchema.parse({ id: 'hansard', type: 'hansard', baseUrl: `${url}/hansard-api`, pageSize: 20 }) as SourceConfig;
    const deps = {
      store: new DynamoArchiveStore(client, 'bench-backfill'),
      http,
      compiled: compileRegistry(registry),
      searchTerms: ['grooming gangs'],
      progress: new DynamoBackfillStore(client, 'bench-backfill'),
    };
    const until = new Date(Date.UTC(2025, 0, BACKFILL_DAYS)).toISOString().slice(0, 10);
    const t0 = performance.now();
    const record = await runBackfill(source, deps, { since: '2025-01-01', until, chunk: 'day' });
    const seconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    const again = await runBackfill(source, deps, { since: '2025-01-01', until, chunk: 'day', restart: true });
    const againSeconds = (performance.now() - t1) / 1000;
    rows.push(
      { metric: 'backfill: items stored', value: record.newItems, note: `${BACKFILL_DAYS} day chunks, ${record.pages} pages` },
      { metric: 'backfill: first load', value: Number((record.newItems / seconds).toFixed(1)), unit: 'items/s', note: `${seconds.toFixed(1)} s` },
      { metric: 'backfill: re-run over stored items', value: Number((again.items / againSeconds).toFixed(1)), unit: 'items/s', note: `${again.newItems} new; ratio to first load ${(seconds / againSeconds).toFixed(2)}× faster (no writes)` },
    );
  } finally {
    client.destroy();
    await db.stop();
    if (savedEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
    else process.env.AWS_ENDPOINT_URL_DYNAMODB = savedEndpoint;
    await server.stop();
  }
  return { section: 'Parliament and GOV.UK sources, backfill', rows };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { section, rows } = await bench();
  console.log(section);
  for (const r of rows) console.log(`  ${r.metric}: ${r.value}${r.unit ? ` ${r.unit}` : ''}${r.note ? `  (${r.note})` : ''}`);
}
