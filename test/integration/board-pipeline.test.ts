import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoBoardStore } from '../../lib/adapters/dynamodb/board-store.ts';
import { Board } from '../../lib/board/board.ts';
import { compileRegistry } from '../../lib/classify/classifier.ts';
import { ConfigSchema } from '../../lib/config/schema.ts';
import { committeesRoute, parliamentRoutes } from '../../lib/dev/parliament-fixtures.ts';
import { ReplayServer } from '../../lib/dev/replay-server.ts';
import { FetchHttpClient } from '../../lib/http/fetcher.ts';
import { runCycle, type CycleDeps } from '../../lib/pipeline/cycle.ts';
import { loadRegistry, registrySearchTerms } from '../../lib/registry/registry.ts';
import { createTestTable, type TestTable } from '../support/dynamo.ts';
import { publication } from '../support/committee-publications.ts';

const rss = (items: { guid: string; title: string; description: string; date: string }[]) => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>News</title><link>https://news.example.org/</link><description>n</description>
${items.map((i) => `<item><title>${i.title}</title><link>https://news.example.org/${i.guid}</link><guid>${i.guid}</guid><pubDate>${i.date}</pubDate><description>${i.description}</description></item>`).join('\n')}
</channel></rss>`;

const CHAIR = { guid: 'chair', title: 'Former children’s commissioner to lead grooming gangs inquiry', date: 'Tue, 09 Dec 2025 18:00:00 GMT', description: 'Baroness Longfield has been named as the chair of the national inquiry into grooming gangs.' };
const REPORT = publication({ id: 170001, description: 'Grooming gangs: the national inquiry into group-based child sexual exploitation – Fifth Report', published: '2025-10-01T00:01:00', report: { deadline: '2025-12-01T00:00:00' } });
const RESPONSE = publication({ id: 170002, description: 'Government response to the Committee’s Fifth Report: the national inquiry into grooming gangs', published: '2025-12-05T10:00:00', respondsTo: 170001 });

describe('the board at ingest: the same cycle the poll function runs', () => {
  let server: ReplayServer;
  let t: TestTable;
  let board: Board;
  let deps: CycleDeps;
  const config = (base: string) =>
    ConfigSchema.parse({
      sources: [
        { id: 'news', type: 'rss', url: `${base}/news.xml`, alertOnFirstPoll: true },
        { id: 'committees', type: 'committees', baseUrl: `${base}/committees-api`, minIntervalMinutes: 0, alertOnFirstPoll: true },
      ],
    });
  const now = () => new Date('2025-12-10T09:00:00.000Z');

  beforeAll(async () => {
    server = new ReplayServer({
      '/news.xml': { body: rss([CHAIR]), headers: { 'content-type': 'application/rss+xml' } },
      '/committees-api/api/Publications': committeesRoute([REPORT]),
      '/committees-api/api/CommitteeBusiness': committeesRoute([]),
    });
    await server.start();
    t = await createTestTable('board-pipeline');
    const registry = loadRegistry('config/registry.yaml');
    board = new Board(new DynamoBoardStore(t.client, t.tableName), registry);
    deps = { store: t.store, http: new FetchHttpClient({ userAgent: 'test', backoffMs: 1, allowLoopbackPorts: [server.port] }), compiled: compileRegistry(registry), searchTerms: registrySearchTerms(registry), now, afterIngest: board.afterIngest };
  });

  afterAll(async () => {
    await server.stop();
  });

  it('records each new item\'s events with their evidence, and a committee report\'s response deadline', async () => {
    // Act
    const report = await runCycle(config(server.url), deps);
    const status = await board.entry('national-inquiry', '2025-12-10');
    // Assess
    expect(report.sources.map((s) => [s.sourceId, s.status, s.warnings.filter((w) => w.startsWith('board'))])).toEqual([
      ['news', 'ok', []],
      ['committees', 'ok', []],
    ]);
    expect(status).toMatchObject({ state: 'being-set-up', since: '2025-12-09' });
    expect(status.events.map((e) => e.type)).toEqual(['committee-report', 'chair-appointed']);
    expect(status.events[1]!.evidence[0]).toMatchObject({ url: 'https://news.example.org/chair', sentence: 'Baroness Longfield has been named as the chair of the national inquiry into grooming gangs.', date: '2025-12-09' });
    expect(status.deadlines.filter((d) => d.id.startsWith('committee-'))).toEqual([expect.objectContaining({ id: 'committee-170001', due: '2025-12-01', status: 'overdue', days: 9 })]);
  });

  it('closes the deadline when the government response arrives, linked to the report', async () => {
    // Prepare
    server.set('/committees-api/api/Publications', committeesRoute([RESPONSE, REPORT]));
    // Act
    await runCycle(config(server.url), deps);
    const status = await board.entry('national-inquiry', '2025-12-10');
    // Assess
    expect(status.deadlines.filter((d) => d.id.startsWith('committee-'))).toEqual([expect.objectContaining({ id: 'committee-170001', status: 'met', metOn: '2025-12-05', days: 4, metByUrl: 'https://committees.parliament.uk/publications/170002/documents/340004/default/' })]);
  });

  it('replaces a revised item\'s events: a story that no longer says so no longer counts', async () => {
    // Prepare
    server.set('/news.xml', { body: rss([{ ...CHAIR, description: 'Baroness Longfield is expected to be named as chair of the national inquiry into grooming gangs.' }]), headers: { 'content-type': 'application/rss+xml' } });
    // Act
    const report = await runCycle(config(server.url), deps);
    const status = await board.entry('national-inquiry', '2025-12-10');
    // Assess
    expect(report.updatedItems).toHaveLength(1);
    expect(status.events.map((e) => e.type)).not.toContain('chair-appointed');
    expect(status.state).toBe('unknown');
  });
});

describe('committee deadlines from the recorded committee publications', () => {
  it('opens the Home Affairs report\'s deadline, closes it with the response eight days late, and leaves letters alone', async () => {
    // Prepare: the shared fixtures in the services' real shapes (report 158201, its response 160455, a letter)
    const routes = parliamentRoutes();
    const server = new ReplayServer({
      '/committees-api/api/Publications': routes['/committees-api/api/Publications']!,
      '/committees-api/api/CommitteeBusiness': routes['/committees-api/api/CommitteeBusiness']!,
    });
    await server.start();
    const t = await createTestTable('board-committees');
    const registry = loadRegistry('config/registry.yaml');
    const board = new Board(new DynamoBoardStore(t.client, t.tableName), registry);
    const config = ConfigSchema.parse({ sources: [{ id: 'committees', type: 'committees', baseUrl: `${server.url}/committees-api`, alertOnFirstPoll: true }] });
    try {
      // Act
      const report = await runCycle(config, { store: t.store, http: new FetchHttpClient({ userAgent: 'test', backoffMs: 1, allowLoopbackPorts: [server.port] }), compiled: compileRegistry(registry), searchTerms: registrySearchTerms(registry), afterIngest: board.afterIngest });
      const deadlines = await board.deadlines('2025-10-01');
      // Assess
      expect(report.sources[0]!.status).toBe('ok');
      const committee = deadlines.filter((d) => d.id.startsWith('committee-'));
      expect(committee.length).toBeGreaterThan(0);
      expect(new Set(committee.map((d) => d.id))).toEqual(new Set(['committee-158201']));
      expect(committee[0]).toMatchObject({ due: '2025-08-27', status: 'met', metOn: '2025-09-04', days: 8, metByUrl: expect.stringContaining('/publications/160455/') });
    } finally {
      await server.stop();
    }
  });
});
