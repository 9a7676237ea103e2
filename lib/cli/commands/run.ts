import type { Command } from 'commander';
import { FetchHttpClient } from '../../http/fetcher.ts';
import { runCycle, type CycleReport } from '../../pipeline/cycle.ts';
import { EXIT } from '../exit-codes.ts';
import { formatCycleSummary } from '../cycle-summary.ts';
import { archiveOptions, globalOptions, requireSlackForAws } from '../options.ts';
import { cycleDeps, loadSetup, openArchive, openBoard } from '../runtime.ts';
import { UsageError } from '../errors.ts';
import { senderFromEnv } from '../../adapters/slack/sender-from-env.ts';
import { deliverAfterCycle } from '../deliver-after-cycle.ts';
import { deliveredVerb, digestExitCode, formatReport } from '../digest-summary.ts';
import { takeRunLease } from '../run-lease.ts';
import { digestRunOutcome } from '../../digest/run-outcome.ts';
import type { DeliveryReport } from '../../digest/deliver.ts';

interface RunOptions {
  only?: string;
  every?: string;
  registry?: string;
  digest: boolean;
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('poll every configured source once (or every N minutes), classify and archive what is new')
    .option('--only <ids>', 'comma-separated source ids to poll')
    .option('--every <minutes>', 'keep running, one cycle every N minutes (Ctrl-C stops)')
    .option('--registry <file>', 'registry file (default: the one the config names)')
    .option('--no-digest', 'archive only: post no alerts or roundups after the cycle')
    .addHelpText(
      'after',
      '\nDigests go to Slack when SLACK_BOT_TOKEN is set, otherwise they are printed here.' +
        '\nExit status: 0 all sources ok, 3 partial (some sources or channels failed; see `sources`), 1 failed, 2 bad config,' +
          '\n4 busy (another poll cycle or digest run holds the lease: stderr says who and until when).',
    )
    .action(async (options: RunOptions, command: Command) => {
      const g = globalOptions(command);
      requireSlackForAws(g, !options.digest);
      const setup = loadSetup(g.config, options.registry);
      const only = options.only?.split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = only?.filter((id) => !setup.config.sources.some((s) => s.id === id)) ?? [];
      if (unknown.length) throw new UsageError(`unknown source id(s): ${unknown.join(', ')} (see \`inquiry-watch sources\`)`);
      const everyMinutes = options.every === undefined ? undefined : Number(options.every);
      if (everyMinutes !== undefined && !(everyMinutes >= 1)) throw new UsageError('--every takes a number of minutes (1 or more)');

      const archive = await openArchive(archiveOptions(g));
      const http = new FetchHttpClient({ userAgent: setup.config.userAgent });
      const board = openBoard(archive, setup);
      const deps = cycleDeps(setup, archive, http, board);
      const sender = senderFromEnv();
      try {
        for (let cycle = 1; ; cycle++) {
          process.exitCode = await oneCycle(`Cycle ${cycle}`);
          if (everyMinutes === undefined) break;
          console.log(`Next cycle in ${everyMinutes} min (Ctrl-C to stop).\n`);
          await new Promise((r) => setTimeout(r, everyMinutes * 60_000));
        }
      } finally {
        await archive.close();
      }

      /** One cycle under the poll lease, then digests under the digest lease; a held lease skips that part (EXIT.busy). */
      async function oneCycle(title: string): Promise<number> {
        const pollLease = await takeRunLease(archive, 'poll', 'run');
        if (!pollLease) return EXIT.busy;
        let report: CycleReport;
        try {
          report = await runCycle(setup.config, deps, { only });
        } catch (err) {
          await pollLease.release({ outcome: 'failed', detail: (err as Error).message });
          throw err;
        }
        await pollLease.release({ outcome: report.status, detail: `${report.newItems.length} new, ${report.sources.filter((s) => s.status === 'failed').length} source(s) failed` });
        console.log(formatCycleSummary(report, title));
        const code = exitCodeFor(report);
        if (!options.digest || report.status === 'failed' || setup.config.subscriptions.length === 0) return code;
        const digestLease = await takeRunLease(archive, 'digest', 'run');
        if (!digestLease) return code === EXIT.ok ? EXIT.busy : code;
        let deliveries: DeliveryReport[] = [];
        try {
          deliveries = await deliverAfterCycle(setup, archive, sender, { holder: digestLease.lease.holder, board });
        } finally {
          await digestLease.release(deliveries.length ? digestRunOutcome(deliveries, deliveredVerb(sender)) : { outcome: 'failed' });
        }
        for (const d of deliveries) if (d.channels.length) console.log(formatReport(d, false));
        // The cycle worked: digests that failed make the run partial, not failed.
        const digests = digestExitCode(deliveries);
        return code !== EXIT.ok ? code : digests === EXIT.failed ? EXIT.partial : digests;
      }
    });
}

export const exitCodeFor = (report: CycleReport): number =>
  report.status === 'ok' ? EXIT.ok : report.status === 'partial' ? EXIT.partial : EXIT.failed;
