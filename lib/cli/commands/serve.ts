import type { Command } from 'commander';
import { DynamoArchiveQueries } from '../../adapters/dynamodb/archive-queries.ts';
import { registryView } from '../../api/handler.ts';
import { startApiServer } from '../../api/node-server.ts';
import { cursorSecretFromEnv } from '../../query/cursor.ts';
import { UsageError } from '../errors.ts';
import { archiveOptions, globalOptions } from '../options.ts';
import { loadSetup, openArchive } from '../runtime.ts';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the archive API (GET /items, /items/{id}, /tracked) on 127.0.0.1 over the local archive')
    .option('--port <port>', 'port on 127.0.0.1 (0 picks a free one)', '8787')
    .addHelpText('after', '\nSame handler as the AWS API. JSON by default; CSV with ?format=csv or Accept: text/csv. Ctrl-C stops.')
    .action(async (options: { port: string }, command: Command) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0 to 65535, not "${options.port}"`);
      const g = globalOptions(command);
      const setup = loadSetup(g.config);
      // Signals are handled below, so the server closes before the database stops.
      const archive = await openArchive({ ...archiveOptions(g), handleSignals: false });
      let server;
      try {
        server = await startApiServer(
          {
            reader: new DynamoArchiveQueries(archive.client, archive.tableName),
            registry: registryView(setup.compiled),
            cursorSecret: cursorSecretFromEnv(),
            onError: (err) => console.error(`serve: ${err instanceof Error ? err.stack : String(err)}`),
          },
          { port },
        );
      } catch (err) {
        await archive.close();
        if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new UsageError(`port ${port} is in use; choose another with --port`);
        throw err;
      }
      console.log(`Archive API on ${server.url} (try ${server.url}/tracked or ${server.url}/items?kind=statement). Ctrl-C to stop.`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await server.close();
      await archive.close();
      console.error('stopped');
    });
}
