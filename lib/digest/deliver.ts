import type { Config, Subscription } from '../config/schema.ts';
import { holderGone, processHolder, type LeaseHolder } from '../lease/holder.ts';
import { utc } from '../lease/run-lease.ts';
import { sha256 } from '../util/hash.ts';
import { composeAlerts, composeBoardAlert, composeRoundup, subscribedEntries } from './compose.ts';
import { DeliveryError, NOT_CONFIGURED, type BoardFeed, type Delivery, type DigestSender, type DigestStore } from './ports.ts';
import { correctionMenu } from '../slack-actions/controls.ts';
import { renderDigest, SLACK_LIMITS } from './render.ts';
import { initialLookbackMs, isRoundupDue } from './schedule.ts';
import type { Digest, DigestItem, DigestMode, EntryInfo, RenderedMessage } from './types.ts';

/**
 * The entry point the pipeline calls: alerts after every poll cycle, roundups on a schedule.
 *
 * Exactly once, per channel and mode:
 * 1. Pending digests left by an earlier run are leased, then reconciled with Slack: each part not recorded as
 *    posted is looked up by the marker it was posted with (message metadata). A digest with any part out is
 *    finished; one with nothing out rolls into the next digest as catch-up.
 * 2. New items since the channel's watermark are composed into a digest whose id is a hash of its content,
 *    written PENDING (conditional create) with the exact messages BEFORE posting; only then the watermark moves.
 * 3. Each part is posted, and its `ts` recorded, in order; SENT when all are out.
 * A crash anywhere leaves either nothing posted (re-sent next run) or a part posted with its marker (found, not
 * re-posted). Two overlapping runs compose the same id, and the lease lets only one of them post. A run that stops
 * early frees its leases; one that dies on this host is taken over at once by the next; any other lease expires.
 */

export interface DeliverOptions {
  mode: DigestMode;
  config: Pick<Config, 'subscriptions' | 'archiveUrl' | 'slack'>;
  registry: { entries: EntryInfo[] };
  store: DigestStore;
  sender: DigestSender;
  now?: Date;
  /** Compose and render only: nothing is posted or written. */
  dryRun?: boolean;
  /** Only this channel's subscription. */
  channel?: string;
  /** Roundups now, whatever the schedule (CLI `--force`). */
  force?: boolean;
  /** How long one run may hold a digest while posting it; a crashed run's digest is retried after this. */
  leaseMs?: number;
  /** Who this run is, recorded on the digests it leases (default: this process). */
  holder?: LeaseHolder;
  /** Sources whose last poll failed (see `Digest.failingSources`); shown in roundups. */
  failingSources?: string[];
  /** The accountability board: its notices are mode `board`'s content, its summary a section of every roundup. */
  board?: BoardFeed;
  /**
   * Roundups read items first stored up to `now - settleMs` only; later ones wait for the next roundup. A poll
   * still writing stamps `firstSeen` before its write lands, so an item can appear behind a watermark already
   * taken: the margin lets such writes settle. Alerts read up to now (they run after the cycle that wrote them).
   */
  settleMs?: number;
}

export interface DigestOutcome {
  id: string;
  status: 'sent' | 'recovered' | 'pending' | 'preview';
  items: number;
  catchUp: number;
  messages: RenderedMessage[];
  /** Parts posted by this run (a recovered digest may have had some out already). */
  postedNow: number;
  ts?: string;
  digest?: Digest;
}

export interface ChannelReport {
  channel: string;
  /** `not-configured`: the sender has no credentials yet; digests stay pending (not a failure). */
  status: 'ok' | 'nothing-new' | 'not-due' | 'busy' | 'failed' | 'not-configured';
  digests: DigestOutcome[];
  error?: { code: string; message: string };
  /** Why the channel was `busy`: another run holds one of its digests, or took its new items first. */
  busy?: BusyReason;
}

export interface BusyReason {
  message: string;
  digestId?: string;
  heldBy?: string;
  until?: string;
}

export interface DeliveryReport {
  mode: DigestMode;
  status: 'ok' | 'partial' | 'failed';
  channels: ChannelReport[];
  /** chat.postMessage calls made (or messages printed). */
  messagesPosted: number;
}

export const DEFAULT_LEASE_MS = 5 * 60_000;

