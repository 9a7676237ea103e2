import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { DynamoArchiveQueries } from '../../lib/adapters/dynamodb/archive-queries.ts';
import { createDocumentClient, ensureTable } from '../../lib/adapters/dynamodb/client.ts';
import { startDynamoLocal } from '../../lib/adapters/dynamodb/local.ts';
import { queryAll } from '../../lib/adapters/dynamodb/query-all.ts';
import { recountTracked } from '../../lib/adapters/dynamodb/tracked-counts.ts';
import { KINDS } from '../../lib/model/item.ts';
import type { ReadPage } from '../../lib/query/ports.ts';
import { MatchEntity } from '../../lib/store/entities/match-entity.ts';
import { handleWebRequest } from '../../lib/web/app.tsx';
import { buildAssets } from '../../lib/web/assets.ts';
import type { WebArchive, WebDeps } from '../../lib/web/ports.ts';
import { DynamoBoardStore } from '../../lib/adapters/dynamodb/board-store.ts';
import { Board } from '../../lib/board/board.ts';
import { boardView } from '../../lib/board/web-view.ts';
import { compileRegistry } from '../../lib/classify/classifier.ts';
import { loadRegistry } from '../../lib/registry/registry.ts';
import { readTimeline, toItem } from '../unit/board/timeline.ts';
import { quantile, round } from './query.ts';
import { GENERATED_ENTRIES, GENERATED_SOURCES, generateItems, writeGeneratedArchive } from '../support/generated-archive.ts';

type Row = { metric: string; value: number | string; unit?: string; note?: string };

// Run with the others: `npm run bench -- web`.

const ITEMS = Number(process.env.BENCH_WEB_ITEMS ?? 100_000);
const RUNS = Number(process.env.BENCH_WEB_RUNS ?? 40);

/**
 * Server-side render time of a timeline page (`/entries/<id>`: weekly chart, filters, 50 items, cite line) on a
 * generated archive, and the records it reads. The chart reads the entry's counter record (weekly counts kept at
 * ingest): one record, against every match record of the entry if it counted them per request (measured too).
 */
