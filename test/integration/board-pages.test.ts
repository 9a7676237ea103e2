import { load } from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApiServer } from '../../lib/api/node-server.ts';
import type { Board } from '../../lib/board/board.ts';
import type { EntryStatus } from '../../lib/board/types.ts';
import { BOARD_NOW } from '../support/web-archive.ts';
import { startBoardWebServer } from '../support/web-server.ts';
import { parseCsv } from '../unit/query/parse-csv.ts';

/**
 * The research pages over an archive with an accountability board, fed as the poll cycle feeds it (items stored
 * through ingest, then `Board.afterIngest`): committee reports with response deadlines, a chair's appointment, and
 * the registry's recorded government responses. Pages are judged as of `BOARD_NOW` (1 August 2025).
 */
let board: Board;
let server: RunningApiServer;
let statuses: Map<string, EntryStatus>;

beforeAll(async () => {
  ({ board, server, statuses } = await startBoardWebServer());
});
afterAll(async () => {
  await server?.close();
});

const get = (path: string) => fetch(`${server.url}${path}`, { redirect: 'manual' });
const html = async (path: string) => load(await (await get(path)).text());
const text = (s: string) => s.replace(/\s+/g, ' ').trim();
const ISO_DAY = /\b\d{4}-\d{2}-\d{2}\b/;

