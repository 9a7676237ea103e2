import type { Context } from 'aws-lambda';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { z } from 'zod';
import { DynamoDigestStore } from '../lib/adapters/dynamodb/digest-store.ts';
import { SlackSender } from '../lib/adapters/slack/slack-sender.ts';
import { DynamoArchiveStore } from '../lib/adapters/dynamodb/archive-store.ts';
import { DynamoBoardStore } from '../lib/adapters/dynamodb/board-store.ts';
import { Board } from '../lib/board/board.ts';
import { runDigests } from '../lib/digest/run.ts';
import { failingSourceLabels } from '../lib/digest/source-health.ts';
import type { DigestMode } from '../lib/digest/types.ts';
import { documentClient } from './commons/clients.ts';
import { readEnv } from './commons/env.ts';
import { METRIC } from './commons/metric-names.ts';
import { logger, metrics } from './commons/powertools.ts';
import { readDeployedSetup } from './commons/setup.ts';

const env = readEnv({
  TABLE_NAME: z.string().min(1),
  SLACK_TOKEN_SECRET_ARN: z.string().min(1),
  /** Optional Slack API base (a proxy, or a loopback server in tests); unset in the stack. */
  SLACK_API_URL: z.url().optional(),
});
const setup = readDeployedSetup();
const store = new DynamoDigestStore(documentClient, env.TABLE_NAME);
const archive = new DynamoArchiveStore(documentClient, env.TABLE_NAME);
const board = new Board(new DynamoBoardStore(documentClient, env.TABLE_NAME), setup.registry, setup.config.board);

/**
 * Two ways in: a schedule (`{ mode: 'roundups' }`, or any manual `{ mode }`), and the poll function's on-success
 * destination record (`responsePayload` is the poll result). Alerts run after every successful poll, whatever its
 * `newTrackedItems`: a cycle that stored items and then timed out never reaches the destination, and the next
 * cycles report 0 for those items. Alerts read from their watermark, so they still go out; the secret is cached.
 */
const DigestEventSchema = z.union([z.object({ mode: z.enum(['alerts', 'roundups', 'board']) }), z.object({ responsePayload: z.object({}).loose() })]);

/**
 * Every run also delivers the accountability board's alerts, after the board notices what changed: a deadline can
 * pass with no new item, and this function runs after every poll and on every roundup schedule.
 */
const MODES: Record<DigestMode, readonly DigestMode[]> = { alerts: ['alerts', 'board'], roundups: ['board', 'roundups'], board: ['board'] };

/** Roundups leave items stored in the last two minutes to the next one, so a poll still writing cannot be skipped. */
const ROUNDUP_SETTLE_MS = 2 * 60_000;
export type DigestEvent = z.input<typeof DigestEventSchema>;

export class SlackTokenMissingError extends Error {
  override readonly name = 'SlackTokenMissingError';
}

/** Slack token from Secrets Manager, cached for 5 minutes: a rotated token is picked up without a redeploy. */
async function slackSender(): Promise<SlackSender> {
  const token = await getSecret(env.SLACK_TOKEN_SECRET_ARN, { maxAge: 300 }).catch((err: unknown) => {
    throw new SlackTokenMissingError(`the Slack token secret has no value yet (${(err as Error).name}); see docs/deploy.md`);
  });
  if (typeof token !== 'string' || !token.trim()) throw new SlackTokenMissingError('the Slack token secret is empty; see docs/deploy.md');
  if (token !== cachedToken || !cachedSender) {
    cachedSender = new SlackSender({ token: token.trim(), slackApiUrl: env.SLACK_API_URL });
    cachedToken = token;
  }
  return cachedSender;
}
let cachedToken: string | undefined;
let cachedSender: SlackSender | undefined;

export async function handler(event: unknown, context: Context): Promise<{ mode: DigestMode; delivered: number; failed: number }> {
  logger.addContext(context);
  const parsed = DigestEventSchema.parse(event);
  const mode: DigestMode = 'mode' in parsed ? parsed.mode : 'alerts';

  const reports = await runDigests({
    modes: MODES[mode],
    config: setup.config,
    registry: setup.registry,
    store,
    sender: await slackSender(),
    now: new Date(),
    settleMs: mode === 'roundups' ? ROUNDUP_SETTLE_MS : 0,
    failingSources: mode === 'roundups' ? failingSourceLabels(await archive.listSourceStates()) : undefined,
    board,
  });
  const report = { status: reports.some((r) => r.status !== 'ok') ? 'partial' : 'ok', channels: reports.flatMap((r) => r.channels), messagesPosted: reports.reduce((n, r) => n + r.messagesPosted, 0) };
  const failedChannels = report.channels.filter((c) => c.status === 'failed');
  for (const c of failedChannels) logger.error('digest not delivered; it stays pending', { channel: c.channel, error: c.error });
  metrics.addMetric(METRIC.digestsDelivered, MetricUnit.Count, report.messagesPosted);
  metrics.addMetric(METRIC.digestFailures, MetricUnit.Count, failedChannels.length);
  metrics.publishStoredMetrics();
  logger.info('digest run finished', {
    mode,
    status: report.status,
    messagesPosted: report.messagesPosted,
    channels: report.channels.map((c) => ({ channel: c.channel, status: c.status, digests: c.digests.map((d) => d.status) })),
  });
  return { mode, delivered: report.messagesPosted, failed: failedChannels.length };
}
