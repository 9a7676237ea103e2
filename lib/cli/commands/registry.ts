import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { loadRegistry, type Registry } from '../../registry/registry.ts';
import { applyRegistry, planRegistryApply } from '../../registry/apply.ts';
import { addRegistryEntry } from '../../registry/edit.ts';
import type { PledgeCandidate } from '../../board/ports.ts';
import { KINDS } from '../../model/item.ts';
import { queryCount } from '../../adapters/dynamodb/query-all.ts';
import { ItemEntity } from '../../store/entities/item-entity.ts';
import { INDEXES } from '../../store/table.ts';
import { ConfigError } from '../../config/errors.ts';
import { registryDryRun, type DryRunItem, type DryRunReport } from '../../registry/dry-run.ts';
import { classify, compileRegistry } from '../../classify/classifier.ts';
import { itemsInRange } from '../../adapters/dynamodb/items-in-range.ts';
import { recountTracked } from '../../adapters/dynamodb/tracked-counts.ts';
import { loadSetup, openArchive, openBoard } from '../runtime.ts';
import { archiveOptions, globalOptions } from '../options.ts';
import { resolveRegistryFile } from './classify.ts';
import { UsageError } from '../errors.ts';
import { checkDayOrInstant, dateMessage } from '../../util/calendar-date.ts';
import { formatTable } from '../format.ts';
import { clean } from '../../digest/terminal.ts';
import { latestVerdicts, scoreVerdicts } from '../../corrections/feedback.ts';
import { formatVerdictCheck, itemsOf, readCorrections, rulesOf } from './feedback.ts';

const EXAMPLES_PER_CHANGE = 3;

export function registerRegistry(program: Command): void {
  // No options on `registry` itself: commander gives a parent's options precedence over its subcommands', so a
  // parent `--registry` would swallow `registry test --registry new.yaml`. Listing is the default subcommand instead.
  const registry = program
    .command('registry')
    .description('list the tracked entries; validate a registry file; dry-run a changed registry against the archive');

  registry
    .command('list', { isDefault: true })
    .description('list the tracked entries (the default)')
    .option('--registry <file>', 'registry file (default: the config file\'s registry, else config/registry.yaml)')
    .action((opts: { registry?: string }, cmd: Command) => {
      const file = resolveRegistryFile(opts.registry, globalOptions(cmd).config);
      process.stdout.write(formatEntries(loadRegistry(file), file));
    });

  registry
    .command('validate [file]')
    .description('check a registry file; exit 2 with the problems (file, entry id, field) if it is invalid')
    .action((file: string | undefined, _opts: unknown, cmd: Command) => {
      const target = file ?? resolveRegistryFile(undefined, globalOptions(cmd).config);
      const loaded = loadRegistry(target);
      const compiled = compileRegistry(loaded);
      console.log(`${target}: valid, ${loaded.entries.length} entries, ${compiled.phrases.length} phrases, version ${compiled.version.slice(0, 12)}`);
    });

  registry
    .command('test')
    .description('re-classify archived items with the current and a new registry and show what each entry would gain or lose')
    .requiredOption('--registry <file>', 'the changed registry to try')
    .option('--current <file>', 'registry to compare against (default: the one in use)')
    .option('--since <when>', 'items published since: 30d, 12h, or a date (YYYY-MM-DD)', '30d')
    .option('--examples <n>', 'examples shown per added/dropped list', String(EXAMPLES_PER_CHANGE))
    .action(async (opts: { registry: string; current?: string; since: string; examples: string }, cmd: Command) => {
      const g = globalOptions(cmd);
      const currentFile = opts.current ?? resolveRegistryFile(undefined, g.config);
      const current = compileRegistry(loadRegistry(currentFile));
      const next = compileRegistry(loadRegistry(opts.registry));
      const from = parseSince(opts.since, new Date());
      const archive = await openArchive(archiveOptions(g));
      try {
        const items: DryRunItem[] = [];
        for await (const item of itemsInRange(archive.client, archive.tableName, { from, to: new Date().toISOString() })) {
          items.push({ id: item.id, title: item.title, text: item.text, sourceUrl: item.url, sourceType: item.sourceType, published: item.published });
        }
        const report = registryDryRun(items, (i) => classify(i, current), (i) => classify(i, next));
        process.stdout.write(formatDryRun(report, { currentFile, newFile: opts.registry, since: from, examples: Number(opts.examples) || EXAMPLES_PER_CHANGE }));
        // People's corrections from Slack are labelled data: score both rule sets against them, whatever their date.
        const verdicts = latestVerdicts(await readCorrections(archive, [...new Set([...current.registry.entries, ...next.registry.entries].map((e) => e.id))]));
        const corrected = await itemsOf(archive, verdicts);
        process.stdout.write(formatVerdictCheck(scoreVerdicts(verdicts, rulesOf(current, corrected), rulesOf(next, corrected))));
      } finally {
        await archive.close();
      }
    });

  registerRegistryChanges(registry);

  registry
    .command('recount')
    .description("recount each entry's items from the archive and store the counts `GET /tracked` shows (repairs drift after a crash)")
    .option('--registry <file>', 'registry file (default: the one the config names)')
    .action(async (opts: { registry?: string }, cmd: Command) => {
      const g = globalOptions(cmd);
      const file = resolveRegistryFile(opts.registry, g.config);
      const registry = loadRegistry(file);
      const archive = await openArchive(archiveOptions(g));
      try {
        const counts = await recountTracked(archive.client, archive.tableName, registry.entries.map((e) => e.id));
        for (const [id, n] of counts) console.log(`${id.padEnd(28)} ${String(n).padStart(7)}`);
      } finally {
        await archive.close();
      }
    });
}

