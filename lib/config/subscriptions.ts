import type { Config } from './schema.ts';
import { ConfigError } from './errors.ts';

/**
 * Every id a subscription tracks must be in the registry the config names. A typo would otherwise be accepted and
 * that channel would silently never get anything. Throws a `ConfigError` naming the file, the field, the unknown
 * id and, when one is close, the id probably meant.
 */
export function checkSubscriptions(config: Config, file: string, registryIds: readonly string[], registryFile: string): void {
  const known = new Set(registryIds);
  const problems: string[] = [];
  config.subscriptions.forEach((s, i) => {
    if (s.tracked === 'all') return;
    s.tracked.forEach((id, j) => {
      if (known.has(id)) return;
      const guess = closest(id, registryIds);
      problems.push(`subscriptions[${i}].tracked[${j}]: "${id}" is not an entry in ${registryFile}${guess ? ` (did you mean "${guess}"?)` : ''}`);
    });
  });
  if (problems.length) throw new ConfigError(file, problems);
}

/** The candidate within a few edits of `word` (a typo, not a different id), if any. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: { id: string; distance: number } | undefined;
  for (const id of candidates) {
    const distance = editDistance(word, id);
    if (distance <= Math.max(2, Math.floor(word.length / 4)) && (!best || distance < best.distance)) best = { id, distance };
  }
  return best?.id;
}

/** Levenshtein distance, one row at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length]!;
}
