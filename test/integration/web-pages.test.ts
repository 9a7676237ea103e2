import { load } from 'cheerio';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoArchiveQueries } from '../../lib/adapters/dynamodb/archive-queries.ts';
import { recountTracked } from '../../lib/adapters/dynamodb/tracked-counts.ts';
import type { CompiledRegistry } from '../../lib/classify/classifier.ts';
import type { RunningApiServer } from '../../lib/api/node-server.ts';
import type { TestTable } from '../support/dynamo.ts';
import { seedWebArchive } from '../support/web-archive.ts';
import { startWebServer } from '../support/web-server.ts';
import { parseCsv } from '../unit/query/parse-csv.ts';

let table: TestTable;
let compiled: CompiledRegistry;
let revisedId: string;
let server: RunningApiServer;
const NOW = new Date('2025-08-01T12:00:00.000Z');

beforeAll(async () => {
  ({ table, compiled, revisedId } = await seedWebArchive());
  server = await startWebServer(table, compiled, { now: () => NOW });
});
afterAll(async () => {
  await server?.close();
});

const get = (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, { redirect: 'manual', ...init });
const html = async (path: string) => {
  const res = await get(path);
  return { res, $: load(await res.text()) };
};
/** Item ids listed on a timeline page, in order. */
const listed = ($: ReturnType<typeof load>) => $('ol.items a').map((_, a) => $(a).attr('href')!.replace('/item/', '')).get();

