import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SourceSchema, type SourceConfig } from '../../lib/config/schema.ts';
import { FetchHttpClient } from '../../lib/http/fetcher.ts';
import { ReplayServer, type ReplayHandler } from '../../lib/dev/replay-server.ts';
import { readFileSync } from 'node:fs';
import { hansardSearchRoute, listForm, questionsStatementsRoute } from '../../lib/dev/parliament-fixtures.ts';
import type { Item } from '../../lib/model/item.ts';
import { DynamoBackfillStore } from '../../lib/adapters/dynamodb/backfill-store.ts';
import { BackfillError, runBackfill, type BackfillDeps } from '../../lib/pipeline/backfill.ts';
import { loadRegistry } from '../../lib/registry/registry.ts';
import { compileRegistry } from '../../lib/classify/classifier.ts';
import { createTestTable, type TestTable } from '../support/dynamo.ts';

/** The replay server's port, once started: the only loopback port the fetcher's address guard lets through. */
const loopback: number[] = [];
const http = new FetchHttpClient({ userAgent: 'InquiryWatch-test/0.1', backoffMs: 1, allowLoopbackPorts: loopback });
const compiled = compileRegistry(loadRegistry('config/registry.yaml'));
const SPOKEN = '/hansard-api/search/contributions/Spoken.json';

/** One contribution per sitting day, 2025-06-01 .. 2025-06-21, in the real search body's shape, answered only inside the requested window. */
const contributions = Array.from({ length: 21 }, (_, i) => {
  const day = `2025-06-${String(i + 1).padStart(2, '0')}`;
  return {
    MemberName: 'Jess Phillips',
    MemberId: 4370,
    AttributedTo: 'Jess Phillips (Birmingham Yardley) (Lab)',
    ItemId: 50300000 + i,
    ContributionExtId: `EXT-${day}`,
    ContributionText: ` On ${day} the Minister spoke about the national inquiry into grooming gangs.`,
    ContributionTextFull: `On ${day} the Minister spoke about the national inquiry into grooming gangs.`,
    HRSTag: 'hs_para',
    HansardSection: 'AB-AC',
    Timecode: null,
    DebateSection: `Grooming Gangs (${day})`,
    DebateSectionId: 5300000 + i,
    DebateSectionExtId: `SECTION-${day}`,
    SittingDate: `${day}T00:00:00`,
    Section: 'Commons Chamber',
    House: 'Commons',
    OrderInDebateSection: 3,
    DebateSectionOrder: 7,
    Rank: 1,
  };
});
const byWindow: ReplayHandler = (url, hit) => {
  const from = url.searchParams.get('queryParameters.startDate')!;
  const to = url.searchParams.get('queryParameters.endDate')!;
  const inWindow = contributions.filter((c) => c.SittingDate.slice(0, 10) >= from && c.SittingDate.slice(0, 10) <= to);
  return hansardSearchRoute(inWindow, 'Spoken')(url, hit);
};
const empty = hansardSearchRoute([], 'debates');

let server: ReplayServer;
let t: TestTable;
let deps: BackfillDeps;
let source: SourceConfig;

beforeAll(async () => {
  server = new ReplayServer();
  await server.start();
  loopback.push(server.port);
});
afterAll(async () => {
  await server.stop();
});
beforeEach(async () => {
  server.requests.length = 0;
  server.set(SPOKEN, byWindow);
  server.set('/hansard-api/search/contributions/Written.json', hansardSearchRoute([], 'Written'));
  server.set('/hansard-api/search/debates.json', empty);
  t = await createTestTable('backfill');
  deps = {
    store: t.store,
    http,
    compiled,
    searchTerms: ['grooming gangs'],
    progress: new DynamoBackfillStore(t.client, t.tableName),
    now: () => new Date('2025-07-01T09:00:00Z'),
  };
  source = SourceSchema.parse({ id: 'hansard', type: 'hansard', baseUrl: `${server.url}/hansard-api` });
});

const requestedWindows = () => server.requestsTo(SPOKEN).map((r) => `${r.url.searchParams.get('queryParameters.startDate')}..${r.url.searchParams.get('queryParameters.endDate')}`);

