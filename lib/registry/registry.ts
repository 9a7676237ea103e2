import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { loadYamlFile } from '../config/load.ts';
import { ConfigError } from '../config/errors.ts';

/**
 * The registry: the tracked inquiries and commitments, and how to recognise each one, as data.
 *
 * Phrases are matched on whole words of normalised text (case, accents, curly quotes and dashes folded;
 * punctuation ignored), so `group-based` also matches "group based". `gang(s)` expands to `gang` and `gangs`.
 * `@name` refers to a named phrase set under `phraseSets`, so shared context (e.g. what makes a text about
 * group-based child sexual exploitation) is written once.
 */

const phrase = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .refine((p) => /[\p{L}\p{N}@]/u.test(p), 'must contain a letter or digit');

const phraseList = z.array(phrase).default([]);

const MatchSchema = z
  .strictObject({
    /** Strong names: one occurrence is enough (unless vetoed, or the entry requires context for aliases). */
    aliases: phraseList,
    /** Weak cues: count only when `context` is in the item and every `near` list has a phrase close by. */
    cues: phraseList,
    /**
     * Back-references ("the inquiry", "her report", "the operation"): count for this entry (score 1 each) when it is
     * the tracked entry named most recently before them, so an item that names its subject once and then refers back
     * to it is about it, and "the inquiry" after "IICSA" is not the national inquiry.
     */
    refs: phraseList,
    /** At least one must occur somewhere in the item for cues (and, with `aliasesNeedContext`, aliases) to count. */
    context: phraseList,
    /** Each list must have a phrase within `window` words of a cue: e.g. a commitment needs an action nearby. */
    near: z.array(z.array(phrase).min(1, 'must list at least one phrase')).default([]),
    /** Phrases that cancel any alias or cue within `window` words: "Met Police" next to "Casey review". */
    veto: phraseList,
    aliasesNeedContext: z.boolean().default(false),
    /** Words either side of a match that count as "close by" for `near` and `veto`. */
    window: z.number().int().min(1).max(200).default(25),
    /**
     * Words either side of a cue within which `context` makes it score 2: about a paragraph, since articles name
     * the topic once and then refer back to it ("the inquiry", "the NCA") several sentences later.
     */
    contextWindow: z.number().int().min(1).max(1000).default(75),
    /** Score needed to tag the item: an alias scores 3, a cue 2 with context within `contextWindow`, else 1; +1 in the title. */
    minScore: z.number().min(0).default(2),
  })
  .refine((m) => m.aliases.length + m.cues.length > 0, { message: 'needs at least one alias or cue', path: ['aliases'] });

export const RegistryEntrySchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes'),
  type: z.enum(['inquiry', 'commitment']),
  name: z.string().trim().min(1),
  description: z.string().trim().default(''),
  match: MatchSchema,
  /** Ids of related entries, e.g. a commitment's parent inquiry. */
  related: z.array(z.string()).default([]),
  /** Terms that queried sources (Hansard, GOV.UK, ...) search for. */
  searchTerms: z.array(z.string().trim().min(1)).default([]),
});

const isoDate = z.iso.date({ error: 'must be a date, yyyy-mm-dd' });
const sourceUrl = z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' });

/**
 * An inquiry's recommendation (the accountability board): its number, who it was made to, what the government
 * answered, and the commitment entry that tracks it, an existing one (Casey's ethnicity data is `c-ethnicity-data`)
 * or one added for it.
 */
export const RecommendationSchema = z.strictObject({
  /** The inquiry entry that made it, e.g. `casey-audit`. */
  inquiry: z.string().min(1),
  number: z.number().int().min(1),
  /** The recommendation in a line, as the report words it (or says it is unconfirmed). */
  text: z.string().trim().min(1),
  madeTo: z.string().trim().min(1),
  governmentResponse: z.enum(['accepted', 'accepted-in-principle', 'rejected', 'no-response', 'pending']),
  /** When and where the government answered: the board's evidence for the `accepted`/`rejected` event. */
  responseDate: isoDate.optional(),
  responseUrl: sourceUrl.optional(),
  /** The government's words, or a summary of them, shown as the event's sentence. */
  responseNote: z.string().trim().min(1).optional(),
  /** The commitment entry that tracks it. */
  entry: z.string().min(1),
});

/** A date the entry was promised by, known from a source rather than found in an item. */
const BoardDeadlineSchema = z.strictObject({
  what: z.string().trim().min(1),
  due: isoDate,
  source: sourceUrl,
  /** Events that meet it (default: a commitment's delivery, an inquiry's final report). */
  closedBy: z.array(z.string().min(1)).min(1).optional(),
});

/** Per-entry board settings; entries not listed use the defaults. */
export const EntryBoardSchema = z.strictObject({
  /** Inquiries: whether their reports expect a government response within six months (default true). */
  responseExpected: z.boolean().optional(),
  /** Days without movement before the entry counts as stalled (default: the config's `board.stalledAfterDays`). */
  stalledAfterDays: z.number().int().min(1).max(3650).optional(),
  deadlines: z.array(BoardDeadlineSchema).default([]),
});
export type EntryBoard = z.infer<typeof EntryBoardSchema>;

export const RegistryFileSchema = z.strictObject({
  /** Named phrase sets, referenced from entries as `@name`. */
  phraseSets: z.record(z.string().regex(/^[a-z0-9-]+$/, 'must be lower-case letters, digits and dashes'), z.array(phrase)).default({}),
  entries: z.array(RegistryEntrySchema).min(1, 'must list at least one entry'),
  /** Optional: inquiries' recommendations and the entries that track them (the accountability board). */
  recommendations: z.array(RecommendationSchema).default([]),
  /** Optional: board settings by entry id. */
  board: z.record(z.string(), EntryBoardSchema).default({}),
});

