import type { Command } from 'commander';
import { loadConfig } from '../../config/load.ts';
import { FetchHttpClient } from '../../http/fetcher.ts';
import { checkSources, CHECK_DAYS, CHECK_PAGE_SIZE, type SourceCheck } from '../../sources/check.ts';
import { clean } from '../../digest/terminal.ts';
import { archiveOptions, globalOptions } from '../options.ts';
import { loadSetup, openArchive } from '../runtime.ts';
import { ago, formatTable, truncate } from '../format.ts';
import { EXIT } from '../exit-codes.ts';
import { UsageError } from '../errors.ts';
import { escapeJsonControls } from '../../text/controls.ts';
import { DynamoRunLeaseStore } from '../../adapters/dynamodb/run-lease-store.ts';
import { formatRunState, SET_TOKEN_HINT } from '../run-lease.ts';

export function registerSources(program: Command): void {
  // No options on `sources` itself (a parent's options would shadow its subcommands'): the status table is the
  // default subcommand, as `registry list` is.
  const sources = program.command('sources').description("each source's status (the default), or `check` each live service's shape");

  sources
    .command('status', { isDefault: true })
    .description("each configured source's status: last poll, last success, last error and failure streak (the default)")
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }, command: Command) => {
      const g = globalOptions(command);
      const { config } = loadConfig(g.config);
      const archive = await openArchive(archiveOptions(g));
      try {
        const leases = new DynamoRunLeaseStore(archive.client, archive.tableName);
        const [states, cycle, poll, digest] = await Promise.all([
          archive.store.listSourceStates(),
          archive.store.latestCycle(),
          leases.read('poll'),
          leases.read('digest'),
        ]);
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
          console.log(escapeJsonControls(JSON.stringify(rows, null, 2)));
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
        // Who is polling or posting right now, and how the last digest run ended (e.g. Slack not configured yet).
        console.log(`\n${formatRunState('poll', poll)}\n${formatRunState('digest', digest)}`);
        if (digest.lastRun?.outcome === 'slack-not-configured') console.log(SET_TOKEN_HINT);
      } finally {
        await archive.close();
      }
    });

  sources
    .command('check')
    .description(`fetch one small live page from each source: reachable, shape OK or the drift found, items parsed, kinds`)
    .option('--only <ids>', 'comma-separated source ids to check (disabled sources too)')
    .option('--days <n>', 'how far back Parliament and GOV.UK lists are asked', String(CHECK_DAYS))
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      `\nParliament and GOV.UK sources are asked without a search term for ${CHECK_PAGE_SIZE} recent records per list (their details` +
        '\nincluded); a feed is read whole. Nothing is stored. Needs the internet: it asks the live services.' +
        '\nExit status: 0 every source answered in the expected shape, 1 a service changed shape (drift: the adapter needs' +
        '\nchanging), 3 some sources unreachable or answering errors (no drift), 2 bad command line or config.',
    )
    .action(async (options: { only?: string; days: string; json?: boolean }, command: Command) => {
      const setup = loadSetup(globalOptions(command).config);
      const only = options.only?.split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = only?.filter((id) => !setup.config.sources.some((s) => s.id === id)) ?? [];
      if (unknown.length) throw new UsageError(`unknown source id(s): ${unknown.join(', ')} (see \`inquiry-watch sources\`)`);
      const days = Number(options.days);
      if (!(days >= 1 && days <= 366)) throw new UsageError('--days takes a number of days from 1 to 366');
      const chosen = setup.config.sources.filter((s) => (only ? only.includes(s.id) : s.enabled));
      const http = new FetchHttpClient({ userAgent: setup.config.userAgent });
      const results = await checkSources(chosen, { http, compiled: setup.compiled, days });
      console.log(options.json ? escapeJsonControls(JSON.stringify(results, null, 2)) : formatChecks(results));
      process.exitCode = checkExitCode(results);
    });
}

export function checkExitCode(results: SourceCheck[]): number {
  if (results.some((r) => r.status === 'drift')) return EXIT.failed;
  return results.some((r) => r.status !== 'ok') ? EXIT.partial : EXIT.ok;
}

function formatChecks(results: SourceCheck[]): string {
  const shape = (r: SourceCheck) => (r.status === 'ok' ? 'OK' : r.status === 'drift' ? 'DRIFT' : '-');
  const table = formatTable(
    ['source', 'type', 'reachable', 'shape', 'items', 'kinds', 'note'],
    results.map((r) => [
      r.sourceId,
      r.type,
      r.status === 'unreachable' ? 'no' : 'yes',
      shape(r),
      r.status === 'ok' ? r.items : '-',
      Object.entries(r.kinds).map(([k, n]) => `${k} ${n}`).join(', ') || '-',
      truncate(clean(r.problem ?? r.warnings[0] ?? ''), 60),
    ]),
  );
  const notes = results.flatMap((r) => [
    ...(r.problem ? [`${r.sourceId}: ${clean(r.problem)}`] : []),
    ...r.warnings.map((w) => `${r.sourceId}: ${clean(w)}`),
  ]);
  const drift = results.filter((r) => r.status === 'drift').length;
  const down = results.filter((r) => r.status === 'unreachable' || r.status === 'error').length;
  const summary = `${results.length} source(s) checked · ${results.length - drift - down} ok · ${drift} drift · ${down} unreachable or failing`;
  return [table, ...(notes.length ? ['', ...notes] : []), '', summary].join('\n');
}

const maxIso = (a: string, b: string | undefined) => (b && b > a ? b : a);
