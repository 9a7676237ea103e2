/**
 * Progress of one backfill: a source's history loaded over a date range, chunk by chunk.
 * `pk = BACKFILLS`, `sk = <sourceId>#<since>#<until>`: re-running the same command finds its own record and
 * resumes after the last chunk it completed; one Query lists every backfill.
 */
export interface BackfillRecord {
  sourceId: string;
  /** Inclusive UTC dates, `yyyy-mm-dd`. */
  since: string;
  until: string;
  chunk: 'day' | 'week';
  status: 'running' | 'interrupted' | 'failed' | 'done';
  /** First date not yet loaded; equals the day after `until` once done. */
  nextDate: string;
  chunksDone: number;
  chunksTotal: number;
  newItems: number;
  items: number;
  pages: number;
  startedAt: string;
  updatedAt: string;
  lastError?: string;
}

export const BackfillEntity = {
  pk: 'BACKFILLS',
  sk: (sourceId: string, since: string, until: string) => `${sourceId}#${since}#${until}`,
  key: (sourceId: string, since: string, until: string) => ({ pk: BackfillEntity.pk, sk: BackfillEntity.sk(sourceId, since, until) }),
  toItem: (r: BackfillRecord) => ({ ...BackfillEntity.key(r.sourceId, r.since, r.until), type: 'backfill', ...r }),
  fromItem(record: Record<string, unknown>): BackfillRecord {
    const { pk: _pk, sk: _sk, type: _t, ...rest } = record;
    return rest as unknown as BackfillRecord;
  },
};
