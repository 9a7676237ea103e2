import type { Board } from '../../lib/board/board.ts';
import { londonToday } from '../../lib/board/dates.ts';
import type { EntryStatus } from '../../lib/board/types.ts';
import { boardView } from '../../lib/board/web-view.ts';
import { DynamoArchiveQueries } from '../../lib/adapters/dynamodb/archive-queries.ts';
import { registryView, type ApiDeps } from '../../lib/api/handler.ts';
import { startApiServer, type RunningApiServer } from '../../lib/api/node-server.ts';
import type { CompiledRegistry } from '../../lib/classify/classifier.ts';
import { buildAssets, type WebAssets } from '../../lib/web/assets.ts';
import type { BoardView } from '../../lib/web/board.ts';
import { localHandler } from '../../lib/web/local.ts';
import type { WebDeps } from '../../lib/web/ports.ts';
import type { TestTable } from './dynamo.ts';
import { BOARD_NOW, seedWebArchive, WEB_SOURCES } from './web-archive.ts';

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

/**
 * The pages over an archive with an accountability board fed through its ingest hook (`seedWebArchive` with
 * `board`), judged as of `BOARD_NOW`; `statuses` is the board as the Board API reads it then, to check pages against.
 */
export async function startBoardWebServer(): Promise<{ board: Board; server: RunningApiServer; statuses: Map<string, EntryStatus> }> {
  const seed = await seedWebArchive(8, { board: true });
  const board = seed.board!;
  const server = await startWebServer(seed.table, seed.compiled, { board: boardView(board), now: () => BOARD_NOW });
  const statuses = new Map((await board.status(undefined, londonToday(BOARD_NOW))).map((s) => [s.id, s]));
  return { board, server, statuses };
}
