import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { FetchHttpClient } from '../../http/fetcher.ts';
import { stripControls } from '../../text/controls.ts';
import { DynamoBackfillStore } from '../../adapters/dynamodb/backfill-store.ts';
import { BackfillError, chunkRange, runBackfill, type Chunk } from '../../pipeline/backfill.ts';
import type { BackfillRecord } from '../../store/entities/backfill-entity.ts';
import { EXIT } from '../exit-codes.ts';
import { UsageError } from '../errors.ts';
import { archiveOptions, globalOptions } from '../options.ts';
import { cycleDeps, loadSetup, openArchive } from '../runtime.ts';

interface BackfillCliOptions {
  source: string;
  since: string;
  until?: string;
  chunk?: string;
  restart?: boolean;
  registry?: string;
}

export function registerBackfill(program: Command): void {
  program
    .command('backfill')
    .description("load a Parliament or GOV.UK source's history over a date range, archived quietly (no alerts); resumes if interrupted")
    .requiredOption('--source <id>', 'source id from the config')
    .requiredOption('--since <date>', 'first day to load (yyyy-mm-dd, UTC)')
    .option('--until <date>', 'last day to load (yyyy-mm-dd, UTC; default today)')
    .option('--chunk <size>', '"day" or "week" per request window (default: day for Hansard, week otherwise)')
    .option('--restart', 'start again from --since instead of resuming')
    .option('--registry <file>', 'registry file (default: the one the config names)')
    .addHelpText(
      'after',
      '\nRe-run the same command after Ctrl-C, a failure or a chunk cut short to carry on from the first chunk not loaded whole\n(with --chunk day, a chunk too big for the source\'s limits fits).\nExit status: 0 done, 1 a chunk failed (progress kept), 2 bad arguments, 3 a chunk was cut short by a limit (what it read is kept), 130 interrupted.',
    )
    .action(async (options: BackfillCliOptions, command: Command) => {
      const g = globalOptions(command);
      const setup = loadSetup(g.config, options.registry);
      const source = setup.config.sources.find((s) => s.id === options.source);
      if (!source) throw new UsageError(`unknown source id "${options.source}" (see \`inquiry-watch sources\`)`);
      if (options.chunk !== undefined && options.chunk !== 'day' && options.chunk !== 'week') throw new UsageError('--chunk must be "day" or "week"');
      const until = options.until ?? new Date().toISOString().slice(0, 10);
      let chunks: Chunk[];
      try {
        chunks = chunkRange(options.since, until, (options.chunk as 'day' | 'week' | undefined) ?? 'week');
      } catch (err) {
        throw new UsageError((err as Error).message);
      }

      // This command handles Ctrl-C itself: the current chunk finishes, 'interrupted' is recorded, then the database stops.
      const archive = await openArchive({ ...archiveOptions(g), handleSignals: false });
      const progress = new ProgressDisplay(process.stdout.isTTY === true);
      const controller = new AbortController();
      const onSignal = () => {
        // A second Ctrl-C means "now": exit, and the archive's exit hook still stops the database.
        if (controller.signal.aborted) process.exit(130);
        controller.abort();
        progress.stop();
        console.error('\nInterrupted: finishing the current chunk, then saving progress (Ctrl-C again to quit at once).');
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      try {
        const record = await runBackfill(
          source,
          {
            ...cycleDeps(setup, archive, new FetchHttpClient({ userAgent: setup.config.userAgent })),
            progress: new DynamoBackfillStore(archive.client, archive.tableName),
          },
          {
            since: options.since,
            until,
            chunk: options.chunk as 'day' | 'week' | undefined,
            restart: options.restart,
            signal: controller.signal,
            onStart: (r) => progress.start(r),
            onPage: (p) => progress.page(p.chunk, p.items, p.pages),
            onChunk: (r, chunk) => progress.chunk(r, chunk),
          },
        );
        progress.stop();
        console.log(summary(record, chunks.length));
        process.exitCode = { done: EXIT.ok, interrupted: 130, partial: EXIT.partial, failed: EXIT.failed, running: EXIT.failed }[record.status];
      } catch (err) {
        progress.stop();
        if (err instanceof BackfillError) throw new UsageError(err.message);
        throw err;
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        await archive.close();
      }
    });
}

function summary(r: BackfillRecord, chunks: number): string {
  const head = `${r.sourceId} ${r.since}..${r.until}: ${r.chunksDone}/${r.chunksTotal || chunks} chunks, ${r.items} items (${r.newItems} new), ${r.pages} pages`;
  if (r.status === 'done') return `${head}. Done.`;
  if (r.status === 'failed') return `${head}. Stopped: ${stripControls(r.lastError ?? '')}\nRe-run the same command to resume from ${r.nextDate}.`;
  if (r.status === 'partial') {
    return (
      `${head}. Cut short: ${stripControls(r.cutShort ?? '')}\nWhat that chunk read is stored, but it is not done: re-run the same command to resume from ${r.nextDate} ` +
      `(it reads that chunk again; with --chunk day, or a higher maxSearchRequests or maxPages for the source, it fits).`
    );
  }
  return `${head}. Interrupted; re-run the same command to resume from ${r.nextDate}.`;
}

/**
 * A progress bar on a terminal (chunks done, items, pages, rate, ETA); one plain line per chunk otherwise,
 * so logs and pipes stay readable. Rate and ETA count this run only, not what an earlier run loaded.
 */
class ProgressDisplay {
  private bar: cliProgress.SingleBar | undefined;
  private readonly started = Date.now();
  /** Totals when this run started, and after the last completed chunk. */
  private base = { items: 0, pages: 0, chunks: 0 };
  private done = { items: 0, pages: 0 };

  constructor(private readonly tty: boolean) {}

  start(r: BackfillRecord): void {
    this.base = { items: r.items, pages: r.pages, chunks: r.chunksDone };
    this.done = { items: r.items, pages: r.pages };
    const resuming = r.chunksDone > 0 ? `, resuming from ${r.nextDate}` : '';
    console.log(`Backfilling ${r.sourceId} ${r.since}..${r.until} in ${r.chunksTotal} ${r.chunk} chunks${resuming} (Ctrl-C stops; re-run to resume)`);
    if (!this.tty) return;
    this.bar = new cliProgress.SingleBar(
      { format: ' {bar} {value}/{total} chunks | {items} items | {pages} pages | {rate} items/s | ETA {eta_formatted} | {window}', hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    this.bar.start(r.chunksTotal, r.chunksDone, { items: r.items, pages: r.pages, rate: '0.0', window: '' });
  }

  page(chunk: Chunk, items: number, pages: number): void {
    const total = this.done.items + items;
    this.bar?.update({ items: total, pages: this.done.pages + pages, rate: this.rate(total), window: `${chunk.since}..${chunk.until}` });
  }

  chunk(r: BackfillRecord, chunk: Chunk): void {
    this.done = { items: r.items, pages: r.pages };
    const window = `${chunk.since}..${chunk.until}`;
    if (this.bar) {
      this.bar.update(r.chunksDone, { items: r.items, pages: r.pages, rate: this.rate(r.items), window });
      return;
    }
    const perChunk = (Date.now() - this.started) / 1000 / Math.max(1, r.chunksDone - this.base.chunks);
    const eta = Math.round(perChunk * (r.chunksTotal - r.chunksDone));
    console.log(`${window}: ${r.chunksDone}/${r.chunksTotal} chunks, ${r.items} items (${r.newItems} new), ${r.pages} pages, ${this.rate(r.items)} items/s, ETA ${eta} s`);
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }

  private rate(totalItems: number): string {
    return ((totalItems - this.base.items) / Math.max(0.001, (Date.now() - this.started) / 1000)).toFixed(1);
  }
}
