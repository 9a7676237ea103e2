import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { z } from 'zod';
import { DynamoArchiveQueries } from '../lib/adapters/dynamodb/archive-queries.ts';
import { DynamoBoardStore } from '../lib/adapters/dynamodb/board-store.ts';
import { Board } from '../lib/board/board.ts';
import { boardView } from '../lib/board/web-view.ts';
import { handleWebRequest } from '../lib/web/app.tsx';
import type { WebDeps } from '../lib/web/ports.ts';
import { webSetup } from '../lib/web/setup.ts';
import { handleSignIn, type SignInConfig, type WebResponse } from '../lib/web/sign-in.ts';
import { documentClient } from './commons/clients.ts';
import { readEnv } from './commons/env.ts';
import { cursorKeyLoader } from './commons/cursor-key.ts';
import { logger, withPowertools } from './commons/powertools.ts';
import { readDeployedSetup } from './commons/setup.ts';

// The hosted research pages. API Gateway has already checked the researcher's token (JWT authorizer) on every page
// route; only /auth/* (sign-in itself) arrives without one.
const env = readEnv({
  TABLE_NAME: z.string().min(1),
  /** The query API's cursor key parameter: pages and API sign cursors with the same key. */
  INQUIRY_WATCH_CURSOR_PARAMETER: z.string().min(1),
  WEB_PUBLIC_URL: z.url(),
  WEB_ASSET_VERSION: z.string().min(1),
  COGNITO_DOMAIN: z.url(),
  COGNITO_CLIENT_ID: z.string().min(1),
});
const setup = readDeployedSetup();
const deps: Omit<WebDeps, 'cursorSecret'> = {
  ...webSetup(setup),
  archive: new DynamoArchiveQueries(documentClient, env.TABLE_NAME),
  board: boardView(new Board(new DynamoBoardStore(documentClient, env.TABLE_NAME), setup.registry, setup.config.board)),
  assetVersion: env.WEB_ASSET_VERSION,
  publicUrl: env.WEB_PUBLIC_URL,
  // Lambda answers at most 6 MB; larger exports are pointed at the CLI.
  maxExportBytes: 5_500_000,
  jsonApiLinks: false,
  onError: (err) => logger.error('page failed', err as Error),
};
const signIn: SignInConfig = {
  publicUrl: env.WEB_PUBLIC_URL,
  cognitoDomain: env.COGNITO_DOMAIN,
  clientId: env.COGNITO_CLIENT_ID,
  // Why a sign-in answered 502 (unreachable, or refused and with which OAuth error); never the code or tokens.
  onFailure: (reason, detail) => logger.warn('sign-in failed', { reason, ...detail }),
};

const cursorKey = cursorKeyLoader(env.INQUIRY_WATCH_CURSOR_PARAMETER);

async function web(event: APIGatewayProxyEventV2, _context: Context): Promise<APIGatewayProxyStructuredResultV2> {
  const cursorSecret = await cursorKey();
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(event.headers ?? {})) headers[k.toLowerCase()] = v;
  if (event.cookies?.length) headers.cookie = event.cookies.join('; ');
  const req = { method: event.requestContext.http.method, path: event.rawPath, query: { ...event.queryStringParameters }, headers };
  const response: WebResponse = (await handleSignIn(req, signIn)) ??
    (await handleWebRequest(req, { ...deps, cursorSecret })) ?? { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'not found' };
  const claims = (event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } }).authorizer?.jwt?.claims;
  logger.info('page', { path: event.rawPath, status: response.status, user: claims?.sub });
  return { statusCode: response.status, headers: response.headers, body: response.body, cookies: response.cookies };
}

export const handler = withPowertools(web);
