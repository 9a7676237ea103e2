import type { LastRun, RunLease } from '../lease/run-lease.ts';
import { utc } from '../lease/run-lease.ts';
import type { CycleRecord } from '../store/entities/cycle-entity.ts';

/**
 * `inquiry-watch doctor`: is a deployment healthy, and if not, what to do. Plain functions over small ports, so the
 * checks are the same against AWS and against the loopback stand-ins the tests use.
 */

export type CheckStatus = 'pass' | 'warn' | 'fail';

export interface Check {
  name: string;
  status: CheckStatus;
  detail: string;
  /** What to run or click, when it is not a pass. */
  fix?: string;
}

/** What the deployment looks like from the AWS APIs (the adapter is `AwsDeploymentProbe`). */
export interface DeploymentProbe {
  /** The region the SDK resolved (environment or profile), or undefined when there is none. */
  region(): Promise<string | undefined>;
  identity(): Promise<{ account: string; arn: string }>;
  /** Undefined when there is no such stack in this region. */
  stack(name: string): Promise<{ status: string; outputs: Record<string, string> } | undefined>;
  tableStatus(name: string): Promise<string>;
  /** `ENABLED`, `DISABLED`, or undefined when the schedule does not exist. */
  scheduleState(name: string): Promise<string | undefined>;
  parameterExists(name: string): Promise<boolean>;
  alarms(names: string[]): Promise<{ name: string; state: string; reason: string }[]>;
  subscriptions(topicArn: string): Promise<{ protocol: string; endpoint: string; confirmed: boolean }[]>;
}

/** What the archive says about the runs: the same for a local and a deployed archive. */
export interface RunsView {
  latestCycle(): Promise<CycleRecord | undefined>;
  run(name: 'poll' | 'digest'): Promise<{ lease?: RunLease; lastRun?: LastRun }>;
}

export interface DoctorOptions {
  stackName: string;
  /** The region the config deploys to (`region:`), to catch credentials pointing elsewhere. */
  configRegion?: string;
  now?: Date;
}

/** The outputs doctor reads; a stack deployed before they existed gets a "redeploy" hint instead of a crash. */
const NEEDED_OUTPUTS = ['TableName', 'ScheduleNames', 'SlackTokenParameter', 'AlarmNames', 'AlarmTopicArn', 'PollEveryMinutes', 'PollLogGroup'] as const;

/**
 * Checks a deployment in order; later checks need what earlier ones found (credentials → stack → its outputs),
 * so a failure early on stops the rest with one clear fix instead of a cascade. `openRuns` opens the deployed
 * archive once the table name is known.
 */
