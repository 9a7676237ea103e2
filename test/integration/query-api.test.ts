import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoArchiveQueries } from '../../lib/adapters/dynamodb/archive-queries.ts';
import type { RegistryView } from '../../lib/api/handler.ts';
import { startApiServer, type RunningApiServer } from '../../lib/api/node-server.ts';
import type { Item } from '../../lib/model/item.ts';
import { ROW_COLUMNS } from '../../lib/query/csv.ts';
import { createTestTable } from '../support/dynamo.ts';
import { expected, GENERATED_ENTRIES, generateItems, writeGeneratedArchive } from '../support/generated-archive.ts';
import { parseCsv } from '../unit/query/parse-csv.ts';

const registry: RegistryView = {
  version: 'reg-test-0001',
  entries: GENERATED_ENTRIES.map((id) => ({ id, type: id.startsWith('c-') ? 'commitment' : 'inquiry', name: `Entry ${id}` })),
};

describe('archive HTTP API over loopback', () => {
  let server: RunningApiServer;
  let items: Item[];
  const tracks = (i: Item, id: string) => [...i.inquiries, ...i.commitments].includes(id);

  beforeAll(async () => {
    const t = await createTestTable('query-api');
    items = generateItems(800, 7);
    await writeGeneratedArchive(t.client, t.tableName, items);
    server = await startApiServer({
      reader: new DynamoArchiveQueries(t.client, t.tableName),
      registry,
      cursorSecret: 'api-test-secret',
      now: () => new Date('2026-01-02T03:04:05.000Z'),
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });

  it('pages a timeline as JSON with provenance until no cursor is left', async () => {
    // Prepare
    const want = expected(items, (i) => tracks(i, 'casey-audit') && i.published >= '2025-01-01');
    const ids: string[] = [];
    let cursor: string | null = null;
    let first: Record<string, unknown> | undefined;
    // Act
    do {
      const res = await get(`/items?tracked=casey-audit&from=2025-01-01&limit=25${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { items: { id: string }[]; nextCursor: string | null; provenance: Record<string, unknown> };
      first ??= body.provenance;
      ids.push(...body.items.map((i) => i.id));
      cursor = body.nextCursor;
    } while (cursor);
    // Assess
    expect(ids).toEqual(want);
    expect(first).toMatchObject({
      registryVersion: 'reg-test-0001',
      generatedAt: '2026-01-02T03:04:05.000Z',
      query: { tracked: 'casey-audit', from: '2025-01-01T00:00:00.000Z', limit: 25 },
      answeredBy: 'timeline of casey-audit',
    });
  });

  it('answers CSV for format=csv and for Accept: text/csv, with a next link', async () => {
    // Act
    const byParam = await get('/items?kind=statement&limit=10&format=csv');
    const byAccept = await get('/items?kind=statement&limit=10', { accept: 'text/csv' });
    // Assess
    const text = await byParam.text();
    expect(byParam.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(byParam.headers.get('x-registry-version')).toBe('reg-test-0001');
    expect(byParam.headers.get('link')).toMatch(/^<\/items\?kind=statement&limit=10&format=csv&cursor=[^>]+>; rel="next"$/);
    const records = parseCsv(text);
    expect(records[0]).toEqual([...ROW_COLUMNS]);
    expect(records.slice(1).map((r) => r[1])).toEqual(expected(items, (i) => i.kind === 'statement').slice(0, 10));
    expect(await byAccept.text()).toBe(text);
  });

  it('keeps awkward titles intact through CSV', async () => {
    // Prepare
    const awkward = items.filter((i) => /[",\n]/.test(i.title) && i.sourceId === 'wms');
    // Act
    const res = await get('/items?source=wms&limit=500&format=csv');
    // Assess
    const byId = new Map(parseCsv(await res.text()).slice(1).map((r) => [r[1], r[4]]));
    expect(awkward.length).toBeGreaterThan(0);
    for (const item of awkward) expect(byId.get(item.id)).toBe(item.title);
  });

  it('lists the registry with item counts', async () => {
    // Act
    const res = await get('/tracked');
    // Assess
    const body = (await res.json()) as { registryVersion: string; entries: { id: string; items: number }[] };
    expect(body.registryVersion).toBe('reg-test-0001');
    expect(body.entries).toEqual(
      GENERATED_ENTRIES.map((id) => expect.objectContaining({ id, items: items.filter((i) => tracks(i, id)).length })),
    );
  });

  it('returns one item by id and 404 for an unknown one', async () => {
    // Prepare
    const item = items[3]!;
    // Act
    const found = await get(`/items/${item.id}`);
    const missing = await get('/items/0000000000');
    // Assess
    expect(found.status).toBe(200);
    expect(((await found.json()) as { item: Item; versions: Item[] })).toMatchObject({ item: { id: item.id, title: item.title, version: 1 }, versions: [] });
    expect(missing.status).toBe(404);
  });

  it.each([
    ['/items?tracked=nope', 'tracked', /unknown entry "nope"/],
    ['/items?kind=news&from=2025-07-01&to=2025-06-01', 'from', /after to/],
    ['/items?kind=news&from=31/12/2025', 'from', /not a date/],
    ['/items?kind=news&limit=100000', 'limit', /over the maximum/],
    ['/items?kind=news&cursor=abc.def', 'cursor', /integrity check/],
    ['/items?kind=gossip', 'kind', /unknown kind/],
    ['/items?kind=news&format=xml', 'format', /not json or csv/],
  ])('answers 400 with a clear message for %s', async (path, param, message) => {
    // Act
    const res = await get(path);
    // Assess
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; param: string };
    expect(body.param).toBe(param);
    expect(body.error).toMatch(message);
  });

  it('reads a repeated parameter as API Gateway does, its values joined with commas, rather than keeping one', async () => {
    // Act
    const twice = await get('/items?tracked=casey-audit&tracked=iicsa');
    const proto = await get('/items?kind=news&__proto__=x');
    // Assess
    expect(twice.status).toBe(400);
    expect(await twice.json()).toMatchObject({ param: 'tracked', error: expect.stringContaining('unknown entry "casey-audit,iicsa"') });
    expect(proto.status).toBe(400);
    expect(await proto.json()).toMatchObject({ param: '__proto__', error: expect.stringContaining('unknown parameter "__proto__"') });
  });

  it('refuses other methods and unknown paths', async () => {
    // Act
    const post = await fetch(`${server.url}/items?kind=news`, { method: 'POST' });
    const nowhere = await get('/nowhere');
    // Assess
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect(nowhere.status).toBe(404);
  });

  it('answers 400 to a request line that is not a valid URL and keeps serving', async () => {
    // Prepare
    const raw = (requestLine: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(server.port, '127.0.0.1', () => socket.end(`${requestLine}\r\nHost: x\r\nConnection: close\r\n\r\n`));
        let reply = '';
        socket.on('data', (d: Buffer) => (reply += d.toString()));
        socket.on('end', () => resolve(reply));
        socket.on('error', reject);
      });
    // Act
    const crafted = await raw('GET http://:99999/ HTTP/1.1');
    const after = await get('/tracked');
    // Assess
    expect(crafted).toMatch(/^HTTP\/1\.1 400 /);
    expect(after.status).toBe(200);
  });

  it('answers 400 naming the id for malformed percent-encoding in an item path', async () => {
    // Act
    const res = await get('/items/%E0%A4%A');
    // Assess
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ param: 'id', error: expect.stringContaining('percent-encoding') });
  });
});