export async function deliverDigests(options: DeliverOptions): Promise<DeliveryReport> {
  const subs = options.config.subscriptions.filter((s) => !options.channel || s.channel === options.channel);
  const channels: ChannelReport[] = [];
  // Channels one after another: the sender paces per channel, and Slack also limits per workspace.
  for (const sub of subs) channels.push(await deliverChannel(sub, options));
  const failed = channels.filter((c) => c.status === 'failed').length;
  return {
    mode: options.mode,
    status: failed === 0 ? 'ok' : failed === channels.length ? 'failed' : 'partial',
    channels,
    messagesPosted: channels.reduce((n, c) => n + c.digests.reduce((m, d) => m + d.postedNow, 0), 0),
  };
}

async function deliverChannel(sub: Subscription, o: DeliverOptions): Promise<ChannelReport> {
  const { store, mode } = o;
  const now = o.now ?? new Date();
  const nowIso = now.toISOString();
  const leaseUntil = new Date(now.getTime() + (o.leaseMs ?? DEFAULT_LEASE_MS)).toISOString();
  const holder = o.holder ?? processHolder('digest');
  const report: ChannelReport = { channel: sub.channel, status: 'ok', digests: [] };
  // Digests this run leased and has not finished: freed on the way out, so a run that stops early blocks no one.
  const leased = new Set<string>();
  const lease = async (id: string): Promise<BusyReason | undefined> => {
    const busy = await leaseDigest(store, sub.channel, id, nowIso, leaseUntil, holder);
    if (!busy) leased.add(id);
    return busy;
  };
  const busy = (reason: BusyReason): ChannelReport => (report.digests.length ? report : { ...report, status: 'busy', busy: reason });
  try {
    // 1. What an earlier run left pending.
    const rollIn: Delivery[] = [];
    for (const pending of await store.listPending(sub.channel, mode)) {
      if (o.dryRun) {
        if (Object.keys(pending.posted).length === 0) rollIn.push(pending);
        continue;
      }
      const held = await lease(pending.id);
      if (held) return { ...report, status: 'busy', busy: held };
      try {
        await reconcile(pending, o.sender);
      } catch (err) {
        if (err instanceof ChannelFailure) await store.recordFailure(sub.channel, pending.id, `${err.cause.code}: ${err.cause.message}`);
        throw err;
      }
      if (Object.keys(pending.posted).length > 0) report.digests.push(await post(pending, o, nowIso, 'recovered'));
      else rollIn.push(pending);
    }

    // 2. Compose.
    const cursor = await store.getCursor(sub.channel, mode);
    const schedule = mode === 'roundups' ? (o.force ? { due: true, slot: now } : isRoundupDue(sub.roundup, now, cursor?.lastSlot)) : undefined;
    const takeNew = mode !== 'roundups' || schedule?.due === true;
    const after = cursor?.watermark ?? new Date(now.getTime() - initialLookbackMs(mode === 'roundups' ? sub.roundup : undefined)).toISOString();
    const until = mode === 'roundups' ? new Date(now.getTime() - (o.settleMs ?? 0)).toISOString() : nowIso;
    const catchUpIds = [...new Set(rollIn.flatMap((d) => d.itemIds))];
    let digest: Digest | undefined;
    let watermark: string;
    if (mode === 'board') {
      const fresh = o.board ? await o.board.newNotices(after, until) : { notices: [], watermark: after };
      const catchUp = catchUpIds.length && o.board ? await o.board.getNotices(catchUpIds) : [];
      digest = composeBoardAlert({ channel: sub.channel, subscription: sub, entries: o.registry.entries, notices: fresh.notices, catchUp, until, archiveUrl: o.config.archiveUrl });
      watermark = fresh.watermark;
    } else {
      const fresh = takeNew ? await store.newItems(after, until) : { items: [], watermark: after, since: after };
      const catchUp = catchUpIds.length ? await store.getItems(catchUpIds) : [];
      const input = {
        channel: sub.channel,
        subscription: sub,
        entries: o.registry.entries,
        items: fresh.items.filter((i) => subscribedEntries(i, sub.tracked).length > 0) as DigestItem[],
        catchUp,
        since: takeNew ? fresh.since : undefined,
        until,
        archiveUrl: o.config.archiveUrl,
        failingSources: o.failingSources,
      };
      const board = mode === 'roundups' && o.board && (takeNew || catchUp.length) ? await o.board.summary(now) : undefined;
      digest =
        mode === 'alerts'
          ? composeAlerts(input)
          : takeNew || catchUp.length
            ? composeRoundup({ ...input, exclude: new Set(cursor?.alerted ?? []), board })
            : undefined;
      watermark = fresh.watermark;
    }
    const worthPosting = digest !== undefined && (digest.itemIds.length > 0 || (takeNew && mode === 'roundups' && sub.heartbeat));

    if (o.dryRun) {
      if (digest && worthPosting) {
        const id = digestId(digest, schedule?.slot);
        const messages = render(digest, id, o);
        report.digests.push({ id, status: 'preview', items: digest.itemIds.length, catchUp: digest.catchUp.length, messages, postedNow: 0, digest });
      }
      return finishStatus(report, mode, schedule?.due);
    }

    let delivery: Delivery | undefined;
    let created = false;
    if (digest && worthPosting) {
      const id = digestId(digest, schedule?.slot);
      const messages = render(digest, id, o);
      delivery = {
        id,
        channel: sub.channel,
        mode,
        status: 'pending',
        itemIds: digest.itemIds,
        catchUpIds: digest.catchUp,
        messages,
        createdAt: nowIso,
        posted: {},
        leaseUntil,
        leaseHolder: holder,
        attempts: 0,
      };
      created = await store.createDelivery(delivery);
      if (created) leased.add(delivery.id);
      else {
        // Same content as an existing digest: it is either one of ours (rolled in above, already leased) or
        // another run's, which then owns it.
        const existing = await store.getDelivery(sub.channel, delivery.id);
        if (!existing || existing.status !== 'pending') return busy({ message: `digest ${delivery.id} was just finished by another run`, digestId: delivery.id });
        if (!leased.has(existing.id)) {
          const held = await lease(existing.id);
          if (held) return busy(held);
        }
        delivery = existing;
      }
    }
    if (takeNew) {
      const moved = await store.advanceCursor(
        { channel: sub.channel, mode, watermark, lastSlot: schedule?.slot?.toISOString() ?? cursor?.lastSlot, updatedAt: nowIso },
        cursor?.watermark,
      );
      if (!moved) {
        // Another run took these items first: posting ours could repeat them. Our digest is dropped unposted; its
        // items past that run's watermark are read again next time, and rolled-in digests stay pending.
        if (delivery && created && (await store.discardDelivery(sub.channel, delivery.id))) leased.delete(delivery.id);
        return busy({ message: 'another run took these new items first; they are delivered by that run or the next one' });
      }
    }
    // Items of undelivered digests now live in the new one (or are no longer subscribed to).
    for (const old of rollIn) {
      if (old.id !== delivery?.id && (await store.markSuperseded(sub.channel, old.id, delivery?.id ?? 'unsubscribed'))) leased.delete(old.id);
    }
    if (digest && mode === 'alerts' && digest.foldedIds.length && sub.roundup.cadence !== 'off') await store.addAlerted(sub.channel, digest.foldedIds);
    if (mode === 'roundups' && takeNew && cursor?.alerted?.length) await store.removeAlerted(sub.channel, cursor.alerted);

    // 3. Post.
    if (delivery) {
      const outcome = await post(delivery, o, nowIso, 'sent');
      leased.delete(delivery.id);
      outcome.digest = digest;
      report.digests.push(outcome);
    }
    return finishStatus(report, mode, schedule?.due);
  } catch (err) {
    if (!(err instanceof ChannelFailure)) throw err;
    const status = err.cause.code === NOT_CONFIGURED ? 'not-configured' : 'failed';
    return { ...report, status, error: { code: err.cause.code, message: err.cause.message } };
  } finally {
    // Sent digests already let go; a failed post freed its own (recordFailure). The rest: best effort, the lease
    // expires anyway.
    for (const id of leased) await store.releaseLease(sub.channel, id, holder.id).catch(() => undefined);
  }
}

