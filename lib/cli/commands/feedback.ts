import type { Command } from 'commander';
import { DynamoCorrectionStore } from '../../adapters/dynamodb/correction-store.ts';
import { DynamoDigestStore } from '../../adapters/dynamodb/digest-store.ts';
import { classify, type CompiledRegistry } from '../../classify/classifier.ts';
import { feedbackByEntry, labelledRow, latestVerdicts, scoreVerdicts, type EntryFeedback, type VerdictScore } from '../../corrections/feedback.ts';
import type { CorrectionRecord } from '../../corrections/ports.ts';
import { clean } from '../../digest/terminal.ts';
import { londonTime } from '../../digest/render.ts';
import type { Item } from '../../model/item.ts';
import { UsageError } from '../errors.ts';
import { archiveOptions, globalOptions } from '../options.ts';
import { loadSetup, openArchive, type OpenArchive } from '../runtime.ts';

export function registerFeedback(program: Command): void {
  program
    .command('feedback')
    .description("people's corrections from Slack, per tracked entry: which items the rules tagged wrongly (or rightly), so a maintainer can fix the rule")
    .option('--entry <id>', 'only this entry')
    .option('--jsonl', 'one labelled row per verdict in force, with the item text (for labelled sets and quality figures)')
    .option('--registry <file>', 'registry file (default: the one the config names)')
    .addHelpText('after', '\nCorrections are made from the ⋮ menu on alert and roundup items (see README, "Slack actions").')
    .action(async (opts: { entry?: string; jsonl?: boolean; registry?: string }, cmd: Command) => {
      const g = globalOptions(cmd);
      const setup = loadSetup(g.config, opts.registry);
      const entries = setup.registry.entries;
      if (opts.entry && !entries.some((e) => e.id === opts.entry)) throw new UsageError(`--entry: no tracked entry "${opts.entry}" (see \`inquiry-watch registry\`)`);
      const archive = await openArchive(archiveOptions(g));
      try {
        const records = await readCorrections(archive, opts.entry ? [opts.entry] : entries.map((e) => e.id));
        const items = await itemsOf(archive, latestVerdicts(records));
        if (opts.jsonl) {
          for (const r of latestVerdicts(records)) process.stdout.write(`${JSON.stringify(labelledRow(r, items.get(r.itemId)))}\n`);
          return;
        }
        process.stdout.write(formatFeedback(feedbackByEntry(records, entries), rulesOf(setup.compiled, items)));
      } finally {
        await archive.close();
      }
    });
}

/** Every correction logged for these entries (one Query each). */
export async function readCorrections(archive: Pick<OpenArchive, 'client' | 'tableName'>, entryIds: readonly string[]): Promise<CorrectionRecord[]> {
  const store = new DynamoCorrectionStore(archive.client, archive.tableName);
  return (await Promise.all(entryIds.map((id) => store.listByEntry(id)))).flat();
}

export async function itemsOf(archive: Pick<OpenArchive, 'client' | 'tableName'>, records: CorrectionRecord[]): Promise<Map<string, Item>> {
  const found = await new DynamoDigestStore(archive.client, archive.tableName).getItems([...new Set(records.map((r) => r.itemId))]);
  return new Map(found.map((i) => [i.id, i]));
}

/** What a registry's rules tag an archived item with, people's corrections left out. */
export const rulesOf = (compiled: CompiledRegistry, items: Map<string, Item>) => {
  const cache = new Map<string, ReturnType<typeof classify>>();
  return (itemId: string) => {
    const item = items.get(itemId);
    if (!item) return undefined;
    if (!cache.has(itemId)) cache.set(itemId, classify({ id: item.id, title: item.title, text: item.text, sourceUrl: item.url, sourceType: item.sourceType, published: item.published }, compiled));
    return cache.get(itemId);
  };
};

export function formatFeedback(feedback: EntryFeedback[], rules: (itemId: string) => { inquiries: string[]; commitments: string[] } | undefined): string {
  if (feedback.length === 0) return 'No corrections yet. People correct tags from the ⋮ menu on alert and roundup items in Slack.\n';
  const out: string[] = [];
  for (const f of feedback) {
    const score = scoreVerdicts(f.verdicts, rules);
    const given = f.given > f.verdicts.length ? `; ${f.given} given in all` : '';
    out.push(`${f.entryId}  ${oneLine(f.name)}: ${f.notAbout} not about, ${f.confirmed} confirmed${given}; the current rules agree with ${score.current} of ${score.verdicts}`);
    for (const r of f.verdicts) {
      const tags = rules(r.itemId);
      const still = tags === undefined ? 'item no longer archived' : [...tags.inquiries, ...tags.commitments].includes(r.entryId) ? 'the rules still tag it' : 'the rules no longer tag it';
      const phrases = r.evidence?.phrases.length ? ` · matched ${[...new Set(r.evidence.phrases.map((p) => `‘${oneLine(p.phrase)}’`))].slice(0, 3).join(', ')}` : '';
      out.push(`  ${r.verdict === 'not-about' ? '✗ not about' : '✓ confirmed'}  ${r.published.slice(0, 10)}  ${oneLine(r.title).slice(0, 100)}  [${r.itemId}]`);
      out.push(`      by ${oneLine(r.byName ?? r.by)} (${oneLine(r.by)}), ${londonTime(r.at)}${phrases} · ${still}`);
      if (r.evidence?.snippet) out.push(`      “${oneLine(r.evidence.snippet).slice(0, 160)}”`);
    }
    out.push('');
  }
  return `${out.join('\n')}`;
}

/** `registry test`'s last section: how the current and the changed rules agree with people's verdicts. */
export function formatVerdictCheck(score: VerdictScore): string {
  if (score.verdicts === 0) return '';
  const out = ['', `Against people's corrections (${score.verdicts} verdicts in force; \`inquiry-watch feedback\` lists them):`];
  out.push(`  current rules agree with ${score.current}, new rules with ${score.next ?? score.current}`);
  for (const [label, list] of [['fixed by the new rules', score.fixed], ['broken by the new rules', score.broken]] as const) {
    for (const r of list) out.push(`  ${label}: ${r.entryId} ${r.verdict === 'not-about' ? '✗' : '✓'} ${oneLine(r.title).slice(0, 90)}  [${r.itemId}]`);
  }
  return `${out.join('\n')}\n`;
}

const oneLine = (text: string) => clean(text.replace(/\s+/g, ' ').trim());
