import { describe, expect, it } from 'vitest';
import { composeBoardAlert, composeRoundup } from '../../../lib/digest/compose.ts';
import { renderDigest } from '../../../lib/digest/render.ts';
import type { BoardNotice } from '../../../lib/board/ports.ts';
import type { BoardSummary } from '../../../lib/board/notices.ts';
import { digestItem, ENTRIES } from './fixtures.ts';

const HOSTILE = 'Minister says <!channel> & <https://evil.example|click> @here';

const notice = (over: Partial<BoardNotice> = {}): BoardNotice => ({
  id: 'state:national-inquiry:being-set-up:2025-12-09',
  kind: 'state-change',
  entryId: 'national-inquiry',
  noticedAt: '2025-12-09T18:05:00.000Z',
  from: 'announced',
  to: 'being-set-up',
  since: '2025-12-09',
  evidence: [{ itemId: 'i1', url: 'https://hansard.parliament.uk/x', sentence: HOSTILE, date: '2025-12-09', title: `Statement ${HOSTILE}` }],
  ...over,
});

const texts = (blocks: unknown) => JSON.stringify(blocks);

describe('board alerts in Slack', () => {
  it('shows the change and the sentence, item and date behind it, with feed text escaped', () => {
    // Prepare
    const digest = composeBoardAlert({ channel: 'C1', subscription: { tracked: 'all' }, entries: ENTRIES, notices: [notice()], catchUp: [], until: '2025-12-09T18:10:00.000Z' })!;
    // Act
    const [message] = renderDigest(digest);
    // Assess
    const text = texts(message!.blocks);
    expect(message!.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'National inquiry into grooming gangs: now being set up', emoji: true } });
    expect(text).toContain('announced → *being set up* since 2025-12-09');
    expect(text).toContain('Minister says &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt; @here');
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('<https://hansard.parliament.uk/x|Statement Minister says &lt;!channel&gt;');
    expect(message!.blocks.filter((b) => b.type !== 'header').every((b) => ('text' in b ? b.text.verbatim : b.type === 'context' && b.elements.every((e) => e.verbatim)))).toBe(true);
    expect(digest.itemIds).toEqual([notice().id]);
  });

  it('alerts a passed deadline, only to the channels that follow the entry', () => {
    // Prepare
    const passed = notice({ id: 'deadline:committee-1:2025-12-05', kind: 'deadline-passed', from: undefined, to: undefined, since: undefined, deadline: { id: 'committee-1', what: 'Government response to <b>Fourth Report</b>', due: '2025-12-05', days: 4 } });
    // Act
    const followed = composeBoardAlert({ channel: 'C1', subscription: { tracked: ['national-inquiry'] }, entries: ENTRIES, notices: [passed], catchUp: [], until: '2025-12-09T18:10:00.000Z' })!;
    const elsewhere = composeBoardAlert({ channel: 'C2', subscription: { tracked: ['c-ethnicity-data'] }, entries: ENTRIES, notices: [passed], catchUp: [], until: '2025-12-09T18:10:00.000Z' });
    // Assess
    expect(texts(renderDigest(followed)[0]!.blocks)).toContain('Government response to &lt;b&gt;Fourth Report&lt;/b&gt; was due 2025-12-05; no response found (4 days overdue)');
    expect(elsewhere).toBeUndefined();
  });

  it('adds a short board section to roundups: overdue, changed this week, stalled', () => {
    // Prepare
    const board: BoardSummary = {
      overdue: [{ entryId: 'national-inquiry', name: 'National inquiry', what: 'Government response to <Fourth Report>', due: '2025-08-27', days: 12 }],
      dueSoon: [],
      stalled: Array.from({ length: 7 }, (_, i) => ({ entryId: `c-${i}`, name: `Commitment ${i}`, state: 'accepted' as const, lastMoved: '2025-01-01' })),
      changed: [{ entryId: 'casey-audit', name: 'Casey audit', from: 'reported', to: 'government-responded', since: '2025-06-16' }],
    };
    const digest = composeRoundup({ channel: 'C1', subscription: { tracked: 'all', alertKinds: ['statement'] }, entries: ENTRIES, items: [digestItem()], until: '2025-06-17T08:00:00.000Z', board });
    // Act
    const text = texts(renderDigest(digest).flatMap((m) => m.blocks));
    // Assess
    expect(text).toContain('*Accountability board*');
    expect(text).toContain('Government response to &lt;Fourth Report&gt; (National inquiry): due 2025-08-27, *12 days overdue*');
    expect(text).toContain('Casey audit: reported → *government responded* (2025-06-16)');
    expect(text).toContain('…and 2 more');
    expect(text).toContain('`npx inquiry-watch status`');
  });
});
