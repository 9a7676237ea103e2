import type { SourceConfig } from '../config/schema.ts';
import type { BackfillRecord } from '../store/entities/backfill-entity.ts';
import type { PollWindow } from '../sources/types.ts';
import { pollSource, type CycleDeps } from './cycle.ts';
import { EARLIEST_PUBLISHED, FUTURE_LIMIT_MS } from './draft-checks.ts';
import { checkCalendarDay, dateMessage } from '../util/calendar-date.ts';

/** Where backfill progress is kept between runs (DynamoDB in practice: `lib/adapters/dynamodb/backfill-store.ts`). */
export interface BackfillProgressStore {
  getBackfill(sourceId: string, since: string, until: string): Promise<BackfillRecord | undefined>;
  putBackfill(record: BackfillRecord): Promise<void>;
}

export interface BackfillDeps extends CycleDeps {
  progress: BackfillProgressStore;
}

export interface BackfillOptions {
  /** Inclusive UTC dates, `yyyy-mm-dd`. */
  since: string;
  until: string;
  chunk?: 'day' | 'week';
  /** Start again from `since` even if an earlier run got further. */
  restart?: boolean;
  /** Checked between chunks: an abort stops after the chunk in flight, with its progress saved. */
  signal?: AbortSignal;
  /** Once the range is planned (and, on a resumed run, where it carries on from). */
  onStart?: (record: BackfillRecord) => void;
  /** After each page inside a chunk. */
  onPage?: (p: { chunk: Chunk; pages: number; items: number }) => void;
  /** After each chunk is stored and its progress recorded. */
  onChunk?: (record: BackfillRecord, chunk: Chunk) => void;
}

export interface Chunk {
  index: number;
  since: string;
  until: string;
  window: PollWindow;
}

/** Sources a backfill can load: the ones queried by date window. A feed has no history beyond what it shows. */
export const BACKFILL_TYPES: readonly SourceConfig['type'][] = ['hansard', 'written-statements', 'written-questions', 'committees', 'govuk-search'];

/** Raised for a backfill that cannot start (wrong source type, bad range). */
export class BackfillError extends Error {
  override readonly name = 'BackfillError';
}

const DAY_MS = 86_400_000;

/**
 * Splits an inclusive date range into day or week windows, each from 00:00 of its first day to the end of its last.
 * The range must lie between the earliest date the archive keeps and two days past `now`: an earlier item would be
 * dated when it was fetched (see `checkDraft`), and each window is a request or more, so a mistyped year (2205)
 * must not become thousands of requests for days that have not happened.
 */
export function chunkRange(since: string, until: string, chunk: 'day' | 'week', now = new Date()): Chunk[] {
  const start = parseDay(since, '--since');
  const end = parseDay(until, '--until');
  if (end < start) throw new BackfillError(`--until (${until}) is before --since (${since})`);
  if (start < Date.parse(EARLIEST_PUBLISHED)) throw new BackfillError(`--since (${since}) is before ${EARLIEST_PUBLISHED.slice(0, 10)}: the archive keeps no earlier dates`);
  if (end > now.getTime() + FUTURE_LIMIT_MS) throw new BackfillError(`--until (${until}) is in the future: nothing has been published there yet`);
  const step = chunk === 'day' ? 1 : 7;
  const chunks: Chunk[] = [];
  for (let t = start, index = 0; t <= end; t += step * DAY_MS, index++) {
    const last = Math.min(t + (step - 1) * DAY_MS, end);
    chunks.push({
      index,
      since: isoDate(t),
      until: isoDate(last),
      window: { since: new Date(t), until: new Date(last + DAY_MS - 1) },
    });
  }
  return chunks;
}

