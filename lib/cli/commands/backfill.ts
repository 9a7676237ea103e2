// PLACEHOLDER: replaced by the issue that owns this command.
import type { Command } from 'commander';

export function registerBackfill(program: Command): void {
  program
    .command('backfill')
    .description('load a source history (issue #4) [not yet available]')
    .allowUnknownOption()
    .action(() => {
      console.error('backfill: not yet available');
      process.exitCode = 1;
    });
}
