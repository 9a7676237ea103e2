import { describe, expect, it } from 'vitest';
import { loadRegistry } from '../../../lib/registry/registry.ts';
import { MentionMatcher } from '../../../lib/board/mentions.ts';
import { findPledges } from '../../../lib/board/pledges.ts';
import { boardItem } from './fixtures.ts';

const registry = loadRegistry('config/registry.yaml');
const mentions = new MentionMatcher(registry);
const commitments = new Set(registry.entries.filter((e) => e.type === 'commitment').map((e) => e.id));

describe('candidate commitments', () => {
  it('finds a government promise no commitment tracks, with who made it, the date and the sentence', () => {
    // Prepare
    const item = boardItem({
      inquiries: ['national-inquiry'],
      author: 'Jess Phillips',
      published: '2025-09-02T11:30:00.000Z',
      text: 'I am updating the House today. The Government will publish guidance on safeguarding in the night-time economy by spring 2026. We will make the collection of ethnicity data mandatory.',
    });
    // Act
    const pledges = findPledges(item, mentions, commitments);
    // Assess
    expect(pledges).toEqual([
      {
        id: `${item.id}-2`,
        sentence: 'The Government will publish guidance on safeguarding in the night-time economy by spring 2026.',
        who: 'Jess Phillips',
        date: '2025-09-02',
        due: '2026-05-31',
        duePhrase: 'by spring 2026',
        itemId: item.id,
        url: item.url,
        title: '',
        entryIds: ['national-inquiry'],
        status: 'new',
      },
    ]);
  });

  it('reads only official words on tracked topics, and never a question or a procedural "I will"', () => {
    // Prepare
    const news = boardItem({ kind: 'news', sourceType: 'news', inquiries: ['national-inquiry'], text: 'The Government will publish guidance on taxis.' });
    const untracked = boardItem({ text: 'The Government will publish guidance on taxis.' });
    const hansard = boardItem({ kind: 'debate', sourceType: 'hansard', inquiries: ['national-inquiry'], text: 'With permission, I will make a statement. Will the Government publish guidance?' });
    // Act / Assess
    expect([news, untracked, hansard].flatMap((i) => findPledges(i, mentions, commitments))).toEqual([]);
  });

  it("reads a member's tabled question in a whole exchange as a question, after the member's name", () => {
    // Prepare
    const exchange = boardItem({
      kind: 'debate',
      sourceType: 'hansard',
      inquiries: ['national-inquiry'],
      text: "Baroness Example (LD): To ask His Majesty's Government when they will publish guidance on safeguarding in the night-time economy.\nLord Minister (Lab): My Lords, the Government will publish that guidance by spring 2026.",
    });
    // Act
    const pledges = findPledges(exchange, mentions, commitments);
    // Assess
    expect(pledges.map((p) => p.sentence)).toEqual(['Lord Minister (Lab): My Lords, the Government will publish that guidance by spring 2026.']);
  });
});
