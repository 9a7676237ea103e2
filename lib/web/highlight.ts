import { foldChar } from '../classify/fold.ts';

export interface Segment {
  text: string;
  mark: boolean;
}

const WORD = /[\p{L}\p{N}]/u;

/**
 * Splits a snippet into plain and matched runs: each matched phrase (as folded by the classifier: lower case,
 * accents, curly quotes and dashes made plain) is found as whole words, ignoring case and accents, however the
 * snippet spells it. Overlapping matches merge. The snippet's own characters are kept, so nothing is rewritten.
 */
export function highlight(snippet: string, phrases: readonly string[]): Segment[] {
  // Fold character by character so indexes in the folded copy map straight back to the snippet.
  const chars = [...snippet];
  const starts: number[] = [];
  let folded = '';
  let offset = 0;
  for (const ch of chars) {
    const f = ch.charCodeAt(0) < 128 ? ch.toLowerCase() : foldChar(ch);
    for (let i = 0; i < f.length; i++) starts.push(offset);
    folded += f;
    offset += ch.length;
  }
  starts.push(snippet.length);
  const marked = new Array<boolean>(snippet.length).fill(false);
  for (const phrase of new Set(phrases.map((p) => p.trim()).filter(Boolean))) {
    for (let at = folded.indexOf(phrase); at !== -1; at = folded.indexOf(phrase, at + 1)) {
      const end = at + phrase.length;
      const whole = !WORD.test(folded[at - 1] ?? ' ') && !WORD.test(folded[end] ?? ' ');
      if (!whole) continue;
      for (let i = starts[at]!; i < starts[end]!; i++) marked[i] = true;
    }
  }
  const segments: Segment[] = [];
  for (let i = 0; i < snippet.length; ) {
    let j = i;
    while (j < snippet.length && marked[j] === marked[i]) j++;
    segments.push({ text: snippet.slice(i, j), mark: marked[i]! });
    i = j;
  }
  return segments;
}
