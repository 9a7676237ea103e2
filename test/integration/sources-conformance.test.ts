import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceSchema, type SourceConfig } from '../../lib/config/schema.ts';
import { FetchHttpClient } from '../../lib/http/fetcher.ts';
import { ReplayServer } from '../../lib/dev/replay-server.ts';
import { committeesRoute, hansardSearchRoute, listForm, parliamentRoutes } from '../../lib/dev/parliament-fixtures.ts';
import { ADAPTERS } from '../../lib/sources/index.ts';
import type { PollOutcome, SourceAdapter } from '../../lib/sources/types.ts';
import type { Kind } from '../../lib/model/item.ts';
import { classify, compileRegistry } from '../../lib/classify/classifier.ts';
import { loadRegistry } from '../../lib/registry/registry.ts';
import { londonToUtc } from '../../lib/sources/windowed.ts';
import { HansardContribution, HansardDebate, HansardDebateText } from '../../lib/sources/hansard.ts';
import { Statement } from '../../lib/sources/written-statements.ts';
import { Question } from '../../lib/sources/written-questions.ts';
import { CommitteeBusiness, CommitteeBusinessResult, Publication } from '../../lib/sources/committees.ts';
import { GovukContent, GovukResult, govukDraft } from '../../lib/sources/govuk-search.ts';
import { stripHtml } from '../../lib/text/html.ts';

/**
 * The adapters against the services' own specifications and real responses, kept outside this repository in
 * `../shared/samples`. From a clone without them there is nothing to compare against, and the suite says so.
 */
const SAMPLES = resolve(process.cwd(), '../shared/samples');
const present = existsSync(SAMPLES);
const json = (path: string): any => JSON.parse(readFileSync(resolve(SAMPLES, path), 'utf8'));

type Spec = { paths: Record<string, { get: { parameters: { name: string }[] } }> };
const specParams = (spec: Spec, path: string): string[] => spec.paths[path]!.get.parameters.map((p) => p.name);
const keysOf = (schema: { shape: Record<string, unknown> }): string[] => Object.keys(schema.shape);

describe.runIf(!present)('conformance with real samples (../shared/samples is absent: nothing to compare against; CI has it)', () => {
  it('notes that the samples directory is missing', () => {
    // Prepare
    const where = SAMPLES;
    // Act
    const exists = existsSync(where);
    // Assess
    expect(exists).toBe(false);
  });
});