describe('research pages over the archive', () => {
  it('keeps weekly counts at ingest that agree with a full recount, revisions included', async () => {
    // Prepare
    const reader = new DynamoArchiveQueries(table.client, table.tableName);
    const ids = compiled.registry.entries.map((e) => e.id);
    const kept = await Promise.all(ids.map((id) => reader.entryCounts(id)));
    // Act
    await recountTracked(table.client, table.tableName, ids);
    const recounted = await Promise.all(ids.map((id) => reader.entryCounts(id)));
    // Assess
    expect(kept.map((c) => [c.items, [...c.weeks].sort()])).toEqual(recounted.map((c) => [c.items, [...c.weeks].sort()]));
    expect(kept.some((c) => c.weeks.size > 1)).toBe(true);
  });

  it('lists every tracked entry with its item count on /, server-rendered, with a strict content policy', async () => {
    // Prepare
    const counts = await new DynamoArchiveQueries(table.client, table.tableName).countTracked(compiled.registry.entries.map((e) => e.id));
    // Act
    const { res, $ } = await html('/');
    // Assess
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const rows = $('table.entries tbody tr')
      .map((_, tr) => [[$(tr).find('th a').attr('href'), Number($(tr).find('td.num').text().replace(/,/g, ''))]])
      .get() as unknown as [string, number][];
    expect(rows).toEqual(compiled.registry.entries.map((e) => [`/entries/${e.id}`, counts.get(e.id)]));
    expect($('th:contains("State")')).toHaveLength(0);
    expect($('.cite').text()).toContain(compiled.version);
  });

  it('shows a timeline page with the same items, newest first, as the JSON API', async () => {
    // Prepare
    const api = (await (await get('/items?tracked=casey-audit&limit=50')).json()) as { items: { id: string }[] };
    // Act
    const { res, $ } = await html('/entries/casey-audit');
    // Assess
    expect(res.status).toBe(200);
    expect(listed($)).toEqual(api.items.map((i) => i.id));
    expect($('ol.items mark').length).toBeGreaterThan(0);
    const chart = JSON.parse($('#weekly-chart-data').text()) as { weeks: string[]; series: { counts: number[] }[] };
    expect(chart.series.flatMap((s) => s.counts).reduce((a, b) => a + b, 0)).toBe(Number($('.entry-meta').text().match(/([\d,]+) items/)![1]));
  });

  it('narrows the list by kind, source and words, and the chart by kind', async () => {
    // Act
    const all = listed((await html('/entries/casey-audit')).$);
    const { $ } = await html('/entries/casey-audit?kind=statement');
    const bySource = listed((await html('/entries/casey-audit?source=bbc-uk&q=shame')).$);
    // Assess
    const statements = listed($);
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.length).toBeLessThan(all.length);
    expect($('ol.items .kind').map((_, k) => $(k).text()).get()).toEqual(statements.map(() => 'Statement'));
    expect(JSON.parse($('#weekly-chart-data').text()).series.map((s: { kind: string }) => s.kind)).toEqual(['statement']);
    expect(bySource.length).toBeGreaterThan(0);
    expect(bySource.every((id) => all.includes(id))).toBe(true);
    expect(bySource.length).toBeLessThan(all.length);
  });

  it('reads a bare date as a whole day in London, on the page and in the JSON API alike', async () => {
    // The seeded story stored at 23:30 UTC on 15 June was published at 00:30 on 16 June, London time.
    // Act
    const { $ } = await html('/entries/casey-audit?from=2025-06-16&to=2025-06-16');
    const api = (await (await get('/items?tracked=casey-audit&from=2025-06-16&to=2025-06-16')).json()) as { items: { id: string }[] };
    // Assess
    expect($('ol.items h3').map((_, h) => $(h).text()).get()).toContain('Overnight: Casey audit response published');
    expect(api.items.map((i) => i.id)).toEqual(listed($));
  });

  it('answers a date whose year is out of range with 400 and the reason on the page, the export and the JSON API', async () => {
    // Prepare: 9999-12-31 at UTC-14 is already year 10,000 in UTC, whose ISO string sorts before every other date
    const to = encodeURIComponent('9999-12-31T23:59-14:00');
    const reason = 'to: "9999-12-31T23:59-14:00" is outside the years 1000 to 9999';
    // Act
    const { res, $ } = await html(`/entries/casey-audit?to=${to}`);
    const exported = await html(`/entries/casey-audit/export?to=${to}`);
    const api = await get(`/items?tracked=casey-audit&to=${to}`);
    // Assess
    expect(res.status).toBe(400);
    expect($('[role=alert]').text()).toContain(reason);
    expect($('#f-to').attr('aria-invalid')).toBe('true');
    expect(exported.res.status).toBe(400);
    expect(exported.$('main').text()).toContain(reason);
    expect(api.status).toBe(400);
    expect(await api.json()).toMatchObject({ param: 'to', error: reason });
  });

  it('redirects a view with empty filters to its one stable URL', async () => {
    // Act
    const res = await get('/entries/casey-audit?kind=&source=&from=2025-06-01&to=&q=');
    // Assess
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/entries/casey-audit?from=2025-06-01');
  });

  it('answers a bad filter with the page, the message and the field marked invalid', async () => {
    // Act
    const { res, $ } = await html('/entries/casey-audit?from=2025-02-30');
    // Assess
    expect(res.status).toBe(400);
    expect($('[role=alert]').text()).toContain('from');
    expect($('#f-from').attr('aria-invalid')).toBe('true');
  });

  it('exports the filtered view as CSV whose rows are the page\'s items, with the full text when asked', async () => {
    // Prepare
    const page = listed((await html('/entries/casey-audit?kind=news')).$);
    // Act
    const res = await get('/entries/casey-audit/export?kind=news&format=csv&text=1');
    // Assess
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="inquiry-watch-casey-audit-2025-08-01\.csv"$/);
    expect(res.headers.get('x-registry-version')).toBe(compiled.version);
    expect(res.headers.get('link')).toBe('</entries/casey-audit/export?kind=news&format=provenance&text=1>; rel="describedby"');
    const [header, ...rows] = parseCsv(await res.text());
    expect(header!.at(-1)).toBe('text');
    expect(rows.map((r) => r[1])).toEqual(page);
    expect(rows.every((r) => r.at(-1)!.length > 20)).toBe(true);
  });

  it('exports JSON Lines and describes the export in a provenance document', async () => {
    // Act
    const lines = (await (await get('/entries/casey-audit/export?kind=statement&format=jsonl')).text()).trim().split('\n').map((l) => JSON.parse(l));
    const provenance = await (await get('/entries/casey-audit/export?kind=statement&format=provenance')).json();
    // Assess
    expect(lines.every((l) => l.kind === 'statement' && l.text === undefined)).toBe(true);
    expect(provenance).toMatchObject({
      generator: 'inquiry-watch',
      registryVersion: compiled.version,
      generatedAt: NOW.toISOString(),
      query: { tracked: 'casey-audit', kind: 'statement' },
      items: lines.length,
      includesText: false,
      view: `${server.url}/entries/casey-audit?kind=statement`,
    });
  });

  it('refuses an export larger than the limit with a way forward', async () => {
    // Prepare
    const small = await startWebServer(table, compiled, { maxExportBytes: 2_000 });
    try {
      // Act
      const res = await fetch(`${small.url}/entries/casey-audit/export?format=csv&text=1`);
      // Assess
      expect(res.status).toBe(413);
      expect(await res.text()).toContain('npx inquiry-watch export --tracked casey-audit --text');
    } finally {
      await small.close();
    }
  });

  it('shows an item with its text, evidence, licence and what its second version changed', async () => {
    // Act
    const { res, $ } = await html(`/item/${revisedId}`);
    // Assess
    expect(res.status).toBe(200);
    expect($('h1').text()).toMatch(/: corrected$/);
    expect($('.fulltext').text()).toContain('were corrected on publication');
    expect($('.attribution').text()).toContain('Open Parliament Licence');
    expect($('.tags mark').length).toBeGreaterThan(0);
    expect($('.changes ins').text()).toContain('corrected');
    expect($('.cite').text()).toContain(`${server.url}/item/${revisedId}`);
  });

  it('answers unknown entries and items with a 404 page, and leaves the JSON API where it was', async () => {
    expect((await get('/entries/no-such-entry')).status).toBe(404);
    expect((await get('/item/nosuchitem')).status).toBe(404);
    expect((await get('/board')).status).toBe(404);
    expect((await get('/board/export')).status).toBe(404);
    const api = await get('/tracked');
    expect(api.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('refuses requests for another host name, so a rebinding web page cannot read the archive', async () => {
    // Act: fetch() will not forge Host, node:http will
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${server.url}/tracked`, { headers: { host: 'attacker.example:80' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    // Assess
    expect(status).toBe(421);
  });

  it('serves the chart script and stylesheet with long caching, versioned by the pages', async () => {
    // Act
    const { $ } = await html('/entries/casey-audit');
    const script = $('script[src]').attr('src')!;
    const res = await get(script);
    // Assess
    expect(script).toMatch(/^\/assets\/chart\.js\?v=[0-9a-f]{12}$/);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('immutable');
  });
});
