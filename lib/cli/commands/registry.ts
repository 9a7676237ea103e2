// PLACEHOLDER: replaced by the issue that owns this command.
import type { Command } from 'commander';

export function registerRegistry(program: Command): void {
  program
    .command('registry')
    .description('list and validate registry entries (issue #3) [not yet available]')
    .allowUnknownOption()
    .action(() => {
      console.error('registry: not yet available');
      process.exitCode = 1;
    });
}
