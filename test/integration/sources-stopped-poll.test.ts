import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SourceSchema, type SourceConfig } from '../../lib/config/schema.ts';
import { FetchHttpClient } from '../../lib/http/fetcher.ts';
import type { HttpClient } from '../../lib/http/types.ts';
import { ReplayServer, type ReplayHandler } from '../../lib/dev/replay-server.ts';
import { parliamentDay, parliamentDayRoutes } from '../../lib/dev/parliament-day.ts';
import { pollSource, type CycleDeps } from '../../lib/pipeline/cycle.ts';
import { loadRegistry } from '../../lib/registry/registry.ts';
import { compileRegistry } from '../../lib/classify/classifier.ts';
import { createTestTable, type TestTable } from '../support/dynamo.ts';
import { auditArchive } from './faults-support.ts';

/**
 * A source read by date window that fails part-way through a poll (a list page that keeps answering 500, the
 * cycle's deadline) keeps what it read before the failure, records the failure on the source, and its next poll
 * resumes: in the end the archive holds exactly what one clean poll stores, each record written once.
 */
const DATE = '2025-06-18';
const day = parliamentDay(DATE);
const clock = { now: new Date(`${DATE}T23:00:00Z`) };
const compiled = compileRegistry(loadRegistry('config/registry.yaml'));
const loopback: number[] = [];
const http = new FetchHttpClient({ userAgent: 'InquiryWatch-test/0.1', backoffMs: 1, allowLoopbackPorts: loopback });
let server: ReplayServer;

const PUBLICATIONS = '/committees-api/api/Publications';
const PREFIX = { committees: '/committees-api', 'written-questions': '/questions-statements-api' } as const;
const source = (type: keyof typeof PREFIX, over: Record<string, unknown> = {}): SourceConfig =>
  SourceSchema.parse({ id: type, type, baseUrl: server.url + PREFIX[type], overlapDays: 1, ...over }) as SourceConfig;

const deps = (t: TestTable, client: HttpClient = http): CycleDeps => ({ store: t.store, http: client, compiled, searchTerms: [], now: () => clock.now });

/** What the archive holds, as each item's id, content and version. */
async function archived(t: TestTable): Promise<string[]> {
  const { items, problems } = await auditArchive(t.client, t.tableName);
  expect(problems).toEqual([]);
  return items.map((i) => `${i.id} ${i.contentHash} v${i.version}`).sort();
}

/** The archive one uninterrupted poll of `src` makes. */
async function cleanArchive(src: SourceConfig): Promise<string[]> {
  const t = await createTestTable('clean');
  const report = await pollSource(src, deps(t));
  expect(report.status).toBe('ok');
  return archived(t);
}

/** The real client, whose every request after the first `n` carries a deadline already passed (the cycle's time is up). */
const outOfTimeAfter = (n: number): HttpClient => {
  let made = 0;
  return { get: (request) => http.get({ ...request, deadline: made++ < n ? undefined : Date.now() - 1 }) };
};

beforeAll(async () => {
  server = new ReplayServer(parliamentDayRoutes(day, clock));
  await server.start();
  loopback.push(server.port);
});
afterAll(() => server.stop());

