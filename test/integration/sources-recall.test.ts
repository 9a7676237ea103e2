import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceSchema, type SourceConfig } from '../../lib/config/schema.ts';
import { FetchHttpClient } from '../../lib/http/fetcher.ts';
import { ReplayServer } from '../../lib/dev/replay-server.ts';
import { matchesTerm } from '../../lib/dev/parliament-fixtures.ts';
import { parliamentDay, parliamentDayRoutes, type DayRecord, type ParliamentDay } from '../../lib/dev/parliament-day.ts';
import { pollSource } from '../../lib/pipeline/cycle.ts';
import { ADAPTERS } from '../../lib/sources/index.ts';
import type { SourceAdapter } from '../../lib/sources/types.ts';
import { loadRegistry, registrySearchTerms } from '../../lib/registry/registry.ts';
import { compileRegistry } from '../../lib/classify/classifier.ts';
import { isTracked, type Item } from '../../lib/model/item.ts';
import { createTestTable } from '../support/dynamo.ts';

/**
 * Recall over a real-shaped day (lib/dev/parliament-day.ts) on the loopback replay server, through the whole pipeline
 * (adapter, classifier, DynamoDB Local): the search-term design finds only the relevant records that contain a
 * registry search term; reading whole streams, and two stages for questions and Hansard, finds them all.
 */
const DATE = '2025-06-18';
const registry = loadRegistry('config/registry.yaml');
const compiled = compileRegistry(registry);
const searchTerms = registrySearchTerms(registry);
/** The replay server's port, once started: the only loopback port the fetcher's address guard lets through. */
const loopback: number[] = [];
const http = new FetchHttpClient({ userAgent: 'InquiryWatch-test/0.1', backoffMs: 1, allowLoopbackPorts: loopback });
const day = parliamentDay(DATE);
const clock = { now: new Date(`${DATE}T23:00:00Z`) };
let server: ReplayServer;

const PREFIX = { hansard: '/hansard-api', 'written-statements': '/questions-statements-api', 'written-questions': '/questions-statements-api', committees: '/committees-api', 'govuk-search': '/govuk' } as const;
type Type = keyof typeof PREFIX;

/** How a stored item is recognised as one of the day's records. */
const RELEVANT: Record<Type, { records: (d: ParliamentDay) => DayRecord<Record<string, any>>[]; id: (r: Record<string, any>) => string; itemId: (i: Item) => string | undefined }> = {
  'written-statements': { records: (d) => d.statements, id: (r) => String(r.id), itemId: (i) => i.nativeIds.id },
  'written-questions': { records: (d) => d.questions, id: (r) => String(r.id), itemId: (i) => i.nativeIds.id },
  hansard: { records: (d) => d.spoken, id: (r) => r.ContributionExtId, itemId: (i) => i.nativeIds.contributionExtId },
  committees: { records: (d) => d.publications, id: (r) => String(r.id), itemId: (i) => i.nativeIds.publicationId },
  'govuk-search': { records: (d) => d.govuk, id: (r) => r.result.link, itemId: (i) => i.nativeIds.link },
};

/**
 * The day's records of `type` that one poll stores tracked. `everyRecordWhole` takes the pre-filter away, so every
 * listed record is handed over and read in full: what the classifier tags when it sees the whole day.
 */
async function trackedIds(type: Type, read: 'search' | 'whole', everyRecordWhole = false): Promise<Set<string | undefined>> {
  const table = await createTestTable('recall');
  const source = SourceSchema.parse({ id: `${read}-${type}`, type, baseUrl: server.url + PREFIX[type], read, alertOnFirstPoll: true, overlapDays: 0 }) as SourceConfig;
  const adapter = ADAPTERS[type] as SourceAdapter;
  const adapters = everyRecordWhole ? { ...ADAPTERS, [type]: { type, poll: (ctx) => adapter.poll({ ...ctx, prefilter: undefined }) } as SourceAdapter } : undefined;
  const report = await pollSource(source, { store: table.store, http, compiled, searchTerms, now: () => clock.now, adapters });
  expect(report.status, report.error).toBe('ok');
  table.client.destroy();
  return new Set(report.newItems.filter(isTracked).map(RELEVANT[type].itemId));
}

async function trackedRelevant(type: Type, read: 'search' | 'whole'): Promise<{ found: number; termFreeFound: number; relevant: number; termFree: number }> {
  const tracked = await trackedIds(type, read);
  const relevant = RELEVANT[type].records(day).filter((r) => r.relevant);
  const found = relevant.filter((r) => tracked.has(RELEVANT[type].id(r.record)));
  return {
    found: found.length,
    termFreeFound: found.filter((r) => r.relevant!.termFree).length,
    relevant: relevant.length,
    termFree: relevant.filter((r) => r.relevant!.termFree).length,
  };
}

beforeAll(async () => {
  server = new ReplayServer(parliamentDayRoutes(day, clock));
  await server.start();
  loopback.push(server.port);
});
afterAll(() => server.stop());

describe('the recall day', () => {
  it('has relevant records of every source that no registry search term matches, as the services search', () => {
    for (const type of Object.keys(RELEVANT) as Type[]) {
      const termFree = RELEVANT[type].records(day).filter((r) => r.relevant?.termFree);
      expect(termFree.length, type).toBeGreaterThan(0);
      // The fixture server searches like the services: every word of the term somewhere in the record.
      for (const r of termFree) expect(searchTerms.filter((t) => matchesTerm(type === 'govuk-search' ? r.record.result : r.record, t)), type).toEqual([]);
    }
  });
});

describe.each(Object.keys(RELEVANT) as Type[])('%s over a real-shaped day', (type) => {
  it('marks relevant exactly the records the classifier tags when it reads every record of the day whole', { timeout: 120_000 }, async () => {
    // Prepare: what the fixture says is relevant (a classifier or registry change that stops tagging one shows here,
    // by id, and not as a miss of the design being measured).
    const relevant = RELEVANT[type].records(day).filter((r) => r.relevant).map((r) => RELEVANT[type].id(r.record));
    // Act
    const tagged = await trackedIds(type, 'whole', true);
    // Assess
    expect([...tagged].filter((id) => id !== undefined).sort()).toEqual(relevant.sort());
  });

  it('the search-term design misses the relevant records without a search term; the whole stream finds every relevant record', { timeout: 120_000 }, async () => {
    // Act
    const before = await trackedRelevant(type, 'search');
    const after = await trackedRelevant(type, 'whole');
    // Assess
    expect(before.termFreeFound).toBe(0);
    expect(before.found).toBe(before.relevant - before.termFree);
    expect(after.found).toBe(after.relevant);
  });
});
