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

export const RegistryFileSchema = z.strictObject({
  /** Named phrase sets, referenced from entries as `@name`. */
  phraseSets: z.record(z.string().regex(/^[a-z0-9-]+$/, 'must be lower-case letters, digits and dashes'), z.array(phrase)).default({}),
  entries: z.array(RegistryEntrySchema).min(1, 'must list at least one entry'),
});

export type RegistryEntry = z.infer<typeof RegistryEntrySchema>;
export type EntryMatch = RegistryEntry['match'];

export interface Registry {
  file: string;
  phraseSets: Record<string, string[]>;
  entries: RegistryEntry[];
}

/** Reads and validates a registry file; errors name the file, the entry id and the field. */
export function loadRegistry(file: string): Registry {
  const ids = entryIds(file);
  const parsed = loadYamlFile(file, RegistryFileSchema, (prefix, key) => {
    // `entries[3]` reads as `entries[casey-audit]` when the entry has a usable id.
    if (prefix.length === 1 && prefix[0] === 'entries' && typeof key === 'number') {
      const id = ids[key];
      return typeof id === 'string' && id ? id : undefined;
    }
    return undefined;
  });
  return checkRegistry({ file, ...parsed });
}

/** Entry ids by position, read leniently so validation errors can say which entry is wrong. */
function entryIds(file: string): unknown[] {
  try {
    const raw = parseYaml(readFileSync(file, 'utf8')) as { entries?: unknown };
    return Array.isArray(raw?.entries) ? raw.entries.map((e: unknown) => (e as { id?: unknown } | null)?.id) : [];
  } catch {
    return []; // loadYamlFile reports unreadable or malformed files properly
  }
}

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
  if (problems.length) throw new ConfigError(registry.file, problems);
  return registry;
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
