import type { Kind } from '../model/item.ts';
import type { BoardSummary } from '../board/notices.ts';
import type { BoardNotice } from '../board/ports.ts';
import type { Evidence } from '../board/types.ts';
import { pageUrl } from '../util/page-url.ts';
import { collapse, escapeMrkdwn, link, truncate } from './mrkdwn.ts';
import type { Block, Digest, DigestGroup, DigestItem, EntryInfo, OverflowMenu, RenderedMessage } from './types.ts';

/**
 * Block Kit rendering as pure functions. Every feed-derived string goes through `escapeMrkdwn`/`link`;
 * registry names are config, escaped too so a stray `&` cannot break an entity. Every mrkdwn text object is
 * `verbatim`: otherwise Slack pre-processes it and may turn a bare @here/@channel or #name into a mention.
 */

export interface RenderLimits {
  maxBlocks: number;
  maxSectionChars: number;
  maxContextChars: number;
  maxHeaderChars: number;
  /** Slack rejects some payloads well under the per-block limits (`msg_blocks_too_long` near 13.2k): stay under. */
  maxMessageChars: number;
  /** Beyond this a digest says "and N more" instead of posting more thread replies. */
  maxMessages: number;
}

export const SLACK_LIMITS: RenderLimits = {
  maxBlocks: 50,
  maxSectionChars: 3000,
  maxContextChars: 2000,
  maxHeaderChars: 150,
  maxMessageChars: 12_000,
  maxMessages: 10,
};

const KIND_LABEL: Record<Kind, [string, string]> = {
  statement: ['statement', 'statements'],
  report: ['report', 'reports'],
  debate: ['debate', 'debates'],
  question: ['question', 'questions'],
  news: ['news report', 'news reports'],
};
const plural = (kind: Kind, n: number) => `${n} ${KIND_LABEL[kind][n === 1 ? 0 : 1]}`;
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** "Statement", "News report": how an item's kind reads in a message. */
export const kindLabel = (kind: Kind): string => capital(KIND_LABEL[kind][0]);

const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
export const londonTime = (iso: string): string => {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : LONDON.format(t);
};

/** A run of blocks that must stay together, and how many digest items it lists. */
interface Unit {
  blocks: Block[];
  items: number;
}

export interface RenderOptions {
  /** A control beside each listed item (the correction menu when Slack actions are on), under the entry it is listed for. */
  accessory?: (item: DigestItem, entry: EntryInfo) => OverflowMenu | undefined;
}

export function renderDigest(digest: Digest, limits: RenderLimits = SLACK_LIMITS, options: RenderOptions = {}): RenderedMessage[] {
  if (digest.mode === 'board') return renderBoardAlert(digest, limits);
  return digest.mode === 'alerts' ? renderAlerts(digest, limits, options) : renderRoundup(digest, limits, options);
}

function renderAlerts(digest: Digest, limits: RenderLimits, options: RenderOptions): RenderedMessage[] {
  const listed = digest.groups.flatMap((g) => g.items);
  const kinds = countKinds(listed);
  const kindWords = Object.entries(kinds).map(([k, n]) => (n === 1 && listed.length === 1 ? KIND_LABEL[k as Kind][0] : KIND_LABEL[k as Kind][1]));
  const lead = `New ${kindWords.length > 1 ? `${kindWords.slice(0, -1).join(', ')} and ${kindWords.at(-1)}` : kindWords[0]}`;
  const title = digest.groups.length === 1 ? `${lead}: ${digest.groups[0]!.entry.name}` : `${lead} on ${digest.groups.length} tracked entries`;
  const catchUp = new Set(digest.catchUp);

  const head: Unit = { blocks: [header(title, limits)], items: 0 };
  if (catchUp.size) head.blocks.push(context(`:hourglass: Catch-up: ${catchUp.size} of these could not be delivered earlier.`, limits));
  const main: Unit[] = [head];
  for (const g of digest.groups) {
    const note = g.related.length ? `  ·  ${plural('news', g.related.length)} on this in the thread` : '';
    main.push({ blocks: [section(`*${escapeMrkdwn(g.entry.name)}*  ·  ${g.entry.type}${note}`, limits)], items: 0 });
    for (const item of g.items) main.push(itemUnit(item, g, catchUp, limits, true, options));
  }
  const related: Unit[] = digest.groups
    .filter((g) => g.related.length)
    .flatMap((g) => [
      { blocks: [section(`*Coverage of the same event: ${escapeMrkdwn(g.entry.name)}*`, limits)], items: 0 },
      ...g.related.map((item) => itemUnit(item, g, catchUp, limits, false, options)),
    ]);

  const fallback = `${escapeMrkdwn(title)}: ${listed.slice(0, 3).map((i) => escapeMrkdwn(collapse(i.title))).join('; ')}${listed.length > 3 ? ` and ${listed.length - 3} more` : ''}`;
  return pack([main, related], limits, fallback, digest);
}

