import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SourceSchema, SubscriptionSchema, type SourceConfig, type SourceConfigOf } from '../../lib/config/schema.ts';
import { FetchHttpClient } from '../../lib/http/fetcher.ts';
import { ReplayServer } from '../../lib/dev/replay-server.ts';
import { committeesRoute, govukSearchRoute, hansardSearchRoute, listForm, parliamentRoutes, questionsStatementsRoute } from '../../lib/dev/parliament-fixtures.ts';
import { debateUrl } from '../../lib/sources/hansard.ts';
import { publicationKind } from '../../lib/sources/committees.ts';
import { ADAPTERS } from '../../lib/sources/index.ts';
import type { PollContext, PollOutcome, SourceAdapter } from '../../lib/sources/types.ts';
import type { ItemDraft } from '../../lib/model/item.ts';
import { pollSource, type CycleDeps } from '../../lib/pipeline/cycle.ts';
import { loadRegistry } from '../../lib/registry/registry.ts';
import { compileRegistry } from '../../lib/classify/classifier.ts';
import { createTestTable, type TestTable } from '../support/dynamo.ts';
import { deliverDigests } from '../../lib/digest/deliver.ts';
import { TerminalSender } from '../../lib/digest/terminal.ts';
import { DynamoDigestStore } from '../../lib/adapters/dynamodb/digest-store.ts';

const NOW = new Date('2025-06-20T12:00:00Z');
/** The replay server's port, once started: the only loopback port the fetcher's address guard lets through. */
const loopback: number[] = [];
const http = new FetchHttpClient({ userAgent: 'InquiryWatch-test/0.1', backoffMs: 1, allowLoopbackPorts: loopback });
const registry = loadRegistry('config/registry.yaml');
const compiled = compileRegistry(registry);

const PREFIX: Record<string, string> = {
  hansard: '/hansard-api',
  'written-statements': '/questions-statements-api',
  'written-questions': '/questions-statements-api',
  committees: '/committees-api',
  'govuk-search': '/govuk',
};

let server: ReplayServer;

/**
 * These tests read each source by search term (`read: search`, the fallback), where most of the shapes were first
 * pinned down; reading whole streams and days is tested in sources-streams.test.ts.
 */
function source<T extends keyof typeof PREFIX>(type: T, over: Record<string, unknown> = {}): SourceConfigOf<T & SourceConfig['type']> {
  return SourceSchema.parse({ id: `${type}-test`, type, baseUrl: server.url + PREFIX[type], read: 'search', ...over }) as SourceConfigOf<T & SourceConfig['type']>;
}

async function poll(src: SourceConfig, searchTerms: string[], over: Partial<PollContext> = {}): Promise<PollOutcome> {
  const adapter = ADAPTERS[src.type] as SourceAdapter;
  return adapter.poll({ source: src, state: undefined, http, now: NOW, searchTerms, ...over });
}

const SPOKEN = '/hansard-api/search/contributions/Spoken.json';
const QUESTIONS = '/questions-statements-api/api/writtenquestions/questions';
const PUBLICATIONS = '/committees-api/api/Publications';
const AUDIT_SECTION = '1D2C3B4A-5E6F-4A7B-8C9D-0E1F2A3B4C5D';
const JSON_HEADERS = { 'content-type': 'application/json' };

type Json = Record<string, any>;
const fixture = (path: string): Json => JSON.parse(readFileSync(`test/fixtures/parliament/${path}`, 'utf8'));
const spokenFixture = (): Json[] => fixture('hansard/contributions-spoken.json').Results;
const publicationsFixture = (): Json[] => fixture('committees/publications.json').items;
/** Full question records (what each question's own endpoint sends), by id. */
const questionFixture = (id: number): Json => fixture(`questions-statements/question-${id}.json`).value;

/** A spoken contribution in the real search body's shape (every key present; `hs_para`; a column range). */
function contribution(i: number, over: Json = {}): Json {
  return {
    MemberName: `Member ${i}`,
    MemberId: 1000 + i,
    AttributedTo: `Member ${i} (Lab)`,
    ItemId: 60000000 + i,
    ContributionExtId: `EXT-${i}`,
    ContributionText: ' Contribution on grooming gangs',
    ContributionTextFull: 'Contribution on grooming gangs',
    HRSTag: 'hs_para',
    HansardSection: 'AB-AC',
    Timecode: null,
    DebateSection: 'Grooming Gangs',
    DebateSectionId: 5300001,
    DebateSectionExtId: 'SECTION-1',
    SittingDate: '2025-06-18T00:00:00',
    Section: 'Commons Chamber',
    House: 'Commons',
    OrderInDebateSection: i + 2,
    DebateSectionOrder: 4,
    Rank: i + 1,
    ...over,
  };
}

/** Question list and detail routes serving these full records, the list in the service's cut-short form. */
function serveQuestions(records: Json[]): void {
  server.set(QUESTIONS, questionsStatementsRoute(records.map((v) => ({ value: listForm(v), links: [] }))));
  for (const v of records) server.set(`${QUESTIONS}/${v.id}`, { headers: JSON_HEADERS, body: JSON.stringify({ value: v, links: [] }) });
}

const byTitle = (drafts: ItemDraft[], fragment: string): ItemDraft => {
  const found = drafts.find((d) => d.title.includes(fragment));
  if (!found) throw new Error(`no draft titled "${fragment}" among: ${drafts.map((d) => d.title).join(' | ')}`);
  return found;
};

beforeAll(async () => {
  server = new ReplayServer(parliamentRoutes());
  await server.start();
  loopback.push(server.port);
});
afterAll(async () => {
  await server.stop();
});
beforeEach(() => {
  server.requests.length = 0;
  for (const [path, route] of Object.entries(parliamentRoutes())) server.set(path, route);
});

