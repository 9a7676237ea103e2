// PLACEHOLDER: replaced by the issue that owns this command.
import type { Command } from 'commander';

export function registerDigest(program: Command): void {
  program
    .command('digest')
    .description('render or post Slack digests (issue #5) [not yet available]')
    .allowUnknownOption()
    .action(() => {
      console.error('digest: not yet available');
      process.exitCode = 1;
    });
}