function renderRoundup(digest: Digest, limits: RenderLimits, options: RenderOptions): RenderedMessage[] {
  const total = digest.itemIds.length;
  const since = digest.since ? ` since ${londonTime(digest.since)}` : '';
  const title = total ? `Roundup: ${total} new item${total === 1 ? '' : 's'}` : 'Roundup: nothing new';
  const head: Unit = {
    blocks: [
      header(title, limits),
      context(
        total
          ? `Matched${since} across ${digest.groups.length} tracked ${digest.groups.length === 1 ? 'entry' : 'entries'}.`
          : `No new items on the tracked entries${since}.`,
        limits,
      ),
    ],
    items: 0,
  };
  if (digest.failingSources?.length) {
    const n = digest.failingSources.length;
    head.blocks.push(
      context(
        `:warning: ${n} source${n === 1 ? ' is' : 's are'} failing, so this roundup may be incomplete: ${digest.failingSources.map(escapeMrkdwn).join(', ')}.`,
        limits,
      ),
    );
  }
  if (digest.catchUp.length) head.blocks.push(context(`:hourglass: Catch-up: ${digest.catchUp.length} items from a roundup that could not be delivered earlier.`, limits));
  const catchUp = new Set(digest.catchUp);
  const units: Unit[] = [head];
  for (const g of digest.groups) {
    const counts = Object.entries(g.counts ?? {}).map(([k, n]) => plural(k as Kind, n));
    const n = g.items.length + g.more;
    units.push({ blocks: [section(`*${escapeMrkdwn(g.entry.name)}*  ·  ${n} new: ${counts.join(', ')}`, limits)], items: 0 });
    for (const item of g.items) units.push(itemUnit(item, g, catchUp, limits, false, options));
    if (g.more) units.push({ blocks: [context(`…and ${g.more} more: ${seeTheRest(digest, [g.entry.id])}`, limits)], items: 0 });
  }
  if (digest.board) units.push(...boardSection(digest.board, digest, limits));
  const fallback = total
    ? `${title}${since}: ${digest.groups.map((g) => `${escapeMrkdwn(g.entry.name)} (${g.items.length + g.more})`).join(', ')}`
    : `${title}${since}.`;
  return pack([units], limits, fallback, digest);
}

/** Rows of each kind a roundup lists before "and N more". */
const BOARD_ROWS = 5;
export const stateLabel = (state: string | undefined): string => (state ?? 'unknown').replace(/-/g, ' ');
export const dayCount = (n: number): string => `${n} day${n === 1 ? '' : 's'}`;

/** A deadline's description (a committee report's title, say) in a list row: one line, cut well inside a section. */
const what = (text: string) => escapeMrkdwn(truncate(collapse(text), 300));

/**
 * The board summary's four lists as mrkdwn: each label with its rows, the first `rows` of them and "…and N more".
 * Shared by roundups and `/inquiry status`; `who` shows an entry (default: its escaped name).
 */
export function boardLists(board: BoardSummary, rows: number, who = (_entryId: string, name: string) => escapeMrkdwn(name)): { label: string; count: number; text: string }[] {
  const lists: [string, string[]][] = [
    ['Overdue', board.overdue.map((d) => `${what(d.what)} (${who(d.entryId, d.name)}): due ${d.due}, *${dayCount(d.days)} overdue*`)],
    ['Due soon', board.dueSoon.map((d) => `${what(d.what)} (${who(d.entryId, d.name)}): due ${d.due}, in ${dayCount(d.days)}`)],
    ['Changed this week', board.changed.map((c) => `${who(c.entryId, c.name)}: ${stateLabel(c.from)} → *${stateLabel(c.to)}* (${c.since})`)],
    ['Stalled', board.stalled.map((s) => `${who(s.entryId, s.name)}: ${stateLabel(s.state)}, nothing since ${s.lastMoved}`)],
  ];
  return lists.map(([label, all]) => {
    const more = all.length > rows ? `\n…and ${all.length - rows} more` : '';
    return { label, count: all.length, text: `*${label}*\n${all.slice(0, rows).map((r) => `• ${r}`).join('\n')}${more}` };
  });
}

