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
 * Writes every request in batches of 25, retrying unprocessed items with backoff until all are written.
 * Returns the number of BatchWriteItem requests sent.
 */
export async function batchWriteAll(client: DynamoDBDocumentClient, table: string, requests: WriteRequest[]): Promise<number> {
  let sent = 0;
  for (let i = 0; i < requests.length; i += 25) {
    let pending: WriteRequest[] = requests.slice(i, i + 25);
    for (let round = 0; pending.length > 0; round++) {
      if (round >= MAX_ROUNDS) throw new UnprocessedItemsError(`${pending.length} writes still unprocessed after ${MAX_ROUNDS} rounds`);
      if (round > 0) await backoff(round);
      const out = await client.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      sent++;
      pending = (out.UnprocessedItems?.[table] ?? []) as WriteRequest[];
    }
  }
  return sent;
}

/** Reads every key in batches of 100 (duplicates removed), retrying unprocessed keys. Missing keys are absent from the map. */
export async function batchGetAll(
  client: DynamoDBDocumentClient,
  table: string,
  keys: Key[],
): Promise<Map<string, Record<string, unknown>>> {
  const unique = [...new Map(keys.map((k) => [`${k.pk}\u0000${k.sk}`, k])).values()];
  const found = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < unique.length; i += 100) {
    let pending: Key[] = unique.slice(i, i + 100);
    for (let round = 0; pending.length > 0; round++) {
      if (round >= MAX_ROUNDS) throw new UnprocessedItemsError(`${pending.length} reads still unprocessed after ${MAX_ROUNDS} rounds`);
      if (round > 0) await backoff(round);
      const out = await client.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending } } }));
      for (const record of out.Responses?.[table] ?? []) found.set(`${record.pk}\u0000${record.sk}`, record);
      pending = (out.UnprocessedKeys?.[table]?.Keys ?? []) as Key[];
    }
  }
  return found;
}

export const keyId = (k: Key) => `${k.pk}\u0000${k.sk}`;
