import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '../../lib/model/item.ts';
import { sha256 } from '../../lib/util/hash.ts';
import { createTestTable } from '../support/dynamo.ts';
import { expected, generateItems, writeGeneratedArchive } from '../support/generated-archive.ts';
import { parseCsv } from '../unit/query/parse-csv.ts';

const run = promisify(execFile);

const CONFIG = `registry: registry.yaml
sources:
  - { id: wms, type: rss, url: "https://example.org/feed.xml" }
`;
const REGISTRY = `entries:
  - { id: casey-audit, type: inquiry, name: Casey audit, match: { aliases: [casey audit] } }
  - { id: national-inquiry, type: inquiry, name: National inquiry, match: { aliases: [national inquiry] } }
`;

describe('query and export commands', { timeout: 120_000 }, () => {
  let dir: string;
  let table: string;
  let items: Item[];

  beforeAll(async () => {
    const t = await createTestTable('query-cli');
    table = t.tableName;
    items = generateItems(1200, 11);
    // One title a spreadsheet in a `;` locale would run as a formula after its `;`.
    const newestCasey = items.filter((i) => i.inquiries.includes('casey-audit')).sort((a, b) => b.published.localeCompare(a.published))[0]!;
    newestCasey.title = 'Casey audit;=HYPERLINK("https://evil.example/x","more")';
    await writeGeneratedArchive(t.client, t.tableName, items);
    dir = mkdtempSync(join(tmpdir(), 'iw-query-cli-'));
    writeFileSync(join(dir, 'inquiry-watch.yaml'), CONFIG);
    writeFileSync(join(dir, 'registry.yaml'), REGISTRY);
  });

  /** The real CLI against the test run's DynamoDB Local (`--store aws` uses the endpoint from the environment). */
  const cli = (...args: string[]) =>
    run(process.execPath, ['bin/inquiry-watch.js', '--config', join(dir, 'inquiry-watch.yaml'), '--store', 'aws', '--table', table, ...args], {
      env: process.env,
    }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  it('exports a whole timeline to CSV with a provenance sidecar', async () => {
    // Prepare: a bare date starts at midnight in London (1 June is in summer time, 23:00 UTC the day before)
    const out = join(dir, 'casey.csv');
    const want = expected(items, (i) => i.inquiries.includes('casey-audit') && i.published >= '2024-05-31T23:00:00.000Z');
    // Act
    const result = await cli('export', '--tracked', 'casey-audit', '--from', '2024-06-01', '--out', out);
    // Assess
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`exported ${want.length} items`));
    const text = readFileSync(out, 'utf8');
    expect(parseCsv(text).slice(1).map((r) => r[1])).toEqual(want);
    const provenance = JSON.parse(readFileSync(`${out}.provenance.json`, 'utf8'));
    expect(provenance).toMatchObject({
      query: { tracked: 'casey-audit', from: '2024-05-31T23:00:00.000Z' },
      items: want.length,
      format: 'csv',
      complete: true,
      sha256: sha256(text),
    });
    expect(provenance.registryVersion).toEqual(expect.any(String));
  });

  it('exports CSV that no spreadsheet runs a formula from, in a `,` or a `;` locale', async () => {
    // Prepare
    const out = join(dir, 'casey-safe.csv');
    // Act
    const result = await cli('export', '--tracked', 'casey-audit', '--out', out);
    // Assess
    expect(result.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(parseCsv(text).map((r) => r[4])).toContain(`Casey audit;'=HYPERLINK("https://evil.example/x","more")`);
    expect(text.split(/[;\r\n]/).filter((piece) => /^[\s"]*[=+\-@]/.test(piece))).toEqual([]);
  });

  it('exports full text with --text: a text field per JSON line, recorded in the provenance', async () => {
    // Prepare
    const out = join(dir, 'casey-text.jsonl');
    const want = expected(items, (i) => i.inquiries.includes('casey-audit') && i.published >= '2025-05-31T23:00:00.000Z');
    const text = new Map(items.map((i) => [i.id, i.text]));
    // Act
    const result = await cli('export', '--tracked', 'casey-audit', '--from', '2025-06-01', '--text', '--out', out);
    // Assess
    expect(result.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; text: string });
    expect(lines.map((l) => l.id)).toEqual(want);
    expect(lines.every((l) => l.text === text.get(l.id))).toBe(true);
    expect(JSON.parse(readFileSync(`${out}.provenance.json`, 'utf8'))).toMatchObject({ format: 'jsonl', includesText: true, items: want.length });
  });

  it('prints a page as JSON lines and the cursor for the next one', async () => {
    // Act
    const first = await cli('query', '--kind', 'report', '--limit', '5', '--format', 'jsonl');
    const cursor = /--cursor (\S+)/.exec(first.stderr)?.[1];
    const second = await cli('query', '--kind', 'report', '--limit', '5', '--format', 'jsonl', '--cursor', cursor ?? '');
    // Assess
    const ids = [first, second].flatMap((r) => r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id));
    expect(ids).toEqual(expected(items, (i) => i.kind === 'report').slice(0, 10));
  });

  it('exits 2 with the reason for a bad parameter, naming the flags typed', async () => {
    // Act
    const result = await cli('query', '--tracked', 'casey-audit', '--from', '2025-07-01', '--to', '2025-06-01');
    const badDay = await cli('query', '--tracked', 'casey-audit', '--from', '2025-02-30');
    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/(^|\s)--from \(2025-07-01\) is after --to \(2025-06-01\)/);
    expect(badDay.code).toBe(2);
    expect(badDay.stderr).toMatch(/(^|\s)--from: "2025-02-30" is not a date: February 2025 has 28 days/);
  });

  it('exits 2 with the reason for a date whose year is out of range, as the pages and the API answer 400', async () => {
    // Act
    const result = await cli('export', '--tracked', 'casey-audit', '--to', '9999-12-31T23:59-14:00', '--out', join(dir, 'never.csv'));
    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/(^|\s)--to: "9999-12-31T23:59-14:00" is outside the years 1000 to 9999/);
    expect(existsSync(join(dir, 'never.csv'))).toBe(false);
  });

  it('exits 2 naming the file, without a stack trace, when the export directory is missing', async () => {
    // Prepare
    const out = join(dir, 'missing', 'x.csv');
    // Act
    const result = await cli('export', '--tracked', 'casey-audit', '--out', out);
    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: cannot write .*missing\/x\.csv\.partial: ENOENT/m);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});
