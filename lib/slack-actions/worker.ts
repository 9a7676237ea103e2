import type { CorrectionOutcome, CorrectionStore } from '../corrections/ports.ts';
import { escapeMrkdwn, truncate } from '../digest/mrkdwn.ts';
import type { DigestStore } from '../digest/ports.ts';
import type { EntryInfo } from '../digest/types.ts';
import type { TagCorrection } from '../model/item.ts';
import { QueryParamError } from '../query/errors.ts';
import type { ArchiveReader } from '../query/ports.ts';
import { annotateMessage, correctionKey } from './annotate.ts';
import { entryName, findItems, findReply, plainReply } from './commands.ts';
import { controlsIn } from './controls.ts';
import { SlackActionError, type Reply, type RequestLedger, type SlackActionsPort, type SlackJob } from './ports.ts';
import type { StatusPort } from './status.ts';

/**
 * The work behind a request, after Slack's acknowledgement: exactly once per request through the request ledger
 * (a lease, then done). A job that fails part-way is retried (by Lambda, or the next call locally) and picks up
 * safely: the correction is idempotent, the message update is rebuilt from the ledger, the reply goes last.
 */

export interface WorkerDeps {
  ledger: RequestLedger;
  slack: SlackActionsPort;
  deliveries: Pick<DigestStore, 'getDelivery' | 'getItems'>;
  corrections: CorrectionStore;
  entries: readonly EntryInfo[];
  reader: ArchiveReader;
  cursorSecret: string;
  archiveUrl?: string;
  /** The accountability board, for `/inquiry status`. */
  status?: StatusPort;
  /**
   * Called after a correction, with the item as it now stands: the board re-detects its events. Also when the
   * correction was already in force (a retried job), since the run that applied it may have stopped before this.
   */
  onCorrected?: (outcome: CorrectionOutcome) => Promise<void>;
  now?: () => Date;
  leaseMs?: number;
}

export interface JobReport {
  status: 'done' | 'skipped';
  /** What happened, for logs and tests: `applied`, `unchanged`, `refused:not-member`, `answered`, … */
  outcome: string;
}

export const JOB_LEASE_MS = 60_000;

export async function runSlackJob(job: SlackJob, deps: WorkerDeps): Promise<JobReport> {
  const clock = deps.now ?? (() => new Date());
  const now = clock();
  // Only jobs the door recorded run, and each only once.
  const claim = await deps.ledger.claim(job.requestId, now, new Date(now.getTime() + (deps.leaseMs ?? JOB_LEASE_MS)));
  if (claim !== 'claimed') return { status: 'skipped', outcome: claim };
  const { outcome, reply } = job.type === 'correction' ? await correct(job, deps, now) : await command(job, deps);
  let answered = outcome;
  try {
    await deps.slack.respond(job.responseUrl, reply);
  } catch (err) {
    if (!(err instanceof SlackActionError)) throw err;
    answered = `${outcome} (reply not delivered: ${err.code})`;
  }
  await deps.ledger.finish(job.requestId, answered, clock());
  return { status: 'done', outcome: answered };
}

type Correction = Extract<SlackJob, { type: 'correction' }>;

