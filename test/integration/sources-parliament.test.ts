import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SourceSchema, type SourceConfig, type SourceConfigOf } from '../../lib/config/schema.ts';
import { FetchHttpClient } from '../../lib/http/fetcher.ts';
import { ReplayServer } from '../../lib/dev/replay-server.ts';
import { committeesRoute, govukSearchRoute, hansardSearchRoute, parliamentRoutes, questionsStatementsRoute } from '../../lib/dev/parliament-fixtures.ts';
import { ADAPTERS } from '../../lib/sources/index.ts';
import type { PollContext, PollOutcome, SourceAdapter } from '../../lib/sources/types.ts';
import type { ItemDraft } from '../../lib/model/item.ts';
import { pollSource, type CycleDeps } from '../../lib/pipeline/cycle.ts';
import { loadRegistry } from '../../lib/registry/registry.ts';
import { compileRegistry } from '../../lib/classify/classifier.ts';
import { createTestTable, type TestTable } from '../support/dynamo.ts';

const NOW = new Date('2025-06-20T12:00:00Z');
const http = new FetchHttpClient({ userAgent: 'InquiryWatch-test/0.1', backoffMs: 1 });
const compiled = compileRegistry(loadRegistry('config/registry.yaml'));

const PREFIX: Record<string, string> = {
  hansard: '/hansard-api',
  'written-statements': '/questions-statements-api',
  'written-questions': '/questions-statements-api',
  committees: '/committees-api',
  'govuk-search': '/govuk',
};

let server: ReplayServer;

function source<T extends keyof typeof PREFIX>(type: T, over: Record<string, unknown> = {}): SourceConfigOf<T & SourceConfig['type']> {
  return SourceSchema.parse({ id: `${type}-test`, type, baseUrl: server.url + PREFIX[type], ...over }) as SourceConfigOf<T & SourceConfig['type']>;
}

async function poll(src: SourceConfig, searchTerms: string[], over: Partial<PollContext> = {}): Promise<PollOutcome> {
  const adapter = ADAPTERS[src.type] as SourceAdapter;
  return adapter.poll({ source: src, state: undefined, http, now: NOW, searchTerms, ...over });
}

const byTitle = (drafts: ItemDraft[], fragment: string): ItemDraft => {
  const found = drafts.find((d) => d.title.includes(fragment));
  if (!found) throw new Error(`no draft titled "${fragment}" among: ${drafts.map((d) => d.title).join(' | ')}`);
  return found;
};

beforeAll(async () => {
  server = new ReplayServer(parliamentRoutes());
  await server.start();
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

  it("marks the minister's opening contribution a statement and the replies debate", async () => {
    // Prepare
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
      nativeIds: { contributionExtId: '8F0C6A1E-2B7D-4C55-9E61-0A1B2C3D4E01', contributionType: 'Spoken' },
    });
    expect(opening.attribution).toContain('Open Parliament Licence v3.0');
    expect(reply).toMatchObject({ kindHint: 'debate', title: 'National Audit on Group-based Child Sexual Exploitation and Abuse: Chris Philp' });
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
    expect(opening.text).not.toMatch(/<|&amp;|column-number/);
    expect(drafts.find((d) => d.author === 'Sarah Champion')!.text).toContain('will the £5 million be new money');
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
    expect(outcome.cursor).toEqual({ windowEnd: '2025-06-23T12:00:00.000Z' });
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
    Array.from({ length: n }, (_, i) => ({
      MemberName: `Member ${i}`,
      MemberId: 1000 + i,
      ContributionExtId: `EXT-${i}`,
      ContributionTextFull: `<p>Contribution ${i} on grooming gangs</p>`,
      DebateSection: 'Grooming Gangs',
      DebateSectionExtId: 'SECTION-1',
      SittingDate: '2025-06-18T00:00:00',
      House: 'Commons',
      OrderInDebateSection: i + 2,
    }));

  it('reads skip/take pages until a short page and stops there', async () => {
    // Prepare
    server.set('/hansard-api/search/contributions/Spoken.json', hansardSearchRoute(contributions(45), 'Spoken'));
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
    server.set('/hansard-api/search/contributions/Spoken.json', hansardSearchRoute(contributions(40), 'Spoken'));
    const src = source('hansard', { pageSize: 20 });
    // Act
    await poll(src, ['grooming']);
    // Assess
    expect(server.requestsTo('/hansard-api/search/contributions/Spoken.json')).toHaveLength(2);
  });

  it('stops at maxPages and says so in a warning', async () => {
    // Prepare
    server.set('/hansard-api/search/contributions/Spoken.json', hansardSearchRoute(contributions(100), 'Spoken'));
    const src = source('hansard', { pageSize: 10, maxPages: 3 });
    // Act
    const outcome = await poll(src, ['grooming']);
    // Assess
    expect(server.requestsTo('/hansard-api/search/contributions/Spoken.json')).toHaveLength(3);
    expect(outcome.warnings).toContain('Spoken "grooming": stopped after 3 pages (30 items read)');
  });

  it('pages the committees envelope with Skip and Take', async () => {
    // Prepare
    const items = Array.from({ length: 7 }, (_, i) => ({
      id: 500 + i,
      description: `Report ${i} on grooming gangs`,
      publicationStartDate: '2025-06-18T00:00:00',
      type: { id: 1, name: 'Report' },
    }));
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
  it('asks for answered questions by answer date and builds the public link from date tabled and UIN', async () => {
    // Prepare
    const src = source('written-questions');
    // Act
    const { drafts } = await poll(src, ['ethnicity child sexual exploitation']);
    // Assess
    const [req] = server.requestsTo('/questions-statements-api/api/writtenquestions/questions');
    expect(req!.url.searchParams.get('answered')).toBe('Answered');
    expect(req!.url.searchParams.get('answeredWhenFrom')).toBe('2025-06-16');
    expect(req!.url.searchParams.get('answeredWhenTo')).toBe('2025-06-20');
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({
      kindHint: 'question',
      sourceType: 'question',
      title: 'Child Sexual Exploitation: Ethnic Groups',
      url: 'https://questions-statements.parliament.uk/written-questions/detail/2025-06-10/61234',
      author: 'Jess Phillips',
      dedupKeys: ['wq:2025-06-10:61234'],
    });
    expect(drafts[0]!.text).toContain('Asked by Sarah Champion (to Home Office)');
    expect(drafts[0]!.text).toContain('child sexual abuse & exploitation cases');
  });
});

describe('committees adapter', () => {
  it('turns reports and government responses into reports carrying inquiry, links and deadline; skips correspondence', async () => {
    // Prepare
    const src = source('committees');
    // Act
    const { drafts } = await poll(src, ['grooming gangs', 'child sexual exploitation']);
    // Assess
    const [req] = server.requestsTo('/committees-api/api/Publications');
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
      nativeIds: { committeeBusinessIds: '8890', governmentResponseDeadline: '2025-08-27', governmentResponseIds: '160455', paperNumber: 'HC 980' },
    });
    expect(report.text).toContain('Government response due by 2025-08-27');
    const response = byTitle(drafts, 'Government response to');
    expect(response.nativeIds.responseToPublicationId).toBe('158201');
    expect(response.title).toContain('Grooming gangs & the national inquiry');
    expect(drafts.some((d) => d.title.includes('Letter from the Home Secretary'))).toBe(false);
    const inquiry = drafts.find((d) => d.nativeIds.committeeBusinessId === '8890')!;
    expect(inquiry.url).toBe('https://committees.parliament.uk/work/8890/');
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
    expect(report.error).toContain('unexpected shape from /govuk/api/search.json: results.0.link');
  });
});
