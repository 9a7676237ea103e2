/**
 * The outcome of one poll cycle, per source. `pk = CYCLES`, `sk = <startedAt>`; newest first is one Query.
 * One write per cycle records every source's last poll, so an unchanged source costs no write of its own.
 */
export interface CycleSourceOutcome {
  sourceId: string;
  status: 'ok' | 'not-modified' | 'failed';
  new: number;
  updated: number;
  unchanged: number;
  error?: string;
}

export interface CycleRecord {
  startedAt: string;
  finishedAt: string;
  status: 'ok' | 'partial' | 'failed';
  sources: CycleSourceOutcome[];
  /** Epoch seconds: cycle history is kept 90 days. */
  expiresAt: number;
}

export const CycleEntity = {
  pk: 'CYCLES',
  sk: (startedAt: string) => startedAt,
  retentionDays: 90,
  toItem: (c: CycleRecord) => ({ pk: CycleEntity.pk, sk: CycleEntity.sk(c.startedAt), type: 'cycle', ...c }),
  fromItem(record: Record<string, unknown>): CycleRecord {
    const { pk: _pk, sk: _sk, type: _t, ...rest } = record;
    return rest as unknown as CycleRecord;
  },
};
