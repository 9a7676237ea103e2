import type { SlackJob } from '../../slack-actions/ports.ts';

/**
 * A request from Slack that passed the door: the replay guard (created only if absent) and its job's ledger entry
 * (received → working, under a lease → done). `pk = SLACKREQ#<requestId>`, `sk = REQUEST`; expires a day later.
 */
export const SlackRequestEntity = {
  pk: (requestId: string) => `SLACKREQ#${requestId}`,
  sk: 'REQUEST',
  key: (requestId: string) => ({ pk: SlackRequestEntity.pk(requestId), sk: SlackRequestEntity.sk }),
  /** Longer than Slack's five-minute window (replays) and Lambda's retries of the job (an hour here). */
  RETENTION_HOURS: 24,
  toItem: (requestId: string, job: SlackJob | undefined, now: Date) => ({
    ...SlackRequestEntity.key(requestId),
    type: 'slack-request',
    requestId,
    status: job ? 'received' : 'done',
    receivedAt: now.toISOString(),
    ...(job ? { job: JSON.stringify(job) } : {}),
    expiresAt: Math.floor(now.getTime() / 1000) + SlackRequestEntity.RETENTION_HOURS * 3600,
  }),
};
