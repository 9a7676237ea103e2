import type { Command } from 'commander';
import { DynamoDigestStore } from '../../adapters/dynamodb/digest-store.ts';
import { senderFromEnv } from '../../adapters/slack/sender-from-env.ts';
import type { DeliveryReport } from '../../digest/deliver.ts';
import { runDigests } from '../../digest/run.ts';
import { failingSourceLabels } from '../../digest/source-health.ts';
import type { DigestMode } from '../../digest/types.ts';
import { UsageError } from '../errors.ts';
import { EXIT } from '../exit-codes.ts';
import { archiveOptions, globalOptions, instantOption, requireSlackForAws } from '../options.ts';
import { loadSetup, openArchive, openBoard } from '../runtime.ts';
import { deliveredVerb, digestExitCode, formatReport } from '../digest-summary.ts';
import { formatRunState, SET_TOKEN_HINT, takeRunLease } from '../run-lease.ts';
import { DynamoRunLeaseStore } from '../../adapters/dynamodb/run-lease-store.ts';
import { digestRunOutcome } from '../../digest/run-outcome.ts';

const ROUNDUP_SETTLE_MS = 2 * 60_000;

interface DigestOptions {
  channel?: string;
  dryRun?: boolean;
  mode: string;
  force?: boolean;
  now?: string;
  registry?: string;
}

export function registerDigest(program: Command): void {
  program
    .command('digest')
    .description('post Slack alerts, board alerts and due roundups (printed here when SLACK_BOT_TOKEN is unset)')
    .option('--channel <id>', 'only this subscription channel')
    .option('--dry-run', 'show what would be posted; post nothing and record nothing')
    .option('--mode <mode>', 'alerts, board, roundups, or both (all three)', 'both')
    .option('--force', 'send roundups now, whatever their schedule')
    .option('--now <time>', 'pretend it is this time: an ISO time with its zone, or a day from its London midnight (testing schedules)')
    .option('--registry <file>', 'registry file (default: the one the config names)')
    .addHelpText(
      'after',
      '\nEnvironment: SLACK_BOT_TOKEN (xoxb-…, scopes chat:write and channels:history), SLACK_API_URL (optional).' +
        '\nExit status: 0 ok, 3 some channels failed (digests stay pending and are retried), 1 all failed, 2 bad usage,' +
          '\n4 busy (another digest run holds the lease, or another run is posting a digest: stderr or the report says who and until when).',
    )
    .action(async (options: DigestOptions, command: Command) => {
      const g = globalOptions(command);
      requireSlackForAws(g, options.dryRun === true);
      const modes = options.mode === 'both' ? (['alerts', 'board', 'roundups'] as const) : [options.mode];
      if (!modes.every((m): m is DigestMode => m === 'alerts' || m === 'board' || m === 'roundups')) throw new UsageError('--mode takes alerts, board, roundups or both');
      const now = options.now ? instantOption('--now', options.now) : new Date();
      const setup = loadSetup(g.config, options.registry);
      if (options.channel && !setup.config.subscriptions.some((s) => s.channel === options.channel)) {
        throw new UsageError(`no subscription for channel ${options.channel} in ${setup.file}`);
      }
      if (setup.config.subscriptions.length === 0) console.error(`No subscriptions in ${setup.file}: nothing to post.`);

      const archive = await openArchive(archiveOptions(g));
      // The deployed digest function records when it has found no Slack token: say so before anything else.
      const deployed = (await new DynamoRunLeaseStore(archive.client, archive.tableName).read('digest')).lastRun;
      if (deployed?.outcome === 'slack-not-configured') console.log(`${formatRunState('digest', { lastRun: deployed })}\n${SET_TOKEN_HINT}`);
      // A dry run reads only; a real one holds the digest lease, so it never races the deployed digest function.
      const lease = options.dryRun ? undefined : await takeRunLease(archive, 'digest', 'digest');
      if (!options.dryRun && !lease) {
        await archive.close();
        process.exitCode = EXIT.busy;
        return;
      }
      const reports: DeliveryReport[] = [];
      const sender = senderFromEnv();
      try {
        if (sender.name === 'terminal' && !options.dryRun) console.log('SLACK_BOT_TOKEN is not set: printing digests here instead of posting.');
        reports.push(
          ...(await runDigests({
            modes,
            config: setup.config,
            registry: setup.registry,
            store: new DynamoDigestStore(archive.client, archive.tableName),
            sender,
            now,
            dryRun: options.dryRun,
            channel: options.channel,
            force: options.force,
            failingSources: failingSourceLabels(await archive.store.listSourceStates()),
            // Run on its own, a roundup may meet a `run` still writing: items stored in the last two minutes wait.
            settleMs: ROUNDUP_SETTLE_MS,
            holder: lease?.lease.holder,
            board: openBoard(archive, setup),
          })),
        );
        for (const r of reports) console.log(formatReport(r, options.dryRun === true));
        process.exitCode = digestExitCode(reports);
      } finally {
        await lease?.release(reports.length ? digestRunOutcome(reports, deliveredVerb(sender)) : { outcome: 'failed' });
        await archive.close();
      }
    });
}
