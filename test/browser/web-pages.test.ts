import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import axe from 'axe-core';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApiServer } from '../../lib/api/node-server.ts';
import type { CompiledRegistry } from '../../lib/classify/classifier.ts';
import type { ResultRow } from '../../lib/query/rows.ts';
import { londonWeekStart } from '../../lib/util/london-time.ts';
import { launchChromium, SCREENSHOT_DIR, VIEWPORTS } from '../support/browser.ts';
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
  // axe-core is injected as an inline script, which the pages' content policy (rightly) forbids: bypass it here only.
  context = await chromium.browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'en-GB', timezoneId: 'Europe/London', bypassCSP: true, acceptDownloads: true });
}, 120_000);
afterAll(async () => {
  await context?.close();
  await chromium?.close();
  await server?.close();
});

async function open(path: string): Promise<Page> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`${server.url}${path}`);
  await page.waitForLoadState('load');
  (page as Page & { errors: string[] }).errors = errors;
  return page;
}
const errorsOf = (page: Page) => (page as Page & { errors: string[] }).errors;

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

async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axe.source });
  const result = await page.evaluate(() => (window as unknown as { axe: typeof axe }).axe.run(document));
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.length} nodes: ${v.nodes[0]?.target.join(' ')})`);
}

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
    expect(errorsOf(page)).toEqual([]);
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
    const expected = await page.evaluate(() => {
      const keys = new Set<string>();
      const controls = document.querySelectorAll<HTMLElement>('a[href], button, input:not([type=hidden]), select, summary, [tabindex="0"]');
      controls.forEach((el, i) => {
        // Hidden controls (inside a closed <details>) are reached once shown.
        if (!el.checkVisibility()) return;
        // Tab enters a radio group once; arrow keys move inside it.
        const key = el instanceof HTMLInputElement && el.type === 'radio' ? `radio:${el.name}` : `c${i}`;
        el.dataset.kb = key;
        keys.add(key);
      });
      return [...keys];
    });
    // Act
    const reached = new Set<string>();
    const unmarked: string[] = [];
    for (let i = 0; i < expected.length + 10; i++) {
      await page.keyboard.press('Tab');
      const focus = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        const style = getComputedStyle(el);
        const visible = style.outlineStyle !== 'none' && style.outlineWidth !== '0px' ? true : style.boxShadow !== 'none';
        return { key: el.dataset.kb ?? el.tagName, visible, what: el.outerHTML.slice(0, 80) };
      });
      if (!focus) continue;
      reached.add(focus.key);
      if (!focus.visible) unmarked.push(focus.what);
    }
    // Assess
    expect(expected.filter((k) => !reached.has(k))).toEqual([]);
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
      for (const [width, viewport] of Object.entries(VIEWPORTS)) {
        // Prepare
        const page = await open(path());
        await page.setViewportSize(viewport);
        if (name.startsWith('timeline')) await page.locator('#weekly-chart[data-drawn="true"]').waitFor();
        // Act
        const violations = await seriousViolations(page);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${width}.png`), fullPage: true });
        // Assess
        expect(violations).toEqual([]);
        expect(overflow).toBeLessThanOrEqual(0);
        expect(errorsOf(page).filter((e) => !/404/.test(e) || name !== 'not-found')).toEqual([]);
        await page.close();
      }
    });
  }
}, 180_000);
