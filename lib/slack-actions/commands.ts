import { collapse, escapeMrkdwn, link, truncate } from '../digest/mrkdwn.ts';
import { context, kindLabel, londonTime, section } from '../digest/render.ts';
import type { Block, EntryInfo } from '../digest/types.ts';
import { KINDS } from '../model/item.ts';
import { QueryParamError } from '../query/errors.ts';
import { runItemsPage } from '../query/execute.ts';
import { planItemsQuery } from '../query/plan.ts';
import type { ArchiveReader } from '../query/ports.ts';
import type { ResultRow } from '../query/rows.ts';
import { pageUrl } from '../util/page-url.ts';
import type { Reply } from './ports.ts';

/** `/inquiry …`: help, find, status. Pure parsing and rendering; the archive is read through the query planner. */

export type CommandText = { command: 'help'; unknown?: string } | { command: 'find' | 'status'; args: string };

export function parseCommandText(text: string): CommandText {
  const trimmed = collapse(text);
  const [word = '', ...rest] = trimmed.split(' ');
  const sub = word.toLowerCase();
  if (sub === 'find' || sub === 'status') return { command: sub, args: rest.join(' ') };
  if (sub === '' || sub === 'help') return { command: 'help' };
  return { command: 'help', unknown: word };
}

export function helpReply(command = '/inquiry', unknown?: string): Reply {
  const c = escapeMrkdwn(command);
  const lines = [
    `\`${c} status\`: where every tracked inquiry and commitment stands (overdue, stalled, recently changed)`,
    `\`${c} status &lt;entry&gt;\`: one entry's state, its last event and its next deadline; name it by its id or in words, e.g. \`${c} status rape law\``,
    `\`${c} find &lt;words&gt;\`: the five newest items whose title or matched passage has all the words; start with an entry id to search only its items, e.g. \`${c} find casey-audit ethnicity\``,
    `\`${c} help\`: this list`,
    'On alerts and roundups, the ⋮ menu beside an item marks it “not about” its entry, or confirms it: the archive, the counts and the board follow, and the message shows who changed what.',
  ];
  const head = unknown ? `I don't know \`${escapeMrkdwn(truncate(unknown, 40))}\`. ` : '';
  return { text: `${head}Inquiry Watch commands`, blocks: [section(`${head}*Inquiry Watch*\n${lines.map((l) => `• ${l}`).join('\n')}`)] };
}

export const FIND_LIMIT = 5;

export interface FindResult {
  words: string;
  entry?: string;
  rows: ResultRow[];
  /** Some kind was not searched to its end within the read budget: older matches may exist. */
  partial: boolean;
}

/**
 * The newest items matching the words: one entry's timeline when the first word is an entry id, otherwise the
 * newest matches of each kind, merged. Each read is a bounded page of the query planner (never a scan).
 */
export async function findItems(args: string, ctx: { reader: ArchiveReader; entryIds: readonly string[]; cursorSecret: string }): Promise<FindResult> {
  const [first = '', ...rest] = collapse(args).split(' ');
  const entry = ctx.entryIds.includes(first) ? first : undefined;
  const words = entry ? rest.join(' ') : collapse(args);
  if (!entry && !words) throw new QueryParamError('say what to look for, e.g. `find casey audit`', 'q');
  const plans = entry ? [{ tracked: entry }] : KINDS.map((kind) => ({ kind }));
  const pages = await Promise.all(
    plans.map((p) => {
      const plan = planItemsQuery({ ...p, q: words || undefined, limit: String(FIND_LIMIT) }, { entryIds: ctx.entryIds, cursorSecret: ctx.cursorSecret });
      return runItemsPage(plan, ctx.reader, ctx.cursorSecret);
    }),
  );
  const rows = pages
    .flatMap((p) => p.rows)
    .sort((a, b) => b.published.localeCompare(a.published) || a.id.localeCompare(b.id))
    .slice(0, FIND_LIMIT);
  return { words, entry, rows, partial: pages.some((p) => p.nextCursor !== undefined && p.rows.length < FIND_LIMIT) };
}

export function findReply(result: FindResult, entries: readonly EntryInfo[], archiveUrl?: string): Reply {
  const what = `${result.words ? `“${escapeMrkdwn(truncate(result.words, 100))}”` : 'anything'}${result.entry ? ` in ${escapeMrkdwn(entryName(entries, result.entry))}` : ''}`;
  if (result.rows.length === 0) {
    return { text: `Nothing in the archive matches ${what}.`, blocks: [section(`Nothing in the archive matches ${what}.${result.partial ? ' (Only the newest items were searched.)' : ''}`)] };
  }
  const blocks: Block[] = [section(`*${result.rows.length === 1 ? 'The newest item' : `The ${result.rows.length} newest items`} matching ${what}*`)];
  for (const row of result.rows) {
    const tags = row.tracked.map((id) => escapeMrkdwn(entryName(entries, id))).join(', ');
    const archive = archiveUrl ? `  ·  ${link(itemUrl(archiveUrl, row.id), 'in the archive')}` : '';
    blocks.push(section(`${link(row.url, row.title)}\n${kindLabel(row.kind)}  ·  ${escapeMrkdwn(row.sourceId)}  ·  ${londonTime(row.published)}${tags ? `  ·  ${tags}` : ''}${archive}`));
  }
  if (result.partial) blocks.push(context('Only the newest items of each kind were searched; older ones may match too.'));
  return { text: `${result.rows.length} items matching ${what}`, blocks };
}

/** An item's page (`/item/<id>`: full text, versions, evidence). */
export const itemUrl = (archiveUrl: string, id: string): string => pageUrl(archiveUrl, `item/${encodeURIComponent(id)}`);

export const entryName = (entries: readonly EntryInfo[], id: string): string => entries.find((e) => e.id === id)?.name ?? id;

/** A refusal or problem, said plainly to the one person who asked. */
export const plainReply = (text: string): Reply => ({ text, blocks: [section(text)] });
