import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../../lib/board/sentences.ts';

describe('sentences and their layout', () => {
  it('marks a heading line, a list with its lead-in, and where a sentence opens its line', () => {
    // Prepare
    const text = ['Recommendation 4: data', 'Accepted. Forces will record it.', 'The minister set out that:', '- a duty will follow', '• money will be found'].join('\n');
    // Act
    const sentences = splitSentences('Title', text);
    // Assess
    expect(sentences.map((s) => [s.text, Boolean(s.heading), Boolean(s.opensLine), Boolean(s.bullet), s.leadIn ?? ''])).toEqual([
      ['Title', false, false, false, ''],
      ['Recommendation 4: data', true, true, false, ''],
      ['Accepted.', false, true, false, ''],
      ['Forces will record it.', false, false, false, ''],
      ['The minister set out that:', false, true, false, ''],
      ['- a duty will follow', false, true, true, 'The minister set out that:'],
      ['• money will be found', false, true, true, 'The minister set out that:'],
    ]);
  });

  it("reads a Hansard speaker's name, with any brackets, only when asked to", () => {
    // Prepare
    const text = 'Lord Example of Somewhere (The Minister of State, Home Office) (Lab): My Lords, I agree.\nSummary: not a speaker.\nJane Doe: Thank you.';
    // Act
    const [withSpeakers, without] = [splitSentences('', text, { speakers: true }), splitSentences('', text)];
    // Assess
    expect(withSpeakers.map((s) => s.speaker)).toEqual(['Lord Example of Somewhere', undefined, 'Jane Doe']);
    expect(withSpeakers[0]!.text.slice(withSpeakers[0]!.speakerEnd)).toBe('My Lords, I agree.');
    expect(without.every((s) => s.speaker === undefined)).toBe(true);
  });
});
