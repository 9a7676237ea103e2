import { DynamoArchiveQueries } from '../../lib/adapters/dynamodb/archive-queries.ts';
import { registryView, type ApiDeps } from '../../lib/api/handler.ts';
import { startApiServer, type RunningApiServer } from '../../lib/api/node-server.ts';
import type { CompiledRegistry } from '../../lib/classify/classifier.ts';
import { buildAssets, type WebAssets } from '../../lib/web/assets.ts';
import type { BoardView } from '../../lib/web/board.ts';
import { localHandler } from '../../lib/web/local.ts';
import type { WebDeps } from '../../lib/web/ports.ts';
import type { TestTable } from './dynamo.ts';
import { WEB_SOURCES } from './web-archive.ts';

let assets: Promise<WebAssets> | undefined;

/** `serve`'s handler (pages, assets, JSON API) on a loopback port over a test table. */
export async function startWebServer(
  table: TestTable,
  compiled: CompiledRegistry,
  options: { board?: BoardView; now?: () => Date; maxExportBytes?: number } = {},
): Promise<RunningApiServer & { web: WebDeps }> {
  assets ??= buildAssets();
  const built = await assets;
  const reader = new DynamoArchiveQueries(table.client, table.tableName);
  const api: ApiDeps = { reader, registry: registryView(compiled), cursorSecret: 'web-test-secret', now: options.now };
  const web: WebDeps = {
    archive: reader,
    registry: { version: compiled.version, entries: compiled.registry.entries },
    sources: WEB_SOURCES,
    cursorSecret: api.cursorSecret,
    assetVersion: built.version,
    ...options,
  };
  const server = await startApiServer(api, { handler: localHandler(web, api, built) });
  return { ...server, web };
}
