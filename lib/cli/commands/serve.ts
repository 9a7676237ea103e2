// PLACEHOLDER: replaced by the issue that owns this command.
import type { Command } from 'commander';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the archive HTTP API on loopback (issue #6) [not yet available]')
    .allowUnknownOption()
    .action(() => {
      console.error('serve: not yet available');
      process.exitCode = 1;
    });
}
