import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOB, candidate, cliOnTable, SlackWorld } from '../support/slack-actions.ts';

const dir = mkdtempSync(join(tmpdir(), 'feedback-'));
const entry = (id: string, type: string, name: string, aliases: string[]) => `  - id: ${id}\n    type: ${type}\n    name: ${name}\n    match:\n      aliases: [${aliases.join(', ')}]\n`;
const currentFile = join(dir, 'registry.yaml');
const nextFile = join(dir, 'next.yaml');
// The current rules also take "national audit" as the Casey audit; the fix drops that alias.
writeFileSync(currentFile, `entries:\n${entry('casey-audit', 'inquiry', 'Casey national audit', ['casey audit', 'national audit'])}${entry('national-inquiry', 'inquiry', 'National inquiry', ['national inquiry'])}`);
writeFileSync(nextFile, `entries:\n${entry('casey-audit', 'inquiry', 'Casey national audit', ['casey audit'])}${entry('national-inquiry', 'inquiry', 'National inquiry', ['national inquiry'])}`);
const configFile = join(dir, 'inquiry-watch.yaml');
writeFileSync(configFile, `registry: ${currentFile}\nsources:\n  - { id: feed, type: rss, url: "https://example.org/feed.xml" }\n`);

const cli = (tableName: string, ...args: string[]) => cliOnTable(configFile, tableName, ...args);

describe('corrections as labelled data', () => {
  const w = new SlackWorld();
  let wrong: string;
  let right: string;

  beforeAll(async () => {
    // Prepare: one item the rules tagged wrongly (a national audit of something else), one rightly; both corrected in Slack
    await w.start();
    const { newItems } = await w.t.store.ingest([
      candidate({ title: 'Council publishes national audit of school meals', text: 'The national audit of school meals found gaps in provision.' }),
      candidate({ title: 'Home Secretary responds to the Casey audit', text: 'The Casey audit made twelve recommendations.' }),
    ]);
    [wrong, right] = newItems.map((i) => i.id) as [string, string];
    await w.deliver('alerts');
    await w.click({ itemId: wrong, verdict: 'not-about' });
    await w.click({ itemId: right, verdict: 'confirmed', user: BOB });
  });
  afterAll(async () => {
    await w.stop();
  });

  it('feedback lists each entry\'s verdicts with who gave them, what matched, and whether the rules still disagree', async () => {
    // Act
    const out = await cli(w.t.tableName, 'feedback');
    // Assess
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('casey-audit  Casey national audit: 1 not about, 1 confirmed; the current rules agree with 1 of 2');
    expect(out.stdout).toMatch(/✗ not about {2}2025-06-16 {2}Council publishes national audit of school meals {2}\[[0-9a-f]{20}\]\n {6}by alice \(U0ALICE001\), 16 Jun 2025, 11:00 · matched ‘casey audit’ · the rules still tag it/);
    expect(out.stdout).toContain('✓ confirmed  2025-06-16  Home Secretary responds to the Casey audit');
  });

  it('feedback --jsonl writes one labelled row per verdict, with the item text', async () => {
    // Act
    const out = await cli(w.t.tableName, 'feedback', '--jsonl');
    // Assess
    const rows = out.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: wrong, entry: 'casey-audit', verdict: 'not-about', by: 'U0ALICE001', text: 'The national audit of school meals found gaps in provision.' }),
        expect.objectContaining({ id: right, entry: 'casey-audit', verdict: 'confirmed', by: BOB.id }),
      ]),
    );
    expect(rows).toHaveLength(2);
  });

  it('registry test scores the current and the changed rules against the verdicts, naming what the change fixes', async () => {
    // Act
    const out = await cli(w.t.tableName, 'registry', 'test', '--registry', nextFile, '--since', '2000-01-01');
    // Assess
    expect(out.code).toBe(0);
    expect(out.stdout).toContain("Against people's corrections (2 verdicts in force");
    expect(out.stdout).toContain('current rules agree with 1, new rules with 2');
    expect(out.stdout).toMatch(/fixed by the new rules: casey-audit ✗ Council publishes national audit of school meals {2}\[[0-9a-f]{20}\]/);
    expect(out.stdout).not.toContain('broken by the new rules');
  });

  it('feedback refuses an unknown entry', async () => {
    // Act
    const out = await cli(w.t.tableName, 'feedback', '--entry', 'nope');
    // Assess
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('no tracked entry "nope"');
  });
});