describe.runIf(present)('conformance with the services\' specifications (../shared/samples)', () => {
  let server: ReplayServer;
  const loopback: number[] = [];
  const http = new FetchHttpClient({ userAgent: 'InquiryWatch-test/0.1', backoffMs: 1, allowLoopbackPorts: loopback });
  const sent = new Map<string, Set<string>>();

  beforeAll(async () => {
    server = new ReplayServer(parliamentRoutes());
    await server.start();
    loopback.push(server.port);
    const prefixes = { hansard: '/hansard-api', 'written-statements': '/questions-statements-api', 'written-questions': '/questions-statements-api', committees: '/committees-api', 'govuk-search': '/govuk' };
    for (const [type, prefix] of Object.entries(prefixes)) {
      const source = SourceSchema.parse({ id: `c-${type}`, type, baseUrl: server.url + prefix, ...(type === 'hansard' ? { house: 'Commons' } : {}) }) as SourceConfig;
      await (ADAPTERS[source.type] as SourceAdapter).poll({ source, state: undefined, http, now: new Date('2025-06-20T12:00:00Z'), searchTerms: ['Casey', 'grooming gangs'] });
    }
    for (const r of server.requests) {
      const names = sent.get(r.path) ?? new Set<string>();
      for (const k of r.url.searchParams.keys()) names.add(k);
      sent.set(r.path, names);
    }
  });
  afterAll(async () => {
    await server.stop();
  });

  it('sends Hansard only parameters its Swagger declares, with the queryParameters. prefix', () => {
    // Prepare
    const spec: Spec = json('hansard/hansard-api.swagger-v1.json');
    // Act
    const contributions = specParams(spec, '/search/contributions/{contributionType}.{format}');
    const debates = specParams(spec, '/search/debates.{format}');
    // Assess
    expect([...sent.get('/hansard-api/search/contributions/Spoken.json')!].filter((p) => !contributions.includes(p))).toEqual([]);
    expect([...sent.get('/hansard-api/search/contributions/Written.json')!].filter((p) => !contributions.includes(p))).toEqual([]);
    expect([...sent.get('/hansard-api/search/debates.json')!].filter((p) => !debates.includes(p))).toEqual([]);
  });

  it('sends the questions-statements API only parameters its OpenAPI declares', () => {
    // Prepare
    const spec: Spec = json('questions-statements/questions-statements-api.openapi-v1.json');
    // Act
    const statements = specParams(spec, '/api/writtenstatements/statements');
    const detail = specParams(spec, '/api/writtenstatements/statements/{id}');
    const questions = specParams(spec, '/api/writtenquestions/questions');
    // Assess
    expect([...sent.get('/questions-statements-api/api/writtenstatements/statements')!].filter((p) => !statements.includes(p))).toEqual([]);
    expect([...sent.get('/questions-statements-api/api/writtenstatements/statements/1701234')!].filter((p) => !detail.includes(p))).toEqual([]);
    expect([...sent.get('/questions-statements-api/api/writtenquestions/questions')!].filter((p) => !questions.includes(p))).toEqual([]);
  });

  it('sends the Committees API only parameters its OpenAPI declares, and only its enum sort orders', () => {
    // Prepare
    const spec: Spec & { components: { schemas: Record<string, { enum?: string[] }> } } = json('committees/committees-api.openapi-v1.json');
    const sortOrders = (name: string) => spec.components.schemas[`Committees.Common.Enums.${name}`]!.enum!;
    // Act
    const publications = specParams(spec, '/api/Publications');
    const business = specParams(spec, '/api/CommitteeBusiness');
    const sentSorts = server.requests.filter((r) => r.path.startsWith('/committees-api')).map((r) => [r.path, r.url.searchParams.get('SortOrder')]);
    // Assess
    expect([...sent.get('/committees-api/api/Publications')!].filter((p) => !publications.includes(p))).toEqual([]);
    expect([...sent.get('/committees-api/api/CommitteeBusiness')!].filter((p) => !business.includes(p))).toEqual([]);
    for (const [path, sort] of sentSorts) {
      expect(sortOrders(path!.endsWith('Publications') ? 'PublicationQuerySortOrder' : 'CommitteeBusinessQuerySortOrder')).toContain(sort);
    }
  });

  it('reads only fields the specifications define', () => {
    // Prepare
    const hansard = json('hansard/hansard-api.swagger-v1.json').definitions;
    const qs = json('questions-statements/questions-statements-api.openapi-v1.json').components.schemas;
    const committees = json('committees/committees-api.openapi-v1.json').components.schemas;
    const props = (def: { properties: Record<string, unknown> }) => Object.keys(def.properties);
    // Act
    const unknown = {
      contribution: keysOf(HansardContribution).filter((k) => !props(hansard.SearchReferencesItem).includes(k)),
      debate: keysOf(HansardDebate).filter((k) => !props(hansard.SearchDebateItem).includes(k)),
      debateText: keysOf(HansardDebateText).filter((k) => !props(hansard.Debate).includes(k)),
      statement: keysOf(Statement).filter((k) => !props(qs.StatementsViewModel).includes(k)),
      question: keysOf(Question).filter((k) => !props(qs.QuestionsViewModel).includes(k)),
      publication: keysOf(Publication).filter((k) => !props(committees['Committees.Common.Responses.Publication']).includes(k)),
      business: keysOf(CommitteeBusiness).filter((k) => !props(committees['Committees.Common.Responses.CommitteeBusinessSummary']).includes(k)),
    };
    // Assess
    expect(unknown).toEqual({ contribution: [], debate: [], debateText: [], statement: [], question: [], publication: [], business: [] });
  });

  it('parses the real Committees capture: envelope and committee business', () => {
    // Prepare
    const capture = json('committees/committees-api_Oral+WrittenEvidence_CommitteeId-2.truncated.json');
    const businesses = capture.oral.items.flatMap((i: { committeeBusinesses: unknown[] }) => i.committeeBusinesses);
    // Act
    const parsed = CommitteeBusinessResult.safeParse({ ...capture.oral, items: businesses });
    // Assess
    expect(parsed.success).toBe(true);
    expect(parsed.data!.items[0]).toMatchObject({ id: 9437, title: 'General Election Planning' });
  });

  it('parses the real GOV.UK search response and builds a gov.uk link from its path', () => {
    // Prepare
    const body = json('govuk-search/search.json_q-tax_suggest-autocomplete_count-1.json');
    const source = SourceSchema.parse({ id: 'govuk', type: 'govuk-search' }) as Extract<SourceConfig, { type: 'govuk-search' }>;
    // Act
    const draft = govukDraft(source, GovukResult.parse(body.results[0]));
    // Assess
    expect(draft).toMatchObject({ url: 'https://www.gov.uk/vehicle-tax', published: '2017-12-07T12:54:39.000Z', title: 'Tax your vehicle', sourceType: 'other' });
    expect(draft.kindHint).toBeUndefined();
  });

  it('reads the body of GDS content examples and maps their document types', () => {
    // Prepare
    const files = {
      'speech__best-practice-oral-statement.json': 'statement',
      'speech__speech-written-statement-parliament.json': 'statement',
      'publication__best-practice-independent-report.json': 'report',
    } as const;
    const source = SourceSchema.parse({ id: 'govuk', type: 'govuk-search' }) as Extract<SourceConfig, { type: 'govuk-search' }>;
    // Act
    const results = Object.entries(files).map(([file]) => {
      const content = GovukContent.parse(json(`govuk-content/${file}`));
      const draft = govukDraft(source, { link: content.base_path!, content_store_document_type: content.document_type, title: 'x' });
      return { kind: draft.kindHint, body: stripHtml(String(content.details?.body ?? '')) };
    });
    // Assess
    expect(results.map((r) => r.kind)).toEqual(Object.values(files));
    for (const r of results) expect(r.body.length).toBeGreaterThan(50);
  });
});