export async function checkDeployment(probe: DeploymentProbe, openRuns: (tableName: string) => Promise<RunsView>, o: DoctorOptions): Promise<Check[]> {
  const checks: Check[] = [];
  const region = await probe.region();
  if (!region) {
    checks.push({ name: 'Region', status: 'fail', detail: 'no AWS region is configured', fix: `export AWS_REGION=${o.configRegion ?? 'eu-west-2'} (or \`aws configure set region …\`)` });
    return checks;
  }
  if (o.configRegion && o.configRegion !== region) {
    checks.push({
      name: 'Region',
      status: 'warn',
      detail: `your AWS region is ${region}, the config deploys to ${o.configRegion}`,
      fix: `AWS_REGION=${o.configRegion} npx inquiry-watch doctor --store aws`,
    });
  } else {
    checks.push({ name: 'Region', status: 'pass', detail: o.configRegion ? `${region} (as the config deploys)` : region });
  }

  const identity = await attempt(() => probe.identity());
  if (!identity.ok) {
    checks.push({ name: 'AWS credentials', status: 'fail', detail: identity.error, fix: 'sign in: `aws sso login` (or `aws configure`); check AWS_PROFILE' });
    return checks;
  }
  checks.push({ name: 'AWS credentials', status: 'pass', detail: `${identity.value.arn} (account ${identity.value.account})` });

  const stack = await attempt(() => probe.stack(o.stackName));
  if (!stack.ok || !stack.value) {
    checks.push({
      name: 'Stack',
      status: 'fail',
      detail: stack.ok ? `no stack ${o.stackName} in ${region}` : stack.error,
      fix: stack.ok ? `npx cdk deploy (or --stack NAME for a stack deployed with -c stackName=NAME, or another AWS_REGION)` : undefined,
    });
    return checks;
  }
  checks.push(stackCheck(o.stackName, stack.value.status));
  const outputs = stack.value.outputs;
  const missing = NEEDED_OUTPUTS.filter((k) => !outputs[k]);
  if (missing.length) {
    checks.push({ name: 'Stack outputs', status: 'fail', detail: `missing ${missing.join(', ')}: the stack predates this version`, fix: 'npx cdk deploy' });
    return checks;
  }
  const list = (key: string) => outputs[key]!.split(',').filter(Boolean);

  const table = await attempt(() => probe.tableStatus(outputs.TableName!));
  checks.push(
    table.ok
      ? { name: 'Archive table', status: table.value === 'ACTIVE' ? 'pass' : 'warn', detail: `${outputs.TableName}: ${table.value}` }
      : { name: 'Archive table', status: 'fail', detail: table.error },
  );

  const schedules = await attempt(() => Promise.all(list('ScheduleNames').map(async (name) => ({ name, state: await probe.scheduleState(name) }))));
  checks.push(schedulesCheck(schedules));

  const token = await attempt(() => probe.parameterExists(outputs.SlackTokenParameter!));
  checks.push(
    !token.ok
      ? { name: 'Slack token', status: 'fail', detail: token.error }
      : token.value
        ? { name: 'Slack token', status: 'pass', detail: `set (${outputs.SlackTokenParameter})` }
        : {
            name: 'Slack token',
            status: 'warn',
            detail: `not set: digests wait in the ledger and go out once it is (${outputs.SlackTokenParameter})`,
            fix: setTokenCommand(outputs.SlackTokenParameter!),
          },
  );

  // Slack actions (only a stack with a `slack:` config has the output): without the signing secret every request is refused.
  const signing = outputs.SlackSigningSecretParameter;
  if (signing) {
    const set = await attempt(() => probe.parameterExists(signing));
    checks.push(
      !set.ok
        ? { name: 'Slack signing secret', status: 'fail', detail: set.error }
        : set.value
          ? { name: 'Slack signing secret', status: 'pass', detail: `set (${signing})` }
          : {
              name: 'Slack signing secret',
              status: 'warn',
              detail: `not set: every request from Slack is refused (503) until it is (${signing})`,
              fix: `read -rs SLACK_SIGNING_SECRET && printf '%s' "$SLACK_SIGNING_SECRET" | aws ssm put-parameter --name ${signing} --type SecureString --overwrite --value file:///dev/stdin`,
            },
    );
  }

  if (table.ok) {
    const runs = await attempt(() => openRuns(outputs.TableName!));
    const every = Number(outputs.PollEveryMinutes);
    const hints: RunHints = {
      pollEveryMinutes: every,
      noCycle: `a cycle runs every ${every} min once deployed; is the poll schedule enabled? aws logs tail ${outputs.PollLogGroup} --since 1h`,
      sources: `npx inquiry-watch sources --store aws --table ${outputs.TableName}`,
    };
    if (runs.ok) checks.push(...(await runChecks(runs.value, o.now ?? new Date(), hints)));
    else checks.push({ name: 'Last poll cycle', status: 'fail', detail: runs.error });
  }

  const alarms = await attempt(() => probe.alarms(list('AlarmNames')));
  checks.push(alarmsCheck(alarms));
  const subscriptions = await attempt(() => probe.subscriptions(outputs.AlarmTopicArn!));
  checks.push(emailCheck(subscriptions, outputs.AlarmTopicArn!));
  return checks;
}

/** The checks that read the archive: the last poll cycle, what is running, how the last digest run ended. */
export interface RunHints {
  /** Deployed: a cycle is due this often, so an older last cycle fails. Local runs are on demand: unset. */
  pollEveryMinutes?: number;
  /** What to do when there has been no cycle yet, or none lately. */
  noCycle: string;
  sources: string;
}

export async function runChecks(runs: RunsView, now: Date, hints: RunHints): Promise<Check[]> {
  const [cycle, poll, digest] = await Promise.all([runs.latestCycle(), runs.run('poll'), runs.run('digest')]);
  const checks: Check[] = [];
  const running = poll.lease && poll.lease.until > now.toISOString() ? `; running now: ${poll.lease.holder.description}` : '';
  const every = hints.pollEveryMinutes;
  if (!cycle) {
    checks.push({ name: 'Last poll cycle', status: 'warn', detail: `none recorded yet${running}`, fix: hints.noCycle });
  } else {
    const minutes = Math.round((now.getTime() - Date.parse(cycle.finishedAt)) / 60_000);
    const failed = cycle.sources.filter((s) => s.status === 'failed').map((s) => s.sourceId);
    const when = `${utc(cycle.finishedAt)} (${minutes} min ago)`;
    if (every !== undefined && minutes > 2 * every + 5) {
      checks.push({ name: 'Last poll cycle', status: 'fail', detail: `${when}: none since, though one is due every ${every} min${running}`, fix: hints.noCycle });
    } else if (cycle.status !== 'ok') {
      checks.push({
        name: 'Last poll cycle',
        status: cycle.status === 'failed' ? 'fail' : 'warn',
        detail: `${when}: ${cycle.status}${failed.length ? `, failed: ${failed.join(', ')}` : ''}${running}`,
        fix: `${hints.sources} shows each source and its last error`,
      });
    } else {
      checks.push({ name: 'Last poll cycle', status: 'pass', detail: `${when}: ok, ${cycle.sources.length} sources${running}` });
    }
  }
  const last = digest.lastRun;
  if (!last) checks.push({ name: 'Digests', status: 'pass', detail: 'no digest run yet (they follow polls that find something)' });
  else {
    const status: CheckStatus = last.outcome === 'ok' || last.outcome === 'busy' ? 'pass' : last.outcome === 'failed' ? 'fail' : 'warn';
    const outcome = last.outcome === 'slack-not-configured' ? 'Slack not configured' : last.outcome;
    checks.push({ name: 'Digests', status, detail: `last run ${utc(last.finishedAt)}: ${outcome}${last.detail ? ` (${last.detail})` : ''}` });
  }
  return checks;
}

