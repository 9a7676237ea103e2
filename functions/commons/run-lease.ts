import type { Context } from 'aws-lambda';
import { DynamoRunLeaseStore } from '../../lib/adapters/dynamodb/run-lease-store.ts';
import { lambdaHolder } from '../../lib/lease/holder.ts';
import { acquireRunLease, takeOverMessage, type AcquireOutcome, type RunName } from '../../lib/lease/run-lease.ts';
import { documentClient } from './clients.ts';
import { logger } from './powertools.ts';

/** Slack for clock skew between Lambda and DynamoDB: the lease outlives the invocation by this much. */
const LEASE_MARGIN_MS = 5000;

/**
 * Takes the `name` run lease for this invocation, until its deadline: an invocation that times out frees the lease
 * as it dies, and Lambda's retry of it (same request id) may take it back at once. `waitMs`: keep trying that long
 * while another run holds it. Replaces reserved concurrency, which new accounts (concurrency quota 10) cannot set.
 */
export async function takeLambdaLease(tableName: string, name: RunName, context: Context, waitMs = 0): Promise<AcquireOutcome> {
  const store = new DynamoRunLeaseStore(documentClient, tableName);
  const remaining = context.getRemainingTimeInMillis();
  const outcome = await acquireRunLease(store, {
    name,
    holder: lambdaHolder(context.functionName, context.awsRequestId),
    ttlMs: remaining + LEASE_MARGIN_MS,
    // Never wait into the time the run itself needs.
    waitMs: Math.min(waitMs, Math.max(0, remaining - 120_000)),
  });
  if (outcome.acquired && outcome.tookOver) logger.warn(takeOverMessage(name, outcome.tookOver), { previousHolder: outcome.tookOver.lease.holder });
  return outcome;
}
