import type { Command } from 'commander';
import { loadConfig } from '../../config/load.ts';
import { archiveOptions, globalOptions } from '../options.ts';
import { openArchive } from '../runtime.ts';
import { ago, formatTable, truncate } from '../format.ts';

export function registerSources(program: Command): void {
  program
    .command('sources')
    .description("each configured source's status: last poll, last success, last error and failure streak")
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }, command: Command) => {
      const g = globalOptions(command);
      const { config } = loadConfig(g.config);
      const archive = await openArchive(archiveOptions(g));
      try {
        const [states, cycle] = await Promise.all([archive.store.listSourceStates(), archive.store.latestCycle()]);
        const rows = config.sources.map((source) => {
          const state = states.find((s) => s.sourceId === source.id);
          const last = cycle?.sources.find((s) => s.sourceId === source.id);
          // The cycle record is written every cycle; a source's own state only when something changed.
          const lastSuccess = last && last.status !== 'failed' ? maxIso(cycle!.finishedAt, state?.lastSuccessAt) : state?.lastSuccessAt;
          const lastPoll = last ? maxIso(cycle!.finishedAt, state?.lastPolledAt) : state?.lastPolledAt;
          return {
            id: source.id,
            type: source.type,
            enabled: source.enabled,
            lastPoll,
            lastStatus: last?.status ?? (state ? undefined : 'never polled'),
            lastSuccess,
            lastError: state?.lastError,
            lastErrorAt: state?.lastErrorAt,
            failureStreak: state?.consecutiveFailures ?? 0,
            itemsStored: state?.itemsStored ?? 0,
          };
        });
        if (options.json) {
          console.log(JSON.stringify(rows, null, 2));
          return;
        }
        console.log(
          formatTable(
            ['source', 'type', 'last poll', 'status', 'last success', 'streak', 'items', 'last error'],
            rows.map((r) => [
              r.enabled ? r.id : `${r.id} (disabled)`,
              r.type,
              ago(r.lastPoll),
              r.lastStatus ?? '-',
              ago(r.lastSuccess),
              r.failureStreak,
              r.itemsStored,
              r.lastError ? `${ago(r.lastErrorAt)}: ${truncate(r.lastError, 80)}` : '',
            ]),
          ),
        );
        const failing = rows.filter((r) => r.failureStreak >= config.failureAlertAfter);
        if (failing.length) console.log(`\n${failing.length} source(s) failing ${config.failureAlertAfter}+ cycles in a row: ${failing.map((r) => r.id).join(', ')}`);
      } finally {
        await archive.close();
      }
    });
}

const maxIso = (a: string, b: string | undefined) => (b && b > a ? b : a);
