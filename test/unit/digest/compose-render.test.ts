import { describe, expect, it } from 'vitest';
import { composeAlerts, composeRoundup } from '../../../lib/digest/compose.ts';
import { renderDigest, SLACK_LIMITS } from '../../../lib/digest/render.ts';
import { messageToTerminal } from '../../../lib/digest/terminal.ts';
import type { Block, RenderedMessage } from '../../../lib/digest/types.ts';
import { digestItem, ENTRIES } from './fixtures.ts';

const sub = { tracked: 'all' as const, alertKinds: ['statement' as const, 'report' as const] };
const base = { channel: 'C1', subscription: sub, entries: ENTRIES, until: '2025-06-16T12:00:00.000Z' };
const allText = (messages: RenderedMessage[]) =>
  messages.flatMap((m) => [m.text, ...m.blocks.flatMap((b: Block) => (b.type === 'context' ? b.elements.map((e) => e.text) : b.type === 'divider' ? [] : [b.text.text]))]).join('\n');

describe('composeAlerts', () => {
  it('groups statements by tracked entry, primary source first, and folds same-event news under them', () => {
    // Prepare
    const news = digestItem({ title: 'Casey audit: reaction', published: '2025-06-16T11:00:00.000Z' });
    const oldNews = digestItem({ title: 'Old piece', published: '2025-06-10T09:00:00.000Z' });
    const report = digestItem({ kind: 'report', sourceType: 'report', sourceId: 'govuk', title: 'National audit on group-based CSE' });
    const wms = digestItem({ kind: 'statement', sourceType: 'statement', sourceId: 'wms', title: 'Written statement: Casey audit' });
    const otherEntry = digestItem({ kind: 'statement', sourceType: 'statement', inquiries: ['national-inquiry'], title: 'Inquiry chair named' });
    // Act
    const digest = composeAlerts({ ...base, items: [news, oldNews, otherEntry, report, wms] });
    // Assess
    expect(digest?.groups.map((g) => [g.entry.id, g.items.map((i) => i.title), g.related.map((i) => i.title)])).toEqual([
      ['casey-audit', ['Written statement: Casey audit', 'National audit on group-based CSE'], ['Casey audit: reaction']],
      ['national-inquiry', ['Inquiry chair named'], []],
    ]);
    expect(digest?.foldedIds).toEqual([news.id]);
    expect(digest?.itemIds).not.toContain(oldNews.id);
  });

  it('alerts nothing when only news arrived', () => {
    // Prepare
    const items = [digestItem(), digestItem()];
    // Act
    const digest = composeAlerts({ ...base, items });
    // Assess
    expect(digest).toBeUndefined();
  });

  it('only includes the entries a channel subscribes to', () => {
    // Prepare
    const a = digestItem({ kind: 'statement', sourceType: 'statement' });
    const b = digestItem({ kind: 'statement', sourceType: 'statement', inquiries: ['national-inquiry'] });
    // Act
    const digest = composeAlerts({ ...base, subscription: { ...sub, tracked: ['national-inquiry'] }, items: [a, b] });
    // Assess
    expect(digest?.itemIds).toEqual([b.id]);
  });
});

describe('composeRoundup', () => {
  it('counts everything else per entry, lists the top items, and leaves out items already alerted', () => {
    // Prepare
    const items = Array.from({ length: 8 }, (_, i) => digestItem({ kind: i < 2 ? 'debate' : 'news', published: `2025-06-16T0${i}:00:00.000Z` }));
    const statement = digestItem({ kind: 'statement', sourceType: 'statement' });
    // Act
    const digest = composeRoundup({ ...base, items: [...items, statement], exclude: new Set([items[7]!.id]), topN: 3 });
    // Assess
    const [g] = digest.groups;
    expect(g?.counts).toEqual({ debate: 2, news: 5 });
    expect(g?.items.map((i) => i.kind)).toEqual(['debate', 'debate', 'news']);
    expect(g?.more).toBe(4);
    expect(digest.itemIds).toHaveLength(7);
    expect(digest.itemIds).not.toContain(statement.id);
  });

  it('says which sources are failing, so an empty roundup is not mistaken for a quiet day', () => {
    // Prepare
    const digest = composeRoundup({ ...base, items: [], failingSources: ['bbc-uk (3 in a row)', '<!channel> feed (1 in a row)'] });
    // Act
    const text = allText(renderDigest(digest));
    // Assess
    expect(text).toContain('2 sources are failing, so this roundup may be incomplete: bbc-uk (3 in a row), &lt;!channel&gt; feed (1 in a row).');
    expect(text).not.toContain('<!channel>');
  });
});

