import type { Command } from 'commander';
import { DynamoArchiveQueries } from '../../adapters/dynamodb/archive-queries.ts';
import { registryView, type ApiDeps } from '../../api/handler.ts';
import { startApiServer } from '../../api/node-server.ts';
import { cursorSecretFromEnv } from '../../query/cursor.ts';
import { buildAssets } from '../../web/assets.ts';
import { localHandler } from '../../web/local.ts';
import { webSetup } from '../../web/setup.ts';
import { UsageError } from '../errors.ts';
import { archiveOptions, globalOptions } from '../options.ts';
import { loadSetup, openArchive, openBoard } from '../runtime.ts';
import { localSlackEndpoint } from '../slack-endpoint.ts';
import { boardView } from '../../board/web-view.ts';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the research pages (/), the archive API (/items, /items/{id}, /tracked, /status, /status/{id}, /deadlines) and the Slack endpoints on 127.0.0.1')
    .option('--port <port>', 'port on 127.0.0.1 (0 picks a free one)', '8787')
    .addHelpText(
      'after',
      '\nPages: / (tracked entries), /entries/<id> (timeline, filters, export), /item/<id>. Loopback only: nothing is' +
        '\nreachable from other machines. API: same handler as in AWS; JSON, or CSV with ?format=csv. Ctrl-C stops.' +
        '\nWith --store aws it serves the deployed archive, read with your own AWS credentials.',
    )
    .action(async (options: { port: string }, command: Command) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0 to 65535, not "${options.port}"`);
      const g = globalOptions(command);
      const setup = loadSetup(g.config);
      const assets = await buildAssets();
      // Signals are handled below, so the server closes before the database stops.
      const archive = await openArchive({ ...archiveOptions(g), handleSignals: false });
      const board = openBoard(archive, setup);
      const slack = localSlackEndpoint({
        config: setup.config,
        entries: setup.registry.entries,
        archive,
        board,
        onOutcome: (o, path) => o.refused && console.error(`serve: refused a request to ${path} (${o.refused})`),
        onJob: (r) => console.error(`serve: slack job ${r.status}: ${r.outcome}`),
        onError: (err) => console.error(`serve: slack job failed: ${err instanceof Error ? err.stack : String(err)}`),
      });
      let server;
      try {
        const reader = new DynamoArchiveQueries(archive.client, archive.tableName);
        const onError = (err: unknown) => console.error(`serve: ${err instanceof Error ? err.stack : String(err)}`);
        const api: ApiDeps = { reader, board, registry: registryView(setup.compiled), cursorSecret: cursorSecretFromEnv(), onError };
        const web = { ...webSetup(setup), archive: reader, board: boardView(board), cursorSecret: api.cursorSecret, assetVersion: assets.version, onError };
        server = await startApiServer(api, { port, handler: localHandler(web, api, assets), mounts: 'off' in slack ? [] : [slack] });
      } catch (err) {
        await archive.close();
        if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new UsageError(`port ${port} is in use; choose another with --port`);
        throw err;
      }
      console.log(`Inquiry Watch on ${server.url}/ (research pages; JSON API at ${server.url}/tracked, /items and /status). Ctrl-C to stop.`);
      console.log('off' in slack ? `Slack endpoints off: ${slack.off}.` : `Slack endpoints: ${slack.paths.map((p) => server.url + p).join(', ')} (signed requests only).`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await server.close();
      if (!('off' in slack)) await slack.idle();
      await archive.close();
      console.error('stopped');
    });
}
