import type { Command } from 'commander';
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
