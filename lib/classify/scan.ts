import { foldChar } from './fold.ts';

/**
 * The classifier's hot path: one char-code pass over the raw title and text that finds the same words at the
 * same offsets as `tokenize(foldText(title + "\n" + text).folded)`, without building the folded string or a
 * string per word. Each word is read through an automaton over the registry's vocabulary to its id (-1 when no
 * phrase uses it), so the phrase trie is walked with integers. `tokenize` stays the readable definition; a property test holds the
 * two together.
 */

const DEAD = 0;
/** Columns 0-35 are the folded ASCII letters and digits; other characters of vocabulary words get columns after them. */
const ASCII_WORD_COLUMNS = 36;
const NOT_A_WORD = -1;

/**
 * The words used by any phrase, each with a small integer id, and a character automaton over them: reading a word
 * is one array step per character, ending in the word's id or in a dead state for words no phrase uses.
 */
export class Vocabulary {
  readonly words: string[] = [];
  private readonly ids = new Map<string, number>();
  /**
   * Transition table: one row per state, a column per word character and a last one holding the word id the state
   * accepts (-1 when the characters read so far are not a whole word). States are row offsets, so a step is one
   * load with no multiply; state 0 is dead (every column leads back to it), `start` the empty word.
   */
  dfa = new Int32Array(0);
  /** Offset of the accepted word id within a row. */
  acceptColumn = ASCII_WORD_COLUMNS;
  start = DEAD;
  /** The state after reading just "s" (a possessive "'s" is dropped). */
  sState = DEAD;
  private extraColumns = new Map<number, number>();

  get size(): number {
    return this.words.length;
  }

  /** The id of `word` (already folded), adding it when new. Call `seal` after the last one. */
  intern(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.words.length;
      this.words.push(word);
      this.ids.set(word, id);
    }
    return id;
  }

  /** Column of a folded, lower-cased word character; -1 when no vocabulary word contains it. */
  column(unit: number): number {
    if (unit < 0x80) return ASCII_COLUMN[unit]! < ASCII_WORD_COLUMNS ? ASCII_COLUMN[unit]! : NOT_A_WORD;
    return this.extraColumns.get(unit) ?? NOT_A_WORD;
  }

  /** Builds the automaton. */
  seal(): void {
    this.extraColumns = new Map();
    for (const word of this.words) {
      for (let k = 0; k < word.length; k++) {
        const unit = word.charCodeAt(k);
        if (unit >= 0x80 && !this.extraColumns.has(unit)) this.extraColumns.set(unit, ASCII_WORD_COLUMNS + this.extraColumns.size);
      }
    }
    const width = ASCII_WORD_COLUMNS + this.extraColumns.size + 1;
    const START = 1;
    const rows: number[][] = [[], []];
    const accept: number[] = [NOT_A_WORD, NOT_A_WORD];
    const follow = (state: number, col: number): number => {
      let next = rows[state]![col];
      if (next === undefined) {
        next = rows.length;
        rows[state]![col] = next;
        rows.push([]);
        accept.push(NOT_A_WORD);
      }
      return next;
    };
    this.words.forEach((word, id) => {
      let state = START;
      for (let k = 0; k < word.length; k++) state = follow(state, this.column(word.charCodeAt(k)));
      accept[state] = id;
    });
    const sState = follow(START, this.column(0x73));
    this.dfa = new Int32Array(rows.length * width);
    rows.forEach((row, state) => {
      row.forEach((next, col) => (this.dfa[state * width + col] = next * width));
      this.dfa[state * width + width - 1] = accept[state]!;
    });
    this.acceptColumn = width - 1;
    this.start = START * width;
    this.sState = sState * width;
  }
}

/** Per ASCII code: its folded column when it is a word character (0-35), else one of the classes below. */
const SPACE_CLASS = 100;
const APOSTROPHE_CLASS = 101;
const OTHER_CLASS = 102;
const ASCII_COLUMN = new Uint8Array(128).map((_, c) => {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 122) return c - 97 + 10;
  if (c >= 65 && c <= 90) return c - 65 + 10;
  if (c === 32 || (c >= 9 && c <= 13)) return SPACE_CLASS;
  // A backtick reads as an apostrophe, as in `foldText`.
  if (c === 0x27 || c === 0x60) return APOSTROPHE_CLASS;
  return OTHER_CLASS;
});

