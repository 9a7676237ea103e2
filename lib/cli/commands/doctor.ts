import type { Command } from 'commander';
import { AwsDeploymentProbe } from '../../adapters/aws/deployment-probe.ts';
import { DynamoRunLeaseStore } from '../../adapters/dynamodb/run-lease-store.ts';
import { ConfigError } from '../../config/errors.ts';
import { checkDeployment, formatChecks, runChecks, type Check, type RunsView } from '../../doctor/doctor.ts';
import { EXIT } from '../exit-codes.ts';
import { archiveOptions, globalOptions } from '../options.ts';
import { loadSetup, openArchive, type LoadedSetup, type OpenArchive } from '../runtime.ts';

interface DoctorOptions {
  stack: string;
  json?: boolean;
}

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('check the deployment (--store aws) or the local setup, and say how to fix what is wrong')
    .option('--stack <name>', 'CloudFormation stack name, with --store aws', 'InquiryWatch')
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      '\nWith --store aws: credentials and region, the stack and its table, schedules enabled, the Slack token set,' +
        '\nthe last poll cycle and digest run, alarm states and the alarm email confirmed. Read-only.' +
        '\nExit status: 0 nothing failed (warnings allowed), 1 something failed.',
    )
    .action(async (options: DoctorOptions, command: Command) => {
      const g = globalOptions(command);
      const checks: Check[] = [];
      let setup: LoadedSetup | undefined;
      try {
        setup = loadSetup(g.config);
        checks.push({ name: 'Config', status: 'pass', detail: `${setup.file} and its registry (${setup.registry.entries.length} entries) are valid` });
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        checks.push({ name: 'Config', status: 'fail', detail: err.message, fix: 'fix the field named, then `npx inquiry-watch registry validate`' });
      }
      const opened: OpenArchive[] = [];
      const openRuns = async (table: string): Promise<RunsView> => {
        const archive = await openArchive({ ...archiveOptions(g), table });
        opened.push(archive);
        const leases = new DynamoRunLeaseStore(archive.client, archive.tableName);
        return { latestCycle: () => archive.store.latestCycle(), run: (name) => leases.read(name) };
      };
      try {
        if (g.store === 'aws') {
          const probe = new AwsDeploymentProbe();
          try {
            checks.push(...(await checkDeployment(probe, openRuns, { stackName: options.stack, configRegion: setup?.config.region })));
          } finally {
            probe.destroy();
          }
        } else {
          const runs = await openRuns(g.table);
          checks.push(...(await runChecks(runs, new Date(), { noCycle: 'run one: `npx inquiry-watch run` (or `npm start`)', sources: 'npx inquiry-watch sources' })));
          checks.push(
            process.env.SLACK_BOT_TOKEN?.trim()
              ? { name: 'Slack token', status: 'pass', detail: 'SLACK_BOT_TOKEN is set: run and digest post to Slack' }
              : { name: 'Slack token', status: 'warn', detail: 'SLACK_BOT_TOKEN is not set: run and digest print digests here instead', fix: 'export SLACK_BOT_TOKEN=xoxb-… (scopes chat:write, channels:history)' },
          );
        }
      } finally {
        for (const archive of opened) await archive.close();
      }
      if (options.json) console.log(JSON.stringify(checks, null, 2));
      else console.log(`Inquiry Watch doctor: ${g.store === 'aws' ? `stack ${options.stack}` : `local archive (${g.dataDir})`}\n\n${formatChecks(checks)}`);
      process.exitCode = checks.some((c) => c.status === 'fail') ? EXIT.failed : EXIT.ok;
    });
}
