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

export function foldText(text: string): FoldedText {
  let folded = '';
  let display = '';
  let pendingSpace = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      if (code === 0x20 || (code >= 0x09 && code <= 0x0d)) {
        pendingSpace = folded.length > 0;
        continue;
      }
      if (pendingSpace) {
        folded += ' ';
        display += ' ';
        pendingSpace = false;
      }
      const ch = text[i]!;
      if (code === 0x60) {
        folded += "'";
        display += "'";
      } else {
        folded += code >= 0x41 && code <= 0x5a ? String.fromCharCode(code + 32) : ch;
        display += ch;
      }
      continue;
    }
    // Surrogate pairs stay together so NFKD sees whole characters.
    const ch = code >= 0xd800 && code <= 0xdbff && i + 1 < text.length ? text.slice(i, ++i + 1) : text[i]!;
    if (/\s/u.test(ch)) {
      pendingSpace = folded.length > 0;
      continue;
    }
    let d = ch.normalize('NFKD').replace(COMBINING, '');
    d = d
      .replace(/[\u2018\u2019\u201a\u201b\u2032\u00b4]/g, "'")
      .replace(/[\u201c\u201d\u201e\u201f\u2033]/g, '"')
      .replace(/[\u2010-\u2015\u2212]/g, '-');
    const f = d.toLowerCase();
    const same = f.length === d.length;
    // Decomposition can yield spaces (e.g. "´" is a space and an accent): they collapse like any other.
    for (let k = 0; k < f.length; k++) {
      if (/\s/u.test(f[k]!)) {
        pendingSpace = folded.length > 0;
        continue;
      }
      if (pendingSpace) {
        folded += ' ';
        display += ' ';
        pendingSpace = false;
      }
      folded += f[k]!;
      display += same ? d[k]! : f[k]!;
    }
  }
  return { folded, display };
}
