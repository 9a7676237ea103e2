import type { Command } from 'commander';
import { loadRegistry, type Registry } from '../../registry/registry.ts';
import { registryDryRun, type DryRunItem, type DryRunReport } from '../../registry/dry-run.ts';
import { classify, compileRegistry } from '../../classify/classifier.ts';
import { itemsInRange } from '../../adapters/dynamodb/items-in-range.ts';
import { recountTracked } from '../../adapters/dynamodb/tracked-counts.ts';
import { openArchive } from '../runtime.ts';
import { archiveOptions, globalOptions } from '../options.ts';
import { resolveRegistryFile } from './classify.ts';
import { UsageError } from '../errors.ts';
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

/** `30d`, `12h` or an ISO date, as an ISO timestamp. */
export function parseSince(since: string, now: Date): string {
  const rel = /^(\d+)([dh])$/.exec(since.trim());
  if (rel) return new Date(now.getTime() - Number(rel[1]) * (rel[2] === 'd' ? 86_400_000 : 3_600_000)).toISOString();
  const date = new Date(since);
  if (!/^\d{4}-\d{2}-\d{2}/.test(since) || Number.isNaN(date.getTime())) {
    throw new UsageError(`--since "${since}": use a number of days or hours (30d, 12h) or a date (2025-06-01)`);
  }
  return date.toISOString();
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
