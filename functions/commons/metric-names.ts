/**
 * Custom metric names, shared by the handlers that emit them and the stack that alarms on them, so a rename
 * cannot silently orphan an alarm. No Powertools import here: the CDK app reads this file too.
 *
 * Only problems are metrics, and only when they happen: CloudWatch bills a custom metric by the hour it has data,
 * so a healthy month costs nothing here. Counts of what went well (new items, messages posted) are fields of the
 * "cycle finished" and "digest run finished" log lines instead; docs/deploy.md has the Logs Insights query.
 */
export const METRICS_NAMESPACE = 'InquiryWatch';

export const METRIC = {
  /** Poll: sources that have now failed `failureAlertAfter` cycles in a row (alarmed). Emitted only when > 0. */
  sourcesFailingRepeatedly: 'SourcesFailingRepeatedly',
  /** Digest: digests that could not be delivered this run; they stay pending and are retried (alarmed). Only when > 0. */
  digestFailures: 'DigestFailures',
  /** Digest: 1 when a run had something to post but the Slack token is not set yet. A warning, never alarmed. */
  slackNotConfigured: 'SlackNotConfigured',
  /** Slack endpoint: requests refused at the door (bad or missing signature, stale, replayed, foreign, oversized, malformed). Only when > 0. */
  slackRequestsRejected: 'SlackRequestsRejected',
} as const;

/** Powertools service names, one per function: also the `service` dimension of its metrics. */
export const SERVICE = {
  poll: 'inquiry-watch-poll',
  digest: 'inquiry-watch-digest',
  query: 'inquiry-watch-query',
  slackIngress: 'inquiry-watch-slack-ingress',
  slackWorker: 'inquiry-watch-slack-worker',
} as const;
