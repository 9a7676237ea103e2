import type { Context } from 'aws-lambda';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { DynamoArchiveStore } from '../lib/adapters/dynamodb/archive-store.ts';
import { DynamoBoardStore } from '../lib/adapters/dynamodb/board-store.ts';
import { DynamoDigestStore } from '../lib/adapters/dynamodb/digest-store.ts';
import { Board } from '../lib/board/board.ts';
import { DEFAULT_LEASE_MS } from '../lib/digest/deliver.ts';
import { digestRunOutcome, type DigestRunOutcome } from '../lib/digest/run-outcome.ts';
import { runDigests } from '../lib/digest/run.ts';
import { failingSourceLabels } from '../lib/digest/source-health.ts';
import type { DigestMode } from '../lib/digest/types.ts';
import { busyMessage } from '../lib/lease/run-lease.ts';
import { documentClient } from './commons/clients.ts';
import { readEnv } from './commons/env.ts';
import { METRIC } from './commons/metric-names.ts';
import { logger, metrics, withPowertools } from './commons/powertools.ts';
import { takeLambdaLease } from './commons/run-lease.ts';
import { readDeployedSetup } from './commons/setup.ts';
import { ParameterSlackSender } from './commons/slack-sender.ts';

const env = readEnv({
  TABLE_NAME: z.string().min(1),
  /** SSM SecureString parameter holding the bot token (set by the maintainer after deploying). */
  SLACK_TOKEN_PARAMETER: z.string().min(1),
  /** Optional Slack API base (a proxy, or a loopback server in tests); unset in the stack. */
  SLACK_API_URL: z.url().optional(),
});
const setup = readDeployedSetup();
const store = new DynamoDigestStore(documentClient, env.TABLE_NAME);
const archive = new DynamoArchiveStore(documentClient, env.TABLE_NAME);
const sender = new ParameterSlackSender(env.SLACK_TOKEN_PARAMETER, env.SLACK_API_URL);
const board = new Board(new DynamoBoardStore(documentClient, env.TABLE_NAME), setup.registry, setup.config.board);

/**
 * Two ways in: a schedule (`{ mode: 'roundups' }`, or any manual `{ mode }`), and the poll function's on-success
 * destination record (`responsePayload` is the poll result). Alerts run after every successful poll, whatever its
 * `newTrackedItems`: a cycle that stored items and then timed out never reaches the destination, and the next
 * cycles report 0 for those items. Alerts read from their watermark, so they still go out.
 */
const DigestEventSchema = z.union([
  z.object({ mode: z.enum(['alerts', 'roundups', 'board']) }),
  z.object({ responsePayload: z.object({ status: z.string().optional() }).loose() }),
]);
export type DigestEvent = z.input<typeof DigestEventSchema>;

/**
 * Every run also delivers the accountability board's alerts, after the board notices what changed: a deadline can
 * pass with no new item, and this function runs after every poll and on every roundup schedule.
 */
const MODES: Record<DigestMode, readonly DigestMode[]> = { alerts: ['alerts', 'board'], roundups: ['board', 'roundups'], board: ['board'] };

/** Roundups leave items stored in the last two minutes to the next one, so a poll still writing cannot be skipped. */
const ROUNDUP_SETTLE_MS = 2 * 60_000;
/** Another digest run (alerts and a roundup meeting) takes seconds: wait for it rather than skip. */
const LEASE_WAIT_MS = 90_000;

export interface DigestResult {
  mode: DigestMode;
  /** `skipped`: the poll this follows did nothing (busy). See `DigestRunOutcome` for the rest. */
  status: DigestRunOutcome['outcome'] | 'skipped';
  delivered: number;
  failed: number;
}

/** Thrown when a roundup run cannot get the lease even after waiting: Lambda retries it (then dead-letters it). */
export class RunLeaseBusyError extends Error {
  override readonly name = 'RunLeaseBusyError';
}

async function digest(event: unknown, context: Context): Promise<DigestResult> {
  const parsed = DigestEventSchema.parse(event);
  const mode: DigestMode = 'mode' in parsed ? parsed.mode : 'alerts';
  if ('responsePayload' in parsed && parsed.responsePayload.status === 'busy') {
    // That poll found another cycle running, which will trigger its own alerts.
    return { mode, status: 'skipped', delivered: 0, failed: 0 };
  }
  const taken = await takeLambdaLease(env.TABLE_NAME, 'digest', context, LEASE_WAIT_MS);
  if (!taken.acquired) {
    const busy = busyMessage(taken.heldBy);
    // A roundup has one slot a day: retry it. Alerts are picked up by the next poll's run.
    if (mode === 'roundups') throw new RunLeaseBusyError(`roundups not run: ${busy}`);
    logger.warn(`digest run skipped: ${busy}`, { heldBy: taken.heldBy });
    return { mode, status: 'busy', delivered: 0, failed: 0 };
  }
  let outcome: DigestRunOutcome = { outcome: 'failed', detail: 'the invocation threw' };
  try {
    const reports = await runDigests({
      modes: MODES[mode],
      config: setup.config,
      registry: setup.registry,
      store,
      sender,
      now: new Date(),
      settleMs: mode === 'roundups' ? ROUNDUP_SETTLE_MS : 0,
      failingSources: mode === 'roundups' ? failingSourceLabels(await archive.listSourceStates()) : undefined,
      holder: taken.lease.lease.holder,
      // A digest this invocation leases is free again when the invocation ends, even by timing out.
      leaseMs: Math.min(DEFAULT_LEASE_MS, context.getRemainingTimeInMillis()),
      board,
    });
    outcome = digestRunOutcome(reports);
    const channels = reports.flatMap((r) => r.channels);
    const messagesPosted = reports.reduce((n, r) => n + r.messagesPosted, 0);
    const failed = channels.filter((c) => c.status === 'failed');
    for (const c of failed) logger.error('digest not delivered; it stays pending', { channel: c.channel, error: c.error });
    if (failed.length) metrics.addMetric(METRIC.digestFailures, MetricUnit.Count, failed.length);
    if (outcome.outcome === 'slack-not-configured') {
      // Not an error and not retried: the digests wait in the ledger until the token is set.
      logger.warn(`Slack not configured: ${outcome.detail}`, { parameter: sender.parameterName });
      metrics.addMetric(METRIC.slackNotConfigured, MetricUnit.Count, 1);
    }
    logger.info('digest run finished', {
      mode,
      status: outcome.outcome,
      messagesPosted,
      channels: channels.map((c) => ({ channel: c.channel, status: c.status, digests: c.digests.map((d) => d.status), busy: c.busy?.message })),
    });
    return { mode, status: outcome.outcome, delivered: messagesPosted, failed: failed.length };
  } finally {
    await taken.lease.release(outcome);
  }
}

export const handler = withPowertools(digest);
