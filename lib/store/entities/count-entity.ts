import { KINDS, type Kind } from '../../model/item.ts';

/**
 * How many items a tracked entry has, kept at ingest so `GET /tracked` is one Query however large the archive.
 * `pk = COUNTS`, `sk = TRACK#<entryId>`. A crash between storing items and counting them can leave a count short;
 * `inquiry-watch registry recount` recounts from the match records.
 *
 * The same record also holds the entry's items per week (Monday, Europe/London) and kind, one attribute each
 * (`w:2025-06-16:statement`), added to in the same update as `items`: a timeline chart is one GetItem, never a read
 * of the entry's items. About 6.5 KB a year of weeks, far below the 400 KB record limit.
 */
export const CountEntity = {
  pk: 'COUNTS',
  sk: (entryId: string) => `TRACK#${entryId}`,
  skPrefix: 'TRACK#',
  key: (entryId: string) => ({ pk: CountEntity.pk, sk: CountEntity.sk(entryId) }),
  weekAttribute: (week: string, kind: Kind) => `w:${week}:${kind}`,
  toItem: (entryId: string, items: number, weeks: WeekCounts = new Map()) => {
    const record: Record<string, unknown> = { ...CountEntity.key(entryId), type: 'count', entryId, items };
    for (const [attr, n] of weeks) if (n !== 0) record[attr] = n;
    return record;
  },
  fromItem: (record: Record<string, unknown>) => ({ entryId: String(record.entryId), items: Number(record.items ?? 0) }),
  /** The weekly counts in a count record: week (yyyy-mm-dd) → kind → items, zero counts left out. */
  weeksFromItem(record: Record<string, unknown> | undefined): Map<string, Partial<Record<Kind, number>>> {
    const weeks = new Map<string, Partial<Record<Kind, number>>>();
    for (const [attr, value] of Object.entries(record ?? {})) {
      const m = WEEK_ATTRIBUTE.exec(attr);
      if (!m || !(KINDS as readonly string[]).includes(m[2]!) || !Number(value)) continue;
      const week = weeks.get(m[1]!) ?? {};
      week[m[2] as Kind] = Number(value);
      weeks.set(m[1]!, week);
    }
    return weeks;
  },
};

/** Week attribute (`CountEntity.weekAttribute`) → items to add. */
export type WeekCounts = Map<string, number>;

const WEEK_ATTRIBUTE = /^w:(\d{4}-\d{2}-\d{2}):([a-z]+)$/;
