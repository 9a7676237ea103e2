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
import { formatReport } from '../digest-summary.ts';

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
        '\nExit status: 0 all sources ok, 3 partial (some sources or channels failed; see `sources`), 1 failed, 2 bad config.',
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
          const report = await runCycle(setup.config, deps, { only });
          console.log(formatCycleSummary(report, `Cycle ${cycle}`));
          let code = exitCodeFor(report);
          if (options.digest && report.status !== 'failed') {
            const deliveries = await deliverAfterCycle(setup, archive, sender, { board });
            for (const d of deliveries) if (d.channels.length) console.log(formatReport(d, false));
            if (code === EXIT.ok && deliveries.some((d) => d.status !== 'ok')) code = EXIT.partial;
          }
          process.exitCode = code;
          if (everyMinutes === undefined) break;
          console.log(`Next cycle in ${everyMinutes} min (Ctrl-C to stop).\n`);
          await new Promise((r) => setTimeout(r, everyMinutes * 60_000));
        }
      } finally {
        await archive.close();
      }
    });
}

export const exitCodeFor = (report: CycleReport): number =>
  report.status === 'ok' ? EXIT.ok : report.status === 'partial' ? EXIT.partial : EXIT.failed;
