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
  /** `partial`: a limit (request budget, page limit) cut a chunk short (`cutShort` says which); what it read is stored, a re-run reads it again. */
  status: 'running' | 'interrupted' | 'failed' | 'partial' | 'done';
  /** First date not yet loaded whole; equals the day after `until` once done. */
  nextDate: string;
  chunksDone: number;
  chunksTotal: number;
  newItems: number;
  items: number;
  pages: number;
  startedAt: string;
  updatedAt: string;
  lastError?: string;
  /** The chunk a limit cut short, and the limit: `yyyy-mm-dd..yyyy-mm-dd: <why>`. */
  cutShort?: string;
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
