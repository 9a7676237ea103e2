import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoRunLeaseStore } from '../../lib/adapters/dynamodb/run-lease-store.ts';
import { CycleEntity } from '../../lib/store/entities/cycle-entity.ts';
import { AwsStandIn } from '../support/aws-stand-in.ts';
import { createTestTable, type TestTable } from '../support/dynamo.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'iw-doctor-'));
writeFileSync(join(dir, 'registry.yaml'), 'entries:\n  - { id: casey-audit, type: inquiry, name: Casey audit, match: { aliases: [casey audit] } }\n');
writeFileSync(join(dir, 'inquiry-watch.yaml'), 'registry: registry.yaml\nregion: eu-west-2\nsources:\n  - { id: wms, type: rss, url: "https://example.org/feed.xml" }\n');

const TOPIC = 'arn:aws:sns:eu-west-2:111111111111:InquiryWatch-Alarms';
const TOKEN = '/inquiry-watch/InquiryWatch/slack-bot-token';
const ALARMS = ['InquiryWatch-DeadLetterArrivals', 'InquiryWatch-PollNotRunning'];

let aws: AwsStandIn;
let table: TestTable;

beforeAll(async () => {
  aws = await new AwsStandIn().start();
});
afterAll(async () => {
  await aws.stop();
});

/** A stack as `cdk deploy` leaves it, on its first day: no token, no cycle yet, alarms without data, email unconfirmed. */
beforeEach(async () => {
  table = await createTestTable('doctor');
  aws.stacks.clear();
  aws.stacks.set('InquiryWatch', {
    status: 'CREATE_COMPLETE',
    outputs: {
      TableName: table.tableName,
      ScheduleNames: 'InquiryWatch-PollSchedule-1,InquiryWatch-RoundupSchedule0800-1',
      SlackTokenParameter: TOKEN,
      AlarmNames: ALARMS.join(','),
      AlarmTopicArn: TOPIC,
      PollEveryMinutes: '15',
      PollLogGroup: 'InquiryWatch-PollLogs1234',
    },
  });
  aws.schedules.clear();
  aws.schedules.set('InquiryWatch-PollSchedule-1', { state: 'ENABLED', expression: 'rate(15 minutes)' });
  aws.schedules.set('InquiryWatch-RoundupSchedule0800-1', { state: 'ENABLED', expression: 'cron(0 8 * * ? *)' });
  aws.parameters.clear();
  aws.alarms = ALARMS.map((name) => ({ name, state: 'INSUFFICIENT_DATA' as const }));
  aws.subscriptions = [{ topicArn: TOPIC, protocol: 'email', endpoint: 'alarms@example.org', subscriptionArn: 'PendingConfirmation' }];
  aws.stsError = undefined;
});

