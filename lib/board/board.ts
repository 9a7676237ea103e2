import type { BoardFeed } from '../digest/ports.ts';
import type { Item } from '../model/item.ts';
import type { Registry } from '../registry/registry.ts';
import { londonToday } from './dates.ts';
import { EventDetector } from './detect.ts';
import { deriveStatus, type EntryInput } from './derive.ts';
import { boardEntries, registryEvents } from './entries.ts';
import type { MentionMatcher } from './mentions.ts';
import { noticesFor, summarise, type BoardSummary } from './notices.ts';
import { findPledges } from './pledges.ts';
import type { BoardNotice, BoardStore } from './ports.ts';
import { DEFAULT_BOARD_OPTIONS, type BoardEvent, type BoardOptions, type Deadline, type DeadlineStatus, type Decision, type EntryStatus } from './types.ts';

/** Entries read at once: enough to hide latency, few enough to stay far from throttling. */
const READ_CONCURRENCY = 8;

export class UnknownEntryError extends Error {
  override readonly name = 'UnknownEntryError';
}

export class BoardDecisionError extends Error {
  override readonly name = 'BoardDecisionError';
}

/** What one ingest gave the board. */
export interface RecordOutcome {
  events: number;
  linked: number;
  pledges: number;
}

/**
 * The accountability board: where each tracked inquiry, recommendation and commitment stands, with the evidence.
 *
 * Written at ingest (`record`, hooked into every poll cycle and backfill), read through `status`, `entry` and
 * `deadlines` (CLI, API, web pages, Slack), corrected by people (`decide`), and told to Slack through `notice`,
 * which the digest run calls after every poll and on schedules (see README "Accountability board").
 */
export class Board {
  readonly entries: EntryInput[];
  readonly options: BoardOptions;
  private readonly detector: EventDetector;
  private readonly mentions: MentionMatcher;
  private readonly byId: Map<string, EntryInput>;
  private readonly seeds: Map<string, BoardEvent[]>;
  private readonly commitmentIds: Set<string>;

  constructor(
    private readonly store: BoardStore,
    registry: Registry,
    options: Partial<BoardOptions> = {},
  ) {
    this.entries = boardEntries(registry);
    this.options = { ...DEFAULT_BOARD_OPTIONS, ...options };
    this.detector = new EventDetector(registry);
    this.mentions = this.detector.mentions;
    this.byId = new Map(this.entries.map((e) => [e.id, e]));
    this.seeds = new Map();
    for (const e of registryEvents(registry)) this.seeds.set(e.entryId, [...(this.seeds.get(e.entryId) ?? []), e]);
    this.commitmentIds = new Set(registry.entries.filter((e) => e.type === 'commitment').map((e) => e.id));
  }

  /**
   * Records what stored items say: their events (replacing what an earlier version or registry said), links
   * between committee reports and responses, and candidate pledges. New items that give nothing cost no write.
   */
  async record(items: Item[], revised = false): Promise<RecordOutcome> {
    const outcome: RecordOutcome = { events: 0, linked: 0, pledges: 0 };
    for (const item of items) {
      const detection = this.detector.detect(item);
      if (revised || detection.events.length > 0) await this.store.replaceItemEvents(item.id, detection.events);
      outcome.events += detection.events.length;
      const reports = detection.events.filter((e) => e.type === 'committee-report');
      if (reports.length) outcome.linked += (await this.store.linkCommitteeReport(reports)).length;
      if (detection.response) outcome.linked += (await this.store.linkCommitteeResponse(detection.response)).length;
      const pledges = findPledges(item, this.mentions, this.commitmentIds);
      if (pledges.length) await this.store.putPledges(pledges);
      outcome.pledges += pledges.length;
    }
    return outcome;
  }

  /** The pipeline's hook (`CycleDeps.afterIngest`): new items, then revised ones (whose earlier events are replaced). */
  readonly afterIngest = async (stored: { newItems: Item[]; updatedItems: Item[] }): Promise<void> => {
    await this.record(stored.newItems);
    await this.record(stored.updatedItems, true);
  };

