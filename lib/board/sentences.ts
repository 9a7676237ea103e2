/**
 * Sentences of an item's title and text, with where each starts. Events are justified by one sentence each, so the
 * split must not cut "Mr. Jones", "£5.5m", "Dr. Smith" or "No. 10" in half.
 */
export interface Sentence {
  text: string;
  /** 0 for the title, then 1, 2, … through the text. */
  index: number;
  inTitle: boolean;
}

/** Abbreviations that end with a full stop but do not end a sentence. */
const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'dr', 'prof', 'sir', 'st', 'no', 'nos', 'rt', 'hon', 'cllr', 'gen', 'lt', 'col', 'sgt', 'insp', 'supt', 'det', 'vs', 'v', 'etc', 'e.g', 'i.e', 'approx', 'para', 'paras', 'cl', 'sch', 'art', 'ch']);

/** Longest sentence kept whole: a run-on paragraph without stops is cut so evidence stays readable. */
export const MAX_SENTENCE_CHARS = 600;

export function splitSentences(title: string, text: string): Sentence[] {
  const out: Sentence[] = [];
  const t = collapse(title);
  if (t) out.push({ text: t, index: 0, inTitle: true });
  let index = 1;
  for (const paragraph of text.split(/\n+/)) {
    for (const s of splitParagraph(paragraph)) out.push({ text: s, index: index++, inTitle: false });
  }
  return out;
}

function splitParagraph(paragraph: string): string[] {
  const text = collapse(paragraph);
  if (!text) return [];
  const parts: string[] = [];
  let start = 0;
  // A stop, ! or ? (and any closing quotes or brackets), then space and a capital, digit, quote or bracket.
  const boundary = /([.!?])(["'”’)\]]*)\s+(?=["'“‘(\[]?[\p{Lu}\d£])/gu;
  for (let m = boundary.exec(text); m; m = boundary.exec(text)) {
    const end = m.index + 1 + m[2]!.length;
    if (m[1] === '.' && !endsSentence(text.slice(start, m.index))) continue;
    parts.push(text.slice(start, end).trim());
    start = m.index + m[0].length;
  }
  parts.push(text.slice(start).trim());
  return parts.filter(Boolean).flatMap(cutLong);
}

/** Whether the full stop after `before` ends the sentence: not after an abbreviation or an initial. */
function endsSentence(before: string): boolean {
  const word = /([\p{L}.]+)$/u.exec(before)?.[1]?.toLowerCase() ?? '';
  if (ABBREVIATIONS.has(word)) return false;
  // A single capital letter ("J. K. Rowling") is an initial.
  if (/(^|\s)\p{Lu}$/u.test(before)) return false;
  return true;
}

function cutLong(sentence: string): string[] {
  if (sentence.length <= MAX_SENTENCE_CHARS) return [sentence];
  const out: string[] = [];
  let rest = sentence;
  while (rest.length > MAX_SENTENCE_CHARS) {
    const cut = rest.lastIndexOf(' ', MAX_SENTENCE_CHARS);
    const at = cut > MAX_SENTENCE_CHARS / 2 ? cut : MAX_SENTENCE_CHARS;
    out.push(rest.slice(0, at).trim());
    rest = rest.slice(at).trim();
  }
  if (rest) out.push(rest);
  return out;
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
