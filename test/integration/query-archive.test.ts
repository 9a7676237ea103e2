import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoArchiveQueries } from '../../lib/adapters/dynamodb/archive-queries.ts';
import type { Item } from '../../lib/model/item.ts';
import { runItemsPage, type PageStats } from '../../lib/query/execute.ts';
import { planItemsQuery, type RawParams } from '../../lib/query/plan.ts';
import type { ResultRow } from '../../lib/query/rows.ts';
import type { Candidate } from '../../lib/store/ports.ts';
import { createTestTable, type TestTable } from '../support/dynamo.ts';
import { expected, GENERATED_ENTRIES, generateItems, writeGeneratedArchive } from '../support/generated-archive.ts';

const SECRET = 'query-archive-test';
const ctx = { entryIds: [...GENERATED_ENTRIES], cursorSecret: SECRET };
const inRange = (from: string, to: string) => (i: Item) => i.published >= from && i.published <= to;

describe('archive queries on DynamoDB Local', () => {
  let t: TestTable;
  let reader: DynamoArchiveQueries;
  let items: Item[];

  beforeAll(async () => {
    t = await createTestTable('query');
    reader = new DynamoArchiveQueries(t.client, t.tableName);
    items = generateItems(3000);
    await writeGeneratedArchive(t.client, t.tableName, items);
  });

  /** Follows cursors to the end, as a client would. */
  async function readAll(params: RawParams): Promise<{ rows: ResultRow[]; pages: number; stats: PageStats[] }> {
    const rows: ResultRow[] = [];
    const stats: PageStats[] = [];
    let cursor: string | undefined;
    do {
      const page = await runItemsPage(planItemsQuery({ ...params, cursor }, ctx), reader, SECRET);
      rows.push(...page.rows);
      stats.push(page.stats);
      cursor = page.nextCursor;
    } while (cursor);
    return { rows, pages: stats.length, stats };
  }

  it('returns one tracked entry\'s timeline in a date range, newest first', async () => {
    // Prepare: bare dates are London days (June to September are in summer time, UTC+1)
    const want = expected(items, (i) => [...i.inquiries, ...i.commitments].includes('casey-audit') && inRange('2025-05-31T23:00:00.000Z', '2025-09-30T22:59:59.999Z')(i));
    // Act
    const page = await runItemsPage(planItemsQuery({ tracked: 'casey-audit', from: '2025-06-01', to: '2025-09-30', limit: '500' }, ctx), reader, SECRET);
    // Assess
    expect(want.length).toBeGreaterThan(20);
    expect(page.rows.map((r) => r.id)).toEqual(want);
    expect(page.rows[0]!.evidence[0]!.id).toBe('casey-audit');
  });

  it.each([
    ['kind', { kind: 'statement' }, (i: Item) => i.kind === 'statement'],
    ['source', { source: 'wms' }, (i: Item) => i.sourceId === 'wms'],
  ] as const)('returns every item of one %s in a date range, newest first, across pages', async (_, params, keep) => {
    // Prepare
    const want = expected(items, (i) => keep(i) && inRange('2024-03-01', '2024-12-31T23:59:59.999Z')(i));
    // Act
    const { rows, pages } = await readAll({ ...params, from: '2024-03-01', to: '2024-12-31', limit: '100' });
    // Assess
    expect(pages).toBeGreaterThan(1);
    expect(rows.map((r) => r.id)).toEqual(want);
  });

  it.each([
    ['tracked', { tracked: 'national-inquiry' }, (i: Item) => i.inquiries.includes('national-inquiry')],
    ['tracked + kind', { tracked: 'national-inquiry', kind: 'debate' }, (i: Item) => i.inquiries.includes('national-inquiry') && i.kind === 'debate'],
    ['tracked + kind + source', { tracked: 'iicsa', kind: 'news', source: 'sky-uk' }, (i: Item) => i.inquiries.includes('iicsa') && i.kind === 'news' && i.sourceId === 'sky-uk'],
    ['source + kind', { source: 'guardian-uk', kind: 'report' }, (i: Item) => i.sourceId === 'guardian-uk' && i.kind === 'report'],
    // q: every word, as a whole word, anywhere in the title or a match snippet, case-insensitive ("12" is not "120").
    ['kind + q', { kind: 'news', q: 'ITEM 12' }, (i: Item) => i.kind === 'news' && ['item', '12'].every((w) => [i.title, ...i.evidence.map((e) => e.snippet)].join(' ').toLowerCase().split(/[^a-z0-9]+/).includes(w))],
  ] as const)('pages through %s completely: no duplicates, no gaps, same order', async (_, params, keep) => {
    // Prepare
    const want = expected(items, keep);
    // Act
    const { rows, stats } = await readAll({ ...params, limit: '37' });
    // Assess
    const ids = rows.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(want);
    expect(stats.every((s) => s.returned <= 37)).toBe(true);
  });

  it('reads no more than 1.5 records per item returned for a timeline, and reports consumed capacity', async () => {
    // Act
    const { rows, stats } = await readAll({ tracked: 'casey-audit', limit: '50' });
    // Assess
    const scanned = stats.reduce((n, s) => n + s.scanned, 0);
    expect(rows.length).toBeGreaterThan(200);
    expect(scanned / rows.length).toBeLessThanOrEqual(1.5);
    expect(stats.every((s) => s.queries === 1)).toBe(true);
    expect(stats.reduce((n, s) => n + s.consumedRcu, 0)).toBeGreaterThan(0);
  });

  it('counts the items stored for every tracked entry', async () => {
    // Act
    const counts = await reader.countTracked(GENERATED_ENTRIES);
    // Assess
    for (const id of GENERATED_ENTRIES) {
      expect(counts.get(id)).toBe(items.filter((i) => [...i.inquiries, ...i.commitments].includes(id)).length);
    }
  });

  it('returns one item with its earlier versions, newest first', async () => {
    // Prepare
    const candidate = (title: string): Candidate => ({
      draft: { sourceId: 'wms', sourceType: 'statement', title, url: 'https://example.org/wms/1', published: '2025-06-16T10:00:00.000Z', text: 'Statement.', nativeIds: {}, dedupKeys: ['wms:2025-06-16:HCWS1'] },
      classification: { inquiries: ['casey-audit'], commitments: [], kind: 'statement', evidence: [] },
      fetched: '2025-06-16T11:00:00.000Z',
      quiet: false,
    });
    const [stored] = (await t.store.ingest([candidate('Casey audit: statement')])).newItems;
    await t.store.ingest([candidate('Casey audit: statement (corrected)')]);
    // Act
    const versions = await reader.itemWithVersions(stored!.id);
    const missing = await reader.itemWithVersions('no-such-item');
    // Assess
    expect(versions.map((v) => [v.version, v.title])).toEqual([
      [2, 'Casey audit: statement (corrected)'],
      [1, 'Casey audit: statement'],
    ]);
    expect(missing).toEqual([]);
  });
});
