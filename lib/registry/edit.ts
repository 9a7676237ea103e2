import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isMap, isSeq, parseDocument, stringify } from 'yaml';
import { ConfigError } from '../config/errors.ts';
import { loadRegistry, type RegistryEntry } from './registry.ts';

/** A new commitment entry, and the date it was promised by (if any), to add to a registry file. */
export interface NewEntry {
  entry: Pick<RegistryEntry, 'id' | 'type' | 'name' | 'description' | 'related' | 'searchTerms'> & { match: Partial<RegistryEntry['match']> };
  /** Written above the entry: where it came from. */
  comment: string;
  deadline?: { what: string; due: string; source: string };
}

/**
 * Adds an entry at the end of a registry file's `entries` (and its promised date under `board`), leaving every other
 * byte as it was: comments, order, the hand-made flow lists and folded descriptions. The `yaml` Document API finds
 * where the list ends (node ranges) and renders the new node; only that text is spliced in, so the file is never
 * re-serialised. The result is validated like any registry before it replaces the file (a bad entry never lands),
 * and the write is a rename, so a crash leaves the old file or the new one.
 */
export function addRegistryEntry(file: string, add: NewEntry): void {
  let text = readFileSync(file, 'utf8');
  const doc = parseDocument(text);
  if (doc.errors.length) throw new ConfigError(file, [`not valid YAML (${doc.errors[0]!.message.split('\n')[0]})`]);
  const entries = doc.get('entries', true);
  const last = isSeq(entries) ? (entries.items.at(-1) as { range?: [number, number, number] } | undefined) : undefined;
  if (!last?.range) throw new ConfigError(file, ['entries: must be a list']);

  const board = doc.get('board', true);
  const boardText = add.deadline ? indent(stringify({ [add.entry.id]: { deadlines: [add.deadline] } }, { lineWidth: 0 }), '  ') : '';
  // Later insertions first, so the earlier offset still holds.
  if (boardText) {
    if (isMap(board) && board.range) text = splice(text, board.range[2], boardText);
    else text = `${text.replace(/\n*$/, '\n')}\nboard:\n${boardText}`;
  }
  const entryText = `\n  #${add.comment.startsWith(' ') ? '' : ' '}${add.comment.replace(/\n/g, ' ')}\n${indent(stringify([compact(add.entry)], { lineWidth: 0 }), '  ')}`;
  text = splice(text, last.range[2], entryText);

  const temp = `${file}.new`;
  writeFileSync(temp, text);
  try {
    loadRegistry(temp);
  } catch (err) {
    rmSync(temp, { force: true });
    // Name the real file in the message, not the temporary one.
    if (err instanceof ConfigError) throw new ConfigError(file, err.problems);
    throw err;
  }
  renameSync(temp, file);
}

/** Inserts at `offset`, on a line of its own. */
const splice = (text: string, offset: number, insert: string) => {
  const before = text.slice(0, offset);
  return `${before}${before.endsWith('\n') ? '' : '\n'}${insert.endsWith('\n') ? insert : `${insert}\n`}${text.slice(offset)}`;
};

const indent = (block: string, by: string) =>
  block
    .split('\n')
    .map((line) => (line ? by + line : line))
    .join('\n');

/** Leaves out empty lists and blank strings, so the entry reads like the hand-written ones. */
function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compact);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0))
        .map(([k, v]) => [k, compact(v)]),
    );
  }
  return value;
}
