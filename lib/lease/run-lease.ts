import { holderGone, type LeaseHolder } from './holder.ts';

/**
 * One poll cycle and one digest run at a time, whoever starts them (the schedule's Lambdas, `run`, `digest`,
 * on a laptop or in CI): a lease item in the archive table, taken with a conditional write. It does not depend
 * on Lambda's concurrency quota, and it says who holds it and until when.
 *
 * A lease is in force until `until`, except that
 * - the same run may take it again (a retried Lambda invocation keeps its request id), and
 * - a lease whose holder was a process on this host that has since died is taken over at once.
 * Lambda holders lease until their invocation's deadline, so a timed-out invocation frees it when it dies;
 * CLI holders lease for a few minutes and renew while they work.
 */

export type RunName = 'poll' | 'digest';

export const RUN_LABEL: Record<RunName, string> = { poll: 'poll cycle', digest: 'digest run' };

export interface RunLease {
  name: RunName;
  holder: LeaseHolder;
  startedAt: string;
  /** ISO time after which anyone may take the lease. */
  until: string;
}

/** What the last run that held a lease reported when it let go: shown by `sources` and `doctor`. */
export interface LastRun {
  holder: string;
  startedAt: string;
  finishedAt: string;
  /** `ok`, `partial`, `failed`, or a state such as `slack-not-configured`. */
  outcome: string;
  detail?: string;
}

export type TryAcquireResult = { acquired: true; previous?: RunLease } | { acquired: false; current?: RunLease };

/** The lease as stored. `DynamoRunLeaseStore` implements it on the archive table. */
export interface RunLeaseStore {
  /**
   * Writes `lease` unless another lease is in force at `now`: one whose `until` is later and whose holder is
   * neither `lease.holder` nor `replacing` (a holder found gone). Returns the lease it replaced, if any, or the
   * one in force.
   */
  tryAcquire(lease: RunLease, now: string, replacing?: string): Promise<TryAcquireResult>;
  /** Moves `until` on; false if this holder no longer has the lease. */
  renew(name: RunName, holderId: string, until: string): Promise<boolean>;
  /** Lets go (only if still ours) and records how the run ended. */
  release(name: RunName, holderId: string, lastRun: LastRun): Promise<void>;
  read(name: RunName): Promise<{ lease?: RunLease; lastRun?: LastRun }>;
}

export interface AcquireOptions {
  name: RunName;
  holder: LeaseHolder;
  /** How long the lease lasts unless renewed. */
  ttlMs: number;
  /** Keep trying this long while another run holds it (default: give up at once). */
  waitMs?: number;
  retryEveryMs?: number;
  now?: () => Date;
}

export type AcquireOutcome =
  | { acquired: true; lease: HeldLease; tookOver?: { lease: RunLease; why: 'expired' | 'holder gone' | 'same run' } }
  | { acquired: false; heldBy: RunLease };

export async function acquireRunLease(store: RunLeaseStore, options: AcquireOptions): Promise<AcquireOutcome> {
  const giveUpAt = Date.now() + (options.waitMs ?? 0);
  for (;;) {
    const outcome = await tryOnce(store, options);
    if (outcome.acquired || Date.now() >= giveUpAt) return outcome;
    await new Promise((r) => setTimeout(r, Math.min(options.retryEveryMs ?? 5000, Math.max(0, giveUpAt - Date.now()))));
  }
}

async function tryOnce(store: RunLeaseStore, o: AcquireOptions): Promise<AcquireOutcome> {
  // A lease released between our write and our read leaves nothing to report: try again (a few times at most).
  for (let attempt = 0; ; attempt++) {
    const now = o.now?.() ?? new Date();
    const lease: RunLease = { name: o.name, holder: o.holder, startedAt: now.toISOString(), until: new Date(now.getTime() + o.ttlMs).toISOString() };
    const first = await store.tryAcquire(lease, lease.startedAt);
    if (first.acquired) {
      const previous = first.previous;
      const why = previous?.holder.id === o.holder.id ? 'same run' : 'expired';
      return { acquired: true, lease: new HeldLease(store, lease, o.ttlMs), tookOver: previous ? { lease: previous, why } : undefined };
    }
    const current = first.current;
    if (current && holderGone(current.holder)) {
      const second = await store.tryAcquire(lease, lease.startedAt, current.holder.id);
      if (second.acquired) return { acquired: true, lease: new HeldLease(store, lease, o.ttlMs), tookOver: { lease: current, why: 'holder gone' } };
      if (second.current) return { acquired: false, heldBy: second.current };
    } else if (current) {
      return { acquired: false, heldBy: current };
    }
    if (attempt >= 2) throw new Error(`the ${RUN_LABEL[o.name]} lease could not be taken or read`);
  }
}

/** A lease this process holds. */
export class HeldLease {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly store: RunLeaseStore,
    readonly lease: RunLease,
    private readonly ttlMs: number,
  ) {}

  /**
   * Renews the lease every quarter of its lifetime until released, so a long CLI run keeps it while a killed one
   * loses it within `ttlMs`. `onLost` hears if another run took it meanwhile (this one was suspended too long).
   */
  keepAlive(onLost: (message: string) => void): this {
    this.timer = setInterval(() => {
      const until = new Date(Date.now() + this.ttlMs).toISOString();
      this.store.renew(this.lease.name, this.lease.holder.id, until).then(
        (kept) => {
          if (kept) this.lease.until = until;
          else {
            this.stop();
            onLost(`the ${RUN_LABEL[this.lease.name]} lease was taken over by another run (this one paused past ${this.lease.until})`);
          }
        },
        // A failed renewal (network) is tried again next tick; the lease still has three quarters of its life.
        () => undefined,
      );
    }, Math.max(1000, this.ttlMs / 4));
    this.timer.unref();
    return this;
  }

  async release(outcome: { outcome: string; detail?: string }, finishedAt = new Date()): Promise<void> {
    this.stop();
    await this.store.release(this.lease.name, this.lease.holder.id, {
      holder: this.lease.holder.description,
      startedAt: this.lease.startedAt,
      finishedAt: finishedAt.toISOString(),
      ...outcome,
    });
  }

  private stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** `2025-06-16 12:00:03 UTC`: what people read in a busy message. */
export const utc = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;

/**
 * Why a run did nothing, for logs and the terminal: who holds the lease, since when, and when it can be taken.
 * "a poll cycle is already running: Lambda inquiry-watch-poll, request 8f1c… (since …; lease until …)".
 */
export function busyMessage(heldBy: RunLease): string {
  return (
    `a ${RUN_LABEL[heldBy.name]} is already running: ${heldBy.holder.description} (since ${utc(heldBy.startedAt)}; lease until ${utc(heldBy.until)}). ` +
    'Nothing was done; try again after it finishes. A lease left by a process that died on this host is taken over at once, any other when it expires.'
  );
}

/** "took over the poll cycle lease of <holder> (expired at …)": logged so a crashed run is visible afterwards. */
export function takeOverMessage(name: RunName, tookOver: NonNullable<Extract<AcquireOutcome, { acquired: true }>['tookOver']>): string {
  const { lease, why } = tookOver;
  const detail = why === 'expired' ? `it expired at ${utc(lease.until)}` : why === 'holder gone' ? 'that process no longer exists' : 'a retry of the same run';
  return `took over the ${RUN_LABEL[name]} lease of ${lease.holder.description}, started ${utc(lease.startedAt)}: ${detail}`;
}
