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
import { classify, compileRegistry, type CompiledRegistry } from '../../lib/classify/classifier.ts';
import { parliamentDay, parliamentDayRoutes, REAL_DAY, type DayRecord, type ParliamentDay } from '../../lib/dev/parliament-day.ts';
import { prefilterFor } from '../../lib/sources/prefilter.ts';
import type { ItemDraft } from '../../lib/model/item.ts';
import type { SourceState } from '../../lib/store/entities/source-state-entity.ts';

type Row = { metric: string; value: number | string; unit?: string; note?: string };

const PREFIX = { hansard: '/hansard-api', 'written-statements': '/questions-statements-api', 'written-questions': '/questions-statements-api', committees: '/committees-api', 'govuk-search': '/govuk' } as const;
const BACKFILL_DAYS = Number(process.env.BENCH_BACKFILL_DAYS ?? 60);
const PER_DAY = Number(process.env.BENCH_BACKFILL_PER_DAY ?? 40);

/**
 * Parliament and GOV.UK sources on the loopback fixture server. First a simulated sitting day of real-shaped traffic
 * (lib/dev/parliament-day.ts at REAL_DAY volumes, after two days already published), polled every 15 minutes as the
 * schedule does, once with the search-term design (`read: search`, the registry's search terms, at most hourly) and
 * once reading whole streams (statements, committees, GOV.UK every cycle; questions and Hansard in two stages, hourly):
 * requests per day per source, recall of the day's relevant records, and the delay from publication to the poll that
 * stores the record tracked (its alert goes out at the end of that cycle). Then backfill throughput into an in-memory
 * DynamoDB Local (one search term, PER_DAY contributions a day over BACKFILL_DAYS days, day chunks).
 */
