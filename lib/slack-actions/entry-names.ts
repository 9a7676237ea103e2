import { expandPhrase } from '../classify/classifier.ts';
import { foldText } from '../classify/fold.ts';
import { tokenize } from '../classify/tokens.ts';

/** What people may call a tracked entry: its id, its name, or any of its aliases. */
export interface NamedEntry {
  id: string;
  name: string;
  match?: { aliases: readonly string[] };
}

/**
 * An entry asked for by what a person typed: one entry, several that fit every word, or (nothing fits) the closest,
 * best first, perhaps none.
 */
export type EntryLookup = { found: string } | { several: string[] } | { close: string[] };

/** Words that say nothing about which entry is meant ("the national inquiry into…"). */
const FILLER = new Set(['a', 'an', 'and', 'the', 'of', 'on', 'in', 'into', 'to', 'for', 'by', 'with', 'c']);
/** Typed text is read this far: a name is a few words. */
const MAX_WORDS = 12;
export const MAX_CLOSE = 5;

const words = (text: string): string[] => tokenize(foldText(text).folded).words;

interface Names {
  id: string;
  /** Every way of naming it, as word sequences joined by a space. */
  phrases: Set<string>;
  /** The words of all of them, and of its id and name alone. */
  vocabulary: Set<string>;
  named: Set<string>;
}

/**
 * Exact names first (`c-rape-law`, `rape-law`, its name, an alias), then entries whose names hold every word typed
 * ("rape law", "ethnicity data"), then near misses for a typo ("casey audt"). Case, accents and punctuation are
 * ignored, as the classifier ignores them.
 */
export function lookupEntry(typed: string, entries: readonly NamedEntry[]): EntryLookup {
  const asked = words(typed).slice(0, MAX_WORDS);
  if (!asked.length) return { close: [] };
  const names = entries.map(namesOf);
  const phrase = asked.join(' ');
  const exact = names.filter((n) => n.phrases.has(phrase) || n.phrases.has(`c ${phrase}`));
  if (exact.length) return pick(exact.map((n) => n.id));

  const meaningful = asked.filter((w) => !FILLER.has(w));
  const wanted = meaningful.length ? meaningful : asked;
  const fitting = names.filter((n) => wanted.every((w) => hasWord(n.vocabulary, w)));
  // "the casey audit": the entry whose id or name has the words, before one that has them only in an alias.
  const byName = fitting.filter((n) => wanted.every((w) => hasWord(n.named, w)));
  if (byName.length === 1) return { found: byName[0]!.id };
  if (fitting.length) return pick(fitting.map((n) => n.id));

  const scored = names
    .map((n, i) => ({ id: n.id, i, score: wanted.reduce((sum, w) => sum + likeness(w, n.vocabulary), 0) }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.i - b.i);
  return { close: scored.slice(0, MAX_CLOSE).map((s) => s.id) };
}

const pick = (ids: string[]): EntryLookup => (ids.length === 1 ? { found: ids[0]! } : { several: ids });

function namesOf(e: NamedEntry): Names {
  // `@set` aliases are shared phrase sets: they name a topic, not this entry.
  const written = [e.id, e.name, ...(e.match?.aliases ?? []).filter((a) => !a.startsWith('@')).flatMap(expandPhrase)];
  const phrases = written.map((p) => words(p)).filter((w) => w.length);
  return { id: e.id, phrases: new Set(phrases.map((w) => w.join(' '))), vocabulary: new Set(phrases.flat()), named: new Set(phrases.slice(0, 2).flat()) };
}

/** The word, or its singular or plural ("gang" finds "gangs"). */
const hasWord = (vocabulary: Set<string>, w: string): boolean => vocabulary.has(w) || vocabulary.has(`${w}s`) || (w.endsWith('s') && vocabulary.has(w.slice(0, -1)));

/** How well a typed word fits an entry's words: 1 the word itself, less for the start of one, or one with a typo or two. */
function likeness(w: string, vocabulary: Set<string>): number {
  if (hasWord(vocabulary, w)) return 1;
  if (w.length < 4) return 0;
  let best = 0;
  for (const v of vocabulary) {
    if (v.length >= 4 && (v.startsWith(w) || w.startsWith(v))) best = Math.max(best, 0.8);
    else if (Math.abs(v.length - w.length) <= 2 && editDistance(w, v, 2) <= (w.length >= 7 ? 2 : 1)) best = Math.max(best, 0.6);
  }
  return best;
}

/** Levenshtein distance, or `max + 1` as soon as it is sure to exceed `max`. */
export function editDistance(a: string, b: string, max: number): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    if (Math.min(...row) > max) return max + 1;
    prev = row;
  }
  return prev[b.length]!;
}
