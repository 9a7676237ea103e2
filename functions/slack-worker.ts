import { z } from 'zod';
import { DynamoArchiveQueries } from '../lib/adapters/dynamodb/archive-queries.ts';
import { DynamoBoardStore } from '../lib/adapters/dynamodb/board-store.ts';
import { DynamoCorrectionStore } from '../lib/adapters/dynamodb/correction-store.ts';
import { DynamoDigestStore } from '../lib/adapters/dynamodb/digest-store.ts';
import { DynamoRequestLedger } from '../lib/adapters/dynamodb/slack-request-ledger.ts';
import { SlackActionsClient } from '../lib/adapters/slack/slack-actions-client.ts';
import { Board } from '../lib/board/board.ts';
import { slackAccess } from '../lib/slack-actions/door.ts';
import type { SlackJob } from '../lib/slack-actions/ports.ts';
import { boardDeps } from '../lib/slack-actions/status.ts';
import { runSlackJob, type JobReport, type WorkerDeps } from '../lib/slack-actions/worker.ts';
import { documentClient } from './commons/clients.ts';
import { readEnv } from './commons/env.ts';
import { logger, withPowertools } from './commons/powertools.ts';
import { readSecureParameter } from './commons/slack-sender.ts';
import { readDeployedSetup } from './commons/setup.ts';

const env = readEnv({
  TABLE_NAME: z.string().min(1),
  /** SSM SecureString parameter holding the bot token (shared with the digest function). */
  SLACK_TOKEN_PARAMETER: z.string().min(1),
  /** Optional Slack API base (a loopback server in tests); unset in the stack. */
  SLACK_API_URL: z.url().optional(),
});
const setup = readDeployedSetup();
const access = slackAccess(setup.config, env.SLACK_API_URL);
const deps: Omit<WorkerDeps, 'slack'> = {
  ledger: new DynamoRequestLedger(documentClient, env.TABLE_NAME),
  deliveries: new DynamoDigestStore(documentClient, env.TABLE_NAME),
  corrections: new DynamoCorrectionStore(documentClient, env.TABLE_NAME),
  entries: setup.registry.entries,
  reader: new DynamoArchiveQueries(documentClient, env.TABLE_NAME),
  // `find` pages through the planner but never hands a cursor out, so no shared key is needed here.
  cursorSecret: 'slack-worker-internal-cursors',
  archiveUrl: setup.config.archiveUrl,
  // `/inquiry status` answers from the board; a correction re-detects the item's events on it.
  ...boardDeps(new Board(new DynamoBoardStore(documentClient, env.TABLE_NAME), setup.registry, setup.config.board), {
    entries: setup.registry.entries,
    archiveUrl: setup.config.archiveUrl,
  }),
};

/** One client per token, kept across warm invocations (it caches channel members for a minute). */
function slackClient(token: string | undefined): SlackActionsClient {
  if (!cached || cached.token !== token) cached = { token, client: new SlackActionsClient({ token, slackApiUrl: env.SLACK_API_URL, responseOrigins: access.responseOrigins }) };
  return cached.client;
}
let cached: { token: string | undefined; client: SlackActionsClient } | undefined;

/** The job the ingress function accepted; the ledger decides whether it runs (only recorded jobs, once). */
const JobSchema = z.object({ requestId: z.string().regex(/^[0-9a-f]{32}$/), type: z.enum(['correction', 'command']), responseUrl: z.string() }).loose();

/** Runs one accepted Slack request (invoked asynchronously by the ingress function; Lambda retries a failure twice). */
async function slackWorker(event: unknown): Promise<JobReport> {
  const job = JobSchema.parse(event) as unknown as SlackJob;
  const report = await runSlackJob(job, { ...deps, slack: slackClient(await readSecureParameter(env.SLACK_TOKEN_PARAMETER)) });
  logger.info('slack job', { requestId: job.requestId, type: job.type, ...report });
  return report;
}

export const handler = withPowertools(slackWorker);