export type RegistryEntry = z.infer<typeof RegistryEntrySchema>;
export type EntryMatch = RegistryEntry['match'];
export type Recommendation = z.infer<typeof RecommendationSchema>;

export interface Registry {
  file: string;
  phraseSets: Record<string, string[]>;
  entries: RegistryEntry[];
  recommendations?: Recommendation[];
  board?: Record<string, EntryBoard>;
}

/** Reads and validates a registry file; errors name the file, the entry id and the field. */
export function loadRegistry(file: string): Registry {
  const ids = entryIds(file);
  const parsed = loadYamlFile(file, RegistryFileSchema, (prefix, key) => {
    // `entries[3]` reads as `entries[casey-audit]` when the entry has a usable id.
    if (prefix.length === 1 && prefix[0] === 'entries' && typeof key === 'number') {
      const id = ids.entries[key];
      return typeof id === 'string' && id ? id : undefined;
    }
    // `recommendations[3]` reads as `recommendations[casey-audit#4]`.
    if (prefix.length === 1 && prefix[0] === 'recommendations' && typeof key === 'number') return ids.recommendations[key];
    return undefined;
  });
  return checkRegistry({ file, ...parsed });
}

/** Entry ids (and recommendation labels) by position, read leniently so validation errors can say which is wrong. */
function entryIds(file: string): { entries: unknown[]; recommendations: (string | undefined)[] } {
  try {
    const raw = parseYaml(readFileSync(file, 'utf8')) as { entries?: unknown; recommendations?: unknown };
    return {
      entries: Array.isArray(raw?.entries) ? raw.entries.map((e: unknown) => (e as { id?: unknown } | null)?.id) : [],
      recommendations: Array.isArray(raw?.recommendations) ? raw.recommendations.map((r: unknown) => recommendationLabel(r)) : [],
    };
  } catch {
    return { entries: [], recommendations: [] }; // loadYamlFile reports unreadable or malformed files properly
  }
}

const recommendationLabel = (r: unknown): string | undefined => {
  const { inquiry, number } = (r ?? {}) as { inquiry?: unknown; number?: unknown };
  return typeof inquiry === 'string' && typeof number === 'number' ? `${inquiry}#${number}` : undefined;
};

/** Cross-entry rules zod cannot express per entry. Exported so in-memory registries get the same checks. */
export function checkRegistry(registry: Registry): Registry {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const e of registry.entries) {
    if (seen.has(e.id)) problems.push(`entries[${e.id}].id: "${e.id}" is used by another entry`);
    seen.add(e.id);
  }
  for (const e of registry.entries) {
    for (const r of e.related) {
      if (!seen.has(r)) problems.push(`entries[${e.id}].related: "${r}" is not an entry in this registry`);
      if (r === e.id) problems.push(`entries[${e.id}].related: an entry cannot be related to itself`);
    }
    const m = e.match;
    const lists: [string, string[]][] = [
      ['aliases', m.aliases],
      ['cues', m.cues],
      ['refs', m.refs],
      ['context', m.context],
      ['veto', m.veto],
      ...m.near.map((n, i): [string, string[]] => [`near[${i}]`, n]),
    ];
    for (const [field, list] of lists) {
      for (const p of list) {
        if (p.startsWith('@') && !(p.slice(1) in registry.phraseSets)) {
          problems.push(`entries[${e.id}].match.${field}: phrase set "${p}" is not defined under phraseSets`);
        }
      }
    }
  }
  for (const [name, list] of Object.entries(registry.phraseSets)) {
    for (const p of list) if (p.startsWith('@')) problems.push(`phraseSets.${name}: phrase sets cannot refer to other sets ("${p}")`);
  }
  problems.push(...boardProblems(registry));
  if (problems.length) throw new ConfigError(registry.file, problems);
  return registry;
}

/** Recommendations and board settings must point at entries that exist, of the right type, once each. */
function boardProblems(registry: Registry): string[] {
  const problems: string[] = [];
  const byId = new Map(registry.entries.map((e) => [e.id, e]));
  const seen = new Set<string>();
  for (const r of registry.recommendations ?? []) {
    const label = `recommendations[${r.inquiry}#${r.number}]`;
    if (seen.has(`${r.inquiry}#${r.number}`)) problems.push(`${label}: listed twice`);
    seen.add(`${r.inquiry}#${r.number}`);
    if (byId.get(r.inquiry)?.type !== 'inquiry') problems.push(`${label}.inquiry: "${r.inquiry}" is not an inquiry entry in this registry`);
    if (!byId.has(r.entry)) problems.push(`${label}.entry: "${r.entry}" is not an entry in this registry`);
    if ((r.governmentResponse === 'accepted' || r.governmentResponse === 'accepted-in-principle' || r.governmentResponse === 'rejected') && !(r.responseDate && r.responseUrl)) {
      problems.push(`${label}.responseDate: a government response of "${r.governmentResponse}" needs its responseDate and responseUrl (the evidence)`);
    }
  }
  for (const id of Object.keys(registry.board ?? {})) {
    if (!byId.has(id)) problems.push(`board.${id}: "${id}" is not an entry in this registry`);
  }
  return problems;
}

/** Every entry's search terms, de-duplicated: what queried sources ask for. */
export function registrySearchTerms(registry: Registry): string[] {
  const seen = new Map<string, string>();
  for (const term of registry.entries.flatMap((e) => e.searchTerms)) {
    const key = term.toLowerCase();
    if (!seen.has(key)) seen.set(key, term);
  }
  return [...seen.values()];
}
