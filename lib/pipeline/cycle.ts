import type { Config, SourceConfig } from '../config/schema.ts';
import { HttpFetchError, type HttpClient } from '../http/types.ts';
import { FeedParseError } from '../sources/rss.ts';
import type { Item, ItemDraft } from '../model/item.ts';
import { ItemRejectedError, type ArchiveStore, type Candidate, type IngestResult } from '../store/ports.ts';
import { SourceStateEntity, type SourceState } from '../store/entities/source-state-entity.ts';
import { CycleEntity } from '../store/entities/cycle-entity.ts';
import { ItemEntity } from '../store/entities/item-entity.ts';
import { classify, type CompiledRegistry } from '../classify/classifier.ts';
import { ADAPTERS, type AdapterRegistry } from '../sources/index.ts';
import { checkDraft } from './draft-checks.ts';
import { prefilterFor } from '../sources/prefilter.ts';
import type { PollContext, PollWindow, SourceAdapter } from '../sources/types.ts';

export interface CycleDeps {
  store: ArchiveStore;
  http: HttpClient;
  compiled: CompiledRegistry;
  searchTerms: string[];
  adapters?: AdapterRegistry;
  /** Days an item that matched nothing is kept (config `untrackedRetentionDays`); default 90. */
  untrackedRetentionDays?: number;
  now?: () => Date;
  /**
   * Told what each ingest stored, once it is stored and in the same turn (the accountability board records its
   * events here: `Board.afterIngest`). A failure is a warning on the source; the items are archived either way.
   */
  afterIngest?: IngestListener;
}

export type IngestListener = (stored: Pick<IngestResult, 'newItems' | 'updatedItems'>) => Promise<void>;

export interface SourceReport {
  sourceId: string;
  status: 'ok' | 'not-modified' | 'failed';
  newItems: Item[];
  updatedItems: Item[];
  unchanged: number;
  duplicates: number;
  /** DynamoDB write requests for items (batched); 0 when nothing changed. */
  writeRequests: number;
  /** Writes of the source's own state (only when it materially changed, or on failure). */
  stateWrites: number;
  pages: number;
  bytes: number;
  error?: string;
  /** A limit left part of the window unread (`PollOutcome.cutShort`): why. */
  cutShort?: string;
  warnings: string[];
  durationMs: number;
}

export interface CycleReport {
  startedAt: string;
  finishedAt: string;
  status: 'ok' | 'partial' | 'failed';
  sources: SourceReport[];
  newItems: Item[];
  updatedItems: Item[];
}

export interface PollOptions {
  window?: PollWindow;
  /** Archive without alerting. Defaults to true on a source's first poll (no flood), unless the source asks otherwise. */
  quiet?: boolean;
  onProgress?: PollContext['onProgress'];
  /**
   * Write the source's state even when only its timestamps changed. A cycle passes false and records every
   * source's outcome in its one cycle record instead, so an unchanged source costs no write.
   */
  recordEveryPoll?: boolean;
  /** Runs the store step when its turn comes (a cycle stores one source at a time); default: at once. */
  inTurn?: <T>(task: () => Promise<T>) => Promise<T>;
}

/** Sources polled at once: enough to hide network latency, few enough to stay polite and fit 2 cores. */
const CONCURRENCY = 4;

export interface CycleOptions {
  /** Poll only these source ids (enabled or not). */
  only?: string[];
  /**
   * Epoch ms after which no request is made or retried (a Lambda's end, less time to store and record): a source
   * still fetching then fails with "out of time", and the cycle is recorded instead of being cut off unheard.
   */
  deadline?: number;
}

/**
 * One poll cycle over every enabled source (or `only` those named). A failing source is recorded on its state
 * and in the report; it never stops the others. Status: `ok`; `partial` when any source failed (even all of them:
 * the run itself worked and recorded why); `failed` when the archive itself could not be written.
 */
