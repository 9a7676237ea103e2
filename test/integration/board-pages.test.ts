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

  it('shows /board?at= as of that day, with the meaning `status --at` gives it, and keeps the day in its exports and citation', async () => {
    // Prepare: on 10 July 2025 the Third Report's response was due in ten days, the Fourth not yet published
    const then = await board.summary(new Date('2025-07-10T12:00:00.000Z'));
    // Act
    const $ = await html('/board?at=2025-07-10');
    const entriesIn = (key: string) => $(`section[aria-labelledby="board-${key}"] .board-entry a`).map((_, a) => $(a).attr('href')!.replace('/entries/', '')).get();
    const csv = await get('/board/export?format=csv&at=2025-07-10');
    const provenance = await (await get('/board/export?format=provenance&at=2025-07-10')).json();
    // Assess
    expect(text($('h1').text())).toBe('Accountability board as of 10 July 2025');
    expect(text($('.notice').text())).toContain('You are looking at the board as of 10 July 2025');
    expect($('.notice a[href="/board"]').text()).toBe('Show today’s board');
    expect($('#board-at').attr('value')).toBe('2025-07-10');
    expect(entriesIn('overdue')).toEqual([]);
    expect(entriesIn('dueSoon')).toEqual(['national-inquiry']);
    expect(entriesIn('dueSoon')).toEqual(then.dueSoon.map((r) => r.entryId));
    expect(entriesIn('stalled')).toEqual(then.stalled.map((r) => r.entryId));
    expect(text($('section[aria-labelledby="board-dueSoon"] .board-detail').text())).toMatch(/due 20 Jul 2025, in 10 days$/);
    expect($('.board-export a').map((_, a) => $(a).attr('href')).get()).toEqual([
      '/board/export?format=csv&at=2025-07-10',
      '/board/export?format=jsonl&at=2025-07-10',
      '/board/export?format=provenance&at=2025-07-10',
    ]);
    expect($('.cite').text()).toContain(`${server.url}/board?at=2025-07-10`);
    expect($('link[rel="canonical"]').attr('href')).toBe(`${server.url}/board?at=2025-07-10`);
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="inquiry-watch-board-2025-07-10.csv"');
    expect(parseCsv(await csv.text()).slice(1).map((r) => [r[0], r[1]])).toEqual([['due_soon', 'national-inquiry'], ...entriesIn('stalled').map((id) => ['stalled', id])]);
    expect(provenance).toMatchObject({ at: '2025-07-10', view: `${server.url}/board?at=2025-07-10`, sections: { rows: { overdue: 0, dueSoon: 1, recentlyChanged: 0 } } });
  });

  it('counts as recently changed on a chosen day the changes dated in the week up to it', async () => {
    // Act: the chair was appointed on 30 July
    const [week, later] = await Promise.all([html('/board?at=2025-08-05'), html('/board?at=2025-08-10')]);
    // Assess
    const changed = ($: typeof week) => $('section[aria-labelledby="board-recentlyChanged"] .board-entry a').map((_, a) => $(a).attr('href')).get();
    expect(changed(week)).toEqual(['/entries/national-inquiry']);
    expect(changed(later)).toEqual([]);
    expect(text(week('section[aria-labelledby="board-recentlyChanged"] .hint').text())).toBe('State changes dated in the 7 days up to that day.');
  });

  it('refuses a day that is not in the calendar with 400, naming the parameter and the value, and takes an empty field as today', async () => {
    // Act
    const [bad, badExport, empty] = await Promise.all([get('/board?at=2025-02-30'), get('/board/export?format=csv&at=2025-13-01'), get('/board?at=')]);
    const $ = load(await bad.text());
    // Assess
    expect(bad.status).toBe(400);
    expect(text($('.notice-error p:not(.notice-title)').text())).toBe('at: "2025-02-30" is not a date: February 2025 has 28 days');
    expect($('#board-at').attr('aria-invalid')).toBe('true');
    expect($('.board-section')).toHaveLength(0);
    expect(badExport.status).toBe(400);
    expect(await badExport.text()).toContain('at: &quot;2025-13-01&quot; is not a date: there is no month 13');
    expect(empty.status).toBe(303);
    expect(empty.headers.get('location')).toBe('/board');
  });
});
