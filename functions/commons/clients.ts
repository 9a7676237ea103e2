import { createDocumentClient } from '../../lib/adapters/dynamodb/client.ts';

/** Built once per cold start and reused by every invocation (connection reuse is most of a warm call's speed). */
export const documentClient = createDocumentClient();