/**
 * Loads a source's history over a date range, one chunk at a time through the normal poll path (classified,
 * de-duplicated, archived quietly: a backfill never alerts). Progress is recorded after every chunk, so a run
 * that is interrupted, that fails on a chunk, or whose chunk a limit cut short (the request budget or the page limit:
 * `partial`), resumes from that chunk when started again with the same range, with the same chunk size or another
 * (`--chunk day` makes a chunk a limit cut short fit).
 */
export async function runBackfill(source: SourceConfig, deps: BackfillDeps, options: BackfillOptions): Promise<BackfillRecord> {
  if (!BACKFILL_TYPES.includes(source.type)) {
    throw new BackfillError(`source "${source.id}" is a ${source.type} source: only ${BACKFILL_TYPES.join(', ')} sources have a history to backfill`);
  }
  const chunkSize = options.chunk ?? (source.type === 'hansard' ? 'day' : 'week');
  const chunks = chunkRange(options.since, options.until, chunkSize, deps.now?.());
  const now = () => (deps.now?.() ?? new Date()).toISOString();
  const previous = options.restart ? undefined : await deps.progress.getBackfill(source.id, options.since, options.until);
  const record: BackfillRecord = previous
    ? {
        ...previous,
        chunk: chunkSize,
        // Counted in this run's chunk size, so a resumed run with another size still ends at chunksTotal.
        chunksDone: chunks.filter((c) => c.until < previous.nextDate).length,
        chunksTotal: chunks.length,
        status: 'running',
        lastError: undefined,
        cutShort: undefined,
        updatedAt: now(),
      }
    : {
          sourceId: source.id,
          since: options.since,
          until: options.until,
          chunk: chunkSize,
          status: 'running',
          nextDate: options.since,
          chunksDone: 0,
          chunksTotal: chunks.length,
          newItems: 0,
          items: 0,
          pages: 0,
          startedAt: now(),
          updatedAt: now(),
        };
  // From the first day not loaded whole: a chunk of another size may start before it (it is read again, idempotently).
  const pending = chunks.filter((c) => c.until >= record.nextDate);
  if (pending.length === 0) {
    record.status = 'done';
    return record;
  }
  await deps.progress.putBackfill(record);
  options.onStart?.(record);

  for (const chunk of pending) {
    if (options.signal?.aborted) {
      record.status = 'interrupted';
      record.updatedAt = now();
      await deps.progress.putBackfill(record);
      return record;
    }
    const report = await pollSource(source, deps, {
      window: chunk.window,
      quiet: true,
      onProgress: (p) => options.onPage?.({ chunk, pages: p.pages, items: p.items }),
    });
    record.updatedAt = now();
    // What a chunk stored counts even when it stopped part-way; its items are counted once it is read whole.
    record.newItems += report.newItems.length;
    record.pages += report.pages;
    if (report.status === 'failed' || report.cutShort) {
      const where = `${chunk.since}..${chunk.until}`;
      if (report.status === 'failed') Object.assign(record, { status: 'failed', lastError: `${where}: ${report.error ?? 'failed'}` });
      else Object.assign(record, { status: 'partial', cutShort: `${where}: ${report.cutShort}` });
      await deps.progress.putBackfill(record);
      return record;
    }
    record.chunksDone++;
    record.nextDate = isoDate(Date.parse(`${chunk.until}T00:00:00Z`) + DAY_MS);
    record.items += report.newItems.length + report.updatedItems.length + report.unchanged + report.duplicates;
    if (record.chunksDone >= record.chunksTotal) record.status = 'done';
    await deps.progress.putBackfill(record);
    options.onChunk?.(record, chunk);
  }
  return record;
}

const isoDate = (t: number): string => new Date(t).toISOString().slice(0, 10);

/** A real calendar day (the shared check and messages of every date flag), as the epoch ms of its UTC midnight. */
function parseDay(value: string, option: string): number {
  const day = checkCalendarDay(value);
  if (!day.ok) throw new BackfillError(dateMessage(option, value, day.problem));
  return Date.UTC(day.value.year, day.value.month - 1, day.value.day);
}
