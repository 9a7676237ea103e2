import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestTable } from '../support/dynamo.ts';

const run = promisify(execFile);

describe('global CLI options', () => {
  let dir: string;
  let table: string;

  beforeAll(async () => {
    table = (await createTestTable('cli-options')).tableName;
    dir = mkdtempSync(join(tmpdir(), 'iw-cli-options-'));
    writeFileSync(join(dir, 'registry.yaml'), 'entries:\n  - { id: casey-audit, type: inquiry, name: Casey audit, match: { aliases: [casey audit] } }\n');
    writeFileSync(join(dir, 'inquiry-watch.yaml'), 'registry: registry.yaml\nsources:\n  - { id: wms, type: rss, url: "https://example.org/feed.xml" }\n');
  });

  /** The real CLI; SLACK_BOT_TOKEN removed so the terminal printer would be chosen. */
  const cli = (...args: string[]) => {
    const env = { ...process.env };
    delete env.SLACK_BOT_TOKEN;
    return run(process.execPath, ['bin/inquiry-watch.js', '--config', join(dir, 'inquiry-watch.yaml'), '--table', table, ...args], { env }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );
  };

  it('refuses a --store other than local or aws instead of using AWS', async () => {
    // Act
    const result = await cli('--store', 'awz', 'registry', 'validate');
    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/argument 'awz' is invalid\. Allowed choices are local, aws/);
    expect(result.stdout).toBe('');
  });

  it('refuses to print digests as sent to the real table when there is no Slack token', async () => {
    // Act
    const result = await cli('--store', 'aws', 'digest');
    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: SLACK_BOT_TOKEN is not set: with --store aws .*`digest --dry-run`/m);
    expect(result.stdout).toBe('');
  });

  it('refuses a digest --now that is not a real time, naming the flag and the value, instead of reading 30 February as 2 March', async () => {
    // Act
    const [day, zoneless] = await Promise.all([cli('digest', '--dry-run', '--now', '2025-02-30T08:05:00Z'), cli('digest', '--dry-run', '--now', '2025-06-16T08:05')]);
    // Assess
    expect(day).toMatchObject({ code: 2, stdout: '' });
    expect(day.stderr).toContain('--now: "2025-02-30T08:05:00Z" is not a date: February 2025 has 28 days');
    expect(zoneless).toMatchObject({ code: 2, stdout: '' });
    expect(zoneless.stderr).toContain('--now: "2025-06-16T08:05" is not a date (use yyyy-mm-dd or an ISO-8601 time such as 2025-06-16T09:30:00Z)');
  });

  it('still dry-runs digests against the real table without a Slack token', async () => {
    // Act
    const result = await cli('--store', 'aws', 'digest', '--dry-run');
    // Assess
    expect(result.stderr).toMatch(/No subscriptions/);
    expect(result.code).toBe(0);
  });
});
