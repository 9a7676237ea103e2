import type { CompiledRegistry } from '../classify/classifier.ts';

/**
 * The permissive first stage of a two-stage source (written questions, Hansard): which listed records are worth
 * reading in full. A record passes when what the list carries (heading, the start of the text, section title, member,
 * answering body) contains any phrase the registry could match on: an alias or a cue of any entry, or a phrase of any
 * entry's `context` (the topic words, e.g. "child sexual exploitation", and the towns). The classifier tags nothing
 * without an alias or a cue, so on a whole text the filter misses nothing it would tag; on a text the list cut short
 * it misses an item only when none of those phrases falls in the part the list carries. Vetoes are ignored on
 * purpose: the classifier applies them on the whole text. Back-references (`refs`) are left out: they count only
 * after an alias or cue of their entry, earlier in the same text.
 */
export interface Prefilter {
  /** The first registry phrase found in the fields, or undefined when none is. */
  match(...fields: (string | null | undefined)[]): string | undefined;
  /** How many distinct phrases it looks for. */
  readonly size: number;
}

interface Node {
  next: Map<string, Node>;
  phrase?: string;
}

const built = new WeakMap<CompiledRegistry, Prefilter>();

/** Built once per compiled registry (a Lambda builds it once per cold start). */
export function prefilterFor(compiled: CompiledRegistry): Prefilter {
  let filter = built.get(compiled);
  if (!filter) built.set(compiled, (filter = buildPrefilter(compiled)));
  return filter;
}

export function buildPrefilter(compiled: CompiledRegistry): Prefilter {
  const contextGroups = new Set(compiled.entries.flatMap((e) => e.context));
  const root: Node = { next: new Map() };
  let size = 0;
  compiled.phrases.forEach((phrase, id) => {
    // A back-reference ("the review", "the chair") counts only after its entry was named, by an alias or cue the
    // filter already looks for in the same fields: listing it would pass half of Hansard and find nothing more.
    const names = (compiled.uses[id] ?? []).some((u) => u.role !== 'ref');
    const used = names || (compiled.groupsOf[id] ?? []).some((g) => contextGroups.has(g));
    const words = used ? words_(phrase) : [];
    if (!words.length) return;
    let node = root;
    for (const w of words) {
      let child = node.next.get(w);
      if (!child) node.next.set(w, (child = { next: new Map() }));
      node = child;
    }
    if (node.phrase === undefined) size++;
    node.phrase ??= phrase;
  });
  return {
    size,
    match(...fields) {
      const words = words_(fields.filter(Boolean).join('\n'));
      for (let i = 0; i < words.length; i++) {
        let node: Node | undefined = root;
        for (let j = i; j < words.length; j++) {
          node = node.next.get(words[j]!);
          if (!node) break;
          if (node.phrase !== undefined) return node.phrase;
        }
      }
      return undefined;
    },
  };
}

const COMBINING = /[\u0300-\u036f]/g;
const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Words as the classifier reads them (lib/classify/fold.ts, tokens.ts): accents removed, case folded, runs of letters
 * and digits, a possessive "'s" dropped. A test holds the two in step (nothing the classifier tags is missed on whole text).
 */
function words_(text: string): string[] {
  const folded = text.normalize('NFKD').replace(COMBINING, '').replace(/[\u2018\u2019\u201a\u201b\u2032\u00b4`]/g, "'").toLowerCase();
  const out: string[] = [];
  let lastEnd = -2;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(folded); m; m = WORD.exec(folded)) {
    if (m[0] === 's' && m.index === lastEnd + 1 && folded.charCodeAt(lastEnd) === 0x27) continue;
    out.push(m[0]);
    lastEnd = m.index + m[0].length;
  }
  return out;
}
