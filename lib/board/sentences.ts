/**
 * Sentences of an item's title and text, with where each starts. Events are justified by one sentence each, so the
 * split must not cut "Mr. Jones", "£5.5m", "Dr. Smith" or "No. 10" in half.
 */
export interface Sentence {
  text: string;
  /** 0 for the title, then 1, 2, … through the text. */
  index: number;
  inTitle: boolean;
  /** The first sentence of its line (paragraph). */
  opensLine?: boolean;
  /** A line on its own that heads what follows ("Recommendation 7: police information systems", "Next steps"). */
  heading?: boolean;
  /** An item of a list ("- a legal duty to report…"), with the line that introduces the list when there is one. */
  bullet?: boolean;
  leadIn?: string;
  /** Hansard: where the words start after the speaker's name ("Baroness X (LD): To ask…"), and the name. */
  speakerEnd?: number;
  speaker?: string;
}

export interface SplitOptions {
  /** Read speakers' names at the start of lines (a Hansard exchange). */
  speakers?: boolean;
}

/** Abbreviations that end with a full stop but do not end a sentence. */
const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'dr', 'prof', 'sir', 'st', 'no', 'nos', 'rt', 'hon', 'cllr', 'gen', 'lt', 'col', 'sgt', 'insp', 'supt', 'det', 'vs', 'v', 'etc', 'e.g', 'i.e', 'approx', 'para', 'paras', 'cl', 'sch', 'art', 'ch']);

/** Longest sentence kept whole: a run-on paragraph without stops is cut so evidence stays readable. */
export const MAX_SENTENCE_CHARS = 600;

/** A list item's mark: "- ", "• ", "* ", "– "; and, in a list already begun or after a lead-in, "1. ", "(a) ". */
const BULLET = /^[-•*–—▪●◦]\s+/;
const NUMBERED = /^(\(?\d{1,2}[.)]|\(?[a-z][.)]|\([ivx]{1,4}\))\s+/;
/** A heading: a short line with no closing punctuation, followed by more text. */
const MAX_HEADING_WORDS = 12;
const ENDS_LIKE_TEXT = /[.!?:;,"'”’]$/;
/**
 * A Hansard speaker: capitalised names (with "of", "the", "for", "and"), then any bracketed constituency, party or
 * office, then a colon: "Lord Sharpe of Epsom (Con):", "The Parliamentary Under-Secretary of State for the Home
 * Department (Jess Phillips):". One bare word ("Summary:") is not a speaker.
 */
const SPEAKER = /^((?:\p{Lu}[\p{L}'’.-]*)(?: (?:\p{Lu}[\p{L}'’.-]*|of|the|for|and|de))*)((?: \([^()]{1,120}\))*):\s+/u;

export function splitSentences(title: string, text: string, options: SplitOptions = {}): Sentence[] {
  const out: Sentence[] = [];
  const t = collapse(title);
  if (t) out.push({ text: t, index: 0, inTitle: true });
  let index = 1;
  const lines = text.split(/\n+/).map(collapse).filter(Boolean);
  let leadIn: string | undefined;
  let inList = false;
  lines.forEach((line, i) => {
    const bullet = BULLET.test(line) || ((leadIn !== undefined || inList) && NUMBERED.test(line));
    inList = bullet;
    const heading = !bullet && i < lines.length - 1 && !ENDS_LIKE_TEXT.test(line) && line.split(' ').length <= MAX_HEADING_WORDS && /^[\p{Lu}\d]/u.test(line);
    const speaker = options.speakers ? SPEAKER.exec(line) : null;
    const hasSpeaker = speaker !== null && (speaker[2] !== '' || speaker[1]!.includes(' '));
    splitParagraph(line).forEach((s, j) => {
      out.push({
        text: s,
        index: index++,
        inTitle: false,
        ...(j === 0 ? { opensLine: true } : {}),
        ...(heading ? { heading: true } : {}),
        ...(bullet ? { bullet: true, ...(leadIn ? { leadIn } : {}) } : {}),
        ...(hasSpeaker && j === 0 ? { speakerEnd: speaker[0].length, speaker: speaker[1]!.trim() } : {}),
      });
    });
    if (!bullet) leadIn = line.endsWith(':') ? line : undefined;
  });
  return out;
}

function splitParagraph(text: string): string[] {
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