describe('a windowed source that fails mid-poll', () => {
  let t: TestTable;
  beforeEach(async () => {
    t = await createTestTable('stopped');
    server.set(PUBLICATIONS, parliamentDayRoutes(day, clock)[PUBLICATIONS]!);
  });

  it('stores the pages read before a page that keeps failing, records the failure, and the next poll resumes without writing anything twice', async () => {
    // Prepare: pages of 3 committee publications; the third page answers 500 to every attempt of the first poll.
    const src = source('committees', { pageSize: 3 });
    const expected = await cleanArchive(src);
    const list = parliamentDayRoutes(day, clock)[PUBLICATIONS] as ReplayHandler;
    let failing = true;
    server.set(PUBLICATIONS, (url, hit) => (failing && url.searchParams.get('Skip') === '6' ? { status: 500 } : list(url, hit)));

    // Act
    const stopped = await pollSource(src, deps(t));
    const afterStop = await archived(t);
    const health = await t.store.getSourceState(src.id);
    failing = false;
    const resumed = await pollSource(src, deps(t));

    // Assess: the first poll kept what it read and says it failed, on the report and on the source's record
    expect(stopped).toMatchObject({ status: 'failed', error: expect.stringMatching(/^HTTP 500 .*Skip=6/) });
    expect(stopped.newItems).toHaveLength(6);
    expect(stopped.warnings.join('\n')).toMatch(/page 3 failed: the poll stopped there \(the 6 records of that list read before it are kept\)/);
    expect(afterStop.length).toBe(stopped.newItems.length);
    expect(health).toMatchObject({ consecutiveFailures: 1, lastError: stopped.error, lastErrorAt: clock.now.toISOString(), itemsStored: stopped.newItems.length });
    // Not seeded by a poll that stopped: the rest of a first window is archived quietly too
    expect(health?.seededAt).toBeUndefined();
    // The next poll stored only the rest, new; nothing stored by the first was written again
    expect(resumed.status).toBe('ok');
    expect(resumed.updatedItems).toEqual([]);
    const first = new Set(stopped.newItems.map((i) => i.id));
    expect(resumed.newItems.filter((i) => first.has(i.id))).toEqual([]);
    expect(await archived(t)).toEqual(expected);
    expect(await t.store.getSourceState(src.id)).toMatchObject({ consecutiveFailures: 0, seededAt: clock.now.toISOString() });
    expect(resumed.newItems).toHaveLength(day.publications.length - 6);
  });

  it('stops asking at the deadline, keeps what it listed, holds back what it had no time to read in full, and the next poll resumes', async () => {
    // Prepare: pages of 10 questions; the cycle's time runs out after the day's count and two of its four pages.
    const src = source('written-questions', { pageSize: 10 });
    const expected = await cleanArchive(src);
    server.requests.length = 0;

    // Act
    const stopped = await pollSource(src, deps(t, outOfTimeAfter(3)));
    const asked = server.requests.length;
    const afterStop = await archived(t);
    const resumed = await pollSource(src, deps(t));

    // Assess: nothing asked after the deadline; the first 20 questions' listings kept, the candidates among them
    // that need their full answer held back for the next poll rather than stored as stand-ins
    expect(asked).toBe(3);
    expect(stopped).toMatchObject({ status: 'failed', error: expect.stringMatching(/^out of time .*the poll's deadline has passed/) });
    expect(stopped.newItems.length).toBeGreaterThan(0);
    expect(stopped.newItems.length).toBeLessThan(20);
    expect(stopped.warnings.join('\n')).toMatch(/questions held back: the poll stopped at a failure/);
    expect(afterStop).toHaveLength(stopped.newItems.length);
    expect(await t.store.getSourceState(src.id)).toMatchObject({ consecutiveFailures: 0 });
    expect(resumed.status).toBe('ok');
    expect(resumed.updatedItems).toEqual([]);
    expect(await archived(t)).toEqual(expected);
  });

  it('keeps no validators from a list it did not read to its end, so a 304 cannot hide the pages it missed', async () => {
    // Prepare: the list's first page carries an ETag (GOV.UK's CDN may send one); its third page fails once.
    const src = source('committees', { pageSize: 3 });
    const list = parliamentDayRoutes(day, clock)[PUBLICATIONS] as ReplayHandler;
    let failing = true;
    server.set(PUBLICATIONS, (url, hit) => {
      if (failing && url.searchParams.get('Skip') === '6') return { status: 500 };
      return url.searchParams.get('Skip') === '0' ? { ...list(url, hit), etag: '"publications-1"' } : list(url, hit);
    });
    const stopped = await pollSource(src, deps(t));
    failing = false;

    // Act
    const resumed = await pollSource(src, deps(t));

    // Assess
    expect(stopped.status).toBe('failed');
    expect(resumed.newItems).toHaveLength(day.publications.length - 6);
    expect((await auditArchive(t.client, t.tableName)).items).toHaveLength(day.publications.length);
  });
});