describe('research pages with the accountability board', () => {
  it('shows every entry\'s state and most pressing deadline on /, as of the page\'s date', async () => {
    // Act
    const $ = await html('/');
    const row = (id: string) => $('tr').filter((_, tr) => $(tr).find(`a[href="/entries/${id}"]`).length > 0);
    const cell = (id: string, label: string) => text(row(id).find(`td[data-label="${label}"]`).text());
    // Assess: the state of each entry as the board has it on 1 August 2025
    for (const [id, s] of statuses) {
      expect(cell(id, 'State').startsWith(s.state.replace(/-/g, ' ')), id).toBe(true);
      expect(cell(id, 'State').includes('(stalled)'), id).toBe(s.stalled);
    }
    expect(cell('national-inquiry', 'State')).toBe('being set up since 30 Jul 2025');
    expect(cell('national-inquiry', 'Next deadline')).toBe(
      'Government response to Home Affairs Committee: Grooming gangs: the national inquiry into group-based child sexual exploitation – Third Report: due 20 Jul 2025, 12 days overdue',
    );
    expect(cell('casey-audit', 'Next deadline')).toMatch(/Fourth Report: due 20 Aug 2025, in 19 days$/);
    expect(cell('iicsa', 'State')).toBe('unknown');
    expect(cell('iicsa', 'Next deadline')).toBe('none');
    expect($('main').text()).not.toMatch(ISO_DAY);
  });

  it('puts the entry\'s events and deadlines on the timeline chart\'s axis, and lists each with its evidence', async () => {
    // Prepare
    const s = statuses.get('national-inquiry')!;
    // Act
    const $ = await html('/entries/national-inquiry');
    const chart = JSON.parse($('#weekly-chart-data').text()) as { weeks: string[]; markers: { at: string; type: string }[] };
    // Assess: every event and deadline, oldest first, and the axis reaching the last of them (31 March 2026)
    expect(chart.markers.map((m) => [m.at, m.type]).sort()).toEqual([...s.events.map((e) => [e.date, 'event']), ...s.deadlines.map((d) => [d.due, 'deadline'])].sort());
    expect(chart.markers.map((m) => m.at)).toEqual([...chart.markers.map((m) => m.at)].sort());
    expect(chart.weeks.at(-1)).toBe('2026-03-30');
    const listed = $('ol.marker-list > li');
    expect(listed).toHaveLength(chart.markers.length);
    const chair = listed.filter((_, li) => $(li).text().includes('chair appointed'));
    const chairEvidence = s.events.find((e) => e.type === 'chair-appointed')!.evidence[0]!;
    expect(chair.find('a.evidence-link').attr('href')).toBe(`/item/${chairEvidence.itemId}`);
    expect(chair.find('q').text()).toBe(chairEvidence.sentence);
    expect(text($('.entry-meta').text())).toContain('state: being set up since 30 Jul 2025 · next deadline: Government response to Home Affairs Committee');
    expect($('.markers').text()).not.toMatch(ISO_DAY);
  });

  it('keeps to the date range: markers inside it on the chart, a count of the rest', async () => {
    // Prepare
    const s = statuses.get('national-inquiry')!;
    const inRange = [...s.events.map((e) => e.date), ...s.deadlines.map((d) => d.due)].filter((d) => d >= '2025-06-01' && d <= '2025-07-31');
    // Act
    const $ = await html('/entries/national-inquiry?from=2025-06-01&to=2025-07-31');
    const chart = JSON.parse($('#weekly-chart-data').text()) as { weeks: string[]; markers: { at: string }[] };
    // Assess
    expect(chart.markers.map((m) => m.at).sort()).toEqual(inRange.sort());
    expect(inRange.length).toBeLessThan(s.events.length + s.deadlines.length);
    expect(chart.weeks.at(-1)).toBe('2025-07-28');
    expect(text($('.markers .hint').text())).toContain(`${s.events.length + s.deadlines.length - inRange.length} more outside this date range`);
  });

  it('lists on /board what is overdue, due soon, stalled and recently changed, each with working evidence links', async () => {
    // Prepare: the same rows as the Slack roundup's board section
    const summary = await board.summary(BOARD_NOW);
    // Act
    const $ = await html('/board');
    const entriesIn = (key: string) => $(`section[aria-labelledby="board-${key}"] .board-entry a`).map((_, a) => $(a).attr('href')!.replace('/entries/', '')).get();
    const links = $('main a.evidence-link').map((_, a) => $(a).attr('href')!).get();
    const items = links.filter((l) => l.startsWith('/item/'));
    const answers = await Promise.all(items.map(async (l) => [l, (await get(l)).status]));
    // Assess
    expect(entriesIn('overdue')).toEqual(['national-inquiry']);
    expect(entriesIn('dueSoon')).toEqual(['casey-audit']);
    expect(entriesIn('stalled')).toEqual(summary.stalled.map((r) => r.entryId));
    expect(entriesIn('stalled').length).toBeGreaterThan(5);
    expect(entriesIn('recentlyChanged')).toEqual(['national-inquiry']);
    expect(text($('#board-overdue').text())).toBe('Overdue (1)');
    const report = statuses.get('national-inquiry')!.deadlines.find((d) => d.status === 'overdue')!.basis;
    expect($('section[aria-labelledby="board-overdue"] a.evidence-link').attr('href')).toBe(`/item/${report.itemId}`);
    expect(text((await html(`/item/${report.itemId}`))('h1').text())).toBe(report.title ?? report.sentence);
    expect(text($('section[aria-labelledby="board-recentlyChanged"] .board-detail').text())).toBe('unknown → being set up, from 30 Jul 2025');
    expect(answers.filter(([, status]) => status !== 200)).toEqual([]);
    expect(items.length).toBeGreaterThanOrEqual(3);
    // The stalled entries rest on the registry's recorded government responses: their sources, not archived items.
    expect(links.filter((l) => /^https:\/\//.test(l)).length).toBe(summary.stalled.length);
    expect($('main').text()).not.toMatch(ISO_DAY);
    expect($('.cite').text()).toContain(`${server.url}/board`);
  });

  it('exports the board\'s rows as CSV and JSON Lines with their evidence, described by a provenance document', async () => {
    // Prepare
    const $ = await html('/board');
    const shown = $('.board-section').map((_, section) => $(section).find('.board-entry a').map((_, a) => $(a).attr('href')!.replace('/entries/', '')).get()).get();
    // Act
    const csv = await get('/board/export?format=csv');
    const jsonl = (await (await get('/board/export?format=jsonl')).text()).trim().split('\n').map((l) => JSON.parse(l));
    const provenance = await (await get('/board/export?format=provenance')).json();
    // Assess
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="inquiry-watch-board-2025-08-01.csv"');
    expect(csv.headers.get('link')).toBe('</board/export?format=provenance>; rel="describedby"');
    const [header, ...rows] = parseCsv(await csv.text());
    expect(header).toEqual(['section', 'entry', 'name', 'state', 'what', 'date', 'days', 'deadline_status', 'evidence_item_ids', 'evidence_urls']);
    expect(rows.map((r) => r[1])).toEqual(shown);
    expect(rows[0]).toEqual(expect.arrayContaining(['overdue', 'national-inquiry', '2025-07-20', '12', 'overdue']));
    expect(jsonl.map((r) => r.entry)).toEqual(shown);
    expect(jsonl.at(-1)).toMatchObject({ section: 'recently_changed', what: 'unknown → being set up', date: '2025-07-30', evidence: [{ sentence: expect.stringContaining('appointed as chair') }] });
    expect(provenance).toMatchObject({ generator: 'inquiry-watch', at: '2025-08-01', generatedAt: BOARD_NOW.toISOString(), view: `${server.url}/board`, sections: { dueSoonDays: 30, changedWithinDays: 7, stalledAfterDays: 120, rows: { overdue: 1, dueSoon: 1, recentlyChanged: 1 } } });
    expect((await get('/board/export?format=xml')).status).toBe(400);
  });
});
