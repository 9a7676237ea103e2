/**
 * Custom metric names, shared by the handlers that emit them and the stack that alarms on them, so a rename
 * cannot silently orphan an alarm. No Powertools import here: the CDK app reads this file too.
 */
export const METRICS_NAMESPACE = 'InquiryWatch';

export const METRIC = {
  /** Poll: items stored for the first time this cycle. */
  newItems: 'NewItems',
  /** Poll: new items that match a tracked entry and are not quiet (alert candidates). */
  newTrackedItems: 'NewTrackedItems',
  /** Poll: sources that failed this cycle. */
  sourcesFailed: 'SourcesFailed',
  /** Poll: sources that have now failed `failureAlertAfter` cycles in a row (the alarm's metric). */
  sourcesFailingRepeatedly: 'SourcesFailingRepeatedly',
  /** Digest: messages posted to Slack. */
  digestsDelivered: 'DigestsDelivered',
  /** Digest: digests that could not be delivered this run (they stay pending and are retried). */
  digestFailures: 'DigestFailures',
  /** Query API: requests answered with a server error (client errors are the caller's and are only logged). */
  queryServerErrors: 'QueryServerErrors',
} as const;

/** Powertools service names, one per function: also the `service` dimension of its metrics. */
export const SERVICE = {
  poll: 'inquiry-watch-poll',
  digest: 'inquiry-watch-digest',
  query: 'inquiry-watch-query',
} as const;
