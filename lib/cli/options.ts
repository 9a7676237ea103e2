import type { Command } from 'commander';
import { UsageError } from './errors.ts';
import type { ArchiveOptions } from './runtime.ts';

export interface GlobalOptions {
  config: string;
  store: 'local' | 'aws';
  dataDir: string;
  table: string;
}

/** The program-wide options, seen from inside a subcommand's action. */
export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals() as GlobalOptions;
}

export const archiveOptions = (g: GlobalOptions): ArchiveOptions => ({ store: g.store, dataDir: g.dataDir, table: g.table });

/**
 * Without SLACK_BOT_TOKEN digests are printed instead of posted, yet recorded as delivered. Fine for a local
 * archive; against the production table it would silently lose them from the ledger, so refuse unless dry-running.
 */
export function requireSlackForAws(g: GlobalOptions, dryRun: boolean, env: NodeJS.ProcessEnv = process.env): void {
  if (g.store === 'aws' && !dryRun && !env.SLACK_BOT_TOKEN?.trim()) {
    throw new UsageError(
      'SLACK_BOT_TOKEN is not set: with --store aws digests would be printed here but recorded as sent in the real table. Set the token, or leave digests out (`digest --dry-run`, `run --no-digest`).',
    );
  }
}