async function correct(job: Correction, deps: WorkerDeps, now: Date): Promise<{ outcome: string; reply: Reply }> {
  const { control } = job;
  const refused = (why: string, text: string) => ({ outcome: `refused:${why}`, reply: plainReply(`${text} Nothing was changed.`) });
  const entry = deps.entries.find((e) => e.id === control.entryId);
  if (!entry) return refused('unknown-entry', `\`${escapeMrkdwn(control.entryId)}\` is no longer a tracked entry.`);
  const delivery = await deps.deliveries.getDelivery(job.channel, control.digestId);
  const part = delivery && Object.entries(delivery.posted).find(([, ts]) => ts === job.messageTs)?.[0];
  const message = part === undefined ? undefined : delivery!.messages.find((m) => m.part === Number(part));
  // The option must be one we posted, in this channel, in this very message.
  if (!message || !controlsIn(message).some((c) => c.itemId === control.itemId && c.entryId === control.entryId)) {
    return refused('not-our-message', 'This message is not one Inquiry Watch can correct (or it is older than its delivery records).');
  }
  let member: boolean;
  try {
    member = await deps.slack.isMember(job.channel, job.user.id);
  } catch (err) {
    if (!(err instanceof SlackActionError)) throw err;
    const why = err.code === 'token_not_set' ? 'its Slack bot token is not set; ask a maintainer' : `${escapeMrkdwn(err.code)}; please try again`;
    return refused('membership-unknown', `Inquiry Watch could not check that you are a member of <#${job.channel}> (${why}).`);
  }
  if (!member) return refused('not-member', `Only members of <#${job.channel}> can correct its alerts.`);

  const result = await deps.corrections.correct(control.itemId, {
    entryId: entry.id,
    verdict: control.verdict,
    entryType: entry.type,
    by: job.user.id,
    ...(job.user.name ? { byName: job.user.name } : {}),
    at: now.toISOString(),
    channel: job.channel,
    messageTs: job.messageTs,
    digestId: control.digestId,
  });
  if (result.status === 'missing') return refused('missing-item', 'That item is no longer in the archive.');
  await deps.onCorrected?.(result);

  const updated = await updateInPlace(job, message, deps);
  const title = `“${escapeMrkdwn(truncate(result.item!.title, 120))}”`;
  const name = `*${escapeMrkdwn(entry.name)}*`;
  const said =
    result.status === 'unchanged'
      ? `You had already marked ${title} this way.`
      : control.verdict === 'not-about'
        ? `Done: ${title} is no longer tagged ${name}. Its timeline, counts and board leave it out, and re-sorting will not bring it back. “Confirmed” in the same menu undoes this.`
        : `Done: ${title} is confirmed as ${name}; changes to the rules will not drop it.`;
  return { outcome: result.status, reply: plainReply(updated === true ? said : `${said} (The message itself could not be updated: ${escapeMrkdwn(updated)}.)`) };
}

/** chat.update with every correction in force on the message's items; true, or the reason it failed. */
async function updateInPlace(job: Correction, message: NonNullable<Parameters<typeof controlsIn>[0]>, deps: WorkerDeps): Promise<true | string> {
  const offered = controlsIn(message);
  const items = await deps.deliveries.getItems([...new Set(offered.map((c) => c.itemId))]);
  const inForce = new Map<string, TagCorrection>();
  for (const item of items) for (const [entryId, c] of Object.entries(item.corrections ?? {})) inForce.set(correctionKey(item.id, entryId), c);
  try {
    await deps.slack.updateMessage(job.channel, job.messageTs, annotateMessage(message, inForce, (id) => entryName(deps.entries, id)));
    return true;
  } catch (err) {
    if (!(err instanceof SlackActionError)) throw err;
    return err.code;
  }
}

type Command = Extract<SlackJob, { type: 'command' }>;

async function command(job: Command, deps: WorkerDeps): Promise<{ outcome: string; reply: Reply }> {
  try {
    if (job.command === 'find') {
      const found = await findItems(job.args, { reader: deps.reader, entryIds: deps.entries.map((e) => e.id), cursorSecret: deps.cursorSecret });
      return { outcome: 'answered', reply: findReply(found, deps.entries, deps.archiveUrl) };
    }
    if (!deps.status) return { outcome: 'answered', reply: plainReply('The accountability board is not available in this deployment.') };
    return { outcome: 'answered', reply: await deps.status.reply(job.args) };
  } catch (err) {
    if (err instanceof QueryParamError) return { outcome: 'refused:bad-query', reply: plainReply(escapeMrkdwn(err.message)) };
    throw err;
  }
}