export async function bench(): Promise<{ section: string; rows: Row[] }> {
  const savedEndpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  const db = await startDynamoLocal();
  process.env.AWS_ENDPOINT_URL_DYNAMODB = db.endpoint;
  const client = createDocumentClient();
  try {
    const table = 'bench-web';
    await ensureTable(client, table);
    const items = generateItems(ITEMS, 2025);
    await writeGeneratedArchive(client, table, items, 8);
    // The generator writes records directly; a recount builds the counters (weekly ones included) ingest keeps.
    await recountTracked(client, table, GENERATED_ENTRIES);

    const stats = { records: 0, reads: 0 };
    const queries = new DynamoArchiveQueries(client, table);
    // Counts what each render reads: page reads (records evaluated) and counter records.
    const archive: WebArchive = {
      readPage: async (r) => {
        const page: ReadPage = await queries.readPage(r);
        stats.reads++;
        stats.records += page.scanned;
        return page;
      },
      itemWithVersions: (id) => queries.itemWithVersions(id),
      itemHistory: (id) => queries.itemHistory(id),
      countTracked: (ids) => queries.countTracked(ids),
      itemTexts: (ids) => queries.itemTexts(ids),
      entryCounts: async (id) => {
        stats.reads++;
        stats.records++;
        return queries.entryCounts(id);
      },
    };
    const assets = await buildAssets();
    const deps: WebDeps = {
      archive,
      registry: { version: 'bench', entries: GENERATED_ENTRIES.map((id) => ({ id, type: id.startsWith('c-') ? 'commitment' : 'inquiry', name: `Entry ${id}`, description: '', related: [] })) },
      sources: GENERATED_SOURCES.map((id) => ({ id })),
      cursorSecret: 'bench',
      assetVersion: assets.version,
    };
    // The accountability board on the same table, fed the labelled timeline's items (34 items, June 2022 to
    // February 2026) as ingest feeds it, on top of the registry's recorded government responses.
    const registry = loadRegistry('config/registry.yaml');
    const store = new DynamoBoardStore(client, table);
    // Board reads counted with the rest: one Query per entry read, its records.
    const countedStore = new Proxy(store, {
      get(target, key) {
        if (key === 'readEntry') {
          return async (id: string) => {
            const got = await target.readEntry(id);
            stats.reads++;
            stats.records += got.events.length + got.decisions.length;
            return got;
          };
        }
        const value = Reflect.get(target, key) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const board = new Board(countedStore, registry);
    await board.record(readTimeline('test/fixtures/board/timeline.json').items.map((t) => toItem(t, compileRegistry(registry))));
    const withBoard: WebDeps = { ...deps, board: boardView(board), now: () => new Date('2025-12-01T12:00:00Z') };
    const pick = <T>(xs: readonly T[], i: number): T => xs[i % xs.length]!;
    const patterns: [string, (i: number) => Record<string, string>, WebDeps, path?: string][] = [
      ['entry page (chart + newest 50)', () => ({}), deps],
      ['entry page, one kind', (i) => ({ kind: pick(KINDS, i) }), deps],
      ['entry page, one quarter', (i) => ({ from: `2025-0${1 + (i % 3) * 3}-01`, to: `2025-0${3 + (i % 3) * 3}-28` }), deps],
      ['entry page with the board (state, events and deadlines on the chart)', () => ({}), withBoard],
      ['entries list with the board (every entry\'s state)', () => ({}), withBoard, '/'],
      ['/board', () => ({}), withBoard, '/board'],
    ];
    const rows: Row[] = [{ metric: 'archive size', value: ITEMS, unit: 'items', note: `${GENERATED_ENTRIES.length} entries` }];
    for (const [name, query, renderDeps, path] of patterns) {
      const render = (i: number) =>
        handleWebRequest({ method: 'GET', path: path ?? `/entries/${pick(GENERATED_ENTRIES, i)}`, query: query(i), headers: { host: '127.0.0.1' } }, renderDeps);
      await render(RUNS); // warm-up
      const times: number[] = [];
      let bytes = 0;
      stats.records = 0;
      stats.reads = 0;
      for (let i = 0; i < RUNS; i++) {
        const start = performance.now();
        const res = await render(i);
        times.push(performance.now() - start);
        if (res?.status !== 200) throw new Error(`render ${i} answered ${res?.status}`);
        bytes += res.body.length;
      }
      rows.push(
        { metric: `${name}: p50`, value: round(quantile(times, 0.5), 1), unit: 'ms', note: path ? '' : 'target < 200 ms' },
        { metric: `${name}: p95`, value: round(quantile(times, 0.95), 1), unit: 'ms' },
        { metric: `${name}: records read per render`, value: round(stats.records / RUNS, 1), note: `${round(stats.reads / RUNS, 1)} reads; ${Math.round(bytes / RUNS / 1024)} KiB of HTML` },
      );
    }
    // What the chart would cost if it counted an entry's items per request instead of reading its counter record.
    const counting: number[] = [];
    let matches = 0;
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      const records = await queryAll(client, { TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': MatchEntity.pk(pick(GENERATED_ENTRIES, i)) }, ProjectionExpression: 'published' });
      counting.push(performance.now() - start);
      matches += records.length;
    }
    const counter: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      await queries.entryCounts(pick(GENERATED_ENTRIES, i));
      counter.push(performance.now() - start);
    }
    rows.push({
      metric: 'weekly chart data: counter record vs counting match records, p50',
      value: `${round(quantile(counter, 0.5), 1)} vs ${round(quantile(counting, 0.5), 1)}`,
      unit: 'ms',
      note: `1 record vs ${Math.round(matches / 5).toLocaleString('en-GB')} per entry (${Math.round(quantile(counting, 0.5) / quantile(counter, 0.5))}×)`,
    });
    for (const [name, file] of assets.files) {
      rows.push({ metric: `page asset ${name}`, value: round(gzipSync(file.body).length / 1024, 1), unit: 'KiB gzip', note: `${round(file.body.length / 1024, 1)} KiB minified` });
    }
    const total = [...assets.files.values()].reduce((n, f) => n + gzipSync(f.body).length, 0);
    rows.push({ metric: 'page assets in all (every page loads both)', value: round(total / 1024, 1), unit: 'KiB gzip', note: 'budget 150 KB compressed per page' });
    return { section: `Web pages (${ITEMS.toLocaleString('en-GB')} items, DynamoDB Local)`, rows };
  } finally {
    client.destroy();
    await db.stop();
    if (savedEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
    else process.env.AWS_ENDPOINT_URL_DYNAMODB = savedEndpoint;
  }
}