/** The roundup's board section: overdue, due soon, stalled, changed this week. */
function boardSection(board: BoardSummary, digest: Digest, limits: RenderLimits): Unit[] {
  const units: Unit[] = [{ blocks: [section('*Accountability board*', limits)], items: 0 }];
  for (const list of boardLists(board, BOARD_ROWS)) if (list.count) units.push({ blocks: [section(list.text, limits)], items: 0 });
  units.push({ blocks: [context(`The whole board: ${boardLink(digest)}`, limits)], items: 0 });
  return units;
}

/** The research pages' board or entry page (its timeline with the board's events and deadlines), or the CLI command. */
function boardLink(digest: Pick<Digest, 'archiveUrl'>, entryId?: string): string {
  if (digest.archiveUrl) {
    return link(pageUrl(digest.archiveUrl, entryId ? `entries/${encodeURIComponent(entryId)}` : 'board'), entryId ? 'its timeline and events' : 'the board');
  }
  return `\`npx inquiry-watch status${entryId ? ` ${escapeMrkdwn(entryId)}` : ''}\``;
}

/** Board alerts: each change with the sentences, items and dates that justify it. */
function renderBoardAlert(digest: Digest, limits: RenderLimits): RenderedMessage[] {
  const notices = digest.notices ?? [];
  const names = new Map(digest.groups.map((g) => [g.entry.id, g.entry.name]));
  const name = (n: BoardNotice) => names.get(n.entryId) ?? n.entryId;
  const headline = (n: BoardNotice) =>
    n.kind === 'state-change' ? `${name(n)}: now ${stateLabel(n.to)}` : `${name(n)}: deadline passed, no response`;
  const title = notices.length === 1 ? headline(notices[0]!) : `Accountability board: ${notices.length} changes`;
  const catchUp = new Set(digest.catchUp);
  const head: Unit = { blocks: [header(title, limits)], items: 0 };
  if (catchUp.size) head.blocks.push(context(`:hourglass: Catch-up: ${catchUp.size} of these could not be delivered earlier.`, limits));
  const units: Unit[] = [head];
  for (const n of notices) {
    const tag = catchUp.has(n.id) ? '  _(catch-up)_' : '';
    const line =
      n.kind === 'state-change'
        ? `*${escapeMrkdwn(name(n))}*: ${stateLabel(n.from)} → *${stateLabel(n.to)}* since ${n.since}${n.decidedBy ? `  ·  set by ${escapeMrkdwn(n.decidedBy)}` : ''}${tag}`
        : `:alarm_clock: *${escapeMrkdwn(name(n))}*: ${escapeMrkdwn(collapse(n.deadline!.what))} was due ${n.deadline!.due}; no response found (${dayCount(n.deadline!.days)} overdue)${tag}`;
    const why = n.evidence.slice(0, 2).map(evidenceLine).join('\n');
    units.push({ blocks: [section(line, limits), context(`${why}${why ? '\n' : ''}On the board: ${boardLink(digest, n.entryId)}`, limits)], items: 1 });
  }
  const fallback = escapeMrkdwn(collapse(notices.length === 1 ? title : `${title}: ${notices.slice(0, 3).map(headline).join('; ')}`));
  return pack([units], limits, fallback, digest);
}

/** “The sentence” — <link to the item>, date: the evidence for a board change. */
export function evidenceLine(e: Evidence): string {
  return `“${escapeMrkdwn(truncate(collapse(e.sentence), 280))}” — ${link(e.url, e.title ?? e.url)}, ${e.date}`;
}

/**
 * The research pages when `archiveUrl` is configured, else the CLI command that lists the same items. One entry:
 * its timeline from the window's first day (`/entries/…?from=…`, `query --tracked … --from …`). Several: the
 * entries list, or one command per entry (the query reads one entry's timeline, never the lot).
 * `from` filters on published time, not on when an item was stored: an older item first stored in the window is
 * in the digest but not behind the link.
 */
export function seeTheRest(digest: Pick<Digest, 'archiveUrl' | 'since'>, entryIds: string[]): string {
  const from = digest.since?.slice(0, 10);
  if (digest.archiveUrl) {
    if (entryIds.length !== 1) return link(pageUrl(digest.archiveUrl, '.'), 'see them in the archive');
    const url = new URL(pageUrl(digest.archiveUrl, `entries/${encodeURIComponent(entryIds[0]!)}`));
    if (from) url.searchParams.set('from', from);
    return link(url.href, 'see them in the archive');
  }
  return entryIds.map((id) => `\`npx inquiry-watch query --tracked ${escapeMrkdwn(id)}${from ? ` --from ${from}` : ''}\``).join(', ');
}

