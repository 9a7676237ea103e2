/**
 * What the monitor remembers about one source between cycles.
 * `pk = SOURCES`, `sk = STATE#<sourceId>`: one partition, so listing every source is one Query (there are tens, not thousands).
 */
export interface SourceState {
  sourceId: string;
  etag?: string;
  lastModified?: string;
  lastPolledAt?: string;
  lastSuccessAt?: string;
  lastErrorAt?: string;
  lastError?: string;
  consecutiveFailures: number;
  /** Id of the newest item seen on the last successful poll. */
  lastItemSeen?: string;
  /** Set on the first successful poll: until then the source is being seeded and its items are archived quietly. */
  seededAt?: string;
  itemsStored: number;
  /** Adapter-specific cursor (e.g. the end of the last polled date window), opaque to the pipeline. */
  cursor?: Record<string, string>;
}

export const SourceStateEntity = {
  pk: 'SOURCES',
  sk: (sourceId: string) => `STATE#${sourceId}`,
  skPrefix: 'STATE#',
  key: (sourceId: string) => ({ pk: SourceStateEntity.pk, sk: SourceStateEntity.sk(sourceId) }),
  initial: (sourceId: string): SourceState => ({ sourceId, consecutiveFailures: 0, itemsStored: 0 }),
  toItem: (s: SourceState) => ({ ...SourceStateEntity.key(s.sourceId), type: 'source-state', ...s }),
  fromItem(record: Record<string, unknown>): SourceState {
    const { pk: _pk, sk: _sk, type: _t, ...rest } = record;
    return rest as unknown as SourceState;
  },
};
