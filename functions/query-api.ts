import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { z } from 'zod';
import { DynamoArchiveQueries } from '../lib/adapters/dynamodb/archive-queries.ts';
import { DynamoBoardStore } from '../lib/adapters/dynamodb/board-store.ts';
import { Board } from '../lib/board/board.ts';
import { handleApiRequest, registryView, type ApiDeps } from '../lib/api/handler.ts';
import { documentClient } from './commons/clients.ts';
import { readEnv } from './commons/env.ts';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRIC } from './commons/metric-names.ts';
import { logger, metrics } from './commons/powertools.ts';
import { readDeployedSetup } from './commons/setup.ts';

// The cursor key is required here: the local development default must never sign cursors in AWS.
const env = readEnv({ TABLE_NAME: z.string().min(1), INQUIRY_WATCH_CURSOR_SECRET: z.string().min(16) });
const setup = readDeployedSetup();
const deps: ApiDeps = {
  reader: new DynamoArchiveQueries(documentClient, env.TABLE_NAME),
  board: new Board(new DynamoBoardStore(documentClient, env.TABLE_NAME), setup.registry, setup.config.board),
  registry: registryView(setup.compiled),
  cursorSecret: env.INQUIRY_WATCH_CURSOR_SECRET,
  onError: (err) => logger.error('query failed', err as Error),
};

/** API Gateway HTTP API (payload v2, IAM-authorised) → the shared archive handler. */
export async function handler(event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> {
  logger.addContext(context);
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(event.headers ?? {})) headers[k.toLowerCase()] = v;
  const response = await handleApiRequest(
    { method: event.requestContext.http.method, path: event.rawPath, query: { ...event.queryStringParameters }, headers },
    deps,
  );
  logger.info('query', { path: event.rawPath, status: response.status, query: event.queryStringParameters });
  metrics.addMetric(METRIC.queryServerErrors, MetricUnit.Count, response.status >= 500 ? 1 : 0);
  metrics.publishStoredMetrics();
  return { statusCode: response.status, headers: response.headers, body: response.body };
}
