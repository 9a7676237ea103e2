import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ItemDraft } from '../../lib/model/item.ts';
import { loadRegistry } from '../../lib/registry/registry.ts';
import { registryDryRun, type DryRunItem } from '../../lib/registry/dry-run.ts';
import { classify, compileRegistry } from '../../lib/classify/classifier.ts';
import { itemsInRange } from '../../lib/adapters/dynamodb/items-in-range.ts';
import { formatDryRun, parseSince } from '../../lib/cli/commands/registry.ts';
import { createTestTable, type TestTable } from '../support/dynamo.ts';

const draft = (n: number, title: string, text: string, published: string, sourceType: ItemDraft['sourceType'] = 'news'): ItemDraft => ({
  sourceId: 'test-feed',
  sourceType,
  title,
  url: `https://example.org/${n}`,
  published,
  text,
  nativeIds: { guid: String(n) },
  dedupKeys: [`guid:${n}`],
});

const dir = mkdtempSync(join(tmpdir(), 'dry-run-'));
const currentFile = join(dir, 'current.yaml');
const nextFile = join(dir, 'next.yaml');
writeFileSync(currentFile, 'entries:\n  - id: casey-audit\n    type: inquiry\n    name: Casey audit\n    match:\n      aliases: [casey audit]\n');
// The change: also recognise "national audit", and track a new commitment.
writeFileSync(
  nextFile,
  'entries:\n  - id: casey-audit\n    type: inquiry\n    name: Casey audit\n    match:\n      aliases: [national audit]\n  - id: c-helpline\n    type: commitment\n    name: Helpline\n    match:\n      aliases: [survivor helpline]\n',
);

const configFile = join(dir, 'inquiry-watch.yaml');
writeFileSync(configFile, `registry: ${currentFile}\nsources:\n  - { id: test-feed, type: rss, url: "https://example.org/feed.xml" }\n`);

/** The real CLI on this file's table (`--store aws` reaches the test run's DynamoDB Local through the environment). */
const cli = (tableName: string, ...args: string[]) =>
  promisify(execFile)(process.execPath, ['bin/inquiry-watch.js', '--config', configFile, '--store', 'aws', '--table', tableName, ...args], { env: process.env }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

describe('registry test (dry-run against the archive)', () => {
  let t: TestTable;
  beforeAll(async () => {
    t = await createTestTable('dryrun');
    const drafts = [
      draft(1, 'Casey audit published', 'Baroness Casey published her audit.', '2025-06-16T10:00:00.000Z'),
      draft(2, 'The national audit', 'The national audit and the Casey audit, reported.', '2025-06-17T10:00:00.000Z', 'report'),
      draft(3, 'National audit findings', 'A survivor helpline opens after the national audit.', '2025-06-18T10:00:00.000Z', 'statement'),
      draft(4, 'Old Casey audit story', 'Casey audit, years ago.', '2024-01-01T10:00:00.000Z'),
    ];
    await t.store.ingest(
      drafts.map((d) => ({
        draft: d,
        classification: { inquiries: [], commitments: [], kind: d.sourceType === 'news' ? 'news' : (d.sourceType as 'report' | 'statement'), evidence: [] },
        fetched: d.published!,
        quiet: false,
      })),
    );
  });

  it('reads every kind in the date range with Queries and reports what each entry gains or loses', async () => {
    // Prepare
    const current = compileRegistry(loadRegistry(currentFile));
    const next = compileRegistry(loadRegistry(nextFile));
    const items: DryRunItem[] = [];
    // Act
    for await (const item of itemsInRange(t.client, t.tableName, { from: '2025-06-01T00:00:00.000Z', to: '2025-07-01T00:00:00.000Z' })) {
      items.push({ id: item.id, title: item.title, text: item.text, sourceType: item.sourceType, published: item.published });
    }
    const report = registryDryRun(items, (i) => classify(i, current), (i) => classify(i, next));
    // Assess
    expect(items.map((i) => i.title).sort()).toEqual(['Casey audit published', 'National audit findings', 'The national audit']);
    const byId = Object.fromEntries(report.changes.map((c) => [c.id, c]));
    expect(byId['casey-audit']!.added.map((a) => a.title)).toEqual(['National audit findings']);
    expect(byId['casey-audit']!.dropped.map((a) => a.title)).toEqual(['Casey audit published']);
    expect(byId['casey-audit']!.kept).toBe(1);
    expect(byId['c-helpline']!.added).toEqual([expect.objectContaining({ title: 'National audit findings', snippet: expect.stringContaining('survivor helpline') })]);
    const text = formatDryRun(report, { currentFile, newFile: nextFile, since: '2025-06-01T00:00:00.000Z', examples: 3 });
    expect(text).toContain('casey-audit: +1 added, -1 dropped, 1 unchanged');
    expect(text).toContain('c-helpline: +1 added, -0 dropped, 0 unchanged');
  });

  it('understands --since as days, hours, a UK day or a time, and refuses a day not in the calendar', () => {
    // Prepare
    const now = new Date('2025-07-01T00:00:00.000Z');
    // Act / Assess
    expect(parseSince('30d', now)).toBe('2025-06-01T00:00:00.000Z');
    expect(parseSince('12h', now)).toBe('2025-06-30T12:00:00.000Z');
    expect(parseSince('2025-06-16', now)).toBe('2025-06-15T23:00:00.000Z');
    expect(parseSince('2025-06-16T09:00:00Z', now)).toBe('2025-06-16T09:00:00.000Z');
    expect(() => parseSince('last week', now)).toThrow(/--since: "last week" is not a date/);
    expect(() => parseSince('2025-02-30', now)).toThrow('--since: "2025-02-30" is not a date: February 2025 has 28 days');
  });

  it('gives `registry test --registry FILE` its file, as the README shows', async () => {
    // Act
    const result = await cli(t.tableName, 'registry', 'test', '--registry', nextFile, '--since', '2025-06-01');
    // Assess
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`new:     ${nextFile}`);
    expect(result.stdout).toContain('c-helpline: +1 added, -0 dropped, 0 unchanged');
  });

  it('gives `registry recount --registry FILE` its file', async () => {
    // Act
    const result = await cli(t.tableName, 'registry', 'recount', '--registry', nextFile);
    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n').map((l) => l.split(/\s+/)[0])).toEqual(['casey-audit', 'c-helpline']);
  });
});