interface ApplyCliOptions {
  registry?: string;
  since?: string;
  yes?: boolean;
  examples: string;
}

interface SuggestCliOptions {
  all?: boolean;
  accept?: string;
  dismiss?: string;
  id?: string;
  name?: string;
  alias?: string[];
  cue?: string[];
  related?: string[];
  registry?: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `registry apply` and `registry suggest`: the registry changing what the archive and the board know. */
export function registerRegistryChanges(registry: Command): void {
  registry
    .command('apply')
    .description('re-tag the stored archive with the registry (after editing it): a dry run first; --yes writes, keeping earlier tags as a version')
    .option('--registry <file>', 'the registry to apply (default: the one the config names)')
    .option('--since <when>', 'only items published since: 30d, 12h, or a date (default: the whole archive)')
    .option('--yes', 'apply the changes the dry run shows')
    .option('--examples <n>', 'examples shown per added/dropped list', String(EXAMPLES_PER_CHANGE))
    .addHelpText(
      'after',
      '\nSafe to re-run, and so resumable: items already re-tagged are left alone. Counts (GET /tracked) are recounted for the\n' +
        'entries that changed and the board re-detects the events of every re-tagged item. In AWS, deploy the same registry\n' +
        '(npx cdk deploy) so new items are classified with it too.',
    )
    .action(async (opts: ApplyCliOptions, cmd: Command) => {
      const g = globalOptions(cmd);
      const setup = loadSetup(g.config, opts.registry);
      const from = opts.since ? parseSince(opts.since, new Date()) : '0000';
      const archive = await openArchive(archiveOptions(g));
      try {
        const range = { from, to: new Date().toISOString() };
        const total = await countItems(archive, range.from);
        const reading = progress('Reading', total);
        const plan = await planRegistryApply(itemsInRange(archive.client, archive.tableName, range), (item) => classify({ title: item.title, text: item.text, sourceUrl: item.url, sourceType: item.sourceType, published: item.published }, setup.compiled), (seen, changed) => reading.tick(seen, `${changed} would change`));
        reading.stop();
        const since = from === '0000' ? 'the beginning' : from;
        process.stdout.write(formatDryRun(plan.report, { currentFile: '(the tags stored in the archive)', newFile: setup.registryFile, since, examples: Number(opts.examples) || EXAMPLES_PER_CHANGE }));
        if (plan.changed.length === 0) {
          console.log('\nNothing to apply: every item already has the tags this registry gives it.');
          return;
        }
        if (!opts.yes) {
          console.log(`\nDry run: ${plan.changed.length} items would be re-tagged. Re-run with --yes to apply (each keeps its earlier tags as a version).`);
          return;
        }
        const board = openBoard(archive, setup);
        const writing = progress('Re-tagging', plan.changed.length);
        const outcome = await applyRegistry(plan.changed, {
          store: archive.store,
          classify: (item) => classify({ title: item.title, text: item.text, sourceUrl: item.url, sourceType: item.sourceType, published: item.published }, setup.compiled),
          registryVersion: setup.compiled.version,
          untrackedRetentionDays: setup.config.untrackedRetentionDays,
          afterRetag: async (item) => void (await board.record([item], true)),
          onProgress: (done) => writing.tick(done),
        });
        writing.stop();
        const counts = await recountTracked(archive.client, archive.tableName, outcome.entries.filter((id) => setup.registry.entries.some((e) => e.id === id)));
        console.log(
          `\nRe-tagged ${outcome.retagged.length} items (earlier tags kept as a version; ${outcome.unchanged} already up to date). ` +
            `Recounted ${counts.size} entries; the board re-detected the events of every re-tagged item.`,
        );
        if (g.store === 'aws') console.log('The deployed functions classify new items with the registry embedded at deploy time: run `npx cdk deploy` with this registry too.');
      } finally {
        await archive.close();
      }
    });

  registry
    .command('suggest')
    .description('candidate commitments ("we will…", "by…", "within…") found in statements, responses and answers; accept one into the registry')
    .option('--all', 'also list candidates already accepted or dismissed')
    .option('--accept <candidate>', 'add the candidate to the registry as a commitment (with --id, --name and --alias)')
    .option('--dismiss <candidate>', 'drop the candidate from the list')
    .option('--id <id>', 'for --accept: the new entry id (c-…)')
    .option('--name <name>', 'for --accept: the new entry name')
    .option('--alias <phrase>', 'for --accept: a phrase that names it (repeatable; at least one)', collect)
    .option('--cue <phrase>', 'for --accept: a weaker word that counts only with the topic and an action nearby (repeatable)', collect)
    .option('--related <id>', 'for --accept: a related entry (repeatable; default: the inquiries the item matched)', collect)
    .option('--registry <file>', 'registry file to add to (default: the one the config names)')
    .addHelpText(
      'after',
      '\nExample: inquiry-watch registry suggest --accept 3f2a…-4 --id c-youth-workers-vetting --name "Vetting for youth workers" \\\n' +
        '           --alias "vetting of youth workers" --alias "youth worker vetting"\nThen: inquiry-watch registry apply (dry run), and --yes.',
    )
    .action(async (opts: SuggestCliOptions, cmd: Command) => {
      const g = globalOptions(cmd);
      const setup = loadSetup(g.config, opts.registry);
      const archive = await openArchive(archiveOptions(g));
      try {
        const store = openBoard(archive, setup).pledges;
        if (opts.dismiss) {
          if (!(await store.getPledge(opts.dismiss))) throw new UsageError(`no candidate ${opts.dismiss} (see \`registry suggest\`)`);
          await store.setPledgeStatus(opts.dismiss, 'dismissed');
          console.log(`Dismissed ${opts.dismiss}.`);
          return;
        }
        if (opts.accept) {
          const pledge = await store.getPledge(opts.accept);
          if (!pledge) throw new UsageError(`no candidate ${opts.accept} (see \`registry suggest\`)`);
          if (!opts.id || !opts.name || !opts.alias?.length) throw new UsageError('--accept needs --id, --name and at least one --alias (the words that name the commitment)');
          if (setup.registry.entries.some((e) => e.id === opts.id)) throw new UsageError(`${setup.registryFile} already has an entry ${opts.id}`);
          const related = opts.related ?? pledge.entryIds.filter((id) => setup.registry.entries.find((e) => e.id === id)?.type === 'inquiry');
          try {
            addRegistryEntry(setup.registryFile, {
              comment: `Accepted from a candidate pledge (${pledge.who}, ${pledge.date}): ${pledge.url}`,
              entry: {
                id: opts.id,
                type: 'commitment',
                name: opts.name,
                description: pledge.sentence,
                match: { aliases: opts.alias, cues: opts.cue ?? [], context: ['@cse'], near: opts.cue?.length ? [['@action']] : [], aliasesNeedContext: true },
                related,
                searchTerms: opts.alias.slice(0, 1),
              },
              ...(pledge.due ? { deadline: { what: `${opts.name}: promised ${pledge.duePhrase ?? `by ${pledge.due}`}`, due: pledge.due, source: pledge.url } } : {}),
            });
          } catch (err) {
            if (err instanceof ConfigError) throw new UsageError(`the entry would make the registry invalid: ${err.message}`);
            throw err;
          }
          await store.setPledgeStatus(pledge.id, 'accepted', opts.id);
          console.log(`Added ${opts.id} to ${setup.registryFile}${pledge.due ? ` with its promised date ${pledge.due}` : ''}.`);
          console.log(`Next: \`inquiry-watch registry apply\` shows what it would tag in the archive; --yes applies it.`);
          return;
        }
        const pledges = (await store.listPledges()).filter((p) => opts.all || p.status === 'new');
        process.stdout.write(formatPledges(pledges));
      } finally {
        await archive.close();
      }
    });
}

export function formatPledges(pledges: PledgeCandidate[]): string {
  if (!pledges.length) return 'No candidate commitments. They are found in new statements, government responses and answers as they are archived.\n';
  const out = pledges.flatMap((p) => [
    `${p.id}  ${p.date}  ${oneLine(p.who)}${p.due ? `  due ${p.due} (${oneLine(p.duePhrase ?? '')})` : ''}${p.status !== 'new' ? `  [${p.status}${p.acceptedAs ? ` as ${p.acceptedAs}` : ''}]` : ''}`,
    `    “${oneLine(p.sentence)}”`,
    `    ${oneLine(p.url)}  (${oneLine(p.title)})`,
  ]);
  return `${out.join('\n')}\n\n${pledges.length} candidates. Accept one: registry suggest --accept ID --id c-… --name "…" --alias "…"; or --dismiss ID.\n`;
}

/** Items in the archive published since `from`, one COUNT Query per kind: the total progress is measured against. */
async function countItems(archive: { client: Parameters<typeof queryCount>[0]; tableName: string }, from: string): Promise<number> {
  const { name, partitionKey, sortKey } = INDEXES.byKind;
  let total = 0;
  for (const kind of KINDS) {
    total += await queryCount(archive.client, {
      TableName: archive.tableName,
      IndexName: name,
      KeyConditionExpression: '#pk = :pk AND #sk >= :from',
      ExpressionAttributeNames: { '#pk': partitionKey, '#sk': sortKey },
      ExpressionAttributeValues: { ':pk': ItemEntity.kindPk(kind), ':from': from },
    });
  }
  return total;
}

/** A bar on a terminal; otherwise a line every 1,000 items and at the end, so logs stay readable. */
function progress(label: string, total: number) {
  const started = Date.now();
  const bar = process.stdout.isTTY ? new cliProgress.SingleBar({ format: `${label} {bar} {value}/{total} items | {note} | ETA {eta_formatted}`, hideCursor: true }, cliProgress.Presets.shades_classic) : undefined;
  bar?.start(total, 0, { note: '' });
  let last = 0;
  return {
    tick(done: number, note = '') {
      last = done;
      if (bar) bar.update(done, { note });
      else if (done % 1000 === 0) console.log(`${label}: ${done}/${total} items${note ? `, ${note}` : ''} (${Math.round(done / Math.max(0.001, (Date.now() - started) / 1000))}/s)`);
    },
    stop() {
      bar?.stop();
      if (!bar && last % 1000 !== 0) console.log(`${label}: ${last}/${total} items`);
    },
  };
}

/** `30d`, `12h`, a day (from its London midnight) or an ISO time with its zone, as an ISO timestamp. */
export function parseSince(since: string, now: Date): string {
  const value = since.trim();
  const rel = /^(\d+)([dh])$/.exec(value);
  if (rel) return new Date(now.getTime() - Number(rel[1]) * (rel[2] === 'd' ? 86_400_000 : 3_600_000)).toISOString();
  const from = checkDayOrInstant(value, 'start');
  if (!from.ok) throw new UsageError(`${dateMessage('--since', since, from.problem)}; use a number of days or hours (30d, 12h) or a date (2025-06-01)`);
  return from.value.toISOString();
}

export function formatEntries(registry: Registry, file: string): string {
  const rows = registry.entries.map((e) => [e.id, e.type, e.name, e.searchTerms.length]);
  return `${formatTable(['ID', 'TYPE', 'NAME', 'SEARCH TERMS'], rows)}\n\n${registry.entries.length} entries in ${file}\n`;
}

export function formatDryRun(
  report: DryRunReport,
  ctx: { currentFile: string; newFile: string; since: string; examples: number },
): string {
  const out = [`Re-classified ${report.items} archived items published since ${ctx.since}`, `  current: ${ctx.currentFile}`, `  new:     ${ctx.newFile}`, ''];
  const changed = report.changes.filter((c) => c.added.length || c.dropped.length);
  if (!changed.length) out.push('No entry would gain or lose any item.');
  for (const c of changed) {
    out.push(`${c.id}: +${c.added.length} added, -${c.dropped.length} dropped, ${c.kept} unchanged`);
    for (const [sign, list] of [['+', c.added], ['-', c.dropped]] as const) {
      for (const ex of list.slice(0, ctx.examples)) {
        // Titles and snippets come from feeds: no control characters (escape sequences) reach the terminal.
        out.push(`  ${sign} ${ex.published?.slice(0, 10) ?? '          '}  ${oneLine(ex.title)}  [${oneLine(ex.itemId)}]`);
        if (ex.snippet) out.push(`      ${oneLine(ex.snippet)}`);
      }
      if (list.length > ctx.examples) out.push(`  ${sign} … and ${list.length - ctx.examples} more`);
    }
  }
  return `${out.join('\n')}\n`;
}

const oneLine = (text: string) => clean(text.replace(/\s+/g, ' '));