  /** Every entry (or those named) as of `at` (yyyy-mm-dd, default today), in registry order. */
  async status(ids?: string[], at?: string): Promise<EntryStatus[]> {
    const wanted = ids?.length ? ids.map((id) => this.entryInput(id)) : this.entries;
    const day = at ?? londonToday();
    return mapLimit(wanted, READ_CONCURRENCY, async (e) => {
      const { events, decisions } = await this.store.readEntry(e.id);
      return deriveStatus(e, [...(this.seeds.get(e.id) ?? []), ...events], decisions, day, this.options);
    });
  }

  async entry(id: string, at?: string): Promise<EntryStatus> {
    return (await this.status([id], at))[0]!;
  }

  /** Every deadline on the board, most urgent first: overdue (longest first), then open (soonest first), then the rest. */
  async deadlines(at?: string, statuses?: DeadlineStatus[]): Promise<(Deadline & { name: string })[]> {
    const all = (await this.status(undefined, at)).flatMap((s) => s.deadlines.map((d) => ({ ...d, name: s.name })));
    const rank: Record<DeadlineStatus, number> = { overdue: 0, open: 1, met: 2, excepted: 3 };
    return all
      .filter((d) => !statuses || statuses.includes(d.status))
      .sort((a, b) => rank[a.status] - rank[b.status] || (a.status === 'overdue' ? b.days - a.days : a.due.localeCompare(b.due)));
  }

  /**
   * A person's correction. Checked against the board as it stands (the event or deadline must exist) and stored
   * beside the entry's events; it wins over inference from then on, whatever is detected later.
   */
  async decide(decision: Decision): Promise<void> {
    const entry = this.entryInput(decision.entryId);
    const { events, decisions } = await this.store.readEntry(entry.id);
    const all = [...(this.seeds.get(entry.id) ?? []), ...events];
    // Any event on the log, shown or rejected earlier: a person may change their mind.
    if ((decision.action === 'confirm' || decision.action === 'reject') && !all.some((e) => e.id === decision.eventId)) {
      throw new BoardDecisionError(`${entry.id} has no event ${decision.eventId} (see \`status ${entry.id}\` for event ids)`);
    }
    if (decision.action === 'deadline-met' || decision.action === 'deadline-excepted') {
      const status = deriveStatus(entry, all, decisions, londonToday(), this.options);
      if (!status.deadlines.some((d) => d.id === decision.deadlineId)) {
        throw new BoardDecisionError(`${entry.id} has no deadline ${decision.deadlineId} (see \`status ${entry.id}\`)`);
      }
    }
    await this.store.putDecision(decision);
  }

  /**
   * Notices what changed, as of `now`: state changes and deadlines passed (see `noticesFor`). Run by the digest
   * after every poll and on schedules, so a deadline that passes with no new item is still noticed. Returns the
   * notices created now (each is created once, however often this runs).
   */
  async notice(now: Date): Promise<BoardNotice[]> {
    const statuses = await this.status(undefined, londonToday(now));
    const created: BoardNotice[] = [];
    for (const notice of statuses.flatMap((s) => noticesFor(s, now))) {
      if (await this.store.createNotice(notice)) created.push(notice);
    }
    return created;
  }

  async summary(now: Date): Promise<BoardSummary> {
    return summarise(await this.status(undefined, londonToday(now)), now, this.options.dueSoonDays);
  }

  /** Candidate pledges (`registry suggest`). */
  get pledges(): Pick<BoardStore, 'listPledges' | 'getPledge' | 'setPledgeStatus'> {
    return this.store;
  }

  /** What digests read: notices to alert, and the roundup's board section. */
  feed(): BoardFeed {
    return {
      newNotices: (after, until) => this.store.newNotices(after, until),
      getNotices: (ids) => this.store.getNotices(ids),
      summary: (now) => this.summary(now),
    };
  }

  private entryInput(id: string): EntryInput {
    const e = this.byId.get(id);
    if (!e) throw new UnknownEntryError(`no tracked entry "${id}" (see \`inquiry-watch registry\`)`);
    return e;
  }
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]!);
      }
    }),
  );
  return results;
}
