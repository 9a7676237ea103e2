import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { foldText } from '../../../lib/classify/fold.ts';
import { tokenize } from '../../../lib/classify/tokens.ts';
import { scanText, Vocabulary } from '../../../lib/classify/scan.ts';

const WORDS = ['casey', 'audit', 's', 'grooming', 'gangs', 'cafe', 'fi', '12', 'søren', 'straße', 'a1'];

function vocabularyOf(words: string[]): Vocabulary {
  const vocabulary = new Vocabulary();
  for (const w of words) vocabulary.intern(w);
  vocabulary.seal();
  return vocabulary;
}

/** What the scanner must reproduce: the readable fold-then-tokenize definition. */
function reference(title: string, text: string, vocabulary: Vocabulary) {
  const tokens = tokenize(foldText(`${title}\n${text}`).folded);
  return {
    ids: tokens.words.map((w) => vocabulary.words.indexOf(w)),
    starts: tokens.starts,
    ends: tokens.ends,
    titleLength: foldText(title).folded.length,
  };
}

function scanned(title: string, text: string, vocabulary: Vocabulary) {
  const s = scanText(title, text, vocabulary);
  return {
    ids: [...s.ids.subarray(0, s.count)],
    starts: [...s.starts.subarray(0, s.count)],
    ends: [...s.ends.subarray(0, s.count)],
    titleLength: s.titleLength,
  };
}

describe('scanText', () => {
  const vocabulary = vocabularyOf(WORDS);

  it('finds the words, offsets and title length that fold-then-tokenize finds, for any text', () => {
    const piece = fc.constantFrom(
      ...WORDS,
      'Casey', 'CASEY', 'AUDIT', 'Cafe\u0301', 'café', 'ﬁ', 'SØREN', 'STRASSE', 'x', '1', '½', '㎏', '𝐀', '\ud835', 'İ',
      ' ', '  ', '\n', '\t', '\u00a0', '\u2003', '\u2028', '\ufeff', "'", '’', '`', '´', 's', "'s", '’s', '-', '—', '“', '"', '.', ',',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 25 }), fc.array(piece, { maxLength: 40 }), (titlePieces, textPieces) => {
        // Prepare
        const title = titlePieces.join('');
        const text = textPieces.join('');
        // Act
        const actual = scanned(title, text, vocabulary);
        // Assess
        expect(actual).toEqual(reference(title, text, vocabulary));
      }),
      { numRuns: 2000 },
    );
  });

  it('scans a text far larger than its buffers, and the next item after it', () => {
    // Prepare
    const huge = 'Casey audit, grooming gangs. '.repeat(40_000);
    // Act
    const big = scanText('Title', huge, vocabulary);
    const bigCount = big.count;
    const bigLast = big.ends[big.count - 1];
    const next = scanned('Casey', 'audit', vocabulary);
    // Assess
    expect(bigCount).toBe(1 + 4 * 40_000);
    expect(bigLast).toBe(foldText(`Title\n${huge}`).folded.length - 1);
    expect(next).toEqual(reference('Casey', 'audit', vocabulary));
  });

  it('drops a possessive "s" but keeps an "s" standing alone', () => {
    // Act
    const possessive = scanned("Casey's", 'audit', vocabulary);
    const alone = scanned('Casey s', 'audit', vocabulary);
    // Assess
    expect(possessive.ids).toEqual([0, 1]);
    expect(alone.ids).toEqual([0, 2, 1]);
  });

  it('reads words that no phrase uses as -1, however they start', () => {
    // Act
    const result = scanned('', 'caseys auditor Søren gangsters', vocabulary);
    // Assess
    expect(result.ids).toEqual([-1, -1, 8, -1]);
  });
});
