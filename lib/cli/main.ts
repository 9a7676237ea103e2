import { Command, CommanderError, Option } from 'commander';
import { ConfigError } from '../config/errors.ts';
import { EXIT } from './exit-codes.ts';
import { stripControls } from '../text/controls.ts';
import { UsageError } from './errors.ts';
import { DataDirBusyError } from './data-dir-lock.ts';
import { registerRun } from './commands/run.ts';
import { registerSources } from './commands/sources.ts';
import { registerDemo } from './commands/demo.ts';
import { registerClassify } from './commands/classify.ts';
import { registerRegistry } from './commands/registry.ts';
import { registerBackfill } from './commands/backfill.ts';
import { registerDigest } from './commands/digest.ts';
import { registerQuery } from './commands/query.ts';
import { registerServe } from './commands/serve.ts';
import { registerDoctor } from './commands/doctor.ts';
import { registerFeedback } from './commands/feedback.ts';
import { registerStatus } from './commands/status.ts';

const program = new Command('inquiry-watch')
  .description('Monitor UK news and Parliament for tracked inquiries and commitments')
  .option('-c, --config <file>', 'config file', 'config/inquiry-watch.yaml')
  // A typo must not fall through to the real AWS table.
  .addOption(
    new Option('--store <where>', '"local" (embedded DynamoDB Local) or "aws" (real DynamoDB, table from --table)').choices(['local', 'aws']).default('local'),
  )
  .option('--data-dir <dir>', 'where the local database lives', '.inquiry-watch/dynamodb')
  .option('--table <name>', 'DynamoDB table name', 'inquiry-watch')
  .showHelpAfterError()
  .exitOverride();

for (const register of [
  registerRun,
  registerSources,
  registerDemo,
  registerBackfill,
  registerDigest,
  registerQuery,
  registerServe,
  registerStatus,
  registerClassify,
  registerRegistry,
  registerDoctor,
  registerFeedback,
]) {
  register(program);
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  process.exitCode = reportError(err);
}

function reportError(err: unknown): number {
  if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (err instanceof DataDirBusyError) {
    console.error(`error: ${stripControls(err.message)}`);
    return EXIT.busy;
  }
  if (err instanceof ConfigError || err instanceof UsageError) {
    console.error(`error: ${stripControls(err.message)}`);
    return EXIT.usage;
  }
  // Messages can quote a server or a file (an HTTP reason phrase, a YAML line): never raw to the terminal.
  console.error(`error: ${stripControls(err instanceof Error ? err.message : String(err))}`);
  if (process.env.DEBUG) console.error(err);
  return EXIT.failed;
}
