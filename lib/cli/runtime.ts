import { resolve } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, ensureTable } from '../adapters/dynamodb/client.ts';
import { DynamoArchiveStore } from '../adapters/dynamodb/archive-store.ts';
import { startDynamoLocal, type LocalDynamo } from '../adapters/dynamodb/local.ts';
import { DEFAULT_TABLE_NAME } from '../store/table.ts';
import { loadConfig, DEFAULT_CONFIG_FILE, type LoadedConfig } from '../config/load.ts';
import { checkSubscriptions } from '../config/subscriptions.ts';
import { loadRegistry, type Registry } from '../registry/registry.ts';
import { compileRegistry, type CompiledRegistry } from '../classify/classifier.ts';
import { Board } from '../board/board.ts';
import { DynamoBoardStore } from '../adapters/dynamodb/board-store.ts';
import type { HttpClient } from '../http/types.ts';
import type { CycleDeps } from '../pipeline/cycle.ts';
import { registrySearchTerms } from '../registry/registry.ts';
import { UsageError } from './errors.ts';
import { lockDataDir } from './data-dir-lock.ts';

/** Where the CLI keeps its embedded database between runs (git-ignored). */
export const DEFAULT_DATA_DIR = '.inquiry-watch/dynamodb';

export interface ArchiveOptions {
  /** `local` (default): embedded DynamoDB Local under `dataDir`. `aws`: the real table named `table`, from the usual AWS credentials. */
  store?: 'local' | 'aws';
  dataDir?: string;
  table?: string;
  /** Use an in-memory database (demo, tests): nothing persists after `close`. */
  inMemory?: boolean;
  /**
   * `true` (default): Ctrl-C / SIGTERM stop the database and exit 130. `false`: the command handles the signals
   * itself (to record its state first) and must call `close`.
   */
  handleSignals?: boolean;
}

export interface OpenArchive {
  client: DynamoDBDocumentClient;
  tableName: string;
  store: DynamoArchiveStore;
  close(): Promise<void>;
}

/**
 * Opens the archive the CLI works on. Locally this starts DynamoDB Local, creates the table if it is missing,
 * and `close` stops it again, also on Ctrl-C.
 */
export async function openArchive(options: ArchiveOptions = {}): Promise<OpenArchive> {
  const tableName = options.table ?? process.env.INQUIRY_WATCH_TABLE ?? DEFAULT_TABLE_NAME;
  let local: LocalDynamo | undefined;
  const where = options.store ?? process.env.INQUIRY_WATCH_STORE ?? 'local';
  // Anything but an exact "aws" must not reach the real table.
  if (where !== 'local' && where !== 'aws') throw new UsageError(`store must be "local" or "aws", not "${where}"`);
  let unlock: (() => void) | undefined;
  if (where === 'local') {
    const dataDir = options.inMemory ? undefined : resolve(options.dataDir ?? DEFAULT_DATA_DIR);
    // One process per data folder: a second one fails here, at once, naming the holder.
    if (dataDir) unlock = lockDataDir(dataDir, commandLine());
    try {
      local = await startDynamoLocal({ dataDir });
    } catch (err) {
      unlock?.();
      throw err;
    }
    process.env.AWS_ENDPOINT_URL_DYNAMODB = local.endpoint;
  }
  const client = createDocumentClient();
  // Whatever ends the process (a crash, process.exit), the Java child must not outlive it.
  const killOnExit = () => local?.kill();
  process.once('exit', killOnExit);
  // Registering a handler disables Node's default exit on Ctrl-C, so always exit here (after stopping the database).
  const stopOnSignal = () => void (local?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  const handleSignals = options.handleSignals ?? true;
  if (handleSignals) {
    process.once('SIGINT', stopOnSignal);
    process.once('SIGTERM', stopOnSignal);
  }
  const release = () => {
    process.off('exit', killOnExit);
    process.off('SIGINT', stopOnSignal);
    process.off('SIGTERM', stopOnSignal);
  };
  try {
    if (local) await ensureTable(client, tableName);
  } catch (err) {
    release();
    await local?.stop();
    unlock?.();
    throw err;
  }
  return {
    client,
    tableName,
    store: new DynamoArchiveStore(client, tableName),
    async close() {
      release();
      client.destroy();
      await local?.stop();
      unlock?.();
    },
  };
}

export interface LoadedSetup extends LoadedConfig {
  registry: Registry;
  compiled: CompiledRegistry;
}

/** Config file plus the registry it names, validated (subscriptions against the registry too) and compiled once. */
export function loadSetup(configFile: string = DEFAULT_CONFIG_FILE, registryOverride?: string): LoadedSetup {
  const loaded = loadConfig(configFile);
  const registryFile = registryOverride ?? loaded.registryFile;
  const registry = loadRegistry(registryFile);
  checkSubscriptions(loaded.config, loaded.file, registry.entries.map((e) => e.id), registryFile);
  return { ...loaded, registryFile, registry, compiled: compileRegistry(registry) };
}

/** How the holder of a data folder is named to a second process: the command it runs. */
const commandLine = (): string => ['inquiry-watch', ...process.argv.slice(2)].join(' ').slice(0, 200);

/** The accountability board on the archive's table, with the registry's entries and the config's settings. */
export function openBoard(archive: Pick<OpenArchive, 'client' | 'tableName'>, setup: Pick<LoadedSetup, 'registry' | 'config'>): Board {
  return new Board(new DynamoBoardStore(archive.client, archive.tableName), setup.registry, setup.config.board);
}

/** What a poll cycle (or a backfill) needs: the archive, the classifier, and the board hooked in after each ingest. */
export function cycleDeps(setup: LoadedSetup, archive: OpenArchive, http: HttpClient, board = openBoard(archive, setup)): CycleDeps {
  return {
    store: archive.store,
    http,
    compiled: setup.compiled,
    searchTerms: registrySearchTerms(setup.registry),
    untrackedRetentionDays: setup.config.untrackedRetentionDays,
    afterIngest: board.afterIngest,
  };
}