describe('runBackfill', () => {
  it('polls the range week by week, archives quietly and records it done', async () => {
    // Prepare
    const chunks: string[] = [];
    // Act
    const record = await runBackfill(source, deps, { since: '2025-06-01', until: '2025-06-21', chunk: 'week', onChunk: (_, c) => chunks.push(c.since) });
    // Assess
    // Hansard read whole is listed day by day, oldest first, within each week's chunk.
    expect(requestedWindows()).toEqual(Array.from({ length: 21 }, (_, i) => `2025-06-${String(i + 1).padStart(2, '0')}`).map((d) => `${d}..${d}`));
    expect(chunks).toEqual(['2025-06-01', '2025-06-08', '2025-06-15']);
    expect(record).toMatchObject({ status: 'done', chunksDone: 3, chunksTotal: 3, newItems: 21, nextDate: '2025-06-22' });
    expect(await deps.progress.getBackfill('hansard', '2025-06-01', '2025-06-21')).toMatchObject({ status: 'done', newItems: 21 });
    const state = await t.store.getSourceState('hansard');
    expect(state?.cursor).toBeUndefined();
  });

  it('stores backfilled items as quiet, never alerting', async () => {
    // Prepare
    const seen: string[] = [];
    // Act
    await runBackfill(source, { ...deps }, { since: '2025-06-02', until: '2025-06-02', chunk: 'day', onChunk: (r) => seen.push(r.sourceId) });
    // Assess
    const items = await t.store.getItemWithVersions((await firstItemId())!);
    expect(items[0]).toMatchObject({ quiet: true, title: 'Grooming Gangs (2025-06-02): Jess Phillips' });
    expect(seen).toEqual(['hansard']);
  });

  it('stops at a failing chunk, keeps its progress and resumes from that chunk', async () => {
    // Prepare: the third day's window is answered with a broken body.
    server.set(SPOKEN, (url, hit) =>
      url.searchParams.get('queryParameters.startDate') === '2025-06-03' ? { body: '{"Results": [' } : byWindow(url, hit),
    );
    // Act
    const first = await runBackfill(source, deps, { since: '2025-06-01', until: '2025-06-05', chunk: 'day' });
    server.requests.length = 0;
    server.set(SPOKEN, byWindow);
    const second = await runBackfill(source, deps, { since: '2025-06-01', until: '2025-06-05', chunk: 'day' });
    // Assess
    expect(first).toMatchObject({ status: 'failed', chunksDone: 2, nextDate: '2025-06-03', newItems: 2 });
    expect(first.lastError).toMatch(/^2025-06-03\.\.2025-06-03: SourceResponseError: not JSON/);
    expect(requestedWindows()).toEqual(['2025-06-03..2025-06-03', '2025-06-04..2025-06-04', '2025-06-05..2025-06-05']);
    expect(second).toMatchObject({ status: 'done', chunksDone: 5, newItems: 5 });
  });

  it('stops cleanly between chunks when aborted and resumes where it stopped', async () => {
    // Prepare
    const controller = new AbortController();
    // Act
    const first = await runBackfill(source, deps, {
      since: '2025-06-01',
      until: '2025-06-04',
      chunk: 'day',
      signal: controller.signal,
      onChunk: (r) => r.chunksDone === 2 && controller.abort(),
    });
    const windowsBefore = requestedWindows();
    const second = await runBackfill(source, deps, { since: '2025-06-01', until: '2025-06-04', chunk: 'day' });
    // Assess
    expect(first).toMatchObject({ status: 'interrupted', chunksDone: 2, nextDate: '2025-06-03' });
    expect(windowsBefore).toEqual(['2025-06-01..2025-06-01', '2025-06-02..2025-06-02']);
    expect(requestedWindows().slice(2)).toEqual(['2025-06-03..2025-06-03', '2025-06-04..2025-06-04']);
    expect(second).toMatchObject({ status: 'done', chunksDone: 4, newItems: 4 });
  });

  it('does nothing more for a range already done, unless asked to restart', async () => {
    // Prepare
    await runBackfill(source, deps, { since: '2025-06-01', until: '2025-06-02', chunk: 'day' });
    server.requests.length = 0;
    // Act
    const again = await runBackfill(source, deps, { since: '2025-06-01', until: '2025-06-02', chunk: 'day' });
    const requestsAfterAgain = server.requestsTo(SPOKEN).length;
    const restarted = await runBackfill(source, deps, { since: '2025-06-01', until: '2025-06-02', chunk: 'day', restart: true });
    // Assess
    expect(again.status).toBe('done');
    expect(requestsAfterAgain).toBe(0);
    expect(restarted).toMatchObject({ status: 'done', chunksDone: 2, newItems: 0, items: 2 });
  });

  it('records a chunk the page limit cut short as partial, keeps what it read, and resumes it in smaller chunks', async () => {
    // Prepare: the week read as one range (by search term), two pages of two: four of its seven days' contributions.
    const limited = SourceSchema.parse({ id: 'hansard', type: 'hansard', baseUrl: `${server.url}/hansard-api`, read: 'search', pageSize: 2, maxPages: 2 });
    const range = { since: '2025-06-01', until: '2025-06-07' };
    // Act
    const cut = await runBackfill(limited, deps, { ...range, chunk: 'week' });
    const storedWhenCut = (await storedItems('hansard')).length;
    const recorded = await deps.progress.getBackfill('hansard', range.since, range.until);
    const resumed = await runBackfill(limited, deps, { ...range, chunk: 'day' });
    // Assess
    expect(cut).toMatchObject({ status: 'partial', chunksDone: 0, nextDate: '2025-06-01', newItems: 4 });
    expect(cut.cutShort).toMatch(/^2025-06-01\.\.2025-06-07: Spoken "grooming gangs": stopped after 2 pages \(4 items read; raise maxPages to read more\)$/);
    expect(recorded).toMatchObject({ status: 'partial', nextDate: '2025-06-01', cutShort: cut.cutShort });
    expect(storedWhenCut).toBe(4);
    expect(resumed).toMatchObject({ status: 'done', chunksDone: 7, chunksTotal: 7, newItems: 7, items: 7 });
    expect(resumed.cutShort).toBeUndefined();
    expect(await storedItems('hansard')).toHaveLength(7);
  });

  it('refuses a news feed, which has no history to load', async () => {
    // Prepare
    const rss = SourceSchema.parse({ id: 'bbc', type: 'rss', url: `${server.url}/feed.xml` });
    // Act
    const attempt = runBackfill(rss, deps, { since: '2025-06-01', until: '2025-06-02' });
    // Assess
    await expect(attempt).rejects.toThrow(BackfillError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('backfill of Parliament records in their real shape', () => {
  const QUESTIONS = '/questions-statements-api/api/writtenquestions/questions';
  /** A busy answer day: more answers than a live poll reads in full (200), each cut short in the list. */
  const day = Array.from({ length: 210 }, (_, i) => ({
    ...JSON.parse(readFileSync('test/fixtures/parliament/questions-statements/question-1865432.json', 'utf8')).value,
    id: 3000000 + i,
    uin: String(80000 + i),
    dateAnswered: '2025-06-18T00:00:00',
    answerText: `<p>Answer ${i}: the national inquiry into grooming gangs will examine every local area.</p><p>${'The Government will publish the data. '.repeat(10)}</p><p>This is the end of answer ${i}.</p>`,
  }));

  it('stores every answer of a written-questions day in full, reading each cut-short answer from its own endpoint', async () => {
    // Prepare
    server.set(QUESTIONS, questionsStatementsRoute(day.map((v) => ({ value: listForm(v), links: [] }))));
    for (const v of day) server.set(`${QUESTIONS}/${v.id}`, { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ value: v, links: [] }) });
    const questions = SourceSchema.parse({ id: 'questions', type: 'written-questions', baseUrl: `${server.url}/questions-statements-api`, pageSize: 100 });
    // Act
    const record = await runBackfill(questions, deps, { since: '2025-06-18', until: '2025-06-18', chunk: 'day' });
    // Assess
    const stored = await storedItems('questions');
    expect(record).toMatchObject({ status: 'done', newItems: 210 });
    expect(stored).toHaveLength(210);
    for (const item of stored) {
      expect(item.text).toContain(`This is the end of answer ${Number(item.nativeIds.uin) - 80000}.`);
      expect(item.text).not.toContain('...');
    }
  }, 120_000);

  it("recognises a minister's oral statement as a statement and its replies as debate, as a live poll does", async () => {
    // Prepare
    const spoken = JSON.parse(readFileSync('test/fixtures/parliament/hansard/contributions-spoken.json', 'utf8')).Results;
    server.set(SPOKEN, hansardSearchRoute(spoken, 'Spoken'));
    // Act
    await runBackfill(source, deps, { since: '2025-06-16', until: '2025-06-16', chunk: 'day' });
    // Assess
    const stored = await storedItems('hansard');
    expect(stored.find((i) => i.author === 'Yvette Cooper')).toMatchObject({ kind: 'statement', quiet: true });
    expect(stored.find((i) => i.author === 'Chris Philp')!.kind).toBe('debate');
  });
});

describe('inquiry-watch backfill', () => {
  it('records the run as interrupted on Ctrl-C and exits 130, so it can resume', async () => {
    // Prepare: slow answers, so the signal arrives with chunks still to go.
    server.set(SPOKEN, (url, hit) => ({ ...byWindow(url, hit), delayMs: 150 }));
    const dir = mkdtempSync(join(tmpdir(), 'iw-backfill-cli-'));
    const config = join(dir, 'inquiry-watch.yaml');
    // One search term, so each day is a handful of requests.
    writeFileSync(
      join(dir, 'registry.yaml'),
      'entries:\n  - { id: national-inquiry, type: inquiry, name: National inquiry, match: { aliases: [national inquiry] }, searchTerms: [grooming gangs] }\n',
    );
    writeFileSync(
      config,
      `registry: registry.yaml\nsources:\n  - { id: hansard, type: hansard, baseUrl: "${server.url}/hansard-api" }\n`,
    );
    const args = ['bin/inquiry-watch.js', '--config', config, '--store', 'aws', '--table', t.tableName];
    const child = spawn(process.execPath, [...args, 'backfill', '--source', 'hansard', '--since', '2025-06-01', '--until', '2025-06-21', '--chunk', 'day'], {
      // The CLI's fetcher may reach this one loopback port (the replay server), nothing else internal.
      env: { ...process.env, INQUIRY_WATCH_ALLOW_LOOPBACK_PORTS: String(server.port) },
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Act: Ctrl-C once the first chunk is done.
    child.stdout.on('data', (d: Buffer) => {
      const before = stdout;
      stdout += d.toString();
      if (!/chunks, /.test(before) && /2025-06-01\.\.2025-06-01: 1\/21 chunks/.test(stdout)) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((done) => child.on('close', done));
    // Assess
    const record = await deps.progress.getBackfill('hansard', '2025-06-01', '2025-06-21');
    expect({ code, stderr }).toMatchObject({ code: 130, stderr: expect.stringContaining('Interrupted') });
    expect(record?.status).toBe('interrupted');
    expect(record!.chunksDone).toBeGreaterThanOrEqual(1);
    expect(record!.chunksDone).toBeLessThan(21);
    expect(stdout).toMatch(/Interrupted; re-run the same command to resume from 2025-06-/);
  }, 90_000);

  it('says a chunk was cut short, exits 3, and finishes it when re-run in day chunks', async () => {
    // Prepare: a week read as one range, in at most two pages of two
    const dir = mkdtempSync(join(tmpdir(), 'iw-backfill-cut-'));
    const config = join(dir, 'inquiry-watch.yaml');
    writeFileSync(
      join(dir, 'registry.yaml'),
      'entries:\n  - { id: national-inquiry, type: inquiry, name: National inquiry, match: { aliases: [national inquiry] }, searchTerms: [grooming gangs] }\n',
    );
    writeFileSync(config, `registry: registry.yaml\nsources:\n  - { id: hansard, type: hansard, read: search, pageSize: 2, maxPages: 2, baseUrl: "${server.url}/hansard-api" }\n`);
    const backfill = ['backfill', '--source', 'hansard', '--since', '2025-06-01', '--until', '2025-06-07'];
    // Act
    const cut = await cli(config, [...backfill, '--chunk', 'week']);
    const resumed = await cli(config, [...backfill, '--chunk', 'day']);
    // Assess
    expect(cut).toMatchObject({ code: 3, stderr: '' });
    expect(cut.stdout).toContain('hansard 2025-06-01..2025-06-07: 0/1 chunks, 0 items (4 new), 4 pages. Cut short: 2025-06-01..2025-06-07: Spoken "grooming gangs": stopped after 2 pages (4 items read; raise maxPages to read more)');
    expect(cut.stdout).toContain('re-run the same command to resume from 2025-06-01');
    expect(resumed).toMatchObject({ code: 0 });
    expect(resumed.stdout).toContain('in 7 day chunks');
    expect(resumed.stdout).toContain('7/7 chunks, 7 items (7 new)');
    expect(resumed.stdout).toContain('Done.');
  }, 120_000);
});

/** Runs the CLI against the test table with `config`; resolves with its exit code and output. */
function cli(config: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['bin/inquiry-watch.js', '--config', config, '--store', 'aws', '--table', t.tableName, ...args], {
    env: { ...process.env, INQUIRY_WATCH_ALLOW_LOOPBACK_PORTS: String(server.port) },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr })));
}

async function storedItems(sourceId: string): Promise<Item[]> {
  const { QueryCommand } = await import('@aws-sdk/lib-dynamodb');
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await t.client.send(
      new QueryCommand({
        TableName: t.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :p',
        ExpressionAttributeValues: { ':p': `SOURCE#${sourceId}` },
        ExclusiveStartKey: start,
      }),
    );
    items.push(...((out.Items ?? []) as Item[]));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

async function firstItemId(): Promise<string | undefined> {
  const { QueryCommand } = await import('@aws-sdk/lib-dynamodb');
  const out = await t.client.send(
    new QueryCommand({ TableName: t.tableName, IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :p', ExpressionAttributeValues: { ':p': 'SOURCE#hansard' } }),
  );
  return out.Items?.[0]?.id as string | undefined;
}
