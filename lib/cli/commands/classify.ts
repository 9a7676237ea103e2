// PLACEHOLDER: replaced by the issue that owns this command.
import type { Command } from 'commander';

export function registerClassify(program: Command): void {
  program
    .command('classify')
    .description('classify JSONL items against the registry (issue #3) [not yet available]')
    .allowUnknownOption()
    .action(() => {
      console.error('classify: not yet available');
      process.exitCode = 1;
    });
}