/** Puts the token from stdin, never from the command line (argv is visible to other users and kept in shell history). */
export const setTokenCommand = (parameter: string): string =>
  `read -rs SLACK_TOKEN && printf '%s' "$SLACK_TOKEN" | aws ssm put-parameter --name ${parameter} --type SecureString --overwrite --value file:///dev/stdin`;

function stackCheck(name: string, status: string): Check {
  if (/_COMPLETE$/.test(status) && !/ROLLBACK|DELETE/.test(status)) return { name: 'Stack', status: 'pass', detail: `${name}: ${status}` };
  if (/_IN_PROGRESS$/.test(status)) return { name: 'Stack', status: 'warn', detail: `${name}: ${status}`, fix: 'a deployment is under way; run doctor again when it ends' };
  if (status === 'UPDATE_ROLLBACK_COMPLETE') {
    return { name: 'Stack', status: 'warn', detail: `${name}: ${status}: the last update failed and was rolled back`, fix: `aws cloudformation describe-stack-events --stack-name ${name} --max-items 20` };
  }
  return { name: 'Stack', status: 'fail', detail: `${name}: ${status}`, fix: `aws cloudformation describe-stack-events --stack-name ${name} --max-items 20` };
}

function schedulesCheck(schedules: Attempt<{ name: string; state: string | undefined }[]>): Check {
  if (!schedules.ok) return { name: 'Schedules', status: 'fail', detail: schedules.error };
  const off = schedules.value.filter((s) => s.state !== 'ENABLED');
  if (!off.length) return { name: 'Schedules', status: 'pass', detail: `${schedules.value.length} enabled` };
  return {
    name: 'Schedules',
    status: 'fail',
    detail: off.map((s) => `${s.name} is ${s.state ?? 'missing'}`).join('; '),
    fix: 'enable it in the console (Amazon EventBridge > Scheduler > Schedules), or `npx cdk deploy` if it is missing',
  };
}

function alarmsCheck(alarms: Attempt<{ name: string; state: string; reason: string }[]>): Check {
  if (!alarms.ok) return { name: 'Alarms', status: 'fail', detail: alarms.error };
  const firing = alarms.value.filter((a) => a.state === 'ALARM');
  const noData = alarms.value.filter((a) => a.state === 'INSUFFICIENT_DATA').length;
  if (firing.length) {
    return {
      name: 'Alarms',
      status: 'fail',
      detail: `${firing.length} in ALARM: ${firing.map((a) => `${a.name} (${a.reason})`).join('; ')}`,
      fix: 'each alarm says what to look at; docs/deploy.md, "Alarms"',
    };
  }
  return { name: 'Alarms', status: 'pass', detail: `${alarms.value.length} OK${noData ? ` (${noData} without data yet, normal after a deploy)` : ''}` };
}

function emailCheck(subscriptions: Attempt<{ protocol: string; endpoint: string; confirmed: boolean }[]>, topicArn: string): Check {
  if (!subscriptions.ok) return { name: 'Alarm email', status: 'fail', detail: subscriptions.error };
  const email = subscriptions.value.filter((s) => s.protocol === 'email');
  if (!email.length) return { name: 'Alarm email', status: 'warn', detail: 'no email subscription: alarms notify no one (alarms: none)', fix: 'set alarmEmail and `npx cdk deploy`' };
  const pending = email.filter((s) => !s.confirmed);
  if (pending.length) {
    return {
      name: 'Alarm email',
      status: 'warn',
      detail: `${pending.map((s) => s.endpoint).join(', ')} has not confirmed: alarms do not reach it yet`,
      fix: `click the link in "AWS Notification - Subscription Confirmation" (check spam); to resend: aws sns subscribe --topic-arn ${topicArn} --protocol email --notification-endpoint ${pending[0]!.endpoint}`,
    };
  }
  return { name: 'Alarm email', status: 'pass', detail: `confirmed: ${email.map((s) => s.endpoint).join(', ')}` };
}

type Attempt<T> = { ok: true; value: T } | { ok: false; error: string };

async function attempt<T>(read: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (err) {
    const e = err as Error;
    return { ok: false, error: `${e.name}: ${e.message}` };
  }
}

/** The report: one line per check, its fix under it, and a count. */
export function formatChecks(checks: Check[]): string {
  const width = Math.max(...checks.map((c) => c.name.length));
  const lines = checks.flatMap((c) => [`  ${c.status.padEnd(4)}  ${c.name.padEnd(width)}  ${c.detail}`, ...(c.fix ? [`        ${' '.repeat(width)}  fix: ${c.fix}`] : [])]);
  const count = (s: CheckStatus) => checks.filter((c) => c.status === s).length;
  return `${lines.join('\n')}\n\n${count('pass')} passed, ${count('warn')} warning${count('warn') === 1 ? '' : 's'}, ${count('fail')} failed`;
}