/** The real CLI, its AWS clients on the stand-ins and DynamoDB Local. */
const doctor = (...args: string[]) =>
  run(process.execPath, ['bin/inquiry-watch.js', '--config', join(dir, 'inquiry-watch.yaml'), '--store', 'aws', 'doctor', ...args], {
    env: { ...process.env, ...aws.endpoints() },
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
const line = (stdout: string, name: string) => stdout.split('\n').find((l) => new RegExp(`^  \\w+\\s+${name}\\s`).test(l))?.trim().replace(/\s+/g, ' ');

describe('doctor --store aws', { timeout: 120_000 }, () => {
  it('on day one passes what is sound and warns, with the fix, about the unset token, the first cycle and the unconfirmed email', async () => {
    // Act
    const result = await doctor();

    // Assess
    expect(result.code).toBe(0);
    expect(line(result.stdout, 'Region')).toBe('pass Region eu-west-2 (as the config deploys)');
    expect(line(result.stdout, 'AWS credentials')).toBe('pass AWS credentials arn:aws:iam::111111111111:user/maintainer (account 111111111111)');
    expect(line(result.stdout, 'Stack')).toBe('pass Stack InquiryWatch: CREATE_COMPLETE');
    expect(line(result.stdout, 'Archive table')).toBe(`pass Archive table ${table.tableName}: ACTIVE`);
    expect(line(result.stdout, 'Schedules')).toBe('pass Schedules 2 enabled');
    expect(line(result.stdout, 'Slack token')).toMatch(/^warn Slack token not set: digests wait in the ledger/);
    expect(result.stdout).toContain(
      `fix: read -rs SLACK_TOKEN && printf '%s' "$SLACK_TOKEN" | aws ssm put-parameter --name ${TOKEN} --type SecureString --overwrite --value file:///dev/stdin`,
    );
    expect(line(result.stdout, 'Last poll cycle')).toBe('warn Last poll cycle none recorded yet');
    expect(line(result.stdout, 'Alarms')).toBe('pass Alarms 2 OK (2 without data yet, normal after a deploy)');
    expect(line(result.stdout, 'Alarm email')).toBe('warn Alarm email alarms@example.org has not confirmed: alarms do not reach it yet');
    expect(result.stdout).toMatch(/^8 passed, 3 warnings, 0 failed$/m);
    // Read-only: it asked whether the token exists, never for its value.
    expect(aws.callsTo('ssm').map((c) => c.params)).toEqual([{ Name: TOKEN, WithDecryption: false }]);
  });

  it('fails on a disabled schedule, a stale cycle, a firing alarm and says Slack is not configured', async () => {
    // Prepare
    aws.schedules.set('InquiryWatch-PollSchedule-1', { state: 'DISABLED', expression: 'rate(15 minutes)' });
    aws.alarms[0] = { name: 'InquiryWatch-DeadLetterArrivals', state: 'ALARM', reason: 'Threshold Crossed: 1 datapoint [2.0] was greater than or equal to the threshold (1.0).' };
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000).toISOString();
    await table.store.putCycle({ startedAt: twoHoursAgo, finishedAt: twoHoursAgo, status: 'ok', sources: [], expiresAt: CycleEntity.retentionDays });
    const leases = new DynamoRunLeaseStore(table.client, table.tableName);
    const holder = { id: 'lambda:r1', description: 'Lambda inquiry-watch-digest, request r1' };
    await leases.tryAcquire({ name: 'digest', holder, startedAt: twoHoursAgo, until: twoHoursAgo }, twoHoursAgo);
    await leases.release('digest', holder.id, { holder: holder.description, startedAt: twoHoursAgo, finishedAt: twoHoursAgo, outcome: 'slack-not-configured', detail: 'digests for C1 stay pending' });

    // Act
    const result = await doctor();

    // Assess
    expect(result.code).toBe(1);
    expect(line(result.stdout, 'Schedules')).toBe('fail Schedules InquiryWatch-PollSchedule-1 is DISABLED');
    expect(line(result.stdout, 'Last poll cycle')).toMatch(/^fail Last poll cycle .* \(120 min ago\): none since, though one is due every 15 min$/);
    expect(result.stdout).toContain('fix: a cycle runs every 15 min once deployed; is the poll schedule enabled? aws logs tail InquiryWatch-PollLogs1234 --since 1h');
    expect(line(result.stdout, 'Digests')).toMatch(/^warn Digests last run .*: Slack not configured \(digests for C1 stay pending\)$/);
    expect(line(result.stdout, 'Alarms')).toMatch(/^fail Alarms 1 in ALARM: InquiryWatch-DeadLetterArrivals \(Threshold Crossed/);
  });

  it('with Slack actions deployed, warns while the signing secret is unset and passes once it is', async () => {
    // Prepare
    const signing = '/inquiry-watch/InquiryWatch/slack-signing-secret';
    aws.stacks.get('InquiryWatch')!.outputs.SlackSigningSecretParameter = signing;
    // Act
    const unset = await doctor();
    aws.parameters.set(signing, 'a-signing-secret');
    const set = await doctor();
    // Assess
    expect(line(unset.stdout, 'Slack signing secret')).toBe(`warn Slack signing secret not set: every request from Slack is refused (503) until it is (${signing})`);
    expect(unset.stdout).toContain(`fix: read -rs SLACK_SIGNING_SECRET && printf '%s' "$SLACK_SIGNING_SECRET" | aws ssm put-parameter --name ${signing} --type SecureString`);
    expect(line(set.stdout, 'Slack signing secret')).toBe(`pass Slack signing secret set (${signing})`);
    // Asked whether it exists, never for its value.
    expect(aws.callsTo('ssm').filter((c) => c.params.Name === signing).map((c) => c.params.WithDecryption)).toEqual([false, false]);
  });

  it('passes everything on a healthy deployment', async () => {
    // Prepare
    aws.parameters.set(TOKEN, 'xoxb-secret');
    aws.alarms = ALARMS.map((name) => ({ name, state: 'OK' as const }));
    aws.subscriptions[0]!.subscriptionArn = `${TOPIC}:0b1c`;
    const now = new Date().toISOString();
    await table.store.putCycle({ startedAt: now, finishedAt: now, status: 'ok', sources: [{ sourceId: 'wms', status: 'ok', new: 1, updated: 0, unchanged: 0 }], expiresAt: 0 });

    // Act
    const result = await doctor('--json');

    // Assess
    const checks = JSON.parse(result.stdout) as { name: string; status: string }[];
    expect(result.code).toBe(0);
    expect(checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(checks.map((c) => c.name)).toEqual([
      'Config',
      'Region',
      'AWS credentials',
      'Stack',
      'Archive table',
      'Schedules',
      'Slack token',
      'Last poll cycle',
      'Digests',
      'Alarms',
      'Alarm email',
    ]);
    expect(result.stdout).not.toContain('xoxb-secret');
  });

  it('stops at the first thing that blocks the rest: no stack in this region, or expired credentials', async () => {
    // Prepare
    aws.stacks.clear();

    // Act
    const noStack = await doctor();
    aws.stsError = { code: 'ExpiredToken', message: 'The security token included in the request is expired' };
    const expired = await doctor();

    // Assess
    expect(noStack.code).toBe(1);
    expect(line(noStack.stdout, 'Stack')).toBe('fail Stack no stack InquiryWatch in eu-west-2');
    expect(noStack.stdout).toContain('fix: npx cdk deploy');
    expect(noStack.stdout).not.toMatch(/Archive table/);
    expect(line(expired.stdout, 'AWS credentials')).toBe('fail AWS credentials ExpiredToken: The security token included in the request is expired');
    expect(expired.stdout).toContain('fix: sign in: `aws sso login`');
  });
});

describe('doctor (local)', { timeout: 120_000 }, () => {
  it('checks the config, the local archive and the Slack token, without any AWS call', async () => {
    // Prepare
    const env = { ...process.env, ...aws.endpoints() };
    delete env.SLACK_BOT_TOKEN;
    const calls = aws.calls.length;

    // Act
    const result = await run(process.execPath, ['bin/inquiry-watch.js', '--config', join(dir, 'inquiry-watch.yaml'), '--data-dir', join(dir, 'db'), 'doctor'], { env });

    // Assess
    expect(line(result.stdout, 'Config')).toMatch(/^pass Config .*inquiry-watch\.yaml and its registry \(1 entries\) are valid$/);
    expect(line(result.stdout, 'Last poll cycle')).toBe('warn Last poll cycle none recorded yet');
    expect(result.stdout).toContain('fix: run one: `npx inquiry-watch run` (or `npm start`)');
    expect(line(result.stdout, 'Slack token')).toBe('warn Slack token SLACK_BOT_TOKEN is not set: run and digest print digests here instead');
    expect(aws.calls.length).toBe(calls);
  });
});
