import type { Command } from 'commander';
import { checkCalendarDay, checkDayOrInstant, dateMessage } from '../util/calendar-date.ts';
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

/** A date flag's value: a real calendar day (`yyyy-mm-dd`), or a usage error naming the flag and the value. */
export function dayOption(flag: string, value: string): string {
  const day = checkCalendarDay(value);
  if (!day.ok) throw new UsageError(dateMessage(flag, value, day.problem));
  return value;
}

/** A time flag's value: an ISO time with its zone, or a day from its London midnight; a usage error otherwise. */
export function instantOption(flag: string, value: string): Date {
  const t = checkDayOrInstant(value, 'start');
  if (!t.ok) throw new UsageError(dateMessage(flag, value, t.problem));
  return t.value;
}
