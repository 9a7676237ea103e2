import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SourceSchema, type SourceConfig } from '../../lib/config/schema.ts';
import { FetchHttpClient } from '../../lib/http/fetcher.ts';
import { ReplayServer } from '../../lib/dev/replay-server.ts';
import { listForm } from '../../lib/dev/parliament-fixtures.ts';
import { isCutShort } from '../../lib/sources/details.ts';
import { parliamentDay, parliamentDayRoutes } from '../../lib/dev/parliament-day.ts';
import { ADAPTERS } from '../../lib/sources/index.ts';
import { prefilterFor } from '../../lib/sources/prefilter.ts';
import { listedText, type Question } from '../../lib/sources/written-questions.ts';
import type { PollOutcome, SourceAdapter } from '../../lib/sources/types.ts';
import type { SourceState } from '../../lib/store/entities/source-state-entity.ts';
import { loadRegistry } from '../../lib/registry/registry.ts';
import { compileRegistry } from '../../lib/classify/classifier.ts';

/**
 * Sources read whole (the default): every record of the window, no search term; questions and Hansard in two stages.
 * A poll hands each record over once; the next poll costs a list page, or a count per day, when nothing changed.
 */
const DATE = '2025-06-18';
const day = parliamentDay(DATE);
const clock = { now: new Date(`${DATE}T23:00:00Z`) };
const prefilter = prefilterFor(compileRegistry(loadRegistry('config/registry.yaml')));
const loopback: number[] = [];
const http = new FetchHttpClient({ userAgent: 'InquiryWatch-test/0.1', backoffMs: 1, allowLoopbackPorts: loopback });
let server: ReplayServer;

const PREFIX = { hansard: '/hansard-api', 'written-statements': '/questions-statements-api', 'written-questions': '/questions-statements-api', committees: '/committees-api', 'govuk-search': '/govuk' } as const;
const source = (type: keyof typeof PREFIX, over: Record<string, unknown> = {}): SourceConfig =>
  SourceSchema.parse({ id: type, type, baseUrl: server.url + PREFIX[type], overlapDays: 1, ...over }) as SourceConfig;

/** Polls as the cycle does, carrying the cursor from one poll to the next. */
async function poll(src: SourceConfig, state?: SourceState, now = clock.now): Promise<{ outcome: PollOutcome; state: SourceState }> {
  const outcome = await (ADAPTERS[src.type] as SourceAdapter).poll({ source: src, state, http, now, searchTerms: ['grooming gangs'], prefilter });
  return { outcome, state: { sourceId: src.id, consecutiveFailures: 0, itemsStored: 0, ...state, cursor: outcome.cursor ?? state?.cursor } };
}

const paths = (fragment: string) => server.requests.filter((r) => r.path.includes(fragment));
const searchParams = (names: string[]) => server.requests.flatMap((r) => names.filter((n) => r.url.searchParams.has(n)));

beforeAll(async () => {
  server = new ReplayServer(parliamentDayRoutes(day, clock));
  await server.start();
  loopback.push(server.port);
});
afterAll(() => server.stop());
beforeEach(() => {
  server.requests.length = 0;
  clock.now = new Date(`${DATE}T23:00:00Z`);
});

