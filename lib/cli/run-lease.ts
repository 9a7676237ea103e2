import { DynamoRunLeaseStore } from '../adapters/dynamodb/run-lease-store.ts';
import { processHolder } from '../lease/holder.ts';
import { acquireRunLease, busyMessage, RUN_LABEL, takeOverMessage, utc, type HeldLease, type LastRun, type RunLease, type RunName } from '../lease/run-lease.ts';
import { ago } from './format.ts';
import type { OpenArchive } from './runtime.ts';

/**
 * A CLI run's lease lasts two minutes and is renewed every 30 s while it works: a run killed elsewhere frees it
 * within two minutes, one killed on this host at once (the next run sees its pid is gone).
 */
export const CLI_LEASE_MS = 2 * 60_000;

/**
 * Takes the `name` lease for this process, or says on stderr who holds it and until when and returns undefined
 * (the command then exits with EXIT.busy).
 */
export async function takeRunLease(archive: Pick<OpenArchive, 'client' | 'tableName'>, name: RunName, command: string): Promise<HeldLease | undefined> {
  const store = new DynamoRunLeaseStore(archive.client, archive.tableName);
  const outcome = await acquireRunLease(store, { name, holder: processHolder(command), ttlMs: CLI_LEASE_MS });
  if (!outcome.acquired) {
    console.error(`busy: ${busyMessage(outcome.heldBy)}`);
    return undefined;
  }
  if (outcome.tookOver) console.error(`note: ${takeOverMessage(name, outcome.tookOver)}`);
  return outcome.lease.keepAlive((message) => console.error(`warning: ${message}`));
}

/** "Digest runs: last run 3 min ago (Lambda …): slack-not-configured: …", plus "running now" while a lease is held. */
export function formatRunState(name: RunName, state: { lease?: RunLease; lastRun?: LastRun }, now = new Date()): string {
  const label = RUN_LABEL[name].replace(/^./, (c) => c.toUpperCase());
  const parts: string[] = [];
  if (state.lease && state.lease.until > now.toISOString()) {
    parts.push(`running now: ${state.lease.holder.description}, since ${utc(state.lease.startedAt)} (lease until ${utc(state.lease.until)})`);
  } else if (state.lease) {
    parts.push(`a lease left by ${state.lease.holder.description} expired at ${utc(state.lease.until)}; the next run takes it over`);
  }
  const last = state.lastRun;
  if (last) {
    const outcome = last.outcome === 'slack-not-configured' ? 'Slack not configured' : last.outcome;
    parts.push(`last ${ago(last.finishedAt, now.getTime())} by ${last.holder}: ${outcome}${last.detail ? ` (${last.detail})` : ''}`);
  }
  return `${label}s: ${parts.join('; ') || 'none recorded yet'}`;
}

/** Shown under a digest run that found no Slack token (the deployed function records that state). */
export const SET_TOKEN_HINT = 'Set the Slack token: docs/deploy.md, "Set the Slack token".';
