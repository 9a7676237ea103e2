/**
 * Folds text for matching the way `normaliseText` does (accents removed, case folded, curly quotes and dashes
 * made plain, whitespace collapsed, trimmed), and also returns a `display` copy with the same offsets but the
 * original case, so evidence snippets are readable while offsets still point into the normalised text.
 */
export interface FoldedText {
  folded: string;
  display: string;
}

const COMBINING = /[\u0300-\u036f]/g;
// Without the `u` flag the test runs on code units, which is the same question and much faster.
const NON_ASCII = /[^\x00-\x7f]/;
const NON_ASCII_ALL = /[^\x00-\x7f]/gu;
const foldedChars = new Map<string, string>();

/** One non-ASCII character as `normaliseText` would leave it, in a case that lower-cases without changing length. */
export function foldChar(ch: string): string {
  let out = foldedChars.get(ch);
  if (out === undefined) {
    const d = ch
      .normalize('NFKD')
      .replace(COMBINING, '')
      .replace(/[\u2018\u2019\u201a\u201b\u2032\u00b4]/g, "'")
      .replace(/[\u201c\u201d\u201e\u201f\u2033]/g, '"')
      .replace(/[\u2010-\u2015\u2212]/g, '-');
    out = d.toLowerCase().length === d.length ? d : d.toLowerCase();
    if (foldedChars.size < 10_000) foldedChars.set(ch, out);
  }
  return out;
}

export function foldText(text: string): FoldedText {
  // Most text is ASCII: the per-character work is only for the rest, and each distinct character is folded once.
  const mapped = NON_ASCII.test(text) ? text.replace(NON_ASCII_ALL, foldChar) : text;
  // Only runs that are not already one plain space are rewritten: most text has single spaces between words.
  const display = mapped.replace(/`/g, "'").replace(/[^\S ]\s*| \s+/g, ' ').trim();
  return { folded: display.toLowerCase(), display };
}