/**
 * Every real body in `../shared/samples/real` (see its SOURCES.md) goes through its adapter over loopback HTTP, served
 * verbatim where the service would send it. Each file is matched to its endpoint by name; the checks are derived from
 * the body itself (one item per record, the record's date, its whole text, its kind), so a body added later is
 * checked too. A file no case knows fails the suite: add its case.
 */
const REAL = resolve(SAMPLES, 'real');
const realFiles = existsSync(REAL) ? readdirSync(REAL).filter((f) => f.endsWith('.json')).sort() : [];

describe.runIf(realFiles.length > 0)('the adapters on the real bodies in ../shared/samples/real', () => {
  let server: ReplayServer;
  const loopback: number[] = [];
  const http = new FetchHttpClient({ userAgent: 'InquiryWatch-test/0.1', backoffMs: 1, allowLoopbackPorts: loopback });
  const compiled = compileRegistry(loadRegistry('config/registry.yaml'));
  const real = (file: string): any => JSON.parse(readFileSync(resolve(REAL, file), 'utf8'));
  const PARLIAMENT_JSON = { 'content-type': 'application/json' };
  const served = (body: unknown) => ({ headers: PARLIAMENT_JSON, body: JSON.stringify(body) });

  beforeAll(async () => {
    server = new ReplayServer();
    await server.start();
    loopback.push(server.port);
  });
  afterAll(async () => {
    await server.stop();
  });

  /** Polls a one-week backfill window (the bodies' dates are not now) with one search term, as a backfill would. */
  async function pollReal(type: SourceConfig['type'], prefix: string, routes: Record<string, unknown>) {
    server.requests.length = 0;
    for (const [path, route] of Object.entries(routes)) server.set(prefix + path, route as never);
    const source = SourceSchema.parse({ id: `real-${type}`, type, baseUrl: server.url + prefix }) as SourceConfig;
    const outcome: PollOutcome = await (ADAPTERS[source.type] as SourceAdapter).poll({
      source,
      state: undefined,
      http,
      now: new Date('2026-07-01T12:00:00Z'),
      searchTerms: ['sample'],
      window: { since: new Date('2000-01-01T00:00:00Z'), until: new Date('2026-07-01T00:00:00Z') },
    });
    const kinds = outcome.drafts.map(
      (d): Kind => classify({ title: d.title, text: d.text, sourceUrl: d.url, sourceType: d.sourceType, kindHint: d.kindHint }, compiled).kind,
    );
    return { outcome, drafts: outcome.drafts, kinds };
  }

  const detailRequests = (prefix: string) => server.requests.filter((r) => r.path.startsWith(prefix)).length;
  const emptyHansard = hansardSearchRoute([], 'Spoken');

  const cases: { match: RegExp; run: (file: string) => Promise<void> }[] = [
    {
      match: /^hansard-search-contributions-spoken-/,
      run: async (file) => {
        const body = real(file);
        const { drafts, kinds } = await pollReal('hansard', '/hansard-api', {
          '/search/contributions/Spoken.json': served(body),
          '/search/contributions/Written.json': emptyHansard,
          '/search/debates.json': hansardSearchRoute([], 'debates'),
        });
        expect(drafts).toHaveLength(body.Results.length);
        body.Results.forEach((r: any, i: number) => {
          const d = drafts[i]!;
          expect(d.published).toBe(londonToUtc(r.SittingDate));
          expect(d.text).toBe(stripHtml(r.ContributionTextFull));
          expect(d.text.length).toBeGreaterThan(r.ContributionText.trim().length);
          expect(d.url).toContain(`/${r.House}/${r.SittingDate.slice(0, 10)}/debates/${r.DebateSectionExtId}/`);
          // A real body's HRSTag and HansardSection never say statement: only the opening words may.
          const opens = /^(my lords, )?with (the )?(permission|leave)/i.test(d.text);
          expect(kinds[i]).toBe(opens ? 'statement' : 'debate');
        });
        if (file === 'hansard-search-contributions-spoken-1.json') {
          expect(kinds).toEqual(['debate', 'debate']);
          expect(drafts[0]!.url).toContain('/NationalSecurity(StateThreats)Bill#contribution-49EB98DC-E047-4BD3-80F9-12611A77B9DE');
          expect(drafts[1]!.text).toMatch(/I hope that will help the noble Baroness\.$/);
        }
      },
    },
    {
      match: /^written-questions-list-/,
      run: async (file) => {
        const body = real(file);
        const { drafts, kinds, outcome } = await pollReal('written-questions', '/questions-statements-api', {
          '/api/writtenquestions/questions': served(body),
        });
        const records = body.results.map((r: any) => r.value).filter((q: any) => !q.isWithdrawn);
        expect(drafts).toHaveLength(records.length);
        expect(new Set(kinds)).toEqual(new Set(['question']));
        records.forEach((q: any, i: number) => {
          const d = drafts[i]!;
          expect(d.nativeIds.answerState).toBe(q.answerIsHolding ? 'holding' : 'answered');
          expect(d.published).toBe(londonToUtc(q.answerIsHolding ? (q.dateHoldingAnswer ?? q.dateAnswered) : q.dateAnswered));
          expect(d.nativeIds.dateAnswerCorrected).toBe(q.dateAnswerCorrected?.slice(0, 10));
          // A list text cut short is never stored as if whole: the detail is asked for, and without it the item is partial.
          const cut = [q.questionText, q.answerText].some((t: string) => t.endsWith('...') || t.length >= 255);
          expect(d.partial ?? false).toBe(cut);
          if (!cut) expect(d.text).toContain(q.answerText.trim());
        });
        expect(detailRequests('/questions-statements-api/api/writtenquestions/questions/')).toBe(drafts.filter((d) => d.partial).length);
        expect(outcome.warnings.filter((w) => /detail not fetched \(HTTP 404/.test(w))).toHaveLength(drafts.filter((d) => d.partial).length);
        if (file === 'written-questions-list-2024-aws.json') {
          expect(drafts).toHaveLength(20);
          expect(drafts.filter((d) => d.partial)).toHaveLength(17);
          expect(drafts.filter((d) => d.nativeIds.dateAnswerCorrected).map((d) => d.nativeIds.uin).sort()).toEqual(['7872', '7891', '7947']);
        }
      },
    },
    {
      match: /^written-questions-detail-/,
      run: async (file) => {
        // The list form of this question, as the list endpoint cuts it (seen in the real list body), then its real detail.
        const detail = real(file);
        const { drafts, kinds } = await pollReal('written-questions', '/questions-statements-api', {
          '/api/writtenquestions/questions': served({ totalResults: 1, results: [{ value: listForm(detail.value), links: detail.links }] }),
          [`/api/writtenquestions/questions/${detail.value.id}`]: served(detail),
        });
        expect(detailRequests(`/questions-statements-api/api/writtenquestions/questions/${detail.value.id}`)).toBe(1);
        expect(kinds).toEqual(['question']);
        expect(drafts[0]!.partial).toBeUndefined();
        expect(drafts[0]!.text).toContain(stripHtml(detail.value.questionText));
        expect(drafts[0]!.text).toContain(stripHtml(detail.value.answerText));
        expect(drafts[0]!.published).toBe(londonToUtc(detail.value.dateAnswered));
      },
    },
    {
      match: /^written-statements-list-/,
      run: async (file) => {
        const body = real(file);
        const { drafts, kinds } = await pollReal('written-statements', '/questions-statements-api', {
          '/api/writtenstatements/statements': served(body),
        });
        expect(drafts).toHaveLength(body.results.length);
        expect(new Set(kinds)).toEqual(new Set(['statement']));
        body.results.forEach((r: any, i: number) => {
          const s = r.value;
          const d = drafts[i]!;
          expect(d.published).toBe(londonToUtc(s.dateMade));
          expect(d.dedupKeys[0]).toBe(`wms:${s.dateMade.slice(0, 10)}:${s.uin}`);
          expect(d.title).toBe(s.title.trim());
          // Cut short in the list, each is read from its own endpoint (not in the samples: 404 here), so partial.
          expect(d.partial).toBe(s.text.endsWith('...') || s.text.length >= 255 || s.hasAttachments ? true : undefined);
        });
        expect(detailRequests('/questions-statements-api/api/writtenstatements/statements/')).toBe(drafts.filter((d) => d.partial).length);
      },
    },
    {
      match: /^committees-publications-/,
      run: async (file) => {
        const body = real(file);
        const { drafts, kinds } = await pollReal('committees', '/committees-api', {
          '/api/Publications': served(body),
          '/api/CommitteeBusiness': committeesRoute([]),
        });
        expect(drafts).toHaveLength(body.items.length);
        body.items.forEach((p: any, i: number) => {
          const d = drafts[i]!;
          expect(d.published).toBe(londonToUtc(p.publicationStartDate));
          expect(d.text).toContain(p.description.trim());
          expect(d.nativeIds).toMatchObject({ publicationId: String(p.id), publicationType: p.type.name, governmentCanRespond: String(p.type.governmentCanRespond) });
          // Only what the government may respond to, or a response, is a report: letters (canBeResponse: true) are not.
          expect(kinds[i] === 'report').toBe(p.type.governmentCanRespond || p.responseToPublicationId != null || /report|government response/i.test(p.type.name));
          if (p.type.name === 'Correspondence') expect(kinds[i]).toBe('question');
        });
        if (file === 'committees-publications-education-2024-aws.json') {
          expect(kinds).toEqual(['question', 'question', 'question', 'report', 'debate']);
          expect(drafts[0]!.published).toBe('2024-12-17T10:15:00.000Z');
        }
      },
    },
    {
      match: /^govuk-search-/,
      run: async (file) => {
        const body = real(file);
        const { drafts } = await pollReal('govuk-search', '/govuk', { '/api/search.json': { headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) } });
        expect(drafts).toHaveLength(body.results.length);
        body.results.forEach((r: any, i: number) => {
          expect(drafts[i]).toMatchObject({ url: `https://www.gov.uk${r.link}`, title: r.title, published: new Date(r.public_timestamp).toISOString() });
        });
      },
    },
  ];

  it.each(realFiles)('%s', async (file) => {
    // Prepare
    const known = cases.find((c) => c.match.test(file));
    // Act + Assess (each case polls its adapter and checks what it made of the body)
    if (!known) throw new Error(`no case for ../shared/samples/real/${file}: add one (its endpoint, and what the adapter must make of it)`);
    await known.run(file);
  });
});
