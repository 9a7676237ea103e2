// PLACEHOLDER: replaced by the issue that owns this command.
import type { Command } from 'commander';

export function registerQuery(program: Command): void {
  program
    .command('query')
    .description('query the archive (issue #6) [not yet available]')
    .allowUnknownOption()
    .action(() => {
      console.error('query: not yet available');
      process.exitCode = 1;
    });
}
