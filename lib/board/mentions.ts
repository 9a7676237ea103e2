import { classify, compileRegistry, type CompiledRegistry } from '../classify/classifier.ts';
import type { Registry } from '../registry/registry.ts';

/** Where one entry is named in a sentence: character spans of the phrases that name it. */
export type Mentions = Map<string, { start: number; end: number }[]>;

/**
 * Which tracked entries one sentence names, and where. The classifier decides what an item is about from the
 * whole item (context, nearby action words, a score); inside an item already tagged with an entry, a sentence is
 * about that entry when it names it at all: any alias or cue, with the entry's vetoes still applied ("Casey" next
 * to "Met Police" is not the audit). A name inside a longer name of another entry ("redress scheme" in "national
 * redress scheme") belongs to the longer one. Compiled once, read with the classifier's one-pass trie.
 */
export class MentionMatcher {
  private readonly compiled: CompiledRegistry;

  constructor(registry: Registry) {
    this.compiled = compileRegistry({
      ...registry,
      entries: registry.entries.map((e) => ({
        ...e,
        match: { ...e.match, aliases: [...e.match.aliases, ...e.match.cues], cues: [], context: [], near: [], aliasesNeedContext: false, minScore: 0 },
      })),
    });
  }

  /** Entries the text names (among `among` when given), with where. */
  mentions(text: string, among?: ReadonlySet<string>): Mentions {
    const c = classify({ title: '', text }, this.compiled);
    const spans: Mentions = new Map();
    for (const e of c.evidence) {
      if (among && !among.has(e.id)) continue;
      spans.set(
        e.id,
        e.phrases.map((p) => ({ start: p.offset, end: p.offset + p.phrase.length })),
      );
    }
    const inside = (a: { start: number; end: number }, b: { start: number; end: number }) => b.start <= a.start && b.end >= a.end && b.end - b.start > a.end - a.start;
    for (const [id, list] of spans) {
      const shadowed = list.every((s) => [...spans].some(([other, os]) => other !== id && os.some((o) => inside(s, o))));
      if (shadowed) spans.delete(id);
    }
    return spans;
  }
}

/** How far a position is from the nearest place an entry is named. */
export function distanceTo(spans: { start: number; end: number }[], at: number): number {
  return Math.min(...spans.map((s) => (at < s.start ? s.start - at : at > s.end ? at - s.end : 0)));
}
