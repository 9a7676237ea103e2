import { classify, compileRegistry, type CompiledRegistry } from '../classify/classifier.ts';
import type { Registry } from '../registry/registry.ts';

/**
 * Which tracked entries one sentence names. The classifier decides what an item is about from the whole item
 * (context, nearby action words, a score); inside an item already tagged with an entry, a sentence is about that
 * entry when it names it at all: any alias or cue, with the entry's vetoes still applied ("Casey" next to "Met
 * Police" is not the audit). Compiled once, read with the classifier's one-pass trie.
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

  /** Entry ids the text names, among `among` when given. */
  mentions(text: string, among?: ReadonlySet<string>): Set<string> {
    const c = classify({ title: '', text }, this.compiled);
    return new Set([...c.inquiries, ...c.commitments].filter((id) => !among || among.has(id)));
  }
}
