import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { BoardDecisionError, UnknownEntryError } from '../../board/board.ts';
import { londonToday } from '../../board/dates.ts';
import { toStatusJson } from '../../board/json.ts';
import { EVENT_TYPES, type Decision, type EventType } from '../../board/types.ts';
import { UsageError } from '../errors.ts';
import { archiveOptions, dayOption, globalOptions } from '../options.ts';
import { loadSetup, openArchive, openBoard } from '../runtime.ts';
import { formatBoard, formatEntry } from '../status-format.ts';

interface ShowOptions {
  at?: string;
  json?: boolean;
  registry?: string;
}

interface SetOptions {
  confirm?: string;
  reject?: string;
  add?: string;
  deadlineMet?: string;
  deadlineExcepted?: string;
  date?: string;
  sentence?: string;
  reason: string;
  source: string;
  by?: string;
  registry?: string;
}

export function registerStatus(program: Command): void {
  const status = program.command('status').description('the accountability board: where each inquiry and commitment stands, with the evidence; corrections by people');

  status
    .command('show [ids...]', { isDefault: true })
    .description('the board as a table, or the named entries with every event and its evidence (the default)')
    .option('--at <date>', 'the board as of a past date (yyyy-mm-dd)')
    .option('--json', 'the stable JSON form: an array, one object per entry')
    .option('--registry <file>', 'registry file (default: the one the config names)')
    .addHelpText(
      'after',
      '\nExamples:\n  inquiry-watch status\n  inquiry-watch status national-inquiry c-ethnicity-data\n  inquiry-watch status --at 2025-07-01 --json',
    )
    .action(async (ids: string[], opts: ShowOptions, cmd: Command) => {
      const g = globalOptions(cmd);
      const at = opts.at === undefined ? londonToday() : dayOption('--at', opts.at);
      const setup = loadSetup(g.config, opts.registry);
      const archive = await openArchive(archiveOptions(g));
      try {
        const statuses = await openBoard(archive, setup).status(ids, at).catch(usage);
        if (opts.json) process.stdout.write(`[\n${statuses.map((s) => JSON.stringify(toStatusJson(s))).join(',\n')}\n]\n`);
        else if (ids.length) process.stdout.write(statuses.map((s) => formatEntry(s, at)).join('\n'));
        else process.stdout.write(formatBoard(statuses, at));
      } finally {
        await archive.close();
      }
    });

  status
    .command('set <id>')
    .description("correct the board: confirm, reject or add an event, or mark a deadline met or excepted; people's decisions win over inference")
    .option('--confirm <eventId>', 'confirm an inferred event (ids are in `status <id>`)')
    .option('--reject <eventId>', 'reject an inferred event: it no longer counts, whatever is detected later')
    .option('--add <type>', `add an event: ${EVENT_TYPES.join(', ')}`)
    .option('--date <date>', 'the event\'s date, or the date a deadline was met (yyyy-mm-dd)')
    .option('--sentence <text>', 'for --add: the words in the source that say so (default: the reason)')
    .option('--deadline-met <deadlineId>', 'a deadline was met (the source is the response)')
    .option('--deadline-excepted <deadlineId>', 'a deadline does not apply (e.g. the committee agreed no response is needed)')
    .requiredOption('--reason <text>', 'why: kept with the decision and shown with the event')
    .requiredOption('--source <url>', 'where you read it: kept as the evidence')
    .option('--by <name>', 'who decides (default: $INQUIRY_WATCH_USER, else your login name)')
    .option('--registry <file>', 'registry file (default: the one the config names)')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  inquiry-watch status set national-inquiry --add established --date 2026-03-30 --reason "Inquiry formally set up" --source https://www.gov.uk/…\n' +
        '  inquiry-watch status set casey-audit --reject <eventId> --reason "About the 2023 Met review" --source https://…',
    )
    .action(async (id: string, opts: SetOptions, cmd: Command) => {
      const g = globalOptions(cmd);
      const decision = decisionFrom(id, opts);
      const setup = loadSetup(g.config, opts.registry);
      const archive = await openArchive(archiveOptions(g));
      try {
        const board = openBoard(archive, setup);
        await board.decide(decision).catch(usage);
        const after = await board.entry(id);
        console.log(`Recorded (${decision.action}, by ${decision.by}). ${id} is now ${after.state.replace(/-/g, ' ')}${after.since ? ` since ${after.since}` : ''}.`);
      } finally {
        await archive.close();
      }
    });
}

/** Board errors a person can fix (an unknown entry, event or deadline id) exit 2 with the message. */
const usage = (err: unknown): never => {
  if (err instanceof UnknownEntryError || err instanceof BoardDecisionError) throw new UsageError(err.message);
  throw err;
};

export function decisionFrom(entryId: string, o: SetOptions, now = new Date(), env: NodeJS.ProcessEnv = process.env): Decision {
  const actions = [o.confirm, o.reject, o.add, o.deadlineMet, o.deadlineExcepted].filter((a) => a !== undefined);
  if (actions.length !== 1) throw new UsageError('status set takes exactly one of --confirm, --reject, --add, --deadline-met, --deadline-excepted');
  if (!/^https?:\/\/\S+$/.test(o.source)) throw new UsageError(`--source must be an http(s) URL (not "${o.source}")`);
  if (!o.reason.trim()) throw new UsageError('--reason must say why');
  if (o.date !== undefined) dayOption('--date', o.date);
  const base = { id: `p-${randomUUID().slice(0, 12)}`, entryId, reason: o.reason.trim(), sourceUrl: o.source, by: (o.by ?? env.INQUIRY_WATCH_USER ?? userInfo().username).trim(), at: now.toISOString() };
  if (o.confirm) return { ...base, action: 'confirm', eventId: o.confirm };
  if (o.reject) return { ...base, action: 'reject', eventId: o.reject };
  if (o.deadlineMet) return { ...base, action: 'deadline-met', deadlineId: o.deadlineMet, ...(o.date ? { date: o.date } : {}) };
  if (o.deadlineExcepted) return { ...base, action: 'deadline-excepted', deadlineId: o.deadlineExcepted };
  if (!EVENT_TYPES.includes(o.add as EventType)) throw new UsageError(`--add takes an event type: ${EVENT_TYPES.join(', ')} (not "${o.add}")`);
  if (!o.date) throw new UsageError('--add needs --date (yyyy-mm-dd): when the event happened');
  return { ...base, action: 'add', event: { type: o.add as EventType, date: o.date, ...(o.sentence ? { sentence: o.sentence } : {}) } };
}
