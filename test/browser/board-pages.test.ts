import { readFileSync } from 'node:fs';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApiServer } from '../../lib/api/node-server.ts';
import type { Board } from '../../lib/board/board.ts';
import type { EntryStatus } from '../../lib/board/types.ts';
import { checkEveryWidth, launchChromium, openPage, pagesContext, tabThrough, VIEWPORTS } from '../support/browser.ts';
import { BOARD_NOW } from '../support/web-archive.ts';
import { startBoardWebServer } from '../support/web-server.ts';
import { parseCsv } from '../unit/query/parse-csv.ts';

/**
 * The board's parts of the research pages in Chromium, over a DynamoDB Local archive whose board was fed through
 * its ingest hook (committee reports with response deadlines, a chair's appointment, the registry's recorded
 * government responses), judged as of `BOARD_NOW`. Screenshots go to test/output/screenshots/ (board-*).
 */
let board: Board;
let server: RunningApiServer;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let context: BrowserContext;
let statuses: Map<string, EntryStatus>;

beforeAll(async () => {
  ({ board, server, statuses } = await startBoardWebServer());
  chromium = await launchChromium();
  context = await pagesContext(chromium.browser);
}, 120_000);
afterAll(async () => {
  await context?.close();
  await chromium?.close();
  await server?.close();
});

const open = (path: string) => openPage(context, `${server.url}${path}`);
/** The board's events and deadlines for an entry, as days, between two days (inclusive). */
const boardDays = (id: string, from = '0000-00-00', to = '9999-99-99') => {
  const s = statuses.get(id)!;
  return [...s.events.map((e) => e.date), ...s.deadlines.map((d) => d.due)].filter((d) => d >= from && d <= to);
};
const sectionEntries = (page: Awaited<ReturnType<typeof open>>, key: string) =>
  page.locator(`section[aria-labelledby="board-${key}"] .board-entry a`).evaluateAll((links) => links.map((a) => a.getAttribute('href')!.replace('/entries/', '')));

