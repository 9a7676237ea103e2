import type { Kind } from '../model/item.ts';
import type { Subscription } from '../config/schema.ts';
import type { BoardSummary } from '../board/notices.ts';
import type { BoardNotice } from '../board/ports.ts';
import type { Digest, DigestGroup, DigestItem, DigestMode, EntryInfo } from './types.ts';

/**
 * Pure selection and grouping: which new items a subscription's alert or roundup carries, under which
 * tracked entry, in what order. Rendering (Block Kit, terminal) is separate.
 */

/**
 * News (kind `news`; debates and questions stay for the roundup) is "about the same event" as an alert when it
 * matched the same tracked entry and was published within
 * this long of one of the alert's items, in the same batch. Simple enough to explain in one sentence, and
 * reporting on a statement or report lands within a day or two of it.
 */
export const SAME_EVENT_WINDOW_MS = 48 * 3600_000;

/** Items listed per entry in a roundup; the rest are counted and linked. */
export const ROUNDUP_TOP_N = 5;

const KIND_RANK: Record<Kind, number> = { statement: 0, report: 1, debate: 2, question: 3, news: 4 };
/** Primary sources (the department, Parliament, the inquiry) before coverage of them. */
const isPrimarySource = (item: DigestItem) => item.sourceType !== 'news' && item.sourceType !== 'other';

export interface ComposeInput {
  channel: string;
  subscription: Pick<Subscription, 'tracked' | 'alertKinds'>;
  /** Registry entries, in registry order (groups follow it). */
  entries: EntryInfo[];
  /** New tracked items in the window, any kind. */
  items: DigestItem[];
  /** Items of an earlier digest that was never delivered; they join this one, labelled catch-up. */
  catchUp?: DigestItem[];
  since?: string;
  until: string;
  archiveUrl?: string;
  failingSources?: string[];
}

/** The entries of `item` the subscription follows, strongest evidence first. */
export function subscribedEntries(item: DigestItem, tracked: Subscription['tracked']): string[] {
  const ids = [...item.inquiries, ...item.commitments].filter((id) => tracked === 'all' || tracked.includes(id));
  const score = (id: string) => item.evidence.find((e) => e.id === id)?.score ?? 0;
  return [...new Set(ids)].sort((a, b) => score(b) - score(a));
}

/**
 * The alert for one channel: new items of the alert kinds grouped by tracked entry (each item under its
 * strongest entry, so nothing is listed twice), primary sources first; news on the same entry within
 * `SAME_EVENT_WINDOW_MS` folded under it. Undefined when there is nothing to alert.
 */
export function composeAlerts(input: ComposeInput): Digest | undefined {
  const { subscription } = input;
  const all = mergeById(input.items, input.catchUp ?? []);
  const alertKinds = new Set<Kind>(subscription.alertKinds);
  const byEntry = new Map<string, DigestItem[]>();
  for (const item of all) {
    if (!alertKinds.has(item.kind)) continue;
    const [entryId] = subscribedEntries(item, subscription.tracked);
    if (entryId) byEntry.set(entryId, [...(byEntry.get(entryId) ?? []), item]);
  }
  if (byEntry.size === 0) return undefined;

  const folded = new Set<string>();
  const groups: DigestGroup[] = orderedEntries(input.entries, byEntry.keys()).map((entry) => {
    const items = byEntry.get(entry.id)!.sort(primaryFirst);
    const times = items.map((i) => Date.parse(i.published));
    const related = all
      .filter((n) => n.kind === 'news' && !alertKinds.has(n.kind) && !folded.has(n.id))
      .filter((n) => subscribedEntries(n, subscription.tracked).includes(entry.id))
      .filter((n) => times.some((t) => Math.abs(Date.parse(n.published) - t) <= SAME_EVENT_WINDOW_MS))
      .sort(byPublished);
    for (const n of related) folded.add(n.id);
    return { entry, items, related, more: 0 };
  });
  return finish(input, 'alerts', groups, [...folded]);
}

/**
 * The roundup for one channel: every other new item (kinds that do not alert, minus those already folded
 * under an alert), grouped by entry with counts by kind and the top `topN` listed. Groups may be empty
 * (a heartbeat).
 */
