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

const WORD_CHAR = /[\p{L}\p{N}]/u;

function isWordChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a);
  return WORD_CHAR.test(text[i]!);
}

export function tokenize(folded: string): Tokens {
  const words: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const n = folded.length;
  let i = 0;
  while (i < n) {
    if (!isWordChar(folded, i)) {
      i++;
      continue;
    }
    const start = i;
    while (i < n && isWordChar(folded, i)) i++;
    const possessive =
      i - start === 1 && folded[start] === 's' && start >= 2 && folded[start - 1] === "'" && ends.at(-1) === start - 1;
    if (possessive) continue;
    words.push(folded.slice(start, i));
    starts.push(start);
    ends.push(i);
  }
  return { words, starts, ends };
}
