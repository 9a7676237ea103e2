import type { LastRun, RunLease, RunName } from '../../lease/run-lease.ts';

/**
 * Run leases: one item per kind of run, `pk = LEASES`, `sk = RUN#<poll|digest>`. While held it carries the holder,
 * `startedAt` and `until`; released, only `lastRun` (how the last run ended) stays, for `sources` and `doctor`.
 * Two items in all, never expired.
 */
export const RunLeaseEntity = {
  pk: 'LEASES',
  sk: (name: RunName) => `RUN#${name}`,
  key: (name: RunName) => ({ pk: RunLeaseEntity.pk, sk: RunLeaseEntity.sk(name) }),

  leaseFromItem(name: RunName, record: Record<string, unknown> | undefined): RunLease | undefined {
    if (!record?.holder || typeof record.until !== 'string') return undefined;
    return { name, holder: record.holder as RunLease['holder'], startedAt: String(record.startedAt), until: record.until };
  },
  lastRunFromItem: (record: Record<string, unknown> | undefined): LastRun | undefined => (record?.lastRun as LastRun | undefined) ?? undefined,
};