describe('written statements read whole', () => {
  it('hands over every statement of the window without a search term, each read in full once', async () => {
    // Act
    const first = await poll(source('written-statements'));
    const detailsFirst = paths('/statements/').length;
    server.requests.length = 0;
    const second = await poll(source('written-statements'), first.state);
    // Assess
    expect(searchParams(['searchTerm'])).toEqual([]);
    expect(first.outcome.drafts.map((d) => d.nativeIds.id).sort()).toEqual(day.statements.map((s) => String(s.record.id)).sort());
    // A statement short enough to be whole in the list is not asked for again.
    expect(detailsFirst).toBe(day.statements.filter((s) => isCutShort(listForm(s.record).text as string)).length);
    expect(second.outcome.drafts).toEqual([]);
    expect(paths('/statements/')).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('hands over a statement made after the last poll, alone, at the next poll', async () => {
    // Prepare: the first poll sees the day up to a minute before the last statement appeared.
    const last = day.statements.reduce((a, b) => (a.at > b.at ? a : b));
    clock.now = new Date(Date.parse(last.at) - 60_000);
    const earlier = await poll(source('written-statements'), undefined, clock.now);
    server.requests.length = 0;
    clock.now = new Date(Date.parse(last.at) + 60_000);
    // Act
    const next = await poll(source('written-statements'), earlier.state, clock.now);
    // Assess
    expect(earlier.outcome.drafts.some((d) => d.nativeIds.id === String(last.record.id))).toBe(false);
    expect(next.outcome.drafts.map((d) => d.nativeIds.id)).toEqual([String(last.record.id)]);
    expect(paths('/statements/').length).toBeLessThanOrEqual(1);
  });

  it('sends back the validators of the first page and reads nothing more on a 304', async () => {
    // Prepare: a service that sends an ETag (Parliament's are not known to; GOV.UK's CDN may).
    const route = parliamentDayRoutes(day, clock)['/questions-statements-api/api/writtenstatements/statements'] as (u: URL, h: number) => object;
    server.set('/questions-statements-api/api/writtenstatements/statements', (url, hit) => ({ ...route(url, hit), etag: '"day-1"' }));
    const first = await poll(source('written-statements'));
    server.requests.length = 0;
    // Act
    const second = await poll(source('written-statements'), first.state);
    const third = await poll(source('written-statements'), second.state);
    // Assess
    expect(server.requests.map((r) => [r.headers['if-none-match'], r.status])).toEqual([
      ['"day-1"', 304],
      ['"day-1"', 304],
    ]);
    expect([second.outcome.drafts, third.outcome.drafts]).toEqual([[], []]);
    // What was handed over is still remembered after a 304.
    expect(third.state.cursor?.seen).toBe(first.state.cursor?.seen);
    server.set('/questions-statements-api/api/writtenstatements/statements', route as never);
  });
});

describe('written questions in two stages', () => {
  const listed = (q: (typeof day.questions)[number]) => listForm(q.record) as unknown as Question;
  const candidates = day.questions.filter((q) => prefilter.match(...listedText(listed(q))));
  const cut = (q: (typeof day.questions)[number]) => isCutShort(listed(q).questionText) || isCutShort(listed(q).answerText);

  it('lists each day whole, reads in full only the candidates the pre-filter picks, and hands the rest over as listed', async () => {
    // Act
    const { outcome } = await poll(source('written-questions'));
    // Assess
    expect(searchParams(['searchTerm'])).toEqual([]);
    expect(outcome.drafts).toHaveLength(day.questions.length);
    // A candidate whose list text is whole is not asked for again.
    expect(paths('/questions/').map((r) => r.path.split('/').pop()).sort()).toEqual(candidates.filter(cut).map((q) => String(q.record.id)).sort());
    expect(candidates.length).toBeLessThan(day.questions.length / 2);
    for (const q of day.questions.filter((r) => r.relevant)) expect(candidates).toContain(q);
    const partial = outcome.drafts.filter((d) => d.partial).map((d) => d.nativeIds.id);
    expect(partial.sort()).toEqual(day.questions.filter((q) => !candidates.includes(q) && cut(q)).map((q) => String(q.record.id)).sort());
  });

  it('asks only each day’s count on the next poll when no day changed', async () => {
    // Prepare
    const first = await poll(source('written-questions'));
    server.requests.length = 0;
    // Act
    const second = await poll(source('written-questions', { minIntervalMinutes: 0 }), first.state, new Date(clock.now.getTime() + 15 * 60_000));
    // Assess: answered and corrected, for each day of the window, one record each.
    expect(second.outcome.drafts).toEqual([]);
    expect(server.requests.every((r) => r.url.searchParams.get('take') === '1')).toBe(true);
    expect(server.requests).toHaveLength(2 * 2);
  });

  it('reads a day again when the request budget stopped its read short', async () => {
    // Prepare: a budget of 4 requests, pages of 10: the day's count and three of its five pages.
    const src = source('written-questions', { maxSearchRequests: 4, pageSize: 10, minIntervalMinutes: 0 });
    const first = await poll(src);
    server.requests.length = 0;
    // Act
    await poll(src, first.state);
    // Assess
    expect(first.outcome.warnings.join('\n')).toMatch(/budget of 4 requests spent/);
    expect(first.outcome.drafts).toHaveLength(30);
    expect(first.state.cursor?.[`n:answered:${DATE}`]).toBeUndefined();
    const pagesOfTheDay = server.requests.filter((r) => r.url.searchParams.get('answeredWhenFrom') === DATE && r.url.searchParams.get('take') === '10');
    expect(pagesOfTheDay.length).toBeGreaterThan(0);
  });

  it('asks no day\'s count once the request budget is spent', async () => {
    // Prepare: a budget of 2 requests; the window's two days each have two lists to count
    const questions = source('written-questions', { maxSearchRequests: 2, minIntervalMinutes: 0 });
    const hansard = source('hansard', { maxSearchRequests: 2, minIntervalMinutes: 0 });
    // Act
    const polls = [await poll(questions), await poll(hansard)];
    // Assess: two list requests each (a count and a page; full texts have their own limits), and the budget named
    expect(server.requestsTo('/questions-statements-api/api/writtenquestions/questions')).toHaveLength(2);
    expect(paths('/hansard-api/')).toHaveLength(2);
    for (const { outcome } of polls) expect(outcome.cutShort).toMatch(/budget of 2 requests spent/);
  });
});

describe('Hansard in two stages', () => {
  it('hands over only candidate contributions, and reads in full only candidate sections and statements', async () => {
    // Act
    const { outcome } = await poll(source('hansard'));
    // Assess
    expect(searchParams(['queryParameters.searchTerm'])).toEqual([]);
    const handed = new Set(outcome.drafts.map((d) => d.nativeIds.contributionExtId).filter(Boolean));
    for (const c of day.spoken) {
      const isCandidate = !!prefilter.match(String(c.record.DebateSection), String(c.record.ContributionTextFull), String(c.record.MemberName), String(c.record.AttributedTo));
      expect(handed.has(String(c.record.ContributionExtId)), String(c.record.ContributionExtId)).toBe(isCandidate);
    }
    for (const c of day.spoken.filter((r) => r.relevant)) expect(handed.has(String(c.record.ContributionExtId))).toBe(true);
    const read = paths('/debates/debate/').length;
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThan(day.sections.size / 2);
    expect(outcome.drafts.find((d) => d.title === 'Grooming Gangs: National Inquiry' && d.kindHint === 'statement')).toBeDefined();
  });

  it('asks only each day’s counts on the next poll when nothing was said since', async () => {
    // Prepare
    const first = await poll(source('hansard', { minIntervalMinutes: 0 }));
    server.requests.length = 0;
    // Act
    const second = await poll(source('hansard', { minIntervalMinutes: 0 }), first.state, new Date(clock.now.getTime() + 15 * 60_000));
    // Assess
    expect(second.outcome.drafts).toEqual([]);
    expect(server.requests.length).toBeGreaterThan(0);
    expect(server.requests.every((r) => r.url.searchParams.get('queryParameters.take') === '1')).toBe(true);
  });
});

describe('committees and GOV.UK read whole', () => {
  it('hands over every committee publication of the window, without a search term, once', async () => {
    // Act
    const first = await poll(source('committees'));
    const second = await poll(source('committees'), first.state);
    // Assess
    expect(searchParams(['SearchTerm'])).toEqual([]);
    expect(first.outcome.drafts.map((d) => d.nativeIds.publicationId).sort()).toEqual(day.publications.map((p) => String(p.record.id)).sort());
    expect(second.outcome.drafts).toEqual([]);
  });

  it("hands over every document of the organisations' streams, without a query, each body read once", async () => {
    // Act
    const first = await poll(source('govuk-search'));
    const contentReads = paths('/api/content').length;
    const second = await poll(source('govuk-search'), first.state);
    // Assess
    expect(searchParams(['q'])).toEqual([]);
    expect(server.requests.every((r) => !r.path.endsWith('search.json') || r.url.searchParams.get('filter_organisations') === 'home-office')).toBe(true);
    expect(first.outcome.drafts).toHaveLength(day.govuk.length);
    expect(contentReads).toBe(day.govuk.length);
    expect(second.outcome.drafts).toEqual([]);
    expect(paths('/api/content')).toHaveLength(contentReads);
  });
});