function itemUnit(item: DigestItem, g: DigestGroup, catchUp: Set<string>, limits: RenderLimits, evidenceBlock: boolean, options: RenderOptions): Unit {
  const tag = catchUp.has(item.id) ? '  _(catch-up)_' : '';
  const meta = `${kindLabel(item.kind)}  ·  ${escapeMrkdwn(item.sourceId)}  ·  ${londonTime(item.published)}`;
  const evidence = evidenceText(item, g.entry.id);
  const line = `${link(item.url, item.title)}${tag}\n${meta}`;
  const accessory = options.accessory?.(item, g.entry);
  const withMenu = (block: Block): Block => (accessory && block.type === 'section' ? { ...block, accessory } : block);
  // Alerts give the evidence its own (small, grey) context block; lists keep one block per item.
  if (evidence && evidenceBlock) return { blocks: [withMenu(section(line, limits)), context(evidence, limits)], items: 1 };
  return { blocks: [withMenu(section(evidence ? `${line}  ·  _${evidence}_` : line, limits))], items: 1 };
}

/** "matched 'Casey audit', 'national audit' — …snippet…": why the item is in the digest. */
export function evidenceText(item: DigestItem, entryId: string): string | undefined {
  const e = item.evidence.find((x) => x.id === entryId) ?? item.evidence[0];
  if (!e) return undefined;
  const phrases = [...new Set(e.phrases.map((p) => p.phrase))].slice(0, 3).map((p) => `‘${escapeMrkdwn(collapse(p))}’`);
  const snippet = e.snippet ? ` — “${escapeMrkdwn(truncate(collapse(e.snippet), 240))}”` : '';
  return phrases.length || snippet ? `matched ${phrases.join(', ') || 'by context'}${snippet}` : undefined;
}

/**
 * Packs units into messages within the block and character budgets. Each segment starts a new message
 * (alerts: the related coverage is its own thread reply); past `maxMessages` the rest is summarised.
 */
function pack(segments: Unit[][], limits: RenderLimits, fallback: string, digest: Digest): RenderedMessage[] {
  // Room kept in every message for a "continued" or "and N more" line.
  const reserveChars = 400;
  const messages: { blocks: Block[]; chars: number }[] = [];
  let dropped = 0;
  for (const segment of segments) {
    if (segment.length === 0) continue;
    let current: { blocks: Block[]; chars: number } | undefined;
    for (const unit of segment) {
      const chars = unit.blocks.reduce((n, b) => n + blockChars(b), 0);
      const fits = current && current.blocks.length + unit.blocks.length <= limits.maxBlocks - 1 && current.chars + chars <= limits.maxMessageChars - reserveChars;
      if (!fits) {
        if (messages.length >= limits.maxMessages) {
          dropped += unit.items;
          continue;
        }
        current = { blocks: [], chars: 0 };
        messages.push(current);
      }
      current!.blocks.push(...unit.blocks);
      current!.chars += chars;
    }
  }
  if (dropped) {
    const entryIds = digest.groups.map((g) => g.entry.id);
    messages.at(-1)!.blocks.push(context(`…and ${dropped} more item${dropped === 1 ? '' : 's'} not shown: ${seeTheRest(digest, entryIds)}`, limits));
  }
  return messages.map((m, part) => ({
    part,
    text: truncate(part === 0 ? fallback : `(continued ${part + 1}/${messages.length}) ${fallback}`, limits.maxSectionChars),
    blocks: m.blocks,
  }));
}

/** Characters a block adds to a message; a menu counts its labels and values, so controls never push a message over. */
export const blockChars = (b: Block): number =>
  b.type === 'section'
    ? b.text.text.length + (b.accessory?.options.reduce((n, o) => n + o.text.text.length + o.value.length, 0) ?? 0)
    : b.type === 'header'
      ? b.text.text.length
      : b.type === 'context'
        ? b.elements.reduce((n, e) => n + e.text.length, 0)
        : 0;

export const header = (text: string, limits: RenderLimits = SLACK_LIMITS): Block => ({
  type: 'header',
  text: { type: 'plain_text', text: truncate(collapse(text), limits.maxHeaderChars), emoji: true },
});
export const section = (mrkdwn: string, limits: RenderLimits = SLACK_LIMITS): Block => ({
  type: 'section',
  text: { type: 'mrkdwn', text: truncate(mrkdwn, limits.maxSectionChars), verbatim: true },
});
export const context = (mrkdwn: string, limits: RenderLimits = SLACK_LIMITS): Block => ({
  type: 'context',
  elements: [{ type: 'mrkdwn', text: truncate(mrkdwn, limits.maxContextChars), verbatim: true }],
});

function countKinds(items: DigestItem[]): Partial<Record<Kind, number>> {
  const out: Partial<Record<Kind, number>> = {};
  for (const i of items) out[i.kind] = (out[i.kind] ?? 0) + 1;
  return out;
}
