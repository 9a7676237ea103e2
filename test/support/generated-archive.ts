import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchWriteAll } from '../../lib/adapters/dynamodb/batch.ts';
import { KINDS, type Item } from '../../lib/model/item.ts';
import { ItemEntity } from '../../lib/store/entities/item-entity.ts';
import { MatchEntity } from '../../lib/store/entities/match-entity.ts';
import { CountEntity } from '../../lib/store/entities/count-entity.ts';
import { sha256 } from '../../lib/util/hash.ts';

export const GENERATED_ENTRIES = ['casey-audit', 'national-inquiry', 'iicsa', 'c-ethnicity-data', 'c-taxi-licensing'] as const;
export const GENERATED_SOURCES = ['bbc-politics', 'guardian-uk', 'hansard-commons', 'wms', 'wpq', 'govuk-home-office', 'committees', 'sky-uk'] as const;

/** A small seeded PRNG (mulberry32): the same archive on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const AWKWARD_TITLES = ['Casey: "a collective failure", says minister', 'Taxi rules, licensing and the audit', 'Statement on grooming gangs\nline two', 'Plain title'];

/**
 * `count` synthetic archived items spread over 2024–2025: about 40 % tracked (one or two entries, with evidence),
 * some titles with quotes, commas and newlines. Times collide on purpose (whole minutes) to exercise id tie-breaks.
 */
export function generateItems(count: number, seed = 42): Item[] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const start = Date.UTC(2024, 0, 1);
  const span = Date.UTC(2026, 0, 1) - start;
  const items: Item[] = [];
  for (let i = 0; i < count; i++) {
    const id = sha256(`generated:${seed}:${i}`).slice(0, 20);
    const published = new Date(start + Math.floor((rnd() * span) / 60_000) * 60_000).toISOString();
    const tracked: string[] = [];
    if (rnd() < 0.4) {
      tracked.push(pick(GENERATED_ENTRIES));
      if (rnd() < 0.3) tracked.push(pick(GENERATED_ENTRIES));
    }
    const entries = [...new Set(tracked)];
    const title = i % 50 === 0 ? `${pick(AWKWARD_TITLES)} #${i}` : `Item ${i} about ${entries[0] ?? 'other news'}`;
    items.push({
      id,
      sourceId: pick(GENERATED_SOURCES),
      sourceType: 'news',
      kind: pick(KINDS),
      title,
      url: `https://example.org/items/${i}`,
      published,
      fetched: published,
      firstSeen: published,
      text: `Body of item ${i}.`,
      nativeIds: { guid: `g${i}` },
      dedupKeys: [`guid:g${i}`],
      contentHash: sha256(`content:${i}`),
      version: 1,
      inquiries: entries.filter((e) => !e.startsWith('c-')),
      commitments: entries.filter((e) => e.startsWith('c-')),
      // Backfilled, as a bulk archive would be: no alert index entries to write.
      quiet: true,
      evidence: entries.map((e) => ({ id: e, phrases: [{ phrase: e.replace(/-/g, ' '), offset: 3 }], snippet: `…about ${e} in item ${i}…`, score: 2 + (i % 5) })),
    });
  }
  return items;
}

/**
 * Writes items, their timeline records and the per-entry counters ingest would keep straight into the table (no
 * ingest round trips), `concurrency` batches at a time.
 */
export async function writeGeneratedArchive(client: DynamoDBDocumentClient, tableName: string, items: Item[], concurrency = 4): Promise<void> {
  const counts = new Map<string, number>();
  for (const item of items) for (const id of [...item.inquiries, ...item.commitments]) counts.set(id, (counts.get(id) ?? 0) + 1);
  const requests = [
    ...items.flatMap((item) => [
      { PutRequest: { Item: ItemEntity.toItem(item) } },
      ...MatchEntity.fromArchivedItem(item).map((m) => ({ PutRequest: { Item: MatchEntity.toItem(m) as Record<string, unknown> } })),
    ]),
    ...[...counts].map(([id, n]) => ({ PutRequest: { Item: CountEntity.toItem(id, n) as Record<string, unknown> } })),
  ];
  const chunk = 25 * 20;
  let next = 0;
  const worker = async () => {
    for (let i = next; i < requests.length; i = next) {
      next += chunk;
      await batchWriteAll(client, tableName, requests.slice(i, i + chunk));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** What a query should return, computed in memory: newest first, ties by id descending (the sort key order). */
export function expected(items: Item[], keep: (item: Item) => boolean): string[] {
  return items
    .filter(keep)
    .map((i) => `${i.published}#${i.id}`)
    .sort()
    .reverse()
    .map((k) => k.slice(k.lastIndexOf('#') + 1));
}