/**
 * Leases a pending digest for this run, taking it over at once when its holder was a process on this host that
 * has died. Undefined when leased; otherwise who holds it and until when.
 */
async function leaseDigest(store: DigestStore, channel: string, id: string, now: string, until: string, holder: LeaseHolder): Promise<BusyReason | undefined> {
  if (await store.acquireLease(channel, id, now, until, holder)) return undefined;
  const existing = await store.getDelivery(channel, id);
  const other = existing?.leaseHolder;
  if (existing?.status === 'pending' && other && holderGone(other) && (await store.acquireLease(channel, id, now, until, holder, other.id))) return undefined;
  if (existing?.status !== 'pending') return { message: `digest ${id} was just finished by another run`, digestId: id };
  const who = other?.description ?? 'another run';
  const when = existing.leaseUntil ? ` until ${utc(existing.leaseUntil)}` : '';
  return {
    message: `digest ${id} is being posted by ${who}${when}; it is retried after that (at once if that process has died on this host)`,
    digestId: id,
    heldBy: who,
    until: existing.leaseUntil,
  };
}

/** Rendered for Slack; with corrections on, each item carries a menu naming this digest (checked against the ledger on click). */
const render = (digest: Digest, id: string, o: DeliverOptions): RenderedMessage[] =>
  renderDigest(digest, SLACK_LIMITS, o.config.slack?.corrections ? { accessory: (item, entry) => correctionMenu(id, item, entry) } : {});

