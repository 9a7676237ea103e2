import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { z } from 'zod';
import { DynamoArchiveQueries } from '../lib/adapters/dynamodb/archive-queries.ts';
import { DynamoBoardStore } from '../lib/adapters/dynamodb/board-store.ts';
import { Board } from '../lib/board/board.ts';
import { handleApiRequest, registryView, type ApiDeps } from '../lib/api/handler.ts';
import { documentClient } from './commons/clients.ts';
import { cursorKeyLoader } from './commons/cursor-key.ts';
import { readEnv } from './commons/env.ts';
import { logger, withPowertools } from './commons/powertools.ts';
import { readDeployedSetup } from './commons/setup.ts';

// The cursor key comes from its own parameter: the local development default must never sign cursors in AWS.
const env = readEnv({ TABLE_NAME: z.string().min(1), INQUIRY_WATCH_CURSOR_PARAMETER: z.string().min(1) });
const setup = readDeployedSetup();
const reader = new DynamoArchiveQueries(documentClient, env.TABLE_NAME);
const registry = registryView(setup.compiled);
const cursorKey = cursorKeyLoader(env.INQUIRY_WATCH_CURSOR_PARAMETER);
const board = new Board(new DynamoBoardStore(documentClient, env.TABLE_NAME), setup.registry, setup.config.board);

/**
 * API Gateway HTTP API (payload v2, IAM-authorised) → the shared archive handler. Server errors are alarmed on
 * API Gateway's own 5xx metric, which also sees timeouts and throttles this code never does.
 */
async function query(event: APIGatewayProxyEventV2, _context: Context): Promise<APIGatewayProxyStructuredResultV2> {
  const deps: ApiDeps = { reader, board, registry, cursorSecret: await cursorKey(), onError: (err) => logger.error('query failed', err as Error) };
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(event.headers ?? {})) headers[k.toLowerCase()] = v;
  const response = await handleApiRequest(
    { method: event.requestContext.http.method, path: event.rawPath, query: { ...event.queryStringParameters }, headers },
    deps,
  );
  logger.info('query', { path: event.rawPath, status: response.status, query: event.queryStringParameters });
  return { statusCode: response.status, headers: response.headers, body: response.body };
}

export const handler = withPowertools(query);