export async function bench(): Promise<{ section: string; rows: Row[] }> {
  const rows: Row[] = [];
  const registry = loadRegistry('config/registry.yaml');
  const compiled = compileRegistry(registry);
  rows.push(...(await simulateDay(compiled, registrySearchTerms(registry))));
  const server = new ReplayServer(parliamentRoutes());
  const url = await server.start();
  const http = new FetchHttpClient({ userAgent: 'InquiryWatch-bench/0.1', backoffMs: 1, allowLoopbackPorts: [server.port] });
  const savedEndpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  const db = await startDynamoLocal();
  process.env.AWS_ENDPOINT_URL_DYNAMODB = db.endpoint;
  const client = createDocumentClient();
  try {
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
    const source = SourceSchema.parse({ id: 'hansard', type: 'hansard', baseUrl: `${url}/hansard-api`, pageSize: 20, read: 'search' }) as SourceConfig;
    const deps = {
      store: new DynamoArchiveStore(client, 'bench-backfill'),
      http,
      compiled,
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
  return { section: 'Parliament and GOV.UK sources: a day of polling before and after, backfill', rows };
}

const DAY = '2025-06-18';
const CYCLE_MINUTES = 15;
/** Source settings as config/inquiry-watch.yaml has them. */
const SETTINGS: Record<keyof typeof PREFIX, Record<string, unknown>> = {
  'written-statements': {},
  committees: {},
  'govuk-search': { organisations: ['home-office'] },
  'written-questions': { pageSize: 100 },
  hansard: { pageSize: 100 },
};
/** How a draft is recognised as one of the day's records (as in test/integration/sources-recall.test.ts). */
const RECORDS: Record<keyof typeof PREFIX, { of: (d: ParliamentDay) => DayRecord<Record<string, any>>[]; id: (r: Record<string, any>) => string; draftId: (d: ItemDraft) => string | undefined; path: RegExp }> = {
  'written-statements': { of: (d) => d.statements, id: (r) => String(r.id), draftId: (d) => d.nativeIds.id, path: /writtenstatements/ },
  'written-questions': { of: (d) => d.questions, id: (r) => String(r.id), draftId: (d) => d.nativeIds.id, path: /writtenquestions/ },
  hansard: { of: (d) => d.spoken, id: (r) => r.ContributionExtId, draftId: (d) => d.nativeIds.contributionExtId, path: /^\/hansard-api/ },
  committees: { of: (d) => d.publications, id: (r) => String(r.id), draftId: (d) => d.nativeIds.publicationId, path: /^\/committees-api/ },
  'govuk-search': { of: (d) => d.govuk, id: (r) => r.result.link, draftId: (d) => d.nativeIds.link, path: /^\/govuk/ },
};

/** One simulated day of 15-minute cycles per design: requests, recall and publication-to-alert delay per source. */
async function simulateDay(compiled: CompiledRegistry, searchTerms: string[]): Promise<Row[]> {
  const days = [parliamentDay('2025-06-16', REAL_DAY, 1), parliamentDay('2025-06-17', REAL_DAY, 2), parliamentDay(DAY, REAL_DAY, 0)];
  const start = Date.parse(`${DAY}T00:00:00+01:00`);
  const clock = { now: new Date(start) };
  const server = new ReplayServer(parliamentDayRoutes(days, clock));
  const url = await server.start();
  const http = new FetchHttpClient({ userAgent: 'InquiryWatch-bench/0.1', backoffMs: 1, allowLoopbackPorts: [server.port] });
  const prefilter = prefilterFor(compiled);
  const rows: Row[] = [];
  try {
    const results: Record<string, Record<string, { requests: number; found: number; relevant: number; delays: number[] }>> = {};
    for (const read of ['search', 'whole'] as const) {
      results[read] = {};
      for (const [type, prefix] of Object.entries(PREFIX) as [keyof typeof PREFIX, string][]) {
        const source = SourceSchema.parse({ id: type, type, baseUrl: url + prefix, read, ...SETTINGS[type] }) as SourceConfig;
        const adapter = ADAPTERS[source.type] as SourceAdapter;
        const spec = RECORDS[type];
        const published = new Map(spec.of(days[2]!).map((r) => [spec.id(r.record), Date.parse(r.at)]));
        const relevant = new Set(spec.of(days[2]!).filter((r) => r.relevant).map((r) => spec.id(r.record)));
        const handedOver = new Map<string, number>();
        const found = new Set<string>();
        const polls: number[] = [];
        let state: SourceState | undefined;
        let requests = 0;
        // A warm-up poll just before the day (its cost is the day before's), then one poll per cycle.
        for (let cycle = -1; cycle < (24 * 60) / CYCLE_MINUTES; cycle++) {
          clock.now = new Date(start + cycle * CYCLE_MINUTES * 60_000);
          server.requests.length = 0;
          const outcome = await adapter.poll({ source, state, http, now: clock.now, searchTerms, prefilter });
          if (cycle >= 0) requests += server.requests.filter((r) => spec.path.test(r.path)).length;
          if (outcome.notModified) continue;
          polls.push(clock.now.getTime());
          state = { sourceId: type, consecutiveFailures: 0, itemsStored: 0, ...state, cursor: outcome.cursor ?? state?.cursor };
          for (const d of outcome.drafts) {
            const id = spec.draftId(d);
            if (!id || !published.has(id) || handedOver.has(id)) continue;
            handedOver.set(id, clock.now.getTime());
            const c = classify({ title: d.title, text: d.text, sourceUrl: d.url, sourceType: d.sourceType, published: d.published, kindHint: d.kindHint }, compiled);
            if (relevant.has(id) && (c.inquiries.length || c.commitments.length)) found.add(id);
          }
        }
        // Reading whole: when each of the day's records was handed over. By search: when the first poll after its
        // publication ran, for the records a search term finds (the rest are never read).
        const delays = (read === 'whole'
          ? [...handedOver].map(([id, t]) => t - published.get(id)!)
          : [...published.values()].map((t) => (polls.find((p) => p >= t) ?? NaN) - t).filter((d) => !Number.isNaN(d))
        )
          .map((ms) => ms / 60_000)
          .sort((a, b) => a - b);
        results[read][type] = { requests, found: found.size, relevant: relevant.size, delays };
      }
    }
    for (const type of Object.keys(PREFIX)) {
      const [before, after] = [results.search![type]!, results.whole![type]!];
      rows.push(
        { metric: `${type}: requests per day`, value: after.requests, note: `search-term design ${before.requests} (${(before.requests / Math.max(1, after.requests)).toFixed(1)}×), ${searchTerms.length} search terms` },
        { metric: `${type}: relevant records found`, value: `${after.found}/${after.relevant}`, note: `search-term design ${before.found}/${before.relevant}` },
        {
          metric: `${type}: publication to alert, p50`,
          value: +percentile(after.delays, 0.5).toFixed(1),
          unit: 'min',
          note: `p90 ${percentile(after.delays, 0.9).toFixed(1)}, max ${percentile(after.delays, 1).toFixed(1)} over the day's ${after.delays.length} records; search-term design p50 ${percentile(before.delays, 0.5).toFixed(1)}, p90 ${percentile(before.delays, 0.9).toFixed(1)} (for what a term finds)`,
        },
      );
    }
  } finally {
    await server.stop();
  }
  return rows;
}

const percentile = (sorted: number[], p: number): number => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]! : NaN);

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { section, rows } = await bench();
  console.log(section);
  for (const r of rows) console.log(`  ${r.metric}: ${r.value}${r.unit ? ` ${r.unit}` : ''}${r.note ? `  (${r.note})` : ''}`);
}