describe('renderDigest', () => {
  it('keeps an item with a huge tag-laden title: its link is shortened, never cut open', () => {
    // Prepare
    const item = digestItem({ kind: 'statement', sourceType: 'statement', title: `Statement: ${'<b>'.repeat(330)}` });
    const digest = composeAlerts({ ...base, items: [item] })!;
    // Act
    const text = allText(renderDigest(digest));
    // Assess
    expect(text).toContain(`<${item.url}|Statement: &lt;b&gt;`);
    expect(text).toMatch(/…>/);
  });

  it('renders hostile titles inert in blocks and in the fallback text', () => {
    // Prepare
    const hostile = ['<!channel> now', '<@U123> hi', '<https://evil.example|Official>', 'Rape & abuse <!here>'];
    const items = hostile.map((title) => digestItem({ kind: 'statement', sourceType: 'statement', title, sourceId: '<!everyone>' }));
    const digest = composeAlerts({ ...base, items })!;
    // Act
    const messages = renderDigest(digest);
    // Assess
    const text = allText(messages);
    expect(text).not.toMatch(/<!(channel|here|everyone)>|<@U123>|<https:\/\/evil/);
    expect(text).toContain('&lt;!channel&gt; now');
    expect(text).toContain('Rape &amp; abuse &lt;!here&gt;');
    // The only links are ours, built from the items' URLs.
    const links = [...text.matchAll(/<([^|>]+)\|/g)].map((m) => m[1]);
    expect(links.every((l) => l!.startsWith('https://www.bbc.co.uk/news/articles/'))).toBe(true);
  });

  it('shows the evidence, the catch-up label and a plain-text fallback', () => {
    // Prepare
    const item = digestItem({ kind: 'report', sourceType: 'report', title: 'National audit' });
    const digest = composeAlerts({ ...base, items: [], catchUp: [item] })!;
    // Act
    const [message] = renderDigest(digest);
    // Assess
    expect(message?.text).toBe('New report: Casey audit: National audit');
    const text = allText([message!]);
    expect(text).toContain('matched ‘Casey audit’ — “Baroness Casey published her national audit”');
    expect(text).toContain('_(catch-up)_');
    expect(text).toContain('Catch-up: 1 of these could not be delivered earlier');
  });

  it('keeps 500 alerts within Slack limits, overflowing to thread replies and "and N more"', () => {
    // Prepare
    const items = Array.from({ length: 500 }, (_, i) =>
      digestItem({ kind: 'statement', sourceType: 'statement', title: `Statement ${i} ${'x'.repeat(150)}`, inquiries: [ENTRIES[i % 2]!.id] }),
    );
    const digest = composeAlerts({ ...base, items })!;
    // Act
    const messages = renderDigest(digest);
    // Assess
    expect(messages).toHaveLength(SLACK_LIMITS.maxMessages);
    for (const m of messages) {
      expect(m.blocks.length).toBeLessThanOrEqual(50);
      expect(allText([{ ...m, text: '' }]).length).toBeLessThan(12_000);
      for (const b of m.blocks) if (b.type === 'section') expect(b.text.text.length).toBeLessThanOrEqual(3000);
      expect(m.text.length).toBeGreaterThan(0);
    }
    const listed = messages.flatMap((m) => m.blocks).filter((b) => b.type === 'section' && b.text.text.startsWith('<https')).length;
    expect(allText(messages)).toContain(`…and ${500 - listed} more items not shown: \`npx inquiry-watch query`);
  });

  it('renders a roundup with counts, top items and the archive link for the rest', () => {
    // Prepare
    const items = Array.from({ length: 7 }, () => digestItem({ kind: 'news' }));
    const digest = composeRoundup({ ...base, items, since: '2025-06-15T07:00:00.000Z', archiveUrl: 'https://archive.example/iw' });
    // Act
    const messages = renderDigest(digest);
    // Assess
    const text = allText(messages);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Roundup: 7 new items', emoji: true } });
    expect(text).toContain('*Casey audit*  ·  7 new: 7 news reports');
    expect(text).toContain('…and 2 more: <https://archive.example/iw/entries/casey-audit?from=2025-06-15|see them in the archive>');
  });

  it('names the entry in the CLI hint for the rest of a roundup', () => {
    // Prepare
    const items = Array.from({ length: 7 }, () => digestItem({ kind: 'news' }));
    const digest = composeRoundup({ ...base, items, since: '2025-06-15T07:00:00.000Z' });
    // Act
    const text = allText(renderDigest(digest));
    // Assess
    expect(text).toContain('…and 2 more: `npx inquiry-watch query --tracked casey-audit --from 2025-06-15`');
  });

  it('points an overflowing alert on several entries to one query per entry, or to the tracked list', () => {
    // Prepare
    const items = Array.from({ length: 500 }, (_, i) =>
      digestItem({ kind: 'statement', sourceType: 'statement', title: `Statement ${i} ${'x'.repeat(150)}`, inquiries: [ENTRIES[i % 2]!.id] }),
    );
    const since = '2025-06-16T08:00:00.000Z';
    // Act
    const cli = allText(renderDigest(composeAlerts({ ...base, items, since })!));
    const web = allText(renderDigest(composeAlerts({ ...base, items, since, archiveUrl: 'https://archive.example/iw' })!));
    // Assess
    expect(cli).toMatch(
      /more items not shown: `npx inquiry-watch query --tracked casey-audit --from 2025-06-16`, `npx inquiry-watch query --tracked national-inquiry --from 2025-06-16`/,
    );
    expect(web).toMatch(/more items not shown: <https:\/\/archive\.example\/iw\/\|see them in the archive>/);
  });

  it('marks every mrkdwn text verbatim so Slack does not turn a bare @here or @channel into a mention', () => {
    // Prepare
    const item = digestItem({ kind: 'statement', sourceType: 'statement', title: '@here @channel everyone', sourceId: '@channel' });
    const related = digestItem({ title: '@here coverage', published: item.published });
    const alert = composeAlerts({ ...base, items: [item, related] })!;
    const roundup = composeRoundup({ ...base, items: [related], since: '2025-06-15T07:00:00.000Z', failingSources: ['@here (2 in a row)'] });
    // Act
    const messages = [...renderDigest(alert), ...renderDigest(roundup)];
    // Assess
    const texts = messages.flatMap((m) => m.blocks.flatMap((b) => (b.type === 'section' ? [b.text] : b.type === 'context' ? b.elements : [])));
    expect(texts.length).toBeGreaterThan(5);
    expect(texts.filter((t) => t.type === 'mrkdwn').every((t) => t.verbatim === true)).toBe(true);
    expect(allText(messages)).toContain('@here @channel everyone');
    expect(allText(messages)).not.toMatch(/<!(here|channel|everyone)>/);
  });

  it('prints a message readably in the terminal with links spelled out and no escape sequences', () => {
    // Prepare
    const item = digestItem({ kind: 'statement', sourceType: 'statement', title: 'A & B \u001b[31mred' });
    const [message] = renderDigest(composeAlerts({ ...base, items: [item] })!);
    // Act
    const out = messageToTerminal(message!, false);
    // Assess
    expect(out).toContain('━━ New statement: Casey audit ━━');
    expect(out).toContain(`A & B red (${item.url})`);
    expect(out).not.toContain('\u001b');
  });
});