describe('board pages in Chromium', () => {
  it('shows each entry\'s state and next deadline on the entries list', async () => {
    // Act
    const page = await open('/');
    const row = (id: string) => page.locator('tr', { has: page.locator(`a[href="/entries/${id}"]`) });
    // Assess
    expect(await row('national-inquiry').locator('td[data-label="State"]').innerText()).toBe('being set up since 30 Jul 2025');
    expect(await row('national-inquiry').locator('td[data-label="Next deadline"]').innerText()).toMatch(/Third Report: due 20 Jul 2025, 12 days overdue$/);
    expect(await row('casey-audit').locator('td[data-label="Next deadline"]').innerText()).toMatch(/Fourth Report: due 20 Aug 2025, in 19 days$/);
    expect(await row('c-iicsa-4-awareness').locator('td[data-label="State"]').innerText()).toBe('accepted since 22 May 2023 (stalled)');
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('draws a marker on the chart for each of the board\'s events and deadlines in range, numbered as listed', async () => {
    for (const [query, from, to] of [['', undefined, undefined], ['?from=2025-06-01&to=2025-07-31', '2025-06-01', '2025-07-31']] as const) {
      // Prepare
      const expected = boardDays('national-inquiry', from, to).length;
      // Act
      const page = await open(`/entries/national-inquiry${query}`);
      const chart = page.locator('#weekly-chart[data-drawn="true"]');
      await chart.waitFor();
      // Assess
      expect(Number(await chart.getAttribute('data-markers')), query).toBe(expected);
      expect(await page.locator('ol.marker-list > li').count(), query).toBe(expected);
      expect(page.errors).toEqual([]);
      await page.close();
    }
    expect(boardDays('national-inquiry', '2025-06-01', '2025-07-31').length).toBeLessThan(boardDays('national-inquiry').length);
  });

  it('lists the right entries in each /board section, and its evidence links open the evidence', async () => {
    // Prepare
    const summary = await board.summary(BOARD_NOW);
    const report = statuses.get('national-inquiry')!.deadlines.find((d) => d.status === 'overdue')!.basis;
    const page = await open('/board');
    const hrefs = await page.locator('main a.evidence-link[href^="/item/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
    // Act
    const answers = await Promise.all(hrefs.map(async (href) => [href, (await page.request.get(`${server.url}${href}`)).status()]));
    await page.locator('section[aria-labelledby="board-overdue"] a.evidence-link').first().click();
    await page.waitForURL(/\/item\//);
    // Assess
    expect(await page.locator('h1').innerText()).toBe(report.title);
    await page.goBack();
    expect(await sectionEntries(page, 'overdue')).toEqual(summary.overdue.map((r) => r.entryId));
    expect(await sectionEntries(page, 'dueSoon')).toEqual(summary.dueSoon.map((r) => r.entryId));
    expect(await sectionEntries(page, 'stalled')).toEqual(summary.stalled.map((r) => r.entryId));
    expect(await sectionEntries(page, 'recentlyChanged')).toEqual(summary.changed.map((r) => r.entryId));
    expect(answers.filter(([, status]) => status !== 200)).toEqual([]);
    expect(hrefs.length).toBeGreaterThanOrEqual(3);
    await page.close();
  });

  it('downloads the board as CSV whose rows are the page\'s rows', async () => {
    // Prepare
    const page = await open('/board');
    const shown = await page.locator('.board-section .board-entry a').evaluateAll((links) => links.map((a) => a.getAttribute('href')!.replace('/entries/', '')));
    // Act
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href="/board/export?format=csv"]')]);
    // Assess
    expect(download.suggestedFilename()).toBe('inquiry-watch-board-2025-08-01.csv');
    const [, ...rows] = parseCsv(readFileSync((await download.path())!, 'utf8'));
    expect(rows.map((r) => r[1])).toEqual(shown);
    await page.close();
  });

  it('shows the board as of a day chosen in its date field, says so, and goes back to today', async () => {
    // Prepare
    const page = await open('/board');
    expect(await page.locator('#board-at').inputValue()).toBe('2025-08-01');
    // Act: the date field as a person fills it, then the form's button
    await page.locator('#board-at').fill('2025-07-10');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/\/board\?at=2025-07-10$/);
    const heading = await page.locator('h1').innerText();
    const notice = await page.locator('.notice').innerText();
    const overdue = await page.locator('#board-overdue').innerText();
    const dueSoon = await sectionEntries(page, 'dueSoon');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV' }).click()]);
    await page.getByRole('link', { name: 'Show today’s board' }).click();
    await page.waitForURL(/\/board$/);
    // Assess
    expect(heading).toBe('Accountability board as of 10 July 2025');
    expect(notice).toContain('You are looking at the board as of 10 July 2025');
    expect(overdue).toBe('Overdue (0)');
    expect(dueSoon).toEqual(['national-inquiry']);
    expect(download.suggestedFilename()).toBe('inquiry-watch-board-2025-07-10.csv');
    expect(await page.locator('h1').innerText()).toBe('Accountability board');
    expect(await page.locator('#board-overdue').innerText()).toBe('Overdue (1)');
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('points at the date field from the message when the day is not in the calendar', async () => {
    // Prepare
    const page = await open('/board?at=2025-02-30');
    // Act
    await page.getByRole('link', { name: 'at: "2025-02-30" is not a date: February 2025 has 28 days' }).click();
    // Assess
    expect(await page.evaluate(() => location.hash)).toBe('#board-at');
    expect(page.errors.filter((e) => !/400/.test(e))).toEqual([]);
    expect(await page.locator('#board-at').getAttribute('aria-invalid')).toBe('true');
    await page.close();
  });

  it('reaches every control on the board, the entries list and a timeline with the keyboard, each with a visible focus', async () => {
    for (const path of ['/board', '/', '/entries/national-inquiry']) {
      // Prepare
      const page = await open(path);
      if (path.startsWith('/entries')) await page.locator('#weekly-chart[data-drawn="true"]').waitFor();
      // Act
      const { unreached, unmarked } = await tabThrough(page);
      // Assess
      expect(unreached, path).toEqual([]);
      expect(unmarked, path).toEqual([]);
      await page.close();
    }
  });

  it('keeps the board, the states and the events list readable with scripts off', async () => {
    // Prepare
    const noScript = await chromium.browser.newContext({ javaScriptEnabled: false, viewport: VIEWPORTS.desktop, timezoneId: 'Europe/London' });
    const page = await noScript.newPage();
    // Act
    await page.goto(`${server.url}/board`);
    const rows = await page.locator('.board-row').count();
    await page.goto(`${server.url}/entries/national-inquiry`);
    const markers = await page.locator('ol.marker-list > li').count();
    const canvases = await page.locator('#weekly-chart canvas').count();
    await page.goto(`${server.url}/`);
    const state = await page.locator('tr', { has: page.locator('a[href="/entries/national-inquiry"]') }).locator('td[data-label="State"]').innerText();
    // Assess
    const summary = await board.summary(BOARD_NOW);
    expect(rows).toBe(summary.overdue.length + summary.dueSoon.length + summary.stalled.length + summary.changed.length);
    expect(markers).toBe(boardDays('national-inquiry').length);
    expect(canvases).toBe(0);
    expect(state).toBe('being set up since 30 Jul 2025');
    await noScript.close();
  });

  const pages: [name: string, path: string][] = [
    ['board', '/board'],
    ['board-at', '/board?at=2025-07-10'],
    ['board-at-invalid', '/board?at=2025-02-30'],
    ['board-entries', '/'],
    ['board-timeline', '/entries/national-inquiry'],
    ['board-timeline-range', '/entries/casey-audit?from=2025-06-01&to=2025-08-31'],
  ];
  for (const [name, path] of pages) {
    it(`${name}: no serious or critical accessibility violations at desktop and phone width; screenshots written`, async () => {
      // Act
      const checks = await checkEveryWidth(() => open(path), name, (page) =>
        path.startsWith('/entries') ? page.locator('#weekly-chart[data-drawn="true"]').waitFor() : Promise.resolve(),
      );
      // Assess
      for (const { violations, overflow, errors } of checks) {
        expect(violations).toEqual([]);
        expect(overflow).toBeLessThanOrEqual(0);
        // The refused day is answered 400, which Chromium logs.
        expect(errors.filter((e) => !/400/.test(e) || name !== 'board-at-invalid')).toEqual([]);
      }
    });
  }
}, 240_000);
