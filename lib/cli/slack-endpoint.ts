import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoArchiveQueries } from '../adapters/dynamodb/archive-queries.ts';
import { DynamoCorrectionStore } from '../adapters/dynamodb/correction-store.ts';
import { DynamoDigestStore } from '../adapters/dynamodb/digest-store.ts';
import { DynamoRequestLedger } from '../adapters/dynamodb/slack-request-ledger.ts';
import { SlackActionsClient } from '../adapters/slack/slack-actions-client.ts';
import type { Config } from '../config/schema.ts';
import type { EntryInfo } from '../digest/types.ts';
import { cursorSecretFromEnv } from '../query/cursor.ts';
import { slackAccess, type DoorOutcome } from '../slack-actions/door.ts';
import type { NamedEntry } from '../slack-actions/entry-names.ts';
import { slackEndpoint, type SlackEndpoint } from '../slack-actions/node-endpoint.ts';
import { boardDeps, type BoardPort } from '../slack-actions/status.ts';
import { runSlackJob, type JobReport, type WorkerDeps } from '../slack-actions/worker.ts';

export interface LocalSlackOptions {
  config: Config;
  /** The registry's entries (their aliases name them in `/inquiry status`). */
  entries: readonly (EntryInfo & NamedEntry)[];
  archive: { client: DynamoDBDocumentClient; tableName: string };
  /** The accountability board on the same archive: `/inquiry status`, and corrections re-detecting its events. */
  board?: BoardPort;
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
  onOutcome?: (outcome: DoorOutcome, path: string) => void;
  onJob?: (report: JobReport) => void;
  onError?: (err: unknown) => void;
}

/**
 * The Slack endpoints for `serve` and the demo, on the local archive: the door, then the job in this process.
 * Needs `slack:` in the config and SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN in the environment (SLACK_API_URL for a
 * loopback Slack); otherwise says what is missing.
 */
export function localSlackEndpoint(o: LocalSlackOptions): SlackEndpoint | { off: string } {
  const env = o.env ?? process.env;
  if (!o.config.slack) return { off: 'no `slack:` section in the config' };
  const signingSecret = env.SLACK_SIGNING_SECRET?.trim();
  const token = env.SLACK_BOT_TOKEN?.trim();
  if (!signingSecret || !token) return { off: `${signingSecret ? 'SLACK_BOT_TOKEN' : 'SLACK_SIGNING_SECRET'} is not set` };
  const slackApiUrl = env.SLACK_API_URL?.trim() || undefined;
  const access = slackAccess(o.config, slackApiUrl);
  const ledger = new DynamoRequestLedger(o.archive.client, o.archive.tableName);
  const worker: WorkerDeps = {
    ledger,
    slack: new SlackActionsClient({ token, slackApiUrl, responseOrigins: access.responseOrigins }),
    deliveries: new DynamoDigestStore(o.archive.client, o.archive.tableName),
    corrections: new DynamoCorrectionStore(o.archive.client, o.archive.tableName),
    entries: o.entries,
    reader: new DynamoArchiveQueries(o.archive.client, o.archive.tableName),
    cursorSecret: cursorSecretFromEnv(env),
    archiveUrl: o.config.archiveUrl,
    now: o.now,
    ...(o.board ? boardDeps(o.board, { entries: o.entries, archiveUrl: o.config.archiveUrl, now: o.now }) : {}),
  };
  return slackEndpoint({
    door: { signingSecret, access, ledger, now: o.now },
    runJob: async (job) => o.onJob?.(await runSlackJob(job, worker)),
    onOutcome: o.onOutcome,
    onError: o.onError,
  });
}
