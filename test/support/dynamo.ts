import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, ensureTable } from '../../lib/adapters/dynamodb/client.ts';
import { DynamoArchiveStore } from '../../lib/adapters/dynamodb/archive-store.ts';

export interface TestTable {
  client: DynamoDBDocumentClient;
  tableName: string;
  store: DynamoArchiveStore;
}

/** A fresh, empty table on the run's DynamoDB Local: tests never see each other's data. */
export async function createTestTable(prefix = 'test'): Promise<TestTable> {
  const client = createDocumentClient();
  const tableName = `${prefix}-${randomUUID().slice(0, 8)}`;
  await ensureTable(client, tableName);
  return { client, tableName, store: new DynamoArchiveStore(client, tableName) };
}
