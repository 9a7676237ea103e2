import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceSchema, type SourceConfig } from '../../lib/config/schema.ts';
import { FetchHttpClient } from '../../lib/http/fetcher.ts';
import { ReplayServer } from '../../lib/dev/replay-server.ts';
import { parliamentRoutes } from '../../lib/dev/parliament-fixtures.ts';
import { ADAPTERS } from '../../lib/sources/index.ts';
import type { SourceAdapter } from '../../lib/sources/types.ts';
import { HansardContribution, HansardDebate, HansardDebateText } from '../../lib/sources/hansard.ts';
import { Statement } from '../../lib/sources/written-statements.ts';
import { Question } from '../../lib/sources/written-questions.ts';
import { CommitteeBusiness, CommitteeBusinessResult, Publication } from '../../lib/sources/committees.ts';
import { GovukContent, GovukSearchResponse, govukDraft } from '../../lib/sources/govuk-search.ts';
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

describe.runIf(!present)('conformance with real samples (../shared/samples is absent: nothing to compare against)', () => {
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
  const http = new FetchHttpClient({ userAgent: 'InquiryWatch-test/0.1', backoffMs: 1 });
  const sent = new Map<string, Set<string>>();

  beforeAll(async () => {
    server = new ReplayServer(parliamentRoutes());
    await server.start();
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
    const parsed = GovukSearchResponse.parse(body);
    const draft = govukDraft(source, parsed.results[0]!);
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
