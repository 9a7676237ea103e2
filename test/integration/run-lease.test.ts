import { hostname } from 'node:os';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoRunLeaseStore } from '../../lib/adapters/dynamodb/run-lease-store.ts';
import { lambdaHolder, processHolder, type LeaseHolder } from '../../lib/lease/holder.ts';
import { acquireRunLease, busyMessage, takeOverMessage, type RunLease } from '../../lib/lease/run-lease.ts';
import { deadPid } from '../support/dead-pid.ts';
import { createTestTable } from '../support/dynamo.ts';

const lease = (holder: LeaseHolder, startedAt: Date, ttlMs: number): RunLease => ({
  name: 'poll',
  holder,
  startedAt: startedAt.toISOString(),
  until: new Date(startedAt.getTime() + ttlMs).toISOString(),
});

let store: DynamoRunLeaseStore;

beforeEach(async () => {
  const t = await createTestTable('run-lease');
  store = new DynamoRunLeaseStore(t.client, t.tableName);
});

describe('Run lease', () => {
  it('lets exactly one of two concurrent runs in; the other learns who holds it and until when', async () => {
    // Prepare
    const a = lambdaHolder('inquiry-watch-poll', 'request-a');
    const b = processHolder('run');

    // Act
    const [first, second] = await Promise.all([
      acquireRunLease(store, { name: 'poll', holder: a, ttlMs: 60_000 }),
      acquireRunLease(store, { name: 'poll', holder: b, ttlMs: 60_000 }),
    ]);

    // Assess
    const outcomes = [first, second];
    const winners = outcomes.filter((o) => o.acquired);
    const losers = outcomes.flatMap((o) => (o.acquired ? [] : [o]));
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    const winner = winners[0]!.acquired ? winners[0]!.lease.lease.holder : undefined;
    expect(losers[0]!.heldBy.holder).toEqual(winner);
    expect(busyMessage(losers[0]!.heldBy)).toMatch(
      new RegExp(`^a poll cycle is already running: ${winner!.description.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC; lease until .* UTC\\)`),
    );
  });

  it('takes over at once a lease whose holder died on this host, and says whose it was', async () => {
    // Prepare: a run crashed a second ago with a lease good for another ten minutes.
    const crashed: LeaseHolder = { id: `${hostname()}:dead`, description: 'inquiry-watch run on this host, pid (dead)', host: hostname(), pid: deadPid() };
    await store.tryAcquire(lease(crashed, new Date(Date.now() - 1000), 600_000), new Date().toISOString());

    // Act
    const outcome = await acquireRunLease(store, { name: 'poll', holder: processHolder('run'), ttlMs: 60_000 });

    // Assess
    expect(outcome.acquired).toBe(true);
    expect(outcome.acquired && outcome.tookOver).toMatchObject({ why: 'holder gone', lease: { holder: { id: crashed.id } } });
    expect(outcome.acquired && takeOverMessage('poll', outcome.tookOver!)).toMatch(/took over the poll cycle lease of .*: that process no longer exists/);
  });

  it('waits for a live holder elsewhere until its lease expires, then takes it over', async () => {
    // Prepare: a Lambda holds the lease until its deadline, three seconds from now.
    const lambda = lambdaHolder('inquiry-watch-poll', 'request-slow');
    await store.tryAcquire(lease(lambda, new Date(), 3000), new Date().toISOString());

    // Act
    const now = await acquireRunLease(store, { name: 'poll', holder: processHolder('run'), ttlMs: 60_000 });
    const later = await acquireRunLease(store, { name: 'poll', holder: processHolder('run'), ttlMs: 60_000, waitMs: 20_000, retryEveryMs: 200 });

    // Assess
    expect(now).toMatchObject({ acquired: false, heldBy: { holder: { id: lambda.id } } });
    expect(later.acquired && later.tookOver).toMatchObject({ why: 'expired', lease: { holder: { id: lambda.id } } });
  });

  it('never takes the lease of a live process on this host before it expires', async () => {
    // Prepare: the holder is this very process (alive), in another run.
    const alive = processHolder('run');
    await store.tryAcquire(lease(alive, new Date(), 600_000), new Date().toISOString());

    // Act
    const outcome = await acquireRunLease(store, { name: 'poll', holder: processHolder('run'), ttlMs: 60_000 });

    // Assess
    expect(outcome).toMatchObject({ acquired: false, heldBy: { holder: { id: alive.id, pid: process.pid } } });
  });

  it('lets a retried invocation (same request id) back into its own lease', async () => {
    // Prepare
    const holder = lambdaHolder('inquiry-watch-digest', 'request-retried');
    await store.tryAcquire(lease(holder, new Date(), 600_000), new Date().toISOString());

    // Act
    const outcome = await acquireRunLease(store, { name: 'poll', holder, ttlMs: 60_000 });

    // Assess
    expect(outcome.acquired && outcome.tookOver?.why).toBe('same run');
  });

  it('frees the lease on release and keeps how the run ended for sources and doctor', async () => {
    // Prepare
    const outcome = await acquireRunLease(store, { name: 'digest', holder: lambdaHolder('inquiry-watch-digest', 'r1'), ttlMs: 60_000 });
    if (!outcome.acquired) throw new Error('expected the lease');

    // Act
    await outcome.lease.release({ outcome: 'slack-not-configured', detail: 'C1' });
    const next = await acquireRunLease(store, { name: 'digest', holder: processHolder('digest'), ttlMs: 60_000 });
    const state = await store.read('digest');

    // Assess
    expect(next).toMatchObject({ acquired: true, tookOver: undefined });
    expect(state.lastRun).toMatchObject({ holder: 'Lambda inquiry-watch-digest, request r1', outcome: 'slack-not-configured', detail: 'C1' });
    expect(state.lease?.holder.description).toMatch(/^inquiry-watch digest on /);
  });

  it('keeps a long run\'s lease alive by renewing it, and a run that let go cannot renew', async () => {
    // Prepare
    const outcome = await acquireRunLease(store, { name: 'poll', holder: processHolder('run'), ttlMs: 4000 });
    if (!outcome.acquired) throw new Error('expected the lease');
    const lost: string[] = [];

    // Act
    outcome.lease.keepAlive((m) => lost.push(m));
    const before = outcome.lease.lease.until;
    await new Promise((r) => setTimeout(r, 2500));
    const renewed = (await store.read('poll')).lease?.until;
    await outcome.lease.release({ outcome: 'ok' });
    const afterRelease = await store.renew('poll', outcome.lease.lease.holder.id, new Date().toISOString());

    // Assess
    expect(renewed! > before).toBe(true);
    expect(lost).toEqual([]);
    expect(afterRelease).toBe(false);
  });
});