export function composeRoundup(input: ComposeInput & { exclude?: ReadonlySet<string>; topN?: number; board?: BoardSummary }): Digest {
  const { subscription } = input;
  const topN = input.topN ?? ROUNDUP_TOP_N;
  const alertKinds = new Set<Kind>(subscription.alertKinds);
  const byEntry = new Map<string, DigestItem[]>();
  for (const item of mergeById(input.items, input.catchUp ?? [])) {
    if (alertKinds.has(item.kind) || input.exclude?.has(item.id)) continue;
    const [entryId] = subscribedEntries(item, subscription.tracked);
    if (entryId) byEntry.set(entryId, [...(byEntry.get(entryId) ?? []), item]);
  }
  const groups = orderedEntries(input.entries, byEntry.keys()).map((entry): DigestGroup => {
    const items = byEntry.get(entry.id)!;
    const counts: Partial<Record<Kind, number>> = {};
    for (const i of items) counts[i.kind] = (counts[i.kind] ?? 0) + 1;
    // Most substantive kinds first, then newest.
    const ranked = [...items].sort((a, b) => KIND_RANK[a.kind] - KIND_RANK[b.kind] || b.published.localeCompare(a.published));
    return { entry, items: ranked.slice(0, topN), related: [], counts, more: Math.max(0, items.length - topN) };
  });
  const digest = finish(input, 'roundups', groups, []);
  // Counted-but-unlisted items are delivered too (as a count and a link), so the ledger records them all.
  digest.itemIds = [...new Set([...digest.itemIds, ...[...byEntry.values()].flat().map((i) => i.id)])].sort();
  const board = input.board && boardFor(input.board, subscription.tracked);
  if (board) digest.board = board;
  return digest;
}

/** The board's section of a roundup, for the entries the channel follows; undefined when there is nothing to say. */
function boardFor(summary: BoardSummary, tracked: Subscription['tracked']): BoardSummary | undefined {
  const follows = (row: { entryId: string }) => tracked === 'all' || tracked.includes(row.entryId);
  const mine: BoardSummary = {
    overdue: summary.overdue.filter(follows),
    dueSoon: summary.dueSoon.filter(follows),
    stalled: summary.stalled.filter(follows),
    changed: summary.changed.filter(follows),
  };
  return mine.overdue.length + mine.dueSoon.length + mine.stalled.length + mine.changed.length > 0 ? mine : undefined;
}

/**
 * Board alerts for one channel: the state changes and passed deadlines noticed since its last board alert, on the
 * entries it follows, in the order they were noticed. Undefined when there is none.
 */
export function composeBoardAlert(input: {
  channel: string;
  subscription: Pick<Subscription, 'tracked'>;
  entries: EntryInfo[];
  notices: BoardNotice[];
  catchUp: BoardNotice[];
  until: string;
  archiveUrl?: string;
}): Digest | undefined {
  const follows = (n: BoardNotice) => input.subscription.tracked === 'all' || input.subscription.tracked.includes(n.entryId);
  const byId = new Map([...input.catchUp, ...input.notices].filter(follows).map((n) => [n.id, n]));
  if (byId.size === 0) return undefined;
  const order = new Map(input.entries.map((e, i) => [e.id, i]));
  const notices = [...byId.values()].sort((a, b) => (order.get(a.entryId) ?? 1e9) - (order.get(b.entryId) ?? 1e9) || a.noticedAt.localeCompare(b.noticedAt) || a.id.localeCompare(b.id));
  const caughtUp = new Set(input.catchUp.map((n) => n.id));
  return {
    mode: 'board',
    channel: input.channel,
    groups: orderedEntries(input.entries, notices.map((n) => n.entryId)).map((entry) => ({ entry, items: [], related: [], more: 0 })),
    catchUp: notices.filter((n) => caughtUp.has(n.id)).map((n) => n.id),
    itemIds: notices.map((n) => n.id).sort(),
    foldedIds: [],
    until: input.until,
    archiveUrl: input.archiveUrl,
    notices,
  };
}

function finish(input: ComposeInput, mode: DigestMode, groups: DigestGroup[], foldedIds: string[]): Digest {
  const itemIds = [...new Set(groups.flatMap((g) => [...g.items, ...g.related].map((i) => i.id)))].sort();
  const inDigest = new Set(itemIds);
  return {
    mode,
    channel: input.channel,
    groups,
    catchUp: (input.catchUp ?? []).map((i) => i.id).filter((id) => inDigest.has(id)),
    itemIds,
    foldedIds: foldedIds.sort(),
    since: input.since,
    until: input.until,
    archiveUrl: input.archiveUrl,
    ...(mode === 'roundups' && input.failingSources?.length ? { failingSources: input.failingSources } : {}),
  };
}

/** Registry order; entries missing from the registry (since removed) come last under their id. */
function orderedEntries(entries: EntryInfo[], ids: Iterable<string>): EntryInfo[] {
  const wanted = new Set(ids);
  const known = entries.filter((e) => wanted.has(e.id));
  const unknown = [...wanted].filter((id) => !entries.some((e) => e.id === id)).sort();
  return [...known, ...unknown.map((id): EntryInfo => ({ id, name: id, type: id.startsWith('c-') ? 'commitment' : 'inquiry' }))];
}

function mergeById(items: DigestItem[], more: DigestItem[]): DigestItem[] {
  const seen = new Map<string, DigestItem>();
  for (const i of [...more, ...items]) seen.set(i.id, i);
  return [...seen.values()];
}

const byPublished = (a: DigestItem, b: DigestItem) => a.published.localeCompare(b.published) || a.id.localeCompare(b.id);
const primaryFirst = (a: DigestItem, b: DigestItem) =>
  Number(isPrimarySource(b)) - Number(isPrimarySource(a)) || KIND_RANK[a.kind] - KIND_RANK[b.kind] || byPublished(a, b);