export async function runCycle(config: Config, deps: CycleDeps, options: CycleOptions = {}): Promise<CycleReport> {
  const startedAt = (deps.now?.() ?? new Date()).toISOString();
  const sources = config.sources.filter((s) => (options.only ? options.only.includes(s.id) : s.enabled));
  const { deadline } = options;
  // Every request of the cycle carries its deadline.
  const withRetention = { ...deps, untrackedRetentionDays: deps.untrackedRetentionDays ?? config.untrackedRetentionDays };
  const sourceDeps: CycleDeps = deadline === undefined ? withRetention : { ...withRetention, http: { get: (request) => deps.http.get({ ...request, deadline }) } };
  // Fetch in parallel, store one source at a time: the same story in two feeds must meet the first one's
  // aliases, not race it (parallel ingests would both see it as new).
  const inTurn = serialQueue();
  const reports = await mapLimit(sources, CONCURRENCY, (source) => pollSource(source, sourceDeps, { recordEveryPoll: false, inTurn }));
  const failed = reports.filter((r) => r.status === 'failed').length;
  const report: CycleReport = {
    startedAt,
    finishedAt: (deps.now?.() ?? new Date()).toISOString(),
    status: failed > 0 ? 'partial' : 'ok',
    sources: reports,
    newItems: reports.flatMap((r) => r.newItems),
    updatedItems: reports.flatMap((r) => r.updatedItems),
  };
  try {
    await deps.store.putCycle({
      startedAt: report.startedAt,
      finishedAt: report.finishedAt,
      status: report.status,
      sources: reports.map((r) => ({
        sourceId: r.sourceId,
        status: r.status,
        new: r.newItems.length,
        updated: r.updatedItems.length,
        unchanged: r.unchanged,
        error: r.error,
      })),
      expiresAt: Math.floor(Date.parse(report.finishedAt) / 1000) + CycleEntity.retentionDays * 86_400,
    });
  } catch (err) {
    // The items are stored; only the cycle's own record is missing. Say so, and do not report success.
    report.status = 'failed';
    for (const r of reports) r.warnings.push(`cycle record not written: ${(err as Error).message}`);
  }
  return report;
}

/** Polls one source, classifies what it returns, stores it and updates the source's state. Never throws for source faults. */
export async function pollSource(source: SourceConfig, deps: CycleDeps, options: PollOptions = {}): Promise<SourceReport> {
  const started = Date.now();
  const now = deps.now?.() ?? new Date();
  const report: SourceReport = {
    sourceId: source.id,
    status: 'failed',
    newItems: [],
    updatedItems: [],
    unchanged: 0,
    duplicates: 0,
    writeRequests: 0,
    stateWrites: 0,
    pages: 0,
    bytes: 0,
    warnings: [],
    durationMs: 0,
  };
  let state: SourceState | undefined;
  try {
    state = await deps.store.getSourceState(source.id);
    const adapter = (deps.adapters ?? ADAPTERS)[source.type] as SourceAdapter | undefined;
    if (!adapter) throw new Error(`no adapter for source type "${source.type}"`);
    const outcome = await adapter.poll({
      source,
      state,
      http: deps.http,
      now,
      searchTerms: deps.searchTerms,
      prefilter: prefilterFor(deps.compiled),
      window: options.window,
      onProgress: options.onProgress,
    });
    Object.assign(report, { pages: outcome.pages, bytes: outcome.bytes, warnings: outcome.warnings }, outcome.cutShort && { cutShort: outcome.cutShort });

    const fetched = now.toISOString();
    const quiet = options.quiet ?? (!state?.seededAt && !source.alertOnFirstPoll);
    if (!outcome.notModified) {
      const expiresAt = ItemEntity.untrackedExpiresAt(now, deps.untrackedRetentionDays);
      const candidates = toCandidates(outcome.drafts, deps.compiled, now, quiet, report.warnings).map((c) => ({ ...c, untrackedExpiresAt: expiresAt }));
      const store = async () => {
        const stored = await ingestIsolated(deps, candidates, report.warnings);
        await notifyIngest(deps.afterIngest, stored, report);
        return stored;
      };
      const ingested = await (options.inTurn ? options.inTurn(store) : store());
      Object.assign(report, {
        newItems: ingested.newItems,
        updatedItems: ingested.updatedItems,
        unchanged: ingested.unchanged,
        duplicates: ingested.duplicates,
        writeRequests: ingested.writeRequests,
      });
    }
    // A poll stopped part-way by a failure: what it read is stored above, and the source is recorded as failing.
    const { failure } = outcome;
    report.status = failure ? 'failed' : outcome.notModified ? 'not-modified' : 'ok';
    if (failure) report.error = describe(failure);

    const previous = state ?? SourceStateEntity.initial(source.id);
    const next: SourceState = {
      ...previous,
      etag: outcome.etag,
      lastModified: outcome.lastModified,
      cursor: outcome.cursor ?? previous.cursor,
      consecutiveFailures: failure ? previous.consecutiveFailures + 1 : 0,
      // Seeded only by a whole poll: the rest of a first window, read by the next poll, is archived quietly too.
      seededAt: previous.seededAt ?? (failure ? undefined : fetched),
      itemsStored: previous.itemsStored + report.newItems.length,
      lastItemSeen: newest(report.newItems)?.id ?? previous.lastItemSeen,
    };
    if (options.window) {
      // A backfill says nothing about the live source's health: only what it stored and that it is seeded.
      await saveState(deps, { ...previous, seededAt: next.seededAt, itemsStored: next.itemsStored }, report);
    } else if (failure) {
      await saveState(deps, { ...next, lastPolledAt: fetched, lastErrorAt: fetched, lastError: report.error }, report);
    } else if (options.recordEveryPoll !== false || materiallyChanged(previous, next, state === undefined)) {
      await saveState(deps, { ...next, lastPolledAt: fetched, lastSuccessAt: fetched }, report);
    }
  } catch (err) {
    report.status = 'failed';
    report.error = describe(err);
    // A failed backfill chunk is the backfill's to record (and retry), not a failure of the live source.
    if (options.window) {
      report.durationMs = Date.now() - started;
      return report;
    }
    const previous = state ?? SourceStateEntity.initial(source.id);
    await saveState(
      deps,
      {
        ...previous,
        lastPolledAt: now.toISOString(),
        lastErrorAt: now.toISOString(),
        lastError: report.error,
        consecutiveFailures: previous.consecutiveFailures + 1,
      },
      report,
    ).catch((stateErr: unknown) => {
      report.warnings.push(`state not saved: ${describe(stateErr)}`);
    });
  }
  report.durationMs = Date.now() - started;
  return report;
}

