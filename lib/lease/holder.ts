import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * Who holds a lease: enough for a person to find it ("Lambda inquiry-watch-poll, request 8f1c…" or
 * "inquiry-watch run on laptop, pid 4242") and for a process on the same host to tell that it has died.
 */
export interface LeaseHolder {
  /** Unique per run: a Lambda request id (a retried invocation keeps it), or host:pid:nonce. */
  id: string;
  description: string;
  /** Local processes only: with `pid`, lets another process on this host see that the holder is gone. */
  host?: string;
  pid?: number;
}

/** A run of this process (the CLI). Each call is a new holder, so two runs in one process still exclude each other. */
export function processHolder(command: string): LeaseHolder {
  const host = hostname();
  return { id: `${host}:${process.pid}:${randomUUID().slice(0, 8)}`, description: `inquiry-watch ${command} on ${host}, pid ${process.pid}`, host, pid: process.pid };
}

/** A Lambda invocation. Lambda keeps the request id across the retries of an async invocation. */
export function lambdaHolder(functionName: string, requestId: string): LeaseHolder {
  return { id: `lambda:${requestId}`, description: `Lambda ${functionName}, request ${requestId}` };
}

/**
 * True only when the holder is a process on THIS host that no longer exists: its lease can be taken over at
 * once instead of waiting for it to expire. Anything else (another host, a Lambda) is trusted until expiry.
 */
export function holderGone(holder: LeaseHolder): boolean {
  if (holder.host !== hostname() || holder.pid === undefined) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
