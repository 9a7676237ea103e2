/**
 * Word tokens of folded text: runs of letters and digits. Punctuation separates words and is otherwise ignored,
 * so "group-based" and "group based" are the same two words; a possessive "'s" is dropped so "Casey's audit"
 * reads as "casey audit" while "Caseys" stays a different word.
 */
export interface Tokens {
  words: string[];
  /** Character offset of each word in the folded text. */
  starts: number[];
  ends: number[];
}

const WORD = /[\p{L}\p{N}]+/gu;

export function tokenize(folded: string): Tokens {
  const words: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  WORD.lastIndex = 0;
  let lastEnd = -2;
  for (let m = WORD.exec(folded); m; m = WORD.exec(folded)) {
    const start = m.index;
    const word = m[0];
    if (word === 's' && start === lastEnd + 1 && folded.charCodeAt(lastEnd) === 0x27) continue;
    words.push(word);
    starts.push(start);
    lastEnd = start + word.length;
    ends.push(lastEnd);
  }
  return { words, starts, ends };
}