/**
 * Drafts checked and classified one at a time: one that cannot be (a malformed draft, a classifier fault) is recorded
 * as a warning on the source and skipped, and the rest of the feed is still stored.
 */
function toCandidates(drafts: ItemDraft[], compiled: CompiledRegistry, now: Date, quiet: boolean, warnings: string[]): Candidate[] {
  const candidates: Candidate[] = [];
  drafts.forEach((draft, i) => {
    try {
      candidates.push(toCandidate(checkDraft(draft, now, warnings), compiled, now.toISOString(), quiet));
    } catch (err) {
      const title = typeof draft?.title === 'string' ? `"${draft.title.slice(0, 60)}"` : `item ${i + 1}`;
      warnings.push(`${title} skipped: ${describe(err)}`);
    }
  });
  return candidates;
}

/**
 * Stores the candidates in one batch; when the store refuses the batch's content, one at a time, so the item it
 * cannot take is recorded on the source and skipped instead of failing the source on every poll.
 */
async function ingestIsolated(deps: CycleDeps, candidates: Candidate[], warnings: string[]): Promise<IngestResult> {
  const now = deps.now ?? (() => new Date());
  try {
    return await deps.store.ingest(candidates, now);
  } catch (err) {
    if (!(err instanceof ItemRejectedError)) throw err;
  }
  const total: IngestResult = { newItems: [], updatedItems: [], unchanged: 0, duplicates: 0, writeRequests: 0 };
  for (const candidate of candidates) {
    try {
      const one = await deps.store.ingest([candidate], now, { resumed: true });
      total.newItems.push(...one.newItems);
      total.updatedItems.push(...one.updatedItems);
      total.unchanged += one.unchanged;
      total.duplicates += one.duplicates;
      total.writeRequests += one.writeRequests;
    } catch (err) {
      if (!(err instanceof ItemRejectedError)) throw err;
      warnings.push(`"${candidate.draft.title.slice(0, 60)}" not stored: ${err.message.slice(0, 200)}`);
    }
  }
  return total;
}

async function notifyIngest(listener: IngestListener | undefined, stored: IngestResult, report: SourceReport): Promise<void> {
  if (!listener || stored.newItems.length + stored.updatedItems.length === 0) return;
  await listener(stored).catch((err: unknown) => void report.warnings.push(`board not updated: ${describe(err)}`));
}

function toCandidate(draft: ItemDraft, compiled: CompiledRegistry, fetched: string, quiet: boolean): Candidate {
  const classification = classify(
    {
      title: draft.title,
      text: draft.text,
      sourceUrl: draft.url,
      sourceType: draft.sourceType,
      published: draft.published,
      kindHint: draft.kindHint,
    },
    compiled,
  );
  return { draft, classification, fetched, quiet };
}

async function saveState(deps: CycleDeps, state: SourceState, report: SourceReport): Promise<void> {
  await deps.store.putSourceState(state);
  report.stateWrites++;
}

/** Anything but timestamps: validators, cursor, a cleared failure streak, new items, or a first sighting. */
function materiallyChanged(before: SourceState, after: SourceState, isNew: boolean): boolean {
  return (
    isNew ||
    before.etag !== after.etag ||
    before.lastModified !== after.lastModified ||
    JSON.stringify(before.cursor) !== JSON.stringify(after.cursor) ||
    before.consecutiveFailures !== after.consecutiveFailures ||
    before.itemsStored !== after.itemsStored ||
    before.lastItemSeen !== after.lastItemSeen
  );
}

const newest = (items: Item[]): Item | undefined =>
  items.reduce<Item | undefined>((best, i) => (!best || i.published > best.published ? i : best), undefined);

/** Fetch and parse failures already read as sentences; anything else keeps its class name as a clue. */
function describe(err: unknown): string {
  if (err instanceof HttpFetchError || err instanceof FeedParseError) return err.message;
  if (err instanceof Error) return err.name && err.name !== 'Error' ? `${err.name}: ${err.message}` : err.message;
  return String(err);
}

/** Tasks run one after another in the order they were handed in, whatever order they become ready. */
function serialQueue(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = tail.then(task);
    tail = run.catch(() => undefined);
    return run;
  };
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  });
  await Promise.all(workers);
  return results;
}
