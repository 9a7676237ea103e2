import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Item } from '../../lib/model/item.ts';
import { ItemEntity } from '../../lib/store/entities/item-entity.ts';
import { MatchEntity } from '../../lib/store/entities/match-entity.ts';
import { AliasEntity } from '../../lib/store/entities/alias-entity.ts';

/** Shared by the fault tests: feeds and an audit of everything the archive holds. */

export const rssItem = (guid: string, title: string, date: string, description = 'Baroness Casey published her national audit on group-based child sexual exploitation.') =>
  `<item><title>${title}</title><link>https://news.example.org/${guid}</link><guid isPermaLink="false">${guid}</guid><pubDate>${date}</pubDate><description>${description}</description></item>`;
export const rss = (items: string) => `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>${items}</channel></rss>`;

/**
 * `n` distinct stories the registry tracks under two entries each (the national inquiry and the Casey audit):
 * six writes per story, so a batch of 25 always ends part-way through one.
 */
export const trackedFeed = (prefix: string, n: number) =>
  rss(
    Array.from({ length: n }, (_, i) =>
      rssItem(`${prefix}-${i}`, `National inquiry into grooming gangs: ${prefix} council ${i} responds`, `Mon, 16 Jun 2025 ${String(8 + (i % 10)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00 GMT`),
    ).join(''),
  );

export interface ArchiveAudit {
  items: Item[];
  /** Everything that breaks "each story once, fully indexed": duplicates, dangling aliases, missing timeline records. */
  problems: string[];
}

/**
 * Reads the whole table (a test may Scan; product code never does) and checks its invariants: one item record per
 * story (no dedup key claimed by two items), every alias pointing at a stored item, and every tracked item on the
 * timeline of each entry it matched.
 */
export async function auditArchive(client: DynamoDBDocumentClient, tableName: string): Promise<ArchiveAudit> {
  const records: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start, ConsistentRead: true }));
    records.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);

  const items = records.filter((r) => r.type === 'item').map((r) => ItemEntity.fromItem(r));
  const ids = new Set(items.map((i) => i.id));
  const keys = new Set(records.map((r) => `${r.pk}|${r.sk}`));
  const problems: string[] = [];

  const claimedBy = new Map<string, string>();
  for (const item of items) {
    for (const k of item.dedupKeys) {
      const other = claimedBy.get(k);
      if (other && other !== item.id) problems.push(`duplicate: ${item.id} and ${other} are both ${k}`);
      claimedBy.set(k, item.id);
    }
    for (const m of MatchEntity.fromArchivedItem(item)) {
      const key = MatchEntity.key(m);
      if (!keys.has(`${key.pk}|${key.sk}`)) problems.push(`missing timeline record ${key.pk} for ${item.id} "${item.title}"`);
    }
  }
  for (const r of records.filter((x) => x.type === 'alias')) {
    const { itemId } = AliasEntity.fromItem(r);
    if (!ids.has(itemId)) problems.push(`alias ${String(r.pk)} points at missing item ${itemId}`);
  }
  return { items, problems };
}
