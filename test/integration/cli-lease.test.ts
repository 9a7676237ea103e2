import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoRunLeaseStore } from '../../lib/adapters/dynamodb/run-lease-store.ts';
import { EXIT } from '../../lib/cli/exit-codes.ts';
import { lambdaHolder, type LeaseHolder } from '../../lib/lease/holder.ts';
import type { RunName } from '../../lib/lease/run-lease.ts';
import { deadPid } from '../support/dead-pid.ts';
import { createTestTable } from '../support/dynamo.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'iw-cli-lease-'));
writeFileSync(join(dir, 'registry.yaml'), 'entries:\n  - { id: casey-audit, type: inquiry, name: Casey audit, match: { aliases: [casey audit] } }\n');
// One source nobody answers: the cycle runs, records the failure and exits 3 (partial).
writeFileSync(join(dir, 'inquiry-watch.yaml'), 'registry: registry.yaml\nsources:\n  - { id: gone, type: rss, url: "http://127.0.0.1:9/feed.xml" }\n');

let table: string;
let leases: DynamoRunLeaseStore;

beforeEach(async () => {
  const t = await createTestTable('cli-lease');
  table = t.tableName;
  leases = new DynamoRunLeaseStore(t.client, t.tableName);
});

/** The real CLI against the test table, as `--store aws` would reach the deployed one. */
const cli = (...args: string[]) =>
  run(process.execPath, ['bin/inquiry-watch.js', '--config', join(dir, 'inquiry-watch.yaml'), '--store', 'aws', '--table', table, ...args], {
    env: { ...process.env, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: 'http://127.0.0.1:9/api/' },
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

const hold = (name: RunName, holder: LeaseHolder, minutes: number) => {
  const now = new Date();
  return leases.tryAcquire({ name, holder, startedAt: now.toISOString(), until: new Date(now.getTime() + minutes * 60_000).toISOString() }, now.toISOString());
};

describe('CLI run lease', { timeout: 120_000 }, () => {
  it('does nothing while the deployed poll function holds the lease, says who holds it and until when, and exits 4', async () => {
    // Prepare
    await hold('poll', lambdaHolder('inquiry-watch-poll', 'req-1'), 10);

    // Act
    const result = await cli('run', '--no-digest');

    // Assess
    expect(result.code).toBe(EXIT.busy);
    expect(result.stderr).toMatch(
      /^busy: a poll cycle is already running: Lambda inquiry-watch-poll, request req-1 \(since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC; lease until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\)\. Nothing was done/m,
    );
    expect(result.stdout).not.toMatch(/Cycle 1/);
  });

  it('takes over at once the lease of a run that crashed on this host, and runs the cycle', async () => {
    // Prepare: a `run` killed a moment ago left a lease good for two more minutes.
    await hold('poll', { id: 'crashed', description: `inquiry-watch run on ${hostname()}, pid 1`, host: hostname(), pid: deadPid() }, 2);

    // Act
    const result = await cli('run', '--no-digest');

    // Assess
    expect(result.stderr).toMatch(/^note: took over the poll cycle lease of inquiry-watch run on .*: that process no longer exists/m);
    expect(result.stdout).toMatch(/Cycle 1/);
    expect(result.code).toBe(EXIT.partial);
    expect((await leases.read('poll')).lastRun).toMatchObject({ outcome: 'partial', holder: expect.stringMatching(/^inquiry-watch run on /) });
  });

  it('leaves digests to the deployed digest function while it runs (exit 4), and sources shows who is running', async () => {
    // Prepare
    await hold('digest', lambdaHolder('inquiry-watch-digest', 'req-2'), 5);

    // Act
    const digest = await cli('digest');
    const sources = await cli('sources');

    // Assess
    expect(digest.code).toBe(EXIT.busy);
    expect(digest.stderr).toMatch(/^busy: a digest run is already running: Lambda inquiry-watch-digest, request req-2 /m);
    expect(sources.stdout).toMatch(/^Digest runs: running now: Lambda inquiry-watch-digest, request req-2, since .* \(lease until .*\)$/m);
    expect(sources.stdout).toMatch(/^Poll cycles: none recorded yet$/m);
  });

  it('says in sources and digest that the deployed digest function has no Slack token yet', async () => {
    // Prepare: what the digest function records when it had something to post but no token.
    const holder = lambdaHolder('inquiry-watch-digest', 'req-3');
    await hold('digest', holder, 5);
    const now = new Date().toISOString();
    await leases.release('digest', holder.id, { holder: holder.description, startedAt: now, finishedAt: now, outcome: 'slack-not-configured', detail: 'digests for C1 stay pending until it is set' });

    // Act
    const sources = await cli('sources');
    const digest = await cli('digest', '--dry-run');

    // Assess
    for (const out of [sources.stdout, digest.stdout]) {
      expect(out).toMatch(/^Digest runs: last \d+ (s|min) ago by Lambda inquiry-watch-digest, request req-3: Slack not configured \(digests for C1 stay pending until it is set\)$/m);
      expect(out).toContain('Set the Slack token: docs/deploy.md, "Set the Slack token".');
    }
  });
});