/** What one non-ASCII code point becomes in the folded text: its display units, and whether each is part of a word. */
interface CharInfo {
  units: string;
  /** The units lower-cased one character at a time (the same length: `foldChar` ensures it). */
  lower: string;
  /** Per unit: 0 separator, 1 word character, 2 whitespace. */
  types: Uint8Array;
}

const SEPARATOR = 0;
const WORD_CHAR = 1;
const SPACE = 2;
const IS_WORD = /[\p{L}\p{N}]/u;
const IS_SPACE = /\s/;
const charInfos = new Map<number, CharInfo>();

function charInfo(cp: number): CharInfo {
  let info = charInfos.get(cp);
  if (info) return info;
  const units = foldChar(String.fromCodePoint(cp)).replace(/`/g, "'");
  const types = new Uint8Array(units.length);
  for (let k = 0; k < units.length; k++) {
    const c = units.codePointAt(k)!;
    const ch = String.fromCodePoint(c);
    types[k] = IS_SPACE.test(ch) ? SPACE : IS_WORD.test(ch) ? WORD_CHAR : SEPARATOR;
    if (c > 0xffff) types[++k] = types[k - 1]!;
  }
  info = { units, lower: units.toLowerCase(), types };
  if (charInfos.size < 10_000) charInfos.set(cp, info);
  return info;
}

/**
 * Words of one item. The arrays are reused by the next `scanText` call (classification is synchronous), so
 * read them before scanning again.
 */
export interface ScannedText {
  count: number;
  /** Vocabulary id of each word, -1 when no phrase uses it. */
  ids: Int32Array;
  /** Offsets of each word in the folded text. */
  starts: Int32Array;
  ends: Int32Array;
  /** Length of the folded title alone, i.e. where the title ends in the folded text. */
  titleLength: number;
}

const scanned: ScannedText = { count: 0, ids: new Int32Array(0), starts: new Int32Array(0), ends: new Int32Array(0), titleLength: 0 };

function allocate(size: number): void {
  scanned.ids = new Int32Array(size);
  scanned.starts = new Int32Array(size);
  scanned.ends = new Int32Array(size);
}
allocate(1024);

function grow(): void {
  const size = scanned.ids.length * 2;
  for (const key of ['ids', 'starts', 'ends'] as const) {
    const next = new Int32Array(size);
    next.set(scanned[key]);
    scanned[key] = next;
  }
}

// State shared by `scanText` and `endWord`, kept out of the scanning loop's closure so its locals stay in registers.
let count = 0;
let lastEnd = -2;
/** Whether an apostrophe follows the last word: "'s" right after a word is dropped. */
let apostropheAfterLast = false;

function endWord(vocabulary: Vocabulary, state: number, start: number, end: number, apostrophe: boolean): void {
  if (state === vocabulary.sState && end === start + 1 && start === lastEnd + 1 && apostropheAfterLast) return;
  if (count === scanned.ids.length) grow();
  scanned.ids[count] = vocabulary.dfa[state + vocabulary.acceptColumn]!;
  scanned.starts[count] = start;
  scanned.ends[count] = end;
  count++;
  lastEnd = end;
  apostropheAfterLast = apostrophe;
}

/**
 * Note: characters are lower-cased one at a time, where `foldText` lower-cases the whole text; the two differ only
 * for a Greek capital sigma at the end of a word.
 */
// Strings are read as UTF-8 bytes in one reused buffer: indexing bytes is much cheaper than `charCodeAt` on the
// sliced and concatenated strings items arrive as. (Lone surrogates become U+FFFD, which folds the same way: one
// separator character.)
const encoder = new TextEncoder();
/** Buffers grown past this for an unusually large text are not kept for the next item. */
const MAX_KEPT_BYTES = 1 << 20;
let bytes = new Uint8Array(16_384);
let encoded = 0;

function encode(s: string): Uint8Array {
  let buffer = bytes;
  if (buffer.length < s.length * 3) {
    buffer = new Uint8Array(s.length * 3);
    if (buffer.length <= MAX_KEPT_BYTES) bytes = buffer;
  }
  encoded = encoder.encodeInto(s, buffer).written;
  return buffer;
}

export function scanText(title: string, text: string, vocabulary: Vocabulary): ScannedText {
  count = 0;
  lastEnd = -2;
  apostropheAfterLast = false;
  if (scanned.ids.length * 4 > MAX_KEPT_BYTES) allocate(1024);
  const { dfa, start } = vocabulary;
  /** Length of the folded text so far; a run of whitespace is one pending space, emitted before the next unit. */
  let pos = 0;
  let pendingSpace = false;
  // The word being read: where it starts in the folded text, and the automaton's state.
  let inWord = false;
  let wordStart = 0;
  let state = DEAD;
  for (let part = 0; part < 2; part++) {
    if (part === 1) {
      // The "\n" between title and text.
      if (inWord) endWord(vocabulary, state, wordStart, pos, false);
      inWord = false;
      scanned.titleLength = pos;
      if (pos > 0) pendingSpace = true;
    }
    const b = encode(part ? text : title);
    const n = encoded;
    for (let i = 0; i < n; i++) {
      const c = b[i]!;
      if (c < 0x80) {
        const col = ASCII_COLUMN[c]!;
        if (col < ASCII_WORD_COLUMNS) {
          if (pendingSpace) {
            pos++;
            pendingSpace = false;
          }
          if (!inWord) {
            inWord = true;
            wordStart = pos;
            state = start;
          }
          // The rest of an ASCII word in a tight loop; the character after it goes round the outer loop.
          let next = col;
          do {
            state = dfa[state + next]!;
            pos++;
            i++;
          } while (state !== DEAD && i < n && (next = b[i]!) < 0x80 && (next = ASCII_COLUMN[next]!) < ASCII_WORD_COLUMNS);
          // Most words are not in the vocabulary: once the automaton is dead, only the word's end matters.
          if (state === DEAD) {
            while (i < n && (next = b[i]!) < 0x80 && ASCII_COLUMN[next]! < ASCII_WORD_COLUMNS) {
              pos++;
              i++;
            }
          }
          i--;
        } else if (col === SPACE_CLASS) {
          if (inWord) {
            endWord(vocabulary, state, wordStart, pos, false);
            inWord = false;
          }
          if (pos > 0) pendingSpace = true;
        } else {
          if (pendingSpace) {
            pos++;
            pendingSpace = false;
          }
          if (inWord) {
            endWord(vocabulary, state, wordStart, pos, col === APOSTROPHE_CLASS);
            inWord = false;
          }
          pos++;
        }
        continue;
      }
      // Non-ASCII: fold the code point (cached) and feed its units through the same steps.
      let cp: number;
      if (c >= 0xf0) {
        cp = ((c & 0x07) << 18) | ((b[i + 1]! & 0x3f) << 12) | ((b[i + 2]! & 0x3f) << 6) | (b[i + 3]! & 0x3f);
        i += 3;
      } else if (c >= 0xe0) {
        cp = ((c & 0x0f) << 12) | ((b[i + 1]! & 0x3f) << 6) | (b[i + 2]! & 0x3f);
        i += 2;
      } else {
        cp = ((c & 0x1f) << 6) | (b[i + 1]! & 0x3f);
        i += 1;
      }
      const info = charInfo(cp);
      for (let k = 0; k < info.units.length; k++) {
        const type = info.types[k];
        if (type === SPACE) {
          if (inWord) {
            endWord(vocabulary, state, wordStart, pos, false);
            inWord = false;
          }
          if (pos > 0) pendingSpace = true;
          continue;
        }
        if (pendingSpace) {
          pos++;
          pendingSpace = false;
        }
        if (type === WORD_CHAR) {
          if (!inWord) {
            inWord = true;
            wordStart = pos;
            state = start;
          }
          const col = vocabulary.column(info.lower.charCodeAt(k));
          state = col < 0 ? DEAD : dfa[state + col]!;
        } else if (inWord) {
          endWord(vocabulary, state, wordStart, pos, info.units.charCodeAt(k) === 0x27);
          inWord = false;
        }
        pos++;
      }
    }
  }
  if (inWord) endWord(vocabulary, state, wordStart, pos, false);
  scanned.count = count;
  return scanned;
}