describe('Hansard adapter', () => {
  it('sends every filter with the queryParameters. prefix', async () => {
    // Prepare
    const src = source('hansard', { house: 'Commons' });
    // Act
    await poll(src, ['grooming gangs']);
    // Assess
    const [req] = server.requestsTo('/hansard-api/search/contributions/Spoken.json');
    expect(Object.fromEntries(req!.url.searchParams)).toEqual({
      'queryParameters.searchTerm': 'grooming gangs',
      'queryParameters.startDate': '2025-06-16',
      'queryParameters.endDate': '2025-06-20',
      'queryParameters.house': 'Commons',
      'queryParameters.orderBy': 'SittingDateDesc',
      'queryParameters.skip': '0',
      'queryParameters.take': '50',
    });
    expect(server.requestsTo('/hansard-api/search/contributions/Written.json')).toHaveLength(1);
    expect(server.requestsTo('/hansard-api/search/debates.json')).toHaveLength(1);
  });

  it("marks the Home Secretary's opening a statement by her own words, and the replies debate, saying the kind was inferred", async () => {
    // Prepare: real shape: HRSTag "hs_para" and a column range, so nothing but the words and their place say statement.
    const src = source('hansard');
    // Act
    const { drafts } = await poll(src, ['grooming gangs']);
    // Assess
    const opening = drafts.find((d) => d.author === 'Yvette Cooper')!;
    const reply = drafts.find((d) => d.author === 'Chris Philp')!;
    expect(opening).toMatchObject({
      kindHint: 'statement',
      sourceType: 'hansard',
      title: 'National Audit on Group-based Child Sexual Exploitation and Abuse',
      published: '2025-06-16T00:00:00.000Z',
      url: 'https://hansard.parliament.uk/Commons/2025-06-16/debates/1D2C3B4A-5E6F-4A7B-8C9D-0E1F2A3B4C5D/NationalAuditOnGroup-basedChildSexualExploitationAndAbuse#contribution-8F0C6A1E-2B7D-4C55-9E61-0A1B2C3D4E01',
      nativeIds: { contributionExtId: '8F0C6A1E-2B7D-4C55-9E61-0A1B2C3D4E01', contributionType: 'Spoken', kindInferred: 'true' },
    });
    expect(opening.nativeIds.kindSignal).toMatch(/^opening words "with permission, madam deputy speaker, i will make a statement/);
    expect(opening.attribution).toContain('Open Parliament Licence v3.0');
    expect(reply).toMatchObject({ kindHint: 'debate', title: 'National Audit on Group-based Child Sexual Exploitation and Abuse: Chris Philp' });
    expect(drafts.find((d) => d.author === 'Sarah Champion')!.kindHint).toBe('debate');
  });

  it("recognises the Lords minister repeating the statement, and the thanks for it as debate", async () => {
    // Prepare
    const src = source('hansard');
    // Act
    const { drafts } = await poll(src, ['grooming gangs']);
    // Assess
    expect(drafts.find((d) => d.author === 'Lord Hanson of Flint')).toMatchObject({ kindHint: 'statement', title: 'Grooming Gangs: National Audit' });
    expect(drafts.find((d) => d.author === 'Lord Davies of Gower')!.kindHint).toBe('debate');
  });

  it('takes a statement heading and the first place in its section for a statement when the opening words differ', async () => {
    // Prepare: a Lords heading "…: Statement"; the minister opens without the usual formula.
    const section = { DebateSection: 'Child Sexual Exploitation: Statement', DebateSectionExtId: 'SECTION-ST', House: 'Lords', Section: 'Lords Chamber' };
    server.set(SPOKEN, hansardSearchRoute([
      contribution(1, { ...section, MemberName: 'Lord Hanson of Flint', OrderInDebateSection: 1, ContributionTextFull: 'My Lords, the Government have today published the national audit on grooming gangs.' }),
      contribution(2, { ...section, MemberName: 'Baroness Bertin', OrderInDebateSection: 4, ContributionTextFull: 'My Lords, the grooming gangs audit is damning.' }),
    ], 'Spoken'));
    const src = source('hansard');
    // Act
    const { drafts } = await poll(src, ['grooming gangs']);
    // Assess
    const opening = drafts.find((d) => d.author === 'Lord Hanson of Flint')!;
    expect(opening.kindHint).toBe('statement');
    expect(opening.nativeIds).toMatchObject({ kindSignal: 'heading "Child Sexual Exploitation: Statement", first contribution of the section', kindInferred: 'true' });
    expect(drafts.find((d) => d.author === 'Baroness Bertin')!.kindHint).toBe('debate');
  });

  it('reads the section of a statement whose replies were found but not its opening, and stores the opening as the statement', async () => {
    // Prepare: only the reply mentions the term; the section read in full has the Home Secretary's statement first.
    const reply = spokenFixture().find((c) => c.MemberName === 'Chris Philp')!;
    server.set(SPOKEN, hansardSearchRoute([reply], 'Spoken'));
    server.set('/hansard-api/search/debates.json', hansardSearchRoute([], 'debates'));
    const src = source('hansard');
    // Act
    const { drafts } = await poll(src, ['grooming gangs']);
    // Assess
    expect(server.requestsTo(`/hansard-api/debates/debate/${AUDIT_SECTION}.json`)).toHaveLength(1);
    const statement = drafts.find((d) => d.kindHint === 'statement')!;
    expect(statement).toMatchObject({ author: 'The Secretary of State for the Home Department (Yvette Cooper)', title: 'National Audit on Group-based Child Sexual Exploitation and Abuse' });
    expect(statement.text).toMatch(/^With permission, Madam Deputy Speaker, I will make a statement/);
    expect(statement.dedupKeys).toContain(`hansard:statement:${AUDIT_SECTION}`);
    expect(drafts.find((d) => d.author === 'Chris Philp')!.kindHint).toBe('debate');
  });

  it('keeps parentheses in the public link, as Hansard does', () => {
    // Prepare
    const title = 'National Security (State Threats) Bill';
    // Act
    const url = debateUrl('Lords', '2026-06-30', 'A9B3AF3E-F1BD-4588-90E6-FE3100192187', title);
    // Assess
    expect(url).toBe('https://hansard.parliament.uk/Lords/2026-06-30/debates/A9B3AF3E-F1BD-4588-90E6-FE3100192187/NationalSecurity(StateThreats)Bill');
  });

  it('strips the HTML and keeps entities and £ intact', async () => {
    // Prepare
    const src = source('hansard');
    // Act
    const { drafts } = await poll(src, ['grooming gangs']);
    // Assess
    const opening = drafts.find((d) => d.author === 'Yvette Cooper')!;
    expect(opening.text).toContain('victims in Rotherham & Oldham were failed');
    expect(opening.text).toContain('backed by £5 million');
    expect(opening.text).toContain('I commend this statement to the House.');
    expect(opening.text).not.toMatch(/<|&amp;|column-number/);
    expect(drafts.find((d) => d.author === 'Sarah Champion')!.text).toContain('will the £5 million be new money, not taken from existing');
  });

  it('reads a found debate section in full, speaker by speaker, so it is matched on what was said', async () => {
    // Prepare
    const src = source('hansard');
    // Act
    const { drafts, warnings } = await poll(src, ['national inquiry']);
    // Assess
    const debate = byTitle(drafts, 'Grooming Gangs: National Inquiry');
    expect(debate.text).toContain('Lord Hogan-Howe (CB): My Lords, will the inquiry have the power to compel police forces');
    expect(debate.text).toContain('survivors will sit on a liaison panel & will be consulted');
    expect(server.requestsTo('/hansard-api/debates/debate/2B3C4D5E-6F7A-4B8C-9D0E-1F2A3B4C5D6E.json')).toHaveLength(1);
    expect(warnings).toEqual([]);
  });

  it('keeps a debate as its heading, with a warning, when its full text cannot be read', async () => {
    // Prepare
    server.set('/hansard-api/debates/debate/2B3C4D5E-6F7A-4B8C-9D0E-1F2A3B4C5D6E.json', { status: 404 });
    const src = source('hansard');
    // Act
    const { drafts, warnings } = await poll(src, ['national inquiry']);
    // Assess
    expect(byTitle(drafts, 'Grooming Gangs: National Inquiry').text).toBe('Lords Chamber · Lords');
    expect(warnings.join('\n')).toMatch(/debate 2B3C4D5E-6F7A-4B8C-9D0E-1F2A3B4C5D6E: full text not read \(HTTP 404/);
  });

  it('counts a contribution found by two search terms once', async () => {
    // Prepare
    const src = source('hansard');
    // Act
    const { drafts } = await poll(src, ['grooming gangs', 'Rotherham', 'ROTHERHAM']);
    // Assess
    const ids = drafts.map((d) => d.dedupKeys.at(-1));
    expect(new Set(ids).size).toBe(ids.length);
    expect(drafts.filter((d) => d.author === 'Sarah Champion')).toHaveLength(1);
    expect(server.requestsTo('/hansard-api/search/contributions/Spoken.json')).toHaveLength(2);
  });

  it('reaches back at least three sitting days even with a short overlap', async () => {
    // Prepare: Monday 23 June, last window ended that morning; 3 weekdays back is Wednesday 18 June.
    const src = source('hansard', { overlapDays: 1 });
    const state = { sourceId: src.id, consecutiveFailures: 0, itemsStored: 0, cursor: { windowEnd: '2025-06-23T06:00:00.000Z' } };
    // Act
    const outcome = await poll(src, ['grooming gangs'], { state, now: new Date('2025-06-23T12:00:00Z') });
    // Assess
    const [req] = server.requestsTo('/hansard-api/search/debates.json');
    expect(req!.url.searchParams.get('queryParameters.startDate')).toBe('2025-06-18');
    expect(outcome.cursor).toMatchObject({ windowEnd: '2025-06-23T12:00:00.000Z' });
  });
});

describe('poll interval', () => {
  it('skips a live poll sooner than minIntervalMinutes after the last one, asking nothing', async () => {
    // Prepare
    const src = source('committees', { minIntervalMinutes: 60 });
    const state = { sourceId: src.id, consecutiveFailures: 0, itemsStored: 0, cursor: { windowEnd: '2025-06-20T11:30:00.000Z' } };
    // Act
    const outcome = await poll(src, ['grooming gangs'], { state });
    // Assess
    expect(outcome).toMatchObject({ notModified: true, drafts: [], pages: 0 });
    expect(server.requests).toHaveLength(0);
  });

  it('always runs a backfill window, and leaves the live cursor alone', async () => {
    // Prepare
    const src = source('committees', { minIntervalMinutes: 60 });
    const state = { sourceId: src.id, consecutiveFailures: 0, itemsStored: 0, cursor: { windowEnd: '2025-06-20T11:30:00.000Z' } };
    const window = { since: new Date('2025-01-06T00:00:00Z'), until: new Date('2025-01-12T23:59:59.999Z') };
    // Act
    const outcome = await poll(src, ['grooming gangs'], { state, window });
    // Assess
    expect(outcome.notModified).toBe(false);
    expect(outcome.cursor).toBeUndefined();
    const [req] = server.requestsTo('/committees-api/api/Publications');
    expect([req!.url.searchParams.get('StartDate'), req!.url.searchParams.get('EndDate')]).toEqual(['2025-01-06', '2025-01-12']);
  });
});

describe('paging', () => {
  const contributions = (n: number) =>
    Array.from({ length: n }, (_, i) => contribution(i, { MemberName: `Member ${i}`, ContributionTextFull: `Contribution ${i} on grooming gangs`, OrderInDebateSection: i + 2 }));

  it('reads skip/take pages until a short page and stops there', async () => {
    // Prepare
    server.set(SPOKEN, hansardSearchRoute(contributions(45), 'Spoken'));
    const src = source('hansard', { pageSize: 20 });
    // Act
    const outcome = await poll(src, ['grooming']);
    // Assess
    const skips = server.requestsTo('/hansard-api/search/contributions/Spoken.json').map((r) => r.url.searchParams.get('queryParameters.skip'));
    expect(skips).toEqual(['0', '20', '40']);
    expect(outcome.drafts.filter((d) => d.nativeIds.contributionType === 'Spoken')).toHaveLength(45);
  });

  it('stops on the reported total without asking for an empty page', async () => {
    // Prepare
    server.set(SPOKEN, hansardSearchRoute(contributions(40), 'Spoken'));
    const src = source('hansard', { pageSize: 20 });
    // Act
    await poll(src, ['grooming']);
    // Assess
    expect(server.requestsTo('/hansard-api/search/contributions/Spoken.json')).toHaveLength(2);
  });

  it('stops at maxPages and says so in a warning', async () => {
    // Prepare
    server.set(SPOKEN, hansardSearchRoute(contributions(100), 'Spoken'));
    const src = source('hansard', { pageSize: 10, maxPages: 3 });
    // Act
    const outcome = await poll(src, ['grooming']);
    // Assess
    expect(server.requestsTo('/hansard-api/search/contributions/Spoken.json')).toHaveLength(3);
    expect(outcome.warnings).toContain('Spoken "grooming": stopped after 3 pages (30 items read; raise maxPages to read more)');
    expect(outcome.cutShort).toBe('Spoken "grooming": stopped after 3 pages (30 items read; raise maxPages to read more)');
  });

  it('pages the committees envelope with Skip and Take', async () => {
    // Prepare
    const report = publicationsFixture().find((p) => p.id === 158201)!;
    const items = Array.from({ length: 7 }, (_, i) => ({ ...report, id: 500 + i, description: `Report ${i} on grooming gangs` }));
    server.set('/committees-api/api/Publications', committeesRoute(items));
    const src = source('committees', { pageSize: 3 });
    // Act
    const outcome = await poll(src, ['grooming']);
    // Assess
    const requests = server.requestsTo('/committees-api/api/Publications');
    expect(requests.map((r) => [r.url.searchParams.get('Skip'), r.url.searchParams.get('Take')])).toEqual([['0', '3'], ['3', '3'], ['6', '3']]);
    expect(outcome.drafts.filter((d) => d.nativeIds.publicationId)).toHaveLength(7);
  });

  it('pages GOV.UK search with start and count', async () => {
    // Prepare
    const results = Array.from({ length: 5 }, (_, i) => ({ link: `/government/news/item-${i}`, title: `Grooming item ${i}`, public_timestamp: '2025-06-18T10:00:00Z', content_store_document_type: 'news_story' }));
    server.set('/govuk/api/search.json', govukSearchRoute(results));
    const src = source('govuk-search', { pageSize: 2 });
    // Act
    const outcome = await poll(src, ['grooming']);
    // Assess
    const starts = server.requestsTo('/govuk/api/search.json').map((r) => r.url.searchParams.get('start'));
    expect(starts).toEqual(['0', '2', '4']);
    expect(outcome.drafts).toHaveLength(5);
    expect(outcome.warnings.filter((w) => w.includes('content not fetched'))).toHaveLength(5);
  });
});

describe('written statements adapter', () => {
  it('lists by date made, then fetches each statement for its full text and attachments', async () => {
    // Prepare
    const src = source('written-statements', { house: 'Commons' });
    // Act
    const { drafts } = await poll(src, ['Casey audit']);
    // Assess
    const [list] = server.requestsTo('/questions-statements-api/api/writtenstatements/statements');
    expect(Object.fromEntries(list!.url.searchParams)).toEqual({
      searchTerm: 'Casey audit',
      madeWhenFrom: '2025-06-16',
      madeWhenTo: '2025-06-20',
      house: 'Commons',
      expandMember: 'true',
      skip: '0',
      take: '50',
    });
    expect(server.requestsTo('/questions-statements-api/api/writtenstatements/statements/1701234')).toHaveLength(1);
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({
      sourceType: 'statement',
      kindHint: 'statement',
      title: 'Casey Audit: Government Response',
      url: 'https://questions-statements.parliament.uk/written-statements/detail/2025-06-17/HCWS712',
      published: '2025-06-17T00:00:00.000Z',
      nativeIds: { id: '1701234', uin: 'HCWS712', dateMade: '2025-06-17' },
    });
    expect(drafts[0]!.dedupKeys[0]).toBe('wms:2025-06-17:HCWS712');
    expect(drafts[0]!.text).toContain('child sexual exploitation & abuse');
    expect(drafts[0]!.text).toContain('£2.6 million');
    expect(drafts[0]!.text).toContain('Attachment: Government response to the national audit');
    expect(drafts[0]!.text).toContain('A copy of the response has been placed in the Libraries of both Houses.');
    expect(drafts[0]!.partial).toBeUndefined();
  });

  it('retries a JSON body carrying "status":500 and then succeeds', async () => {
    // Prepare
    const good = parliamentRoutes()['/questions-statements-api/api/writtenstatements/statements/1701234'];
    server.set('/questions-statements-api/api/writtenstatements/statements/1701234', [
      { headers: { 'content-type': 'application/json' }, body: '{"type":"https://tools.ietf.org/html/rfc7231#section-6.6.1","title":"An error occurred while processing your request.","status":500}' },
      good as { body: string },
    ]);
    const src = source('written-statements');
    // Act
    const { drafts, warnings } = await poll(src, ['Casey audit']);
    // Assess
    expect(server.requestsTo('/questions-statements-api/api/writtenstatements/statements/1701234')).toHaveLength(2);
    expect(warnings).toEqual([]);
    expect(drafts[0]!.text).toContain('£2.6 million');
  });

  it('falls back to the list text when the detail keeps failing, and says so', async () => {
    // Prepare
    server.set('/questions-statements-api/api/writtenstatements/statements/1701234', { headers: { 'content-type': 'application/json' }, body: '{"title":"Error","status":500}' });
    const src = source('written-statements');
    // Act
    const { drafts, warnings } = await poll(src, ['Casey audit']);
    // Assess
    expect(server.requestsTo('/questions-statements-api/api/writtenstatements/statements/1701234')).toHaveLength(3);
    expect(drafts[0]!.text).toContain('full response to Baroness Casey');
    expect(drafts[0]!.partial).toBe(true);
    expect(warnings[0]).toMatch(/HCWS712: detail not fetched .*status 500/);
  });

  it('retries a 429 after its Retry-After and a slow page still arrives', async () => {
    // Prepare
    const list = parliamentRoutes()['/questions-statements-api/api/writtenstatements/statements'] as (u: URL, n: number) => { body: string };
    server.set('/questions-statements-api/api/writtenstatements/statements', (url, hit) =>
      hit === 0 ? { status: 429, headers: { 'retry-after': '0' }, body: 'slow down' } : { ...list(url, hit), delayMs: 300 },
    );
    const src = source('written-statements');
    // Act
    const { drafts } = await poll(src, ['Casey audit']);
    // Assess
    expect(server.requestsTo('/questions-statements-api/api/writtenstatements/statements').map((r) => r.status)).toEqual([429, 200]);
    expect(drafts.map((d) => d.nativeIds.uin)).toEqual(['HCWS712']);
  });
});

describe('written questions adapter', () => {
  it('asks for questions answered in the window, and again for answers corrected in it', async () => {
    // Prepare
    const src = source('written-questions');
    // Act
    await poll(src, ['ethnicity child sexual exploitation']);
    // Assess
    const [answered, corrected] = server.requestsTo(QUESTIONS).map((r) => Object.fromEntries(r.url.searchParams));
    expect(answered).toMatchObject({ answered: 'Answered', answeredWhenFrom: '2025-06-16', answeredWhenTo: '2025-06-20' });
    expect(corrected).toMatchObject({ answered: 'Answered', correctedWhenFrom: '2025-06-16', correctedWhenTo: '2025-06-20' });
    expect(corrected!.answeredWhenFrom).toBeUndefined();
  });

  it('reads a question whose list answer is cut short from its own endpoint, and keeps question and answer whole', async () => {
    // Prepare: the list's answer is 255 characters and "..." (plain text); the detail's is whole HTML.
    const src = source('written-questions');
    // Act
    const { drafts, warnings } = await poll(src, ['ethnicity child sexual exploitation']);
    // Assess
    expect(server.requestsTo(`${QUESTIONS}/1865432`)).toHaveLength(1);
    const q = drafts.find((d) => d.nativeIds.uin === '61234')!;
    expect(q).toMatchObject({
      kindHint: 'question',
      sourceType: 'question',
      title: 'Child Sexual Exploitation: Ethnic Groups',
      url: 'https://questions-statements.parliament.uk/written-questions/detail/2025-06-10/61234',
      author: 'Jess Phillips',
      stage: 'answered',
      dedupKeys: ['wq:2025-06-10:61234'],
      nativeIds: { answerState: 'answered', dateAnswered: '2025-06-18', dateForAnswer: '2025-06-17' },
    });
    expect(q.partial).toBeUndefined();
    expect(q.text).toContain('Asked by Sarah Champion (to Home Office)');
    expect(q.text).toContain('child sexual abuse & exploitation cases, through the Home Office Data Hub.\nPolice forces will be required');
    expect(q.text).toContain('so that the full picture is never again hidden.');
    expect(q.text).not.toContain('...');
    expect(warnings).toEqual([]);
  });

  it('reads a question whose text reaches the 255-character cap, though the list adds no "..." to it', async () => {
    // Prepare
    const src = source('written-questions');
    // Act
    const { drafts } = await poll(src, ['police data']);
    // Assess
    expect(server.requestsTo(`${QUESTIONS}/1865655`)).toHaveLength(1);
    expect(drafts.find((d) => d.nativeIds.uin === '61470')!.text).toContain('and if she will publish that assessment.');
  });

  it('uses a short, whole list answer as it is, without another request', async () => {
    // Prepare
    const src = source('written-questions');
    // Act
    const { drafts } = await poll(src, ['Criminal Injuries Compensation']);
    // Assess
    expect(server.requestsTo(`${QUESTIONS}/1865610`)).toHaveLength(0);
    expect(drafts.find((d) => d.nativeIds.uin === '61417')!.text).toContain('received 1,240 applications');
  });

  it('stores a holding answer as a question in the holding state, not as the answer', async () => {
    // Prepare
    const src = source('written-questions');
    // Act
    const { drafts } = await poll(src, ['chair of the national inquiry']);
    // Assess
    const q = drafts.find((d) => d.nativeIds.uin === '61302')!;
    expect(q).toMatchObject({ kindHint: 'question', title: 'Grooming Gangs: Inquiries (holding answer)', stage: 'holding', nativeIds: { answerState: 'holding', dateHoldingAnswer: '2025-06-16' } });
    expect(q.text).toContain('Holding answer by Jess Phillips (2025-06-16): It will not be possible to answer this question within the usual time period.');
    expect(q.text).not.toContain('Answered by');
  });

  it('keeps the date a corrected answer was corrected', async () => {
    // Prepare
    const src = source('written-questions');
    // Act
    const { drafts } = await poll(src, ['Criminal Injuries Compensation']);
    // Assess
    const q = drafts.find((d) => d.nativeIds.uin === '61417')!;
    expect(q.nativeIds).toMatchObject({ answerState: 'answered', dateAnswerCorrected: '2025-06-19' });
    expect(q.text).toContain('Answer corrected on 2025-06-19.');
  });

  it('reads at most 200 details in a live poll; the rest keep their list text, flagged partial, with a warning', async () => {
    // Prepare: 230 answers, every one cut short in the list.
    const base = questionFixture(1865432);
    serveQuestions(Array.from({ length: 230 }, (_, i) => ({ ...base, id: 2000000 + i, uin: String(70000 + i) })));
    const src = source('written-questions', { pageSize: 100 });
    // Act
    const { drafts, warnings } = await poll(src, ['ethnicity']);
    // Assess
    const details = server.requests.filter((r) => r.path.startsWith(`${QUESTIONS}/`));
    expect(details).toHaveLength(200);
    expect(drafts).toHaveLength(230);
    expect(drafts.filter((d) => d.partial)).toHaveLength(30);
    expect(warnings).toContain('30 questions not read in full: over 200 detail reads in one poll (a later poll reads them)');
  }, 90_000);

  it('keeps the list text, flagged partial, when a detail cannot be read', async () => {
    // Prepare
    server.set(`${QUESTIONS}/1865432`, { status: 404 });
    const src = source('written-questions');
    // Act
    const { drafts, warnings } = await poll(src, ['ethnicity child sexual exploitation']);
    // Assess
    const q = drafts.find((d) => d.nativeIds.uin === '61234')!;
    expect(q.partial).toBe(true);
    expect(q.text).toMatch(/record the ethnicity an\.\.\.$/);
    expect(warnings.join('\n')).toMatch(/question 61234: detail not fetched \(HTTP 404/);
  });
});

describe('committees adapter', () => {
  it('files reports and government responses as reports with the inquiry, the response links and the deadline', async () => {
    // Prepare
    const src = source('committees');
    // Act
    const { drafts } = await poll(src, ['grooming gangs', 'child sexual exploitation']);
    // Assess
    const [req] = server.requestsTo(PUBLICATIONS);
    expect(Object.fromEntries(req!.url.searchParams)).toEqual({
      SearchTerm: 'grooming gangs',
      StartDate: '2025-06-16',
      EndDate: '2025-06-20',
      SortOrder: 'PublicationDateDescending',
      Skip: '0',
      Take: '50',
    });
    const report = byTitle(drafts, 'Fourth Report of Session');
    expect(report).toMatchObject({
      kindHint: 'report',
      title: 'Home Affairs Committee: Grooming gangs: the national inquiry into group-based child sexual exploitation – Fourth Report of Session 2024–25',
      url: 'https://committees.parliament.uk/publications/158201/documents/287654/default/',
      published: '2025-06-26T23:01:00.000Z',
      nativeIds: {
        publicationId: '158201',
        publicationType: 'Report',
        governmentCanRespond: 'true',
        governmentResponseDeadline: '2025-08-27',
        governmentResponseIds: '160455',
        committeeBusinessIds: '8890',
        committeeId: '83',
        paperNumber: 'HC 980',
      },
    });
    expect(report.nativeIds.responseExcepted).toBeUndefined();
    expect(report.text).toContain('Government response due by 2025-08-27');
    expect(report.text).toContain('Government response: https://committees.parliament.uk/publications/160455/ (2025-09-04)');
    const response = byTitle(drafts, 'Government response to');
    expect(response).toMatchObject({ kindHint: 'report', nativeIds: { responseToPublicationId: '158201', publicationType: 'Government Response', governmentCanRespond: 'false' } });
    expect(response.title).toContain('Grooming gangs & the national inquiry');
  });

  it('files a committee letter as correspondence (kind question), not as a report, though letters can be responses', async () => {
    // Prepare: the real "Correspondence" type says canBeResponse: true.
    const src = source('committees');
    // Act
    const { drafts } = await poll(src, ['grooming gangs']);
    // Assess
    const letter = byTitle(drafts, 'Letter from the Home Secretary');
    expect(letter).toMatchObject({ kindHint: 'question', nativeIds: { publicationType: 'Correspondence', governmentCanRespond: 'false' } });
  });

  it('tells a publication\'s kind from its type name and whether it answers another publication', () => {
    // Prepare
    const type = (name: string, governmentCanRespond = false) => ({ id: 1, name, governmentCanRespond });
    // Act
    const kinds = {
      special: publicationKind({ type: type('Special Report'), responseToPublicationId: null }),
      responseLetter: publicationKind({ type: type('Correspondence'), responseToPublicationId: 158201 }),
      evidence: publicationKind({ type: type('Written evidence'), responseToPublicationId: null }),
      memoranda: publicationKind({ type: type('Estimate memoranda'), responseToPublicationId: null }),
      respondable: publicationKind({ type: type('Paper', true), responseToPublicationId: null }),
    };
    // Assess
    expect(kinds).toEqual({ special: 'report', responseLetter: 'report', evidence: 'debate', memoranda: 'debate', respondable: 'report' });
  });

  it('files committee business (an inquiry) as the committee\'s proceedings, marked inferred, not as a report', async () => {
    // Prepare
    const src = source('committees');
    // Act
    const { drafts } = await poll(src, ['child sexual exploitation']);
    // Assess
    const inquiry = drafts.find((d) => d.nativeIds.committeeBusinessId === '8890')!;
    expect(inquiry).toMatchObject({ kindHint: 'debate', url: 'https://committees.parliament.uk/work/8890/', nativeIds: { kindInferred: 'true' } });
  });
});

describe('shape drift', () => {
  it('fails the source naming the field when every record has lost it', async () => {
    // Prepare: the service stops sending answerText.
    const list = fixture('questions-statements/questions-list.json');
    for (const r of list.results) delete r.value.answerText;
    server.set(QUESTIONS, { headers: JSON_HEADERS, body: JSON.stringify(list) });
    const src = source('written-questions');
    // Act
    const { failure, drafts } = await poll(src, ['grooming']);
    // Assess
    expect(failure?.message).toMatch(/^unexpected shape from \/questions-statements-api\/api\/writtenquestions\/questions: results\.\*\.value\.answerText .*\(all 4 records\)/);
    expect(drafts).toEqual([]);
  });

  it('fails the source when a field changes type in every record', async () => {
    // Prepare
    const items = publicationsFixture().map((p) => ({ ...p, type: { ...p.type, governmentCanRespond: 'yes' } }));
    server.set(PUBLICATIONS, committeesRoute(items));
    const src = source('committees');
    // Act
    const { failure } = await poll(src, ['grooming gangs']);
    // Assess
    expect(failure?.name).toBe('ShapeDriftError');
    expect(failure?.message).toContain('items.*.type.governmentCanRespond');
  });

  it('skips one bad record among good ones, with a warning naming it and the field, and keeps the rest', async () => {
    // Prepare
    const records = spokenFixture();
    records[1]!.SittingDate = 20250616;
    server.set(SPOKEN, hansardSearchRoute(records, 'Spoken'));
    const src = source('hansard');
    // Act
    const { drafts, warnings } = await poll(src, ['grooming gangs']);
    // Assess
    expect(drafts.filter((d) => d.nativeIds.contributionType === 'Spoken').map((d) => d.author)).not.toContain('Chris Philp');
    expect(drafts.find((d) => d.author === 'Yvette Cooper')!.kindHint).toBe('statement');
    expect(warnings).toContain(
      '/hansard-api/search/contributions/Spoken.json: record 1 (id 8F0C6A1E-2B7D-4C55-9E61-0A1B2C3D4E02) skipped: Results.1.SittingDate Invalid input: expected string, received number',
    );
  });

  it('names at most five bad records a page, and counts the rest', async () => {
    // Prepare: one good record among twenty bad ones.
    const bad = Array.from({ length: 20 }, (_, i) => contribution(i, { SittingDate: null }));
    server.set(SPOKEN, hansardSearchRoute([...bad, contribution(99)], 'Spoken'));
    const src = source('hansard');
    // Act
    const { drafts, warnings } = await poll(src, ['grooming gangs']);
    // Assess
    expect(drafts.map((d) => d.nativeIds.contributionExtId)).toContain('EXT-99');
    expect(warnings.filter((w) => w.includes('skipped: Results.'))).toHaveLength(5);
    expect(warnings).toContain('/hansard-api/search/contributions/Spoken.json: 15 more records skipped');
  });

  it('ignores fields the service adds', async () => {
    // Prepare
    const items = publicationsFixture().map((p) => ({ ...p, newField: { anything: [1, 2] }, type: { ...p.type, colour: 'red' } }));
    server.set(PUBLICATIONS, committeesRoute(items));
    const src = source('committees');
    // Act
    const { drafts, warnings } = await poll(src, ['grooming gangs']);
    // Assess
    expect(drafts.filter((d) => d.nativeIds.publicationId)).toHaveLength(3);
    expect(warnings).toEqual([]);
  });

  it('fails the source when every detail read finds a changed shape', async () => {
    // Prepare: each question's endpoint now answers without `value`.
    for (const id of [1865432, 1865501, 1865610, 1865655]) server.set(`${QUESTIONS}/${id}`, { headers: JSON_HEADERS, body: JSON.stringify({ question: questionFixture(id) }) });
    const src = source('written-questions');
    // Act
    const attempt = poll(src, ['grooming gangs', 'ethnicity']);
    // Assess
    await expect(attempt).rejects.toThrow(/^unexpected shape from \/questions-statements-api\/api\/writtenquestions\/questions\/\d+: value /);
  });
});

describe('GOV.UK search adapter', () => {
  it('sends only documented search-api parameters and maps document types to kinds', async () => {
    // Prepare
    const src = source('govuk-search', { organisations: ['home-office', 'department-for-education'] });
    // Act
    const { drafts, warnings } = await poll(src, ['grooming gangs', 'Casey']);
    // Assess
    const [req] = server.requestsTo('/govuk/api/search.json');
    expect([...new Set(req!.url.searchParams.keys())].sort()).toEqual(['count', 'fields', 'filter_organisations', 'filter_public_timestamp', 'order', 'q', 'start']);
    expect(req!.url.searchParams.getAll('filter_organisations')).toEqual(['home-office', 'department-for-education']);
    expect(req!.url.searchParams.get('filter_public_timestamp')).toBe('from:2025-06-16,to:2025-06-20');
    expect(req!.url.searchParams.get('order')).toBe('-public_timestamp');
    expect(req!.headers['user-agent']).toBe('InquiryWatch-test/0.1');
    expect(warnings).toEqual([]);
    const audit = byTitle(drafts, 'National Audit');
    expect(audit).toMatchObject({
      kindHint: 'report',
      sourceType: 'report',
      url: 'https://www.gov.uk/government/publications/national-audit-on-group-based-child-sexual-exploitation-and-abuse',
      published: '2025-06-16T14:30:00.000Z',
      author: 'Home Office',
    });
    expect(audit.attribution).toContain('Open Government Licence v3.0');
    expect(audit.text).toContain('scale, nature & drivers');
    expect(audit.text).toContain('share £45 million');
    expect(byTitle(drafts, 'Home Secretary statement').kindHint).toBe('statement');
    expect(byTitle(drafts, 'Chair appointed').kindHint).toBe('news');
  });
});

describe('through the pipeline', () => {
  let t: TestTable;
  let deps: CycleDeps;
  beforeEach(async () => {
    t = await createTestTable('sources');
    deps = { store: t.store, http, compiled, searchTerms: ['Casey audit', 'grooming gangs'], now: () => NOW };
  });

  it('stores a written statement found via Hansard and via the written statements API once', async () => {
    // Prepare
    const hansard = source('hansard', { id: 'hansard' });
    const statements = source('written-statements', { id: 'written-statements' });
    // Act
    const viaHansard = await pollSource(hansard, deps);
    const viaApi = await pollSource(statements, deps);
    // Assess
    expect(viaHansard.newItems.map((i) => i.title)).toContain('Casey Audit: Government Response');
    expect(viaApi.newItems.map((i) => i.title)).not.toContain('Casey Audit: Government Response');
    expect(viaApi.unchanged).toBeGreaterThanOrEqual(1);
    const stored = viaHansard.newItems.find((i) => i.title === 'Casey Audit: Government Response')!;
    expect(await t.store.getItemWithVersions(stored.id)).toHaveLength(1);
    const repoll = await pollSource(statements, deps);
    expect(repoll.newItems).toEqual([]);
  });

  it('stores the same statement once whichever source sees it first', async () => {
    // Prepare
    const hansard = source('hansard', { id: 'hansard' });
    const statements = source('written-statements', { id: 'written-statements' });
    // Act
    const viaApi = await pollSource(statements, deps);
    const viaHansard = await pollSource(hansard, deps);
    // Assess
    expect(viaApi.newItems.map((i) => i.title)).toContain('Casey Audit: Government Response');
    expect(viaHansard.newItems.map((i) => i.title)).not.toContain('Casey Audit: Government Response');
    const stored = await t.store.getItem(viaApi.newItems[0]!.id);
    expect(stored).toMatchObject({ kind: 'statement', url: 'https://questions-statements.parliament.uk/written-statements/detail/2025-06-17/HCWS712' });
  });

  it('records a malformed body as the source failing, without throwing', async () => {
    // Prepare
    server.set('/committees-api/api/Publications', { headers: { 'content-type': 'application/json' }, body: '<html>Service Unavailable</html>' });
    const committees = source('committees', { id: 'committees' });
    // Act
    const report = await pollSource(committees, deps);
    // Assess
    expect(report.status).toBe('failed');
    expect(report.error).toMatch(/SourceResponseError: not JSON from \/committees-api\/api\/Publications/);
    const state = await t.store.getSourceState('committees');
    expect(state).toMatchObject({ consecutiveFailures: 1 });
    expect(state!.lastError).toContain('not JSON');
  });

  it('records a body of the wrong shape as a failure naming the field', async () => {
    // Prepare
    server.set('/govuk/api/search.json', { headers: { 'content-type': 'application/json' }, body: '{"results":[{"title":"no link"}],"total":1}' });
    const govuk = source('govuk-search', { id: 'govuk' });
    // Act
    const report = await pollSource(govuk, deps);
    // Assess
    expect(report.status).toBe('failed');
    expect(report.error).toBe('ShapeDriftError: unexpected shape from /govuk/api/search.json: results.*.link Invalid input: expected string, received undefined (all 1 records)');
    expect((await t.store.getSourceState('govuk'))!.lastError).toContain('results.*.link');
  });

  it("alerts the Home Secretary's oral statement from Hansard as a statement, and neither the replies nor a committee letter", async () => {
    // Prepare
    const live = { quiet: false };
    await pollSource(source('hansard', { id: 'hansard' }), deps, live);
    const committees = await pollSource(source('committees', { id: 'committees' }), { ...deps, searchTerms: ['grooming gangs', 'ethnicity data'] }, live);
    const letter = committees.newItems.find((i) => i.title.includes('Letter from the Home Secretary'))!;
    const lines: string[] = [];
    // Act
    const report = await deliverDigests({
      mode: 'alerts',
      config: { subscriptions: [SubscriptionSchema.parse({ channel: '#watch' })] },
      registry: { entries: registry.entries.map((e) => ({ id: e.id, name: e.name, type: e.type })) },
      store: new DynamoDigestStore(t.client, t.tableName),
      sender: new TerminalSender((line) => lines.push(line)),
      now: new Date(NOW.getTime() + 60_000),
    });
    // Assess
    const alerted = await new DynamoDigestStore(t.client, t.tableName).getItems(report.channels[0]!.digests[0]!.digest!.itemIds);
    const statement = alerted.find((i) => i.author === 'Yvette Cooper');
    expect(statement).toMatchObject({ kind: 'statement', sourceId: 'hansard', title: 'National Audit on Group-based Child Sexual Exploitation and Abuse' });
    expect(alerted.map((i) => i.kind)).not.toContain('debate');
    expect(letter).toMatchObject({ kind: 'question', commitments: ['c-ethnicity-data'] });
    expect(alerted.map((i) => i.id)).not.toContain(letter.id);
    expect(alerted.filter((i) => i.nativeIds.publicationType === 'Report')).toHaveLength(1);
    expect(lines.join('\n')).toContain('National Audit on Group-based Child Sexual Exploitation and Abuse');
  });

  it('keeps the statement one item though search and its section read in full both find it', async () => {
    // Prepare: "sexual exploitation" finds the statement, its section as a debate, and its replies.
    const hansard = source('hansard', { id: 'hansard' });
    // Act
    const report = await pollSource(hansard, { ...deps, searchTerms: ['sexual exploitation'] });
    // Assess
    const section = report.newItems.filter((i) => i.nativeIds.debateSectionExtId === AUDIT_SECTION);
    expect(section.filter((i) => i.kind === 'statement').map((i) => i.author)).toEqual(['Yvette Cooper']);
    expect(section.filter((i) => i.nativeIds.kindSignal === 'debate section').map((i) => i.kind)).toEqual(['debate']);
  });

  describe('a written question answered after a holding answer', () => {
    const T2 = new Date('2025-06-24T12:00:00Z');
    const T3 = new Date('2025-06-27T12:00:00Z');
    const holding = () => questionFixture(1865501);
    const answered = () => ({
      ...holding(),
      answerIsHolding: false,
      dateAnswered: '2025-06-24T00:00:00',
      answerText: '<p>The chair of the national inquiry into grooming gangs will be announced before the summer recess, after consultation with survivors.</p>',
    });

    async function pollAt(now: Date) {
      return pollSource(source('written-questions', { id: 'written-questions' }), { ...deps, searchTerms: ['national inquiry'], now: () => now }, { quiet: false });
    }

    it('becomes a new version of the same question that enters the digests again, as new', async () => {
      // Prepare
      const digests = new DynamoDigestStore(t.client, t.tableName);
      serveQuestions([holding()]);
      const first = await pollAt(NOW);
      const before = await digests.newItems('2025-06-20T00:00:00.000Z', NOW.toISOString());
      serveQuestions([answered()]);
      // Act
      const second = await pollAt(T2);
      const after = await digests.newItems(before.watermark, T2.toISOString());
      // Assess
      expect(first.newItems[0]).toMatchObject({ stage: 'holding', title: 'Grooming Gangs: Inquiries (holding answer)' });
      expect(before.items.map((i) => i.id)).toEqual([first.newItems[0]!.id]);
      expect(second.updatedItems).toHaveLength(1);
      expect(second.updatedItems[0]).toMatchObject({ id: first.newItems[0]!.id, version: 2, stage: 'answered', title: 'Grooming Gangs: Inquiries', nativeIds: { answerState: 'answered' } });
      expect(after.items.map((i) => [i.id, i.version])).toEqual([[first.newItems[0]!.id, 2]]);
      expect((await t.store.getItemWithVersions(first.newItems[0]!.id)).map((v) => v.stage)).toEqual(['answered', 'holding']);
    });

    it('keeps a later correction as a version that does not come back to the digests', async () => {
      // Prepare
      const digests = new DynamoDigestStore(t.client, t.tableName);
      serveQuestions([answered()]);
      await pollAt(NOW);
      const before = await digests.newItems('2025-06-20T00:00:00.000Z', NOW.toISOString());
      serveQuestions([{ ...answered(), answerIsCorrection: true, dateAnswerCorrected: '2025-06-26T00:00:00', answerText: '<p>The chair will be announced in the autumn.</p>' }]);
      // Act
      const corrected = await pollAt(T3);
      const after = await digests.newItems(before.watermark, T3.toISOString());
      // Assess
      expect(corrected.updatedItems[0]).toMatchObject({ version: 2, nativeIds: { dateAnswerCorrected: '2025-06-26' } });
      expect(after.items).toEqual([]);
    });
  });
});
