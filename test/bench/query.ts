import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { DynamoArchiveQueries } from '../../lib/adapters/dynamodb/archive-queries.ts';
import { recountTracked } from '../../lib/adapters/dynamodb/tracked-counts.ts';
import { createDocumentClient, ensureTable } from '../../lib/adapters/dynamodb/client.ts';
import { startDynamoLocal } from '../../lib/adapters/dynamodb/local.ts';
import { runItemsPage } from '../../lib/query/execute.ts';
import { planItemsQuery, type RawParams } from '../../lib/query/plan.ts';
import { KINDS } from '../../lib/model/item.ts';
import { GENERATED_ENTRIES, GENERATED_SOURCES, generateItems, writeGeneratedArchive } from '../support/generated-archive.ts';

type Row = { metric: string; value: number | string; unit?: string; note?: string };

const ITEMS = Number(process.env.BENCH_QUERY_ITEMS ?? 100_000);
const RUNS = Number(process.env.BENCH_QUERY_RUNS ?? 40);
const SECRET = 'bench';

/**
 * Query latency and read efficiency on a generated archive (default 100,000 items, ~40 % tracked), on its own
 * in-memory DynamoDB Local. Every pattern runs RUNS times with varied entries/kinds/sources and month windows.
 */
export async function bench(): Promise<{ section: string; rows: Row[] }> {
  const savedEndpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  const db = await startDynamoLocal();
  process.env.AWS_ENDPOINT_URL_DYNAMODB = db.endpoint;
  const client = createDocumentClient();
  try {
    const table = 'bench-query';
    await ensureTable(client, table);
    const items = generateItems(ITEMS, 2025);
    const records = items.reduce((n, i) => n + 1 + i.inquiries.length + i.commitments.length, 0);
    const t0 = performance.now();
    await writeGeneratedArchive(client, table, items, 8);
    const loadSeconds = (performance.now() - t0) / 1000;

    const reader = new DynamoArchiveQueries(client, table);
    const ctx = { entryIds: [...GENERATED_ENTRIES], cursorSecret: SECRET };
    const pick = <T>(xs: readonly T[], i: number): T => xs[i % xs.length]!;
    const month = (i: number) => {
      const m = new Date(Date.UTC(2024, i % 24, 1));
      const end = new Date(Date.UTC(2024, (i % 24) + 1, 0));
      return { from: m.toISOString().slice(0, 10), to: end.toISOString().slice(0, 10) };
    };
    const patterns: [string, (i: number) => RawParams][] = [
      ['timeline (tracked, newest 50)', (i) => ({ tracked: pick(GENERATED_ENTRIES, i) })],
      ['timeline in one month', (i) => ({ tracked: pick(GENERATED_ENTRIES, i), ...month(i) })],
      ['timeline + kind filter', (i) => ({ tracked: pick(GENERATED_ENTRIES, i), kind: pick(KINDS, i) })],
      ['kind (newest 50)', (i) => ({ kind: pick(KINDS, i) })],
      ['kind in one month', (i) => ({ kind: pick(KINDS, i), ...month(i) })],
      ['source (newest 50)', (i) => ({ source: pick(GENERATED_SOURCES, i) })],
      ['kind + q text filter', (i) => ({ kind: pick(KINDS, i), q: `item ${i % 9}` })],
    ];

    const rows: Row[] = [
      { metric: 'archive size', value: ITEMS, unit: 'items', note: `${records} records incl. timeline entries` },
      { metric: 'generation (batch writes, 8 in flight)', value: round(loadSeconds, 1), unit: 's', note: `${Math.round(records / loadSeconds)} records/s` },
    ];
    for (const [name, params] of patterns) {
      const times: number[] = [];
      let scanned = 0;
      let returned = 0;
      let rcu = 0;
      await runItemsPage(planItemsQuery({ ...params(RUNS), limit: '50' }, ctx), reader, SECRET); // warm-up, not timed
      for (let i = 0; i < RUNS; i++) {
        const plan = planItemsQuery({ ...params(i), limit: '50' }, ctx);
        const start = performance.now();
        const page = await runItemsPage(plan, reader, SECRET);
        times.push(performance.now() - start);
        scanned += page.stats.scanned;
        returned += page.stats.returned;
        rcu += page.stats.consumedRcu;
      }
      rows.push(
        { metric: `${name}: p50`, value: round(quantile(times, 0.5), 1), unit: 'ms' },
        { metric: `${name}: p95`, value: round(quantile(times, 0.95), 1), unit: 'ms' },
        {
          metric: `${name}: items read per item returned`,
          value: returned ? round(scanned / returned, 2) : 'n/a',
          note: `${returned} returned in ${RUNS} pages, ${round(rcu / RUNS, 1)} RCU/page`,
        },
      );
    }

    const byId: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      await reader.itemWithVersions(items[(i * 7919) % items.length]!.id);
      byId.push(performance.now() - start);
    }
    rows.push({ metric: 'item by id with versions: p50', value: round(quantile(byId, 0.5), 1), unit: 'ms' });
    // `/tracked` reads the counters kept at ingest in one Query; counting every entry's match records (what
    // `registry recount` does) is what it replaces. Both measured here, in the same run.
    const timeCounts = async (count: () => Promise<unknown>) => {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const start = performance.now();
        await count();
        times.push(performance.now() - start);
      }
      return quantile(times, 0.5);
    };
    const counting = await timeCounts(() => recountTracked(client, table, GENERATED_ENTRIES));
    const counters = await timeCounts(() => reader.countTracked(GENERATED_ENTRIES));
    rows.push({ metric: `registry counts (${GENERATED_ENTRIES.length} entries), counting match records: p50`, value: round(counting, 1), unit: 'ms' });
    rows.push({
      metric: `registry counts (${GENERATED_ENTRIES.length} entries), counters kept at ingest: p50`,
      value: round(counters, 1),
      unit: 'ms',
      note: `${Math.round(counting / counters)}× faster than counting`,
    });
    return { section: `Archive queries (${ITEMS.toLocaleString('en-GB')} items, DynamoDB Local)`, rows };
  } finally {
    client.destroy();
    await db.stop();
    if (savedEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
    else process.env.AWS_ENDPOINT_URL_DYNAMODB = savedEndpoint;
  }
}

export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}
export const round = (n: number, digits: number) => Number(n.toFixed(digits));

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { section, rows } = await bench();
  console.log(section);
  for (const r of rows) console.log(`  ${r.metric}: ${r.value}${r.unit ? ` ${r.unit}` : ''}${r.note ? `  (${r.note})` : ''}`);
}
