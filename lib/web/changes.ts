import { diffWords } from 'diff';
import type { Item } from '../model/item.ts';

export interface DiffPart {
  text: string;
  change: 'same' | 'added' | 'removed';
}

/** What one version changed from the one before it. */
export interface VersionChange {
  version: number;
  /** When this version was fetched. */
  fetched: string;
  title?: { before: string; after: string };
  url?: { before: string; after: string };
  kind?: { before: string; after: string };
  tagsAdded: string[];
  tagsRemoved: string[];
  /** The text's changed passages with a little context; `undefined` when the text did not change. */
  text?: { parts: DiffPart[]; added: number; removed: number } | { tooLarge: true };
}

/** Words of unchanged text kept either side of a change. */
const CONTEXT_WORDS = 12;
/**
 * Diffing costs O(N·D) (N words, D edits): past 500 edits, or 150 ms on a slow machine, a rewrite is summarised
 * instead of compared word by word, so a page never waits on two very different 100 KB texts.
 */
const MAX_EDIT_LENGTH = 500;
const DIFF_TIMEOUT_MS = 150;

/**
 * Version history as changes: `versions` newest first (as `itemWithVersions` returns them), the result newest
 * change first, one per version after the first.
 */
export function versionChanges(versions: readonly Item[]): VersionChange[] {
  const changes: VersionChange[] = [];
  for (let i = 0; i + 1 < versions.length; i++) {
    const after = versions[i]!;
    const before = versions[i + 1]!;
    const tagsBefore = new Set([...before.inquiries, ...before.commitments]);
    const tagsAfter = new Set([...after.inquiries, ...after.commitments]);
    const change: VersionChange = {
      version: after.version,
      fetched: after.fetched,
      tagsAdded: [...tagsAfter].filter((t) => !tagsBefore.has(t)),
      tagsRemoved: [...tagsBefore].filter((t) => !tagsAfter.has(t)),
    };
    if (before.title !== after.title) change.title = { before: before.title, after: after.title };
    if (before.url !== after.url) change.url = { before: before.url, after: after.url };
    if (before.kind !== after.kind) change.kind = { before: before.kind, after: after.kind };
    if (before.text !== after.text) change.text = textChange(before.text, after.text);
    changes.push(change);
  }
  return changes;
}

function textChange(before: string, after: string): VersionChange['text'] {
  const diff = diffWords(before, after, { maxEditLength: MAX_EDIT_LENGTH, timeout: DIFF_TIMEOUT_MS });
  if (!diff) return { tooLarge: true };
  const parts: DiffPart[] = [];
  let added = 0;
  let removed = 0;
  diff.forEach((d, i) => {
    const words = d.value.split(/(\s+)/);
    if (d.added || d.removed) {
      const n = words.filter((w) => w.trim()).length;
      if (d.added) added += n;
      else removed += n;
      parts.push({ text: d.value, change: d.added ? 'added' : 'removed' });
      return;
    }
    // Unchanged text: keep only the context next to a change (tokens alternate word, space).
    const keep = CONTEXT_WORDS * 2;
    const first = i === 0;
    const last = i === diff.length - 1;
    let text = d.value;
    if (first && last) text = '';
    else if (first && words.length > keep) text = `… ${words.slice(-keep).join('')}`;
    else if (last && words.length > keep) text = `${words.slice(0, keep).join('')} …`;
    else if (!first && !last && words.length > keep * 2) text = `${words.slice(0, keep).join('')} … ${words.slice(-keep).join('')}`;
    parts.push({ text, change: 'same' });
  });
  return { parts, added, removed };
}
