/**
 * How many items a tracked entry has, kept at ingest so `GET /tracked` is one Query however large the archive.
 * `pk = COUNTS`, `sk = TRACK#<entryId>`. A crash between storing items and counting them can leave a count short;
 * `inquiry-watch registry recount` recounts from the match records.
 */
export const CountEntity = {
  pk: 'COUNTS',
  sk: (entryId: string) => `TRACK#${entryId}`,
  skPrefix: 'TRACK#',
  key: (entryId: string) => ({ pk: CountEntity.pk, sk: CountEntity.sk(entryId) }),
  toItem: (entryId: string, items: number) => ({ ...CountEntity.key(entryId), type: 'count', entryId, items }),
  fromItem: (record: Record<string, unknown>) => ({ entryId: String(record.entryId), items: Number(record.items ?? 0) }),
};
