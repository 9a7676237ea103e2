import type { SourceState } from '../store/entities/source-state-entity.ts';

/** Sources whose last poll failed, labelled for a roundup: `bbc-uk (3 in a row)`. */
export const failingSourceLabels = (states: SourceState[]): string[] =>
  states.filter((s) => s.consecutiveFailures > 0).map((s) => `${s.sourceId} (${s.consecutiveFailures} in a row)`);
