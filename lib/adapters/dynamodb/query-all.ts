import { paginateQuery, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

/** Every record a Query matches, page after page (the SDK's paginator follows LastEvaluatedKey). */
export async function* queryRecords(client: DynamoDBDocumentClient, input: QueryCommandInput): AsyncGenerator<Record<string, unknown>> {
  for await (const page of paginateQuery({ client }, input)) yield* page.Items ?? [];
}

export async function queryAll(client: DynamoDBDocumentClient, input: QueryCommandInput): Promise<Record<string, unknown>[]> {
  const records: Record<string, unknown>[] = [];
  for await (const record of queryRecords(client, input)) records.push(record);
  return records;
}

/** How many records a Query matches, without reading them out (`Select: COUNT`). */
export async function queryCount(client: DynamoDBDocumentClient, input: QueryCommandInput): Promise<number> {
  let count = 0;
  for await (const page of paginateQuery({ client }, { ...input, Select: 'COUNT' })) count += page.Count ?? 0;
  return count;
}
