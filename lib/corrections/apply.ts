import type { Classification, Evidence, Item, TagCorrection } from '../model/item.ts';

/**
 * People's corrections win over the classifier. Whatever classified an item (ingest, a re-ingest of a revised
 * story, a re-tag of the archive), its tags are the classifier's answer with the item's corrections applied:
 * "not about" removes the entry and its evidence, "confirmed" keeps it (and puts it back if the rules no longer find it).
 */

export type Tags = Pick<Classification, 'inquiries' | 'commitments' | 'evidence'>;

export function applyCorrections<T extends Tags>(tags: T, corrections: Item['corrections']): T {
  if (!corrections || Object.keys(corrections).length === 0) return tags;
  let { inquiries, commitments, evidence } = tags;
  for (const [entryId, c] of Object.entries(corrections)) {
    if (c.verdict === 'not-about') {
      inquiries = inquiries.filter((id) => id !== entryId);
      commitments = commitments.filter((id) => id !== entryId);
      evidence = evidence.filter((e) => e.id !== entryId);
      continue;
    }
    if (!inquiries.includes(entryId) && !commitments.includes(entryId)) {
      if (c.entryType === 'inquiry') inquiries = [...inquiries, entryId];
      else commitments = [...commitments, entryId];
    }
    if (!evidence.some((e) => e.id === entryId)) evidence = [...evidence, c.evidence ?? confirmedEvidence(entryId)];
  }
  return { ...tags, inquiries, commitments, evidence };
}

/** Evidence for a tag that only a person gave: no phrase matched, a person said so. */
const confirmedEvidence = (entryId: string): Evidence => ({ id: entryId, phrases: [], snippet: 'confirmed by a person', score: 0 });

export interface CorrectionInput extends Omit<TagCorrection, 'evidence'> {
  entryId: string;
}

/**
 * The item after one more correction, or undefined when it changes nothing (the same person already gave the same
 * verdict: a retried request). The correction keeps the classifier's evidence for the entry, or the evidence an
 * earlier correction kept, so undoing "not about" restores what matched.
 */
export function correctItem(item: Item, input: CorrectionInput): Item | undefined {
  const { entryId, ...correction } = input;
  const earlier = item.corrections?.[entryId];
  if (earlier && earlier.verdict === correction.verdict && earlier.by === correction.by) return undefined;
  const evidence = item.evidence.find((e) => e.id === entryId) ?? earlier?.evidence;
  const corrections = { ...item.corrections, [entryId]: { ...correction, ...(evidence ? { evidence } : {}) } };
  return { ...item, ...applyCorrections(item, corrections), corrections, correctionSeq: (item.correctionSeq ?? 0) + 1 };
}

/** The entries an item's tags gained and lost between two versions of it. */
export function tagChanges(before: Pick<Item, 'inquiries' | 'commitments'>, after: Pick<Item, 'inquiries' | 'commitments'>): { added: string[]; removed: string[] } {
  const was = new Set([...before.inquiries, ...before.commitments]);
  const now = new Set([...after.inquiries, ...after.commitments]);
  return { added: [...now].filter((id) => !was.has(id)), removed: [...was].filter((id) => !now.has(id)) };
}
