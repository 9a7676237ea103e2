import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoArchiveQueries } from '../../lib/adapters/dynamodb/archive-queries.ts';
import { DynamoBoardStore } from '../../lib/adapters/dynamodb/board-store.ts';
import { registryView } from '../../lib/api/handler.ts';
import { startApiServer, type RunningApiServer } from '../../lib/api/node-server.ts';
import { Board } from '../../lib/board/board.ts';
import { compileRegistry } from '../../lib/classify/classifier.ts';
import { loadRegistry } from '../../lib/registry/registry.ts';
import { createTestTable } from '../support/dynamo.ts';
import { parseCsv } from '../unit/query/parse-csv.ts';
import { boardItem } from '../unit/board/fixtures.ts';

const registry = loadRegistry('config/registry.yaml');

describe('the board over the HTTP API', () => {
  let server: RunningApiServer;
  const report = boardItem({
    kind: 'report',
    sourceType: 'report',
    inquiries: ['national-inquiry'],
    title: 'Home Affairs Committee: Grooming gangs: the national inquiry – Fifth Report',
    text: 'Report',
    published: '2025-10-01T09:00:00.000Z',
    nativeIds: { publicationId: '170001', governmentCanRespond: 'true', governmentResponseDeadline: '2025-12-01' },
  });
  const chair = boardItem({ inquiries: ['national-inquiry'], published: '2025-12-09T15:00:00.000Z', text: 'Baroness Anne Longfield has been appointed as chair of the national inquiry into grooming gangs.' });

  beforeAll(async () => {
    const t = await createTestTable('board-api');
    const board = new Board(new DynamoBoardStore(t.client, t.tableName), registry);
    await board.record([report, chair]);
    server = await startApiServer({
      reader: new DynamoArchiveQueries(t.client, t.tableName),
      board,
      registry: registryView(compileRegistry(registry)),
      cursorSecret: 'board-api-secret',
      now: () => new Date('2025-12-10T09:00:00.000Z'),
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });

  it('GET /status lists every entry in the --json contract, with provenance', async () => {
    // Act
    const res = await get('/status');
    const body = (await res.json()) as { entries: Record<string, unknown>[]; provenance: Record<string, unknown> };
    // Assess
    expect(res.status).toBe(200);
    expect(body.entries).toHaveLength(registry.entries.length);
    expect(body.entries[0]).toMatchObject({ id: 'national-inquiry', type: 'inquiry', state: 'being-set-up', since: '2025-12-09', stalled: false });
    expect(body.provenance).toMatchObject({ generator: 'inquiry-watch', generatedAt: '2025-12-10T09:00:00.000Z', at: '2025-12-10', registryVersion: expect.any(String) });
  });

  it('GET /status/{id} gives every event with its evidence and ids, as of a past date too', async () => {
    // Act
    const [now, then] = await Promise.all([get('/status/national-inquiry'), get('/status/national-inquiry?at=2025-11-01')]);
    const body = (await now.json()) as { entry: { events: { type: string; id: string; evidence: { url: string; sentence: string }[] }[]; deadlines: { id: string; status: string; days: number }[] } };
    const past = (await then.json()) as { entry: { state: string; events: unknown[] } };
    // Assess
    expect(body.entry.events.map((e) => e.type)).toEqual(['committee-report', 'chair-appointed']);
    expect(body.entry.events[1]).toMatchObject({ id: `${chair.id}:national-inquiry:chair-appointed`, evidence: [{ url: chair.url, sentence: chair.text }] });
    expect(body.entry.deadlines).toContainEqual(expect.objectContaining({ id: 'committee-170001', status: 'overdue', days: 9 }));
    expect(past.entry).toMatchObject({ state: 'unknown' });
    expect(past.entry.events).toHaveLength(1);
  });

  it('GET /deadlines lists what is overdue first, filtered by status, as JSON or CSV', async () => {
    // Act
    const json = (await (await get('/deadlines?status=overdue')).json()) as { deadlines: { entry: string; id: string; status: string }[] };
    const csv = await get('/deadlines', { accept: 'text/csv' });
    // Assess
    expect(json.deadlines.map((d) => [d.entry, d.id, d.status])).toEqual([['national-inquiry', 'committee-170001', 'overdue']]);
    expect(csv.headers.get('x-board-at')).toBe('2025-12-10');
    const rows = parseCsv(await csv.text());
    expect(rows[0]).toEqual(['entry', 'name', 'id', 'what', 'due', 'status', 'days', 'met_on', 'met_by_url', 'basis_url']);
    expect(rows[1]!.slice(0, 3)).toEqual(['national-inquiry', 'National inquiry into group-based child sexual exploitation', 'committee-170001']);
  });

  it('answers 400 for a bad date or status and 404 for an unknown entry', async () => {
    // Act
    const responses = await Promise.all([get('/status?at=yesterday'), get('/deadlines?status=late'), get('/status/no-such-entry'), get('/status?limit=3')]);
    // Assess
    expect(responses.map((r) => r.status)).toEqual([400, 400, 404, 400]);
    expect(await responses[0]!.json()).toMatchObject({ param: 'at' });
    expect(await responses[1]!.json()).toMatchObject({ param: 'status' });
  });

  it('refuses a day that is not in the calendar instead of reading it as the next month', async () => {
    // Act
    const responses = await Promise.all([get('/status?at=2025-02-30'), get('/status/national-inquiry?at=2025-11-31'), get('/deadlines?at=2025-13-01')]);
    // Assess
    expect(responses.map((r) => r.status)).toEqual([400, 400, 400]);
    expect(await Promise.all(responses.map((r) => r.json()))).toEqual([
      { error: 'at: "2025-02-30" is not a date: February 2025 has 28 days', param: 'at' },
      { error: 'at: "2025-11-31" is not a date: November 2025 has 30 days', param: 'at' },
      { error: 'at: "2025-13-01" is not a date: there is no month 13', param: 'at' },
    ]);
  });
});
