import type { Context } from 'aws-lambda';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { DynamoArchiveStore } from '../lib/adapters/dynamodb/archive-store.ts';
import { DynamoBoardStore } from '../lib/adapters/dynamodb/board-store.ts';
import { Board } from '../lib/board/board.ts';
import { FetchHttpClient } from '../lib/http/fetcher.ts';
import { busyMessage } from '../lib/lease/run-lease.ts';
import { isTracked } from '../lib/model/item.ts';
import { runCycle, type CycleReport } from '../lib/pipeline/cycle.ts';
import { documentClient } from './commons/clients.ts';
import { readEnv } from './commons/env.ts';
import { METRIC } from './commons/metric-names.ts';
import { logger, metrics, withPowertools } from './commons/powertools.ts';
import { takeLambdaLease } from './commons/run-lease.ts';
import { readDeployedSetup } from './commons/setup.ts';

const env = readEnv({ TABLE_NAME: z.string().min(1) });
const setup = readDeployedSetup();
const store = new DynamoArchiveStore(documentClient, env.TABLE_NAME);
const http = new FetchHttpClient({ userAgent: setup.config.userAgent });
const board = new Board(new DynamoBoardStore(documentClient, env.TABLE_NAME), setup.registry, setup.config.board);

/**
 * What the poll returns. On success Lambda hands this, wrapped in a destination record, to the digest function
 * (`responsePayload`): that is how alerts follow a cycle without the poll function ever holding the Slack token.
 */
export interface PollResult {
  /** `busy`: another cycle holds the poll lease; this invocation did nothing (and the digest function skips it). */
  status: CycleReport['status'] | 'busy';
  newItems: number;
  updatedItems: number;
  /** New, tracked, not quiet: what alerts are made of. */
  newTrackedItems: number;
  failedSources: string[];
  /** Sources that have now failed `failureAlertAfter` cycles in a row. */
  failingSources: string[];
  /** Who holds the lease, when `busy`. */
  busy?: string;
}

/** One poll cycle over every enabled source, started by the schedule; one at a time (the poll lease). */
async function poll(_event: unknown, context: Context): Promise<PollResult> {
  const taken = await takeLambdaLease(env.TABLE_NAME, 'poll', context);
  if (!taken.acquired) {
    // The cycle already running does this one's work; returning (not throwing) means no retry and no dead letter.
    const busy = busyMessage(taken.heldBy);
    logger.warn(`poll cycle skipped: ${busy}`, { heldBy: taken.heldBy });
    return { status: 'busy', newItems: 0, updatedItems: 0, newTrackedItems: 0, failedSources: [], failingSources: [], busy };
  }
  let outcome = { outcome: 'failed', detail: 'the invocation threw' };
  try {
    const deps = { store, http, compiled: setup.compiled, searchTerms: setup.searchTerms, afterIngest: board.afterIngest };
    const report = await runCycle(setup.config, deps, { deadline: cycleDeadline(context) });
    const result = await summarise(report);
    outcome = { outcome: report.status, detail: `${result.newItems} new, ${result.failedSources.length} source(s) failed` };
    if (result.failingSources.length) metrics.addMetric(METRIC.sourcesFailingRepeatedly, MetricUnit.Count, result.failingSources.length);
    for (const source of report.sources.filter((s) => s.status === 'failed')) {
      logger.warn('source failed', { sourceId: source.sourceId, error: source.error });
    }
    logger.info('cycle finished', { ...result, durationMs: Date.parse(report.finishedAt) - Date.parse(report.startedAt) });
    // The archive itself could not be written: fail the invocation so it is retried, dead-lettered and alarmed.
    if (report.status === 'failed') throw new Error('poll cycle failed: the archive could not be written');
    return result;
  } finally {
    await taken.lease.release(outcome);
  }
}

/**
 * When fetching must stop: a quarter of the time left (at most a minute) is kept to store what was fetched, write
 * the cycle record and release the lease, so slow sources fail as "out of time" instead of Lambda ending the cycle.
 */
function cycleDeadline(context: Context): number {
  const remaining = context.getRemainingTimeInMillis();
  return Date.now() + remaining - Math.min(60_000, remaining / 4);
}

async function summarise(report: CycleReport): Promise<PollResult> {
  const failedSources = report.sources.filter((s) => s.status === 'failed').map((s) => s.sourceId);
  // Only a source that failed this cycle can be on a failing streak, so a clean cycle costs no extra read.
  const failingSources = failedSources.length
    ? (await store.listSourceStates())
        .filter((s) => failedSources.includes(s.sourceId) && s.consecutiveFailures >= setup.config.failureAlertAfter)
        .map((s) => s.sourceId)
    : [];
  return {
    status: report.status,
    newItems: report.newItems.length,
    updatedItems: report.updatedItems.length,
    newTrackedItems: report.newItems.filter((i) => isTracked(i) && !i.quiet).length,
    failedSources,
    failingSources,
  };
}

export const handler = withPowertools(poll);
