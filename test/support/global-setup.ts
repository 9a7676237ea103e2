import type { TestProject } from 'vitest/node';
import { startDynamoLocal, type LocalDynamo } from '../../lib/adapters/dynamodb/local.ts';

let db: LocalDynamo | undefined;

/** One in-memory DynamoDB Local per test run (it takes ~3 s to start). */
export async function setup(project: TestProject): Promise<void> {
  db = await startDynamoLocal();
  project.provide('dynamoEndpoint', db.endpoint);
}

export async function teardown(): Promise<void> {
  await db?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}
