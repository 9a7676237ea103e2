import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SourceSchema } from '../../lib/config/schema.ts';
import { FetchHttpClient } from '../../lib/http/fetcher.ts';
import { ReplayServer } from '../../lib/dev/replay-server.ts';
import { feedRoutes } from '../../lib/dev/feed-fixtures.ts';
import { parliamentRoutes } from '../../lib/dev/parliament-fixtures.ts';
import { checkSource } from '../../lib/sources/check.ts';
import { loadRegistry } from '../../lib/registry/registry.ts';
import { compileRegistry } from '../../lib/classify/classifier.ts';

const run = promisify(execFile);
const QUESTIONS = '/questions-statements-api/api/writtenquestions/questions';

let server: ReplayServer;
let config: string;

beforeAll(async () => {
  server = new ReplayServer({ ...feedRoutes(), ...parliamentRoutes() });
  await server.start();
  const dir = mkdtempSync(join(tmpdir(), 'iw-sources-check-'));
  config = join(dir, 'inquiry-watch.yaml');
  const base = server.url;
  writeFileSync(
    config,
    [
      `registry: ${resolve('config/registry.yaml')}`,
      'sources:',
      `  - { id: bbc-uk, type: rss, url: "${base}/feeds/bbc-uk.xml" }`,
      `  - { id: hansard, type: hansard, baseUrl: "${base}/hansard-api" }`,
      `  - { id: written-statements, type: written-statements, baseUrl: "${base}/questions-statements-api" }`,
      `  - { id: written-questions, type: written-questions, baseUrl: "${base}/questions-statements-api" }`,
      `  - { id: committees, type: committees, baseUrl: "${base}/committees-api" }`,
      `  - { id: govuk, type: govuk-search, baseUrl: "${base}/govuk" }`,
      // A closed loopback port: nothing listens there.
      '  - { id: gone, type: rss, url: "http://127.0.0.1:9/feed.xml", enabled: false }',
      '',
    ].join('\n'),
  );
});
afterAll(async () => {
  await server.stop();
});
beforeEach(() => {
  server.requests.length = 0;
  for (const [path, route] of Object.entries({ ...feedRoutes(), ...parliamentRoutes() })) server.set(path, route);
});

/** The real CLI, against the loopback server: nothing here reaches the internet. */
const cli = (...args: string[]) =>
  // The CLI's fetcher may reach the replay server's loopback port, and nothing else internal.
  run(process.execPath, ['bin/inquiry-watch.js', '--config', config, 'sources', 'check', ...args], {
    env: { ...process.env, INQUIRY_WATCH_ALLOW_LOOPBACK_PORTS: String(server.port) },
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

describe('checkSource', () => {
  it('asks each list once, with no search term and a small page, and stores nothing', async () => {
    // Prepare
    const source = SourceSchema.parse({ id: 'written-questions', type: 'written-questions', baseUrl: `${server.url}/questions-statements-api` });
    const deps = { http: new FetchHttpClient({ userAgent: 'InquiryWatch-test/0.1', backoffMs: 1, allowLoopbackPorts: [server.port] }), compiled: compileRegistry(loadRegistry('config/registry.yaml')), now: new Date('2025-06-20T12:00:00Z') };
    // Act
    const result = await checkSource(source, deps);
    // Assess
    const lists = server.requestsTo(QUESTIONS).map((r) => Object.fromEntries(r.url.searchParams));
    expect(lists).toHaveLength(2);
    for (const params of lists) {
      expect(params.searchTerm).toBeUndefined();
      expect(params.take).toBe('5');
    }
    expect(lists[0]!.answeredWhenFrom).toBe('2025-05-21');
    expect(result).toMatchObject({ status: 'ok', items: 4, kinds: { question: 4 } });
  });
});

describe('inquiry-watch sources check', { timeout: 90_000 }, () => {
  it('reports every enabled source reachable with its shape OK, items parsed and kinds, and exits 0', async () => {
    // Act
    const { code, stdout } = await cli();
    // Assess
    expect(code).toBe(0);
    const row = (id: string) => stdout.split('\n').find((l) => l.startsWith(`${id} `)) ?? '';
    expect(row('written-questions')).toMatch(/written-questions\s+yes\s+OK\s+4\s+question 4/);
    expect(row('committees')).toMatch(/committees\s+yes\s+OK\s+4\s+report 2, question 1, debate 1/);
    expect(row('hansard')).toMatch(/hansard\s+yes\s+OK\s+8\s+statement 3, debate 4, question 1/);
    expect(row('bbc-uk')).toMatch(/rss\s+yes\s+OK\s+\d+\s+news \d+/);
    expect(stdout).not.toContain('gone');
    expect(stdout).toContain('6 source(s) checked · 6 ok · 0 drift · 0 unreachable or failing');
  });

  it('names the field a service stopped sending, and exits 1', async () => {
    // Prepare: every question record has lost answerText.
    const list = JSON.parse(readFileSync('test/fixtures/parliament/questions-statements/questions-list.json', 'utf8'));
    for (const r of list.results) delete r.value.answerText;
    server.set(QUESTIONS, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(list) });
    // Act
    const { code, stdout } = await cli('--only', 'written-questions,committees');
    // Assess
    expect(code).toBe(1);
    expect(stdout).toMatch(/written-questions\s+written-questions\s+yes\s+DRIFT/);
    expect(stdout).toContain('results.*.value.answerText');
    expect(stdout).toMatch(/committees\s+committees\s+yes\s+OK/);
  });

  it('reports an unreachable source, named with --only even when disabled, and exits 3', async () => {
    // Act
    const { code, stdout } = await cli('--only', 'gone,bbc-uk');
    // Assess
    expect(code).toBe(3);
    expect(stdout).toMatch(/gone\s+rss\s+no\s+-/);
    expect(stdout).toContain('2 source(s) checked · 1 ok · 0 drift · 1 unreachable or failing');
  });

  it('refuses an unknown source id with exit 2', async () => {
    // Act
    const { code, stderr } = await cli('--only', 'nope');
    // Assess
    expect(code).toBe(2);
    expect(stderr).toContain('unknown source id(s): nope');
  });
});
