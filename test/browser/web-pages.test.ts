import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApiServer } from '../../lib/api/node-server.ts';
import type { CompiledRegistry } from '../../lib/classify/classifier.ts';
import type { ResultRow } from '../../lib/query/rows.ts';
import { londonWeekStart } from '../../lib/util/london-time.ts';
import { checkEveryWidth, launchChromium, openPage, pagesContext, tabThrough, VIEWPORTS } from '../support/browser.ts';
import type { TestTable } from '../support/dynamo.ts';
import { seedWebArchive } from '../support/web-archive.ts';
import { startWebServer } from '../support/web-server.ts';
import { parseCsv } from '../unit/query/parse-csv.ts';

/**
 * The research pages in a real browser (Debian's Chromium, driven by playwright-core) over a seeded DynamoDB Local
 * archive. Screenshots of every page at desktop and phone width go to test/output/screenshots/ for people to look at.
 */
let table: TestTable;
let compiled: CompiledRegistry;
let revisedId: string;
let server: RunningApiServer;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let context: BrowserContext;

beforeAll(async () => {
  ({ table, compiled, revisedId } = await seedWebArchive());
  server = await startWebServer(table, compiled);
  chromium = await launchChromium();
  context = await pagesContext(chromium.browser);
}, 120_000);
afterAll(async () => {
  await context?.close();
  await chromium?.close();
  await server?.close();
});

const open = (path: string) => openPage(context, `${server.url}${path}`);

/** Every item of a timeline through the JSON API (all pages): what the chart and list must agree with. */
async function timelineRows(query: string): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  let cursor: string | null = null;
  do {
    const res = await fetch(`${server.url}/items?${query}&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    const body = (await res.json()) as { items: ResultRow[]; nextCursor: string | null };
    rows.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor);
  return rows;
}

const listedIds = (page: Page) => page.locator('ol.items h3 a').evaluateAll((links) => links.map((a) => a.getAttribute('href')!.replace('/item/', '')));

describe('research pages in Chromium', () => {
  it('draws one bar per week and kind in the timeline chart, between the first and last week with items', async () => {
    // Prepare: the weeks and kinds from the items themselves, not from the counters the chart reads
    const rows = await timelineRows('tracked=casey-audit');
    const weeks = rows.map((r) => Date.parse(`${londonWeekStart(r.published)}T00:00:00Z`));
    const span = (Math.max(...weeks) - Math.min(...weeks)) / (7 * 86_400_000) + 1;
    const kinds = new Set(rows.map((r) => r.kind)).size;
    // Act
    const page = await open('/entries/casey-audit');
    const chart = page.locator('#weekly-chart[data-drawn="true"]');
    await chart.waitFor();
    // Assess
    expect(Number(await chart.getAttribute('data-points'))).toBe(span * kinds);
    expect(await page.locator('#weekly-chart canvas').count()).toBeGreaterThan(0);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('narrows the list with the filter form, keeps the filters in the URL, and keeps them on reload', async () => {
    // Prepare
    const page = await open('/entries/casey-audit');
    const all = await listedIds(page);
    const statements = (await timelineRows('tracked=casey-audit&kind=statement')).map((r) => r.id);
    // Act
    await page.selectOption('#f-kind', 'statement');
    await page.click('button:has-text("Apply filters")');
    await page.waitForURL(/kind=statement/);
    const filtered = await listedIds(page);
    await page.reload();
    const reloaded = await listedIds(page);
    await page.locator('#weekly-chart[data-drawn="true"]').waitFor();
    // Assess
    expect(new URL(page.url()).search).toBe('?kind=statement');
    expect(filtered).toEqual(statements);
    expect(filtered.length).toBeLessThan(all.length);
    expect(reloaded).toEqual(filtered);
    expect(await page.inputValue('#f-kind')).toBe('statement');
    expect(await page.locator('#weekly-chart').getAttribute('data-series')).toBe('1');
    await page.close();
  });

  it('downloads an export whose rows are the items on the page, and JSON Lines with full text', async () => {
    // Prepare
    const page = await open('/entries/casey-audit?source=bbc-uk');
    const shown = await listedIds(page);
    // Act
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('.export-form button')]);
    await page.check('input[name=format][value=jsonl]');
    await page.check('input[name=text]');
    const [jsonl] = await Promise.all([page.waitForEvent('download'), page.click('.export-form button')]);
    // Assess
    expect(csv.suggestedFilename()).toMatch(/^inquiry-watch-casey-audit-\d{4}-\d{2}-\d{2}\.csv$/);
    const [, ...rows] = parseCsv(readFileSync((await csv.path())!, 'utf8'));
    expect(rows.map((r) => r[1])).toEqual(shown);
    const lines = readFileSync((await jsonl.path())!, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as ResultRow & { text: string });
    expect(lines.map((l) => l.id)).toEqual(shown);
    expect(lines.every((l) => l.sourceId === 'bbc-uk' && l.text.length > 0)).toBe(true);
    await page.close();
  });

  it('reaches every control with the keyboard alone, each with a visible focus indicator', async () => {
    // Prepare
    const page = await open('/entries/casey-audit?kind=news');
    await page.locator('#weekly-chart[data-drawn="true"]').waitFor();
    // Act
    const { unreached, unmarked } = await tabThrough(page);
    // Assess
    expect(unreached).toEqual([]);
    expect(unmarked).toEqual([]);
    await page.close();
  });

  it('keeps the core lists readable with scripts off', async () => {
    // Prepare
    const noScript = await chromium.browser.newContext({ javaScriptEnabled: false, viewport: VIEWPORTS.desktop });
    const page = await noScript.newPage();
    // Act
    await page.goto(`${server.url}/entries/casey-audit`);
    // Assess
    expect(await page.locator('ol.items li').count()).toBeGreaterThan(5);
    expect(await page.locator('#weekly-chart canvas').count()).toBe(0);
    expect(await page.locator('.chart-table tbody tr').count()).toBeGreaterThan(1);
    await page.goto(`${server.url}/`);
    expect(await page.locator('table.entries tbody tr').count()).toBe(compiled.registry.entries.length);
    await noScript.close();
  });

  const pages: [name: string, path: () => string][] = [
    ['entries', () => '/'],
    ['timeline', () => '/entries/casey-audit'],
    ['timeline-filtered', () => '/entries/casey-audit?kind=news&q=casey'],
    ['item', () => `/item/${revisedId}`],
    ['not-found', () => '/entries/no-such-entry'],
  ];
  for (const [name, path] of pages) {
    it(`${name}: no serious or critical accessibility violations at desktop and phone width; screenshots written`, async () => {
      // Act
      const checks = await checkEveryWidth(() => open(path()), name, (page) =>
        name.startsWith('timeline') ? page.locator('#weekly-chart[data-drawn="true"]').waitFor() : Promise.resolve(),
      );
      // Assess
      for (const { violations, overflow, errors } of checks) {
        expect(violations).toEqual([]);
        expect(overflow).toBeLessThanOrEqual(0);
        expect(errors.filter((e) => !/404/.test(e) || name !== 'not-found')).toEqual([]);
      }
    });
  }
}, 180_000);
