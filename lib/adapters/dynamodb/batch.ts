import { BatchGetCommand, BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type WriteRequest = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Record<string, unknown> } };
type Key = { pk: string; sk: string };

/** Batch writes and reads give back unprocessed work under throttling; retry it this many rounds. */
const MAX_ROUNDS = 10;
const backoff = (round: number) => new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** round) * (0.5 + Math.random())));

export class UnprocessedItemsError extends Error {
  override readonly name = 'UnprocessedItemsError';
}

/**
 * Writes every request in batches of 25 (a few in flight), retrying unprocessed items with backoff until all
 * are written. Returns the number of BatchWriteItem requests sent.
 */
export async function batchWriteAll(client: DynamoDBDocumentClient, table: string, requests: WriteRequest[]): Promise<number> {
  const chunks = chunk(requests, 25);
  const sent = await inParallel(chunks, async (first) => {
    let pending: WriteRequest[] = first;
    let sent = 0;
    for (let round = 0; pending.length > 0; round++) {
      if (round >= MAX_ROUNDS) throw new UnprocessedItemsError(`${pending.length} writes still unprocessed after ${MAX_ROUNDS} rounds`);
      if (round > 0) await backoff(round);
      const out = await client.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      sent++;
      pending = (out.UnprocessedItems?.[table] ?? []) as WriteRequest[];
    }
    return sent;
  });
  return sent.reduce((a, b) => a + b, 0);
}

/** Reads every key in batches of 100 (duplicates removed), retrying unprocessed keys. Missing keys are absent from the map. */
export async function batchGetAll(
  client: DynamoDBDocumentClient,
  table: string,
  keys: Key[],
): Promise<Map<string, Record<string, unknown>>> {
  const unique = [...new Map(keys.map((k) => [`${k.pk}\u0000${k.sk}`, k])).values()];
  const found = new Map<string, Record<string, unknown>>();
  await inParallel(chunk(unique, 100), async (first) => {
    let pending: Key[] = first;
    for (let round = 0; pending.length > 0; round++) {
      if (round >= MAX_ROUNDS) throw new UnprocessedItemsError(`${pending.length} reads still unprocessed after ${MAX_ROUNDS} rounds`);
      if (round > 0) await backoff(round);
      const out = await client.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending } } }));
      for (const record of out.Responses?.[table] ?? []) found.set(`${record.pk}\u0000${record.sk}`, record);
      pending = (out.UnprocessedKeys?.[table]?.Keys ?? []) as Key[];
    }
  });
  return found;
}

const chunk = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));

/** Batches in flight at once: enough to hide round-trip latency without provoking throttling. */
const PARALLEL_BATCHES = 4;

async function inParallel<T, R>(items: T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += PARALLEL_BATCHES) {
    results.push(...(await Promise.all(items.slice(i, i + PARALLEL_BATCHES).map(fn))));
  }
  return results;
}

export const keyId = (k: Key) => `${k.pk}\u0000${k.sk}`;
