import type { Classification, Evidence, Kind, SourceType } from '../model/item.ts';
import type { Registry, RegistryEntry } from '../registry/registry.ts';
import { sha256 } from '../util/hash.ts';
import { foldText } from './fold.ts';
import { tokenize } from './tokens.ts';
import { scanText, Vocabulary } from './scan.ts';
import { WordTrie } from './trie.ts';
import { classifyKind, HEAD_LENGTH, type KindInput } from './kind.ts';
import { firstFrom, insideLonger, someOverlapping, within, type Hit } from './hits.ts';
import { BACKGROUND_FRAMES, framed, isBackground, resolveRefs, restatedOnly, type Mention } from './discourse.ts';

export interface ClassifyInput {
  id?: string;
  title: string;
  text: string;
  sourceUrl?: string;
  sourceType?: SourceType;
  published?: string;
  /** The adapter's own certainty about the kind, from source metadata. */
  kindHint?: Kind;
}

/** Scores, as documented on `match.minScore` in the registry. */
const ALIAS_SCORE = 3;
const CUE_SCORE = 1;
const CUE_NEAR_CONTEXT_BONUS = 1;
const TITLE_BONUS = 1;
const REF_SCORE = 1;
/** Characters of text after the title that make its lead: the first sentence or two, where news says what it is about. */
const LEAD_CHARS = 300;
const SNIPPET_RADIUS = 90;
/** Punctuation that ends a clause: a background frame ("weeks after…") does not reach past it. */
const CLAUSE_BREAK = /[,;:.!?()"]| - /;
/**
 * Characters of text read per item (the title is always read whole). The archive keeps the first 100 KB of a text,
 * so this reads what is stored; it also bounds the work any one item can cost, whatever a source sends.
 */
export const MAX_CLASSIFY_CHARS = 100_000;
/** Phrases listed per entry in the evidence: the strongest, in reading order. */
export const MAX_EVIDENCE_PHRASES = 20;

export interface ClassifyOptions {
  /** Overrides `MAX_CLASSIFY_CHARS` (the speed benchmark lifts it to show the cost per character). */
  maxTextChars?: number;
}

interface CompiledEntry {
  entry: RegistryEntry;
  index: number;
  /** Phrase groups (one per `@set`, shared by every entry, plus one for the list's own phrases); empty when none. */
  context: number[];
  near: number[][];
  veto: number[];
  /** Indexes of the `related` entries (a commitment's parent inquiries). */
  related: number[];
  /** The phrase groups of the `@sets` in its context: the subjects it shares with other entries. */
  topics: number[];
  /** Whether its aliases stand on their own: naming it says the item is on its subjects. */
  namesTopics: boolean;
  window: number;
  contextWindow: number;
}

interface PhraseUse {
  entry: number;
  role: 'alias' | 'cue' | 'ref';
}

export interface CompiledRegistry {
  registry: Registry;
  /** Hash of the registry content: stored with exports so a result can be tied to the rules that produced it. */
  version: string;
  entries: CompiledEntry[];
  /** The phrase as written (first spelling), by phrase id. */
  phrases: string[];
  /** Alias/cue/ref uses of each phrase, by phrase id. */
  uses: PhraseUse[][];
  /** The entries using each phrase as an alias, as a cue, and as a back-reference, by phrase id. */
  aliasEntries: number[][];
  cueEntries: number[][];
  refEntries: number[][];
  /** 1 for each phrase some entry uses as an alias or cue: an item with none of these names no entry. */
  namesEntry: Uint8Array;
  /** Phrase groups (context, near, veto lists; shared when identical) containing each phrase, by phrase id. */
  groupsOf: number[][];
  groupCount: number;
  /** The phrase groups of `BACKGROUND_FRAMES`. */
  framesBefore: number;
  framesAfter: number;
  originWords: number;
  restatedFrames: number;
  /** Words in the registry's longest phrase: how far back a hit overlapping a given word can start. */
  maxPhraseWords: number;
  vocabulary: Vocabulary;
  trie: WordTrie;
}

/** Expands `gang(s)` into `gang` and `gangs` (every combination when a phrase has several). */
export function expandPhrase(phrase: string): string[] {
  const m = /^(.*?)([\p{L}\p{N}]*)\(([\p{L}\p{N}']*)\)(.*)$/u.exec(phrase);
  if (!m) return [phrase];
  const [, before, stem, suffix, after] = m as unknown as [string, string, string, string, string];
  return expandPhrase(after).flatMap((rest) => [`${before}${stem}${rest}`, `${before}${stem}${suffix}${rest}`]);
}

/** Builds the word trie over every phrase of every entry once; `classify` then makes one pass per item. */
export function compileRegistry(registry: Registry): CompiledRegistry {
  const phrases: string[] = [];
  const uses: PhraseUse[][] = [];
  const groupsOf: number[][] = [];
  const phraseIds = new Map<string, number>();
  const groupIds = new Map<string, number>();
  const vocabulary = new Vocabulary();
  const trie = new WordTrie();
  let maxPhraseWords = 1;

  // Shared sets are listed by many entries: fold and tokenize each written phrase once.
  const idsByWritten = new Map<string, number[]>();
  const phraseIdsFor = (written: string): number[] => {
    let ids = idsByWritten.get(written);
    if (!ids) idsByWritten.set(written, (ids = newPhraseIds(written)));
    return ids;
  };
  const newPhraseIds = (written: string): number[] =>
    expandPhrase(written).flatMap((variant) => {
      const words = tokenize(foldText(variant).folded).words;
      if (!words.length) return [];
      const key = words.join(' ');
      let id = phraseIds.get(key);
      if (id === undefined) {
        id = phrases.length;
        phraseIds.set(key, id);
        phrases.push(variant);
        uses.push([]);
        groupsOf.push([]);
        trie.add(words.map((w) => vocabulary.intern(w)), id);
        maxPhraseWords = Math.max(maxPhraseWords, words.length);
      }
      return [id];
    });

  const resolve = (list: string[]): string[] =>
    list.flatMap((p) => (p.startsWith('@') ? (registry.phraseSets[p.slice(1)] ?? []) : [p]));

  // Each `@set` is one group however many entries use it, so a shared phrase feeds one list, not one per entry.
  const groupsFor = (list: string[]): number[] => {
    const sets = list.filter((p) => p.startsWith('@'));
    const own = list.filter((p) => !p.startsWith('@'));
    return [...sets.map((p) => groupFor([p])), groupFor(own)].filter((g) => g >= 0);
  };

  const groupFor = (list: string[]): number => {
    const ids = [...new Set(resolve(list).flatMap(phraseIdsFor))].sort((a, b) => a - b);
    if (!ids.length) return -1;
    const key = ids.join(',');
    let g = groupIds.get(key);
    if (g === undefined) {
      g = groupIds.size;
      groupIds.set(key, g);
      for (const id of ids) groupsOf[id]!.push(g);
    }
    return g;
  };

  const indexOf = new Map(registry.entries.map((e, i) => [e.id, i]));
  const entries = registry.entries.map((entry, index): CompiledEntry => {
    const m = entry.match;
    for (const [role, list] of [['alias', m.aliases], ['cue', m.cues], ['ref', m.refs]] as const) {
      for (const id of new Set(resolve(list).flatMap(phraseIdsFor))) {
        if (!uses[id]!.some((u) => u.entry === index)) uses[id]!.push({ entry: index, role });
      }
    }
    return {
      entry,
      index,
      context: groupsFor(m.context),
      near: m.near.map(groupsFor).filter((g) => g.length > 0),
      veto: groupsFor(m.veto),
      related: entry.related.map((id) => indexOf.get(id)!),
      topics: m.context.filter((p) => p.startsWith('@')).map((p) => groupFor([p])),
      namesTopics: !m.aliasesNeedContext,
      window: m.window,
      contextWindow: m.contextWindow,
    };
  });

  const framesBefore = groupFor(BACKGROUND_FRAMES.before);
  const framesAfter = groupFor(BACKGROUND_FRAMES.after);
  const originWords = groupFor(BACKGROUND_FRAMES.origin);
  const restatedFrames = groupFor(BACKGROUND_FRAMES.restated);
  const content = JSON.stringify({ phraseSets: registry.phraseSets, entries: registry.entries });
  vocabulary.seal();
  trie.seal(vocabulary.size);
  return {
    registry,
    version: sha256(content),
    entries,
    phrases,
    uses,
    aliasEntries: entriesBy(uses, 'alias'),
    cueEntries: entriesBy(uses, 'cue'),
    refEntries: entriesBy(uses, 'ref'),
    namesEntry: Uint8Array.from(uses, (us) => (us.some((u) => u.role !== 'ref') ? 1 : 0)),
    groupsOf,
    groupCount: groupIds.size,
    framesBefore,
    framesAfter,
    originWords,
    restatedFrames,
    maxPhraseWords,
    vocabulary,
    trie,
  };
}

/** Classifies one item: tracked inquiries and commitments with evidence, and its kind. Pure. */
export function classify(input: ClassifyInput, compiled: CompiledRegistry, options: ClassifyOptions = {}): Classification {
  const title = input.title ?? '';
  const text = capText(input.text ?? '', options.maxTextChars ?? MAX_CLASSIFY_CHARS);
  const { count, ids, starts, ends, titleLength } = scanText(title, text, compiled.vocabulary);
  // The folded text itself is only needed for evidence and for kind cues, which most items do not reach.
  let foldedText: ReturnType<typeof foldText> | undefined;
  const fold = () => (foldedText ??= foldText(`${title}\n${text}`));

  // One pass: every phrase of every entry that starts at each word, kept as (phrase, from, to) triples. Most items
  // name no entry, and then the context, frame and veto phrases they hold are never read.
  const trie = compiled.trie;
  const { rootNext, outStart, outs } = trie;
  const namesEntry = compiled.namesEntry;
  // A buffer grown for an unusually long item is not kept for the next.
  if (phraseHits.length > MAX_KEPT_HIT_INTS) phraseHits = new Int32Array(3 * 256);
  let found = 0;
  let anyEntry = false;
  for (let i = 0; i < count; i++) {
    const first = ids[i]!;
    if (first < 0) continue;
    let node = rootNext[first]!;
    let j = i;
    while (node >= 0) {
      j++;
      for (let o = outStart[node]!, end = outStart[node + 1]!; o < end; o++) {
        const phrase = outs[o]!;
        if (found * 3 === phraseHits.length) phraseHits = growInts(phraseHits);
        phraseHits[found * 3] = phrase;
        phraseHits[found * 3 + 1] = i;
        phraseHits[found * 3 + 2] = j;
        found++;
        if (namesEntry[phrase]) anyEntry = true;
      }
      if (j >= count || ids[j]! < 0) break;
      node = trie.child(node, ids[j]!);
    }
  }
  if (!anyEntry) return { inquiries: [], commitments: [], kind: classifyKind(new KindText(input, title, text, titleLength)), evidence: [] };

  const aliasHits = new Map<number, Hit[]>();
  const cueHits = new Map<number, Hit[]>();
  const groupHits = new Map<number, Hit[]>();
  /** Every alias hit of any entry, and every back-reference, in reading order. */
  const aliasSpans: Hit[] = [];
  const refSpans: Hit[] = [];
  for (let h = 0; h < found; h++) {
    const phrase = phraseHits[h * 3]!;
    const from = phraseHits[h * 3 + 1]!;
    const hit: Hit = { phrase, from, to: phraseHits[h * 3 + 2]!, offset: starts[from]! };
    const asAlias = compiled.aliasEntries[phrase]!;
    const asCue = compiled.cueEntries[phrase]!;
    for (let u = 0; u < asAlias.length; u++) push(aliasHits, asAlias[u]!, hit);
    for (let u = 0; u < asCue.length; u++) push(cueHits, asCue[u]!, hit);
    if (asAlias.length) aliasSpans.push(hit);
    if (compiled.refEntries[phrase]!.length) refSpans.push(hit);
    const groups = compiled.groupsOf[phrase]!;
    for (let g = 0; g < groups.length; g++) push(groupHits, groups[g]!, hit);
  }

  // Each entry's own mentions: aliases and cues that pass its context, near and veto rules. A cue inside a longer
  // alias of another entry ("grooming inquiry" in "local grooming inquiry"), or straddling one ("inquiry chair" in
  // "Telford inquiry chair"), is part of that entry's name.
  const named = new Map<number, Mention[]>();
  // Another entry on the same subject named by one of its own aliases ("Operation Beaconport") says what the item is
  // about as well as the context phrases do: a feature that never says "grooming gang" can still report a commitment.
  let topics: Set<number> | undefined;
  const topicsNamed = () =>
    (topics ??= new Set([...aliasHits.keys()].flatMap((e) => (compiled.entries[e]!.namesTopics ? compiled.entries[e]!.topics : []))));
  const candidates = new Set([...aliasHits.keys(), ...cueHits.keys()]);
  for (const index of [...candidates].sort((a, b) => a - b)) {
    const allCues = cueHits.get(index) ?? [];
    const cues = aliasSpans.length ? allCues.filter((c) => !partOfOthersName(c, index, aliasSpans, compiled)) : allCues;
    const mentions = nameMentions(compiled.entries[index]!, aliasHits, cues, groupHits, topicsNamed, titleLength, compiled.maxPhraseWords);
    if (mentions.length) named.set(index, mentions);
  }

  // Then what the item says as a whole: back-references, and which entries are its subject.
  const framesBefore = groupHits.get(compiled.framesBefore);
  const sameClause = (frame: Hit, hit: Hit) => !CLAUSE_BREAK.test(fold().folded.slice(ends[frame.to - 1]!, hit.offset));
  const framesAfter = groupHits.get(compiled.framesAfter);
  const refs = resolveRefs(refSpans, named, {
    refEntries: compiled.refEntries,
    vetoedBetween: (entry, from, to) => compiled.entries[entry]!.veto.some((g) => someOverlapping(groupHits.get(g), from, to, compiled.maxPhraseWords)),
    inFocus: (hit) => !framed(hit, framesBefore, framesAfter, compiled.maxPhraseWords, sameClause),
    maxWords: compiled.maxPhraseWords,
  });
  const scored = [...named].map(([index, names]) => {
    const mentions = mergeByPosition(names, (refs.get(index) ?? []).map((hit): Mention => ({ hit, score: REF_SCORE, role: 'ref' })));
    return { ce: compiled.entries[index]!, mentions, score: mentions.reduce((sum, m) => sum + m.score, 0) };
  });

  // Commitments first: an inquiry that is only the origin of a commitment the item reports is its background.
  // A commitment only recalled as settled ("already accepted") is background too.
  const tagged = new Set<number>();
  const sentenceEndBetween = (from: number, to: number) => /[.!?]\s/.test(fold().display.slice(from, to));
  for (const { ce, mentions, score } of scored) {
    if (ce.entry.type !== 'commitment' || score < ce.entry.match.minScore) continue;
    if (!restatedOnly(mentions, groupHits.get(compiled.restatedFrames), sentenceEndBetween, compiled.maxPhraseWords)) tagged.add(ce.index);
  }
  const relatedToTagged = new Set([...tagged].flatMap((c) => compiled.entries[c]!.related));
  const inquiries: string[] = [];
  const commitments: string[] = [];
  const evidence: Evidence[] = [];
  for (const { ce, mentions, score } of scored) {
    if (ce.entry.type === 'commitment' ? !tagged.has(ce.index) : score < ce.entry.match.minScore) continue;
    const background =
      ce.entry.type === 'inquiry' &&
      isBackground({
        mentions,
        titleLength,
        leadEnd: titleLength + 1 + LEAD_CHARS,
        framesBefore,
        framesAfter,
        relatedCommitment: relatedToTagged.has(ce.index),
        originWords: groupHits.get(compiled.originWords),
        textLength: count ? ends[count - 1]! : 0,
        after: (hit) => fold().folded.slice(ends[hit.to - 1]!, ends[hit.to - 1]! + 40),
        before: (hit) => fold().folded.slice(Math.max(0, hit.offset - 60), hit.offset),
        sameClause,
        sentenceEndBetween,
        nothingElseOnSubject: () => named.size === 1 && nothingBeyond(ce.context, groupHits, mentions),
        maxWords: compiled.maxPhraseWords,
      });
    if (background) continue;
    (ce.entry.type === 'inquiry' ? inquiries : commitments).push(ce.entry.id);
    const hits = strongestFirst(mentions);
    const best = hits[0]!;
    const { folded, display } = fold();
    evidence.push({
      id: ce.entry.id,
      phrases: hits
        .slice(0, MAX_EVIDENCE_PHRASES)
        .sort((a, b) => a.offset - b.offset)
        .map((h) => ({ phrase: folded.slice(h.offset, ends[h.to - 1]!), offset: h.offset })),
      snippet: snippet(display, best.offset, ends[best.to - 1]!),
      score,
    });
  }

  const kind = classifyKind(new KindText(input, title, text, titleLength, foldedText?.folded));
  return { inquiries, commitments, kind, evidence };
}

/** What `classifyKind` reads of an item. The head is folded only if a text cue needs it (most kinds come from metadata). */
class KindText implements KindInput {
  readonly sourceUrl?: string;
  readonly sourceType?: SourceType;
  readonly kindHint?: Kind;
  constructor(
    input: ClassifyInput,
    readonly title: string,
    readonly text: string,
    readonly titleLength: number,
    private readonly folded?: string,
  ) {
    this.sourceUrl = input.sourceUrl;
    this.sourceType = input.sourceType;
    this.kindHint = input.kindHint;
  }

  head(): string {
    return (this.folded ?? foldedHead(this.title, this.text, this.titleLength + HEAD_LENGTH)).slice(0, this.titleLength + HEAD_LENGTH);
  }
}

/** Phrase hits of the item being classified, as (phrase, first word, past-last word); reused, as classify is synchronous. */
let phraseHits: Int32Array = new Int32Array(3 * 256);
const MAX_KEPT_HIT_INTS = 1 << 18;

function growInts(a: Int32Array): Int32Array {
  const next = new Int32Array(a.length * 2);
  next.set(a);
  return next;
}

/** The first `length` characters of the folded text, folding no more of the raw text than that needs. */
function foldedHead(title: string, text: string, length: number): string {
  for (let cut = length + 200; cut < text.length; cut *= 2) {
    // Never split a surrogate pair: half of one folds differently.
    const high = text.charCodeAt(cut - 1);
    const folded = foldText(`${title}\n${text.slice(0, high >= 0xd800 && high <= 0xdbff ? cut + 1 : cut)}`).folded;
    // Folding is per character apart from whitespace runs and the final trim, so a long enough prefix is exact.
    if (folded.length >= length + 2) return folded;
  }
  return foldText(`${title}\n${text}`).folded;
}

function push<K>(map: Map<K, Hit[]>, key: K, hit: Hit): void {
  const list = map.get(key);
  if (list) list.push(hit);
  else map.set(key, [hit]);
}

const entriesBy = (uses: PhraseUse[][], role: PhraseUse['role']): number[][] =>
  uses.map((us) => us.filter((u) => u.role === role).map((u) => u.entry));

/** The first `max` characters of `text`, never splitting a surrogate pair. */
function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  const high = text.charCodeAt(max - 1);
  return text.slice(0, high >= 0xd800 && high <= 0xdbff ? max - 1 : max);
}

/** Whether cue `c` lies inside a longer alias of another entry, or overlaps one without containing it. */
function partOfOthersName(c: Hit, entry: number, aliasSpans: Hit[], compiled: CompiledRegistry): boolean {
  for (let k = firstFrom(aliasSpans, c.from - compiled.maxPhraseWords); k < aliasSpans.length && aliasSpans[k]!.from < c.to; k++) {
    const a = aliasSpans[k]!;
    const overlaps = a.to > c.from;
    const partOf = a.from <= c.from && a.to >= c.to ? a.to - a.from > c.to - c.from : !(c.from <= a.from && c.to >= a.to);
    if (overlaps && partOf && !compiled.uses[a.phrase]!.some((u) => u.entry === entry)) return true;
  }
  return false;
}


const withinAny = (groups: number[], groupHits: Map<number, Hit[]>, at: Hit, window: number, maxWords: number): boolean =>
  groups.some((g) => within(groupHits.get(g), at, window, maxWords));

/** The mentions of one entry that its own rules accept, in reading order. */
function nameMentions(
  ce: CompiledEntry,
  aliasHits: Map<number, Hit[]>,
  cues: Hit[],
  groupHits: Map<number, Hit[]>,
  topicsNamed: () => ReadonlySet<number>,
  titleLength: number,
  maxWords: number,
): Mention[] {
  const m = ce.entry.match;
  const hasContext = !ce.context.length || ce.context.some((g) => groupHits.has(g)) || ce.topics.some((g) => topicsNamed().has(g));
  // A veto in the title ("… (Scotland)", "Church of England …") says what the whole item is about.
  if (ce.veto.some((g) => (groupHits.get(g)?.[0]?.offset ?? Infinity) < titleLength)) return [];
  const vetoed = (hit: Hit) => withinAny(ce.veto, groupHits, hit, ce.window, maxWords);
  const inTitle = (hit: Hit) => (hit.offset < titleLength ? TITLE_BONUS : 0);
  const aliasMentions: Mention[] = [];
  const cueMentions: Mention[] = [];
  // Context close by: the entry's context phrases, or the name of a related entry ("closed with no further action"
  // beside "Operation Beaconport"), or anywhere in an item whose title names a related entry (the item is about it).
  const relatedInTitle = ce.related.some((r) => (aliasHits.get(r)?.[0]?.offset ?? Infinity) < titleLength);
  const close = (hit: Hit) =>
    ce.context.length
      ? relatedInTitle || withinAny(ce.context, groupHits, hit, ce.contextWindow, maxWords) || ce.related.some((r) => within(aliasHits.get(r), hit, ce.window, maxWords))
      : ce.near.length > 0;
  if (hasContext || !m.aliasesNeedContext) {
    for (const hit of aliasHits.get(ce.index) ?? []) if (!vetoed(hit)) aliasMentions.push({ hit, score: ALIAS_SCORE + inTitle(hit), role: 'alias' });
  }
  if (hasContext) {
    for (const hit of cues) {
      if (vetoed(hit)) continue;
      if (!ce.near.every((groups) => withinAny(groups, groupHits, hit, ce.window, maxWords))) continue;
      cueMentions.push({ hit, score: CUE_SCORE + (close(hit) ? CUE_NEAR_CONTEXT_BONUS : 0) + inTitle(hit), role: 'cue' });
    }
  }
  const mentions = mergeByPosition(aliasMentions, cueMentions);
  if (mentions.length < 2) return mentions;
  // A phrase inside a longer matched phrase (e.g. "casey" in "casey audit") is the same mention: count it once.
  const spans = mentions.map((s) => s.hit);
  const kept = mentions.filter((s) => !insideLonger(s.hit, spans, maxWords));
  // So are overlapping ones ("Baroness Casey's audit of group-based…": three phrases, one mention): the strongest.
  const merged: Mention[] = [];
  for (const m of kept) {
    const last = merged[merged.length - 1];
    if (last && m.hit.from < last.hit.to) {
      if (m.score > last.score) merged[merged.length - 1] = m;
    } else merged.push(m);
  }
  return merged;
}

/** Whether every hit of the context `groups` lies inside one of `mentions` (the entry's own words: "grooming gangs inquiry"). */
function nothingBeyond(groups: number[], groupHits: Map<number, Hit[]>, mentions: Mention[]): boolean {
  return groups.every((g) => (groupHits.get(g) ?? []).every((h) => mentions.some((m) => h.from >= m.hit.from && h.to <= m.hit.to)));
}

/** The hits of `mentions`, strongest first and in reading order within a score (scores are small integers). */
function strongestFirst(mentions: Mention[]): Hit[] {
  const buckets: Hit[][] = [];
  for (const m of mentions) (buckets[m.score] ??= []).push(m.hit);
  return buckets.reverse().flatMap((b) => b ?? []);
}

/** Two lists in reading order as one; at the same word, `a`'s first. */
function mergeByPosition(a: Mention[], b: Mention[]): Mention[] {
  if (!b.length) return a;
  if (!a.length) return b;
  const out: Mention[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) out.push(j >= b.length || (i < a.length && a[i]!.hit.from <= b[j]!.hit.from) ? a[i++]! : b[j++]!);
  return out;
}

/** A short passage around a match, cut at word boundaries. */
function snippet(display: string, start: number, end: number): string {
  let from = Math.max(0, start - SNIPPET_RADIUS);
  let to = Math.min(display.length, end + SNIPPET_RADIUS);
  if (from > 0) from = display.indexOf(' ', from) + 1 || from;
  if (to < display.length) to = display.lastIndexOf(' ', to) > end ? display.lastIndexOf(' ', to) : to;
  return `${from > 0 ? '…' : ''}${display.slice(from, to).trim()}${to < display.length ? '…' : ''}`;
}