/** Stops a channel's run: the digest stays pending and the error is reported. */
class ChannelFailure extends Error {
  override readonly name = 'ChannelFailure';
  constructor(override readonly cause: DeliveryError) {
    super(cause.message);
  }
}

function finishStatus(report: ChannelReport, mode: DigestMode, due: boolean | undefined): ChannelReport {
  if (report.digests.length) return report;
  return { ...report, status: mode === 'roundups' && !due ? 'not-due' : 'nothing-new' };
}

/** Finds parts an interrupted run posted but did not record. Parts go out in order, so the first miss ends the search. */
async function reconcile(delivery: Delivery, sender: DigestSender): Promise<void> {
  const since = new Date(Date.parse(delivery.createdAt) - 5 * 60_000);
  for (const m of delivery.messages) {
    if (delivery.posted[m.part]) continue;
    const threadTs = m.part === 0 ? undefined : delivery.posted['0'];
    if (m.part > 0 && !threadTs) return;
    const ts = await sender.findPosted(delivery.channel, { digestId: delivery.id, part: m.part }, since, threadTs).catch(failChannel);
    if (!ts) return;
    delivery.posted[m.part] = ts;
  }
}

async function post(delivery: Delivery, o: DeliverOptions, nowIso: string, label: 'sent' | 'recovered'): Promise<DigestOutcome> {
  const { store, sender } = o;
  const outcome: DigestOutcome = {
    id: delivery.id,
    status: label,
    items: delivery.itemIds.length,
    catchUp: delivery.catchUpIds.length,
    messages: delivery.messages,
    postedNow: 0,
  };
  // Parts found by reconcile are recorded first, so the ledger catches up with Slack even if posting fails next.
  for (const [part, ts] of Object.entries(delivery.posted)) await store.recordPosted(delivery.channel, delivery.id, Number(part), ts);
  for (const m of delivery.messages) {
    if (delivery.posted[m.part]) continue;
    const threadTs = m.part === 0 ? undefined : delivery.posted['0'];
    let ts: string;
    try {
      ({ ts } = await sender.post(delivery.channel, m, { digestId: delivery.id, part: m.part }, threadTs));
    } catch (err) {
      if (!(err instanceof DeliveryError)) throw err;
      await store.recordFailure(delivery.channel, delivery.id, `${err.code}: ${err.message}`);
      throw new ChannelFailure(err);
    }
    outcome.postedNow++;
    delivery.posted[m.part] = ts;
    await store.recordPosted(delivery.channel, delivery.id, m.part, ts);
  }
  await store.markSent(delivery.channel, delivery.id, nowIso);
  outcome.ts = delivery.posted['0'];
  return outcome;
}

const failChannel = (err: unknown): never => {
  if (err instanceof DeliveryError) throw new ChannelFailure(err);
  throw err;
};

/** Same channel, mode, items (and roundup slot) → same id, so overlapping runs collide on the ledger's conditional write. */
export function digestId(digest: Pick<Digest, 'channel' | 'mode' | 'itemIds' | 'catchUp'>, slot?: Date): string {
  const key = JSON.stringify([digest.channel, digest.mode, slot?.toISOString() ?? '', [...digest.itemIds].sort(), [...digest.catchUp].sort()]);
  return `${digest.mode === 'alerts' ? 'a' : digest.mode === 'board' ? 'b' : 'r'}-${sha256(key).slice(0, 24)}`;
}
