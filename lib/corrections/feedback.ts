import type { Classification, Item } from '../model/item.ts';
import type { CorrectionRecord } from './ports.ts';

/**
 * People's corrections as labelled data: what a maintainer reads to fix a rule (`inquiry-watch feedback`), what a
 * changed registry is scored against (`registry test`), and rows in the labelled-set shape for the quality figures.
 */

/** The verdict in force for each (item, entry): the latest one given. */
export function latestVerdicts(records: Iterable<CorrectionRecord>): CorrectionRecord[] {
  const latest = new Map<string, CorrectionRecord>();
  for (const r of records) {
    const key = `${r.itemId}|${r.entryId}`;
    const seen = latest.get(key);
    if (!seen || seen.at <= r.at) latest.set(key, r);
  }
  return [...latest.values()].sort((a, b) => a.entryId.localeCompare(b.entryId) || b.at.localeCompare(a.at));
}

export interface EntryFeedback {
  entryId: string;
  name: string;
  notAbout: number;
  confirmed: number;
  /** Verdicts in force, newest first. */
  verdicts: CorrectionRecord[];
  /** Corrections given in all, including ones later changed. */
  given: number;
}

/** Per entry, in registry order, only entries people have corrected. */
export function feedbackByEntry(records: CorrectionRecord[], entries: readonly { id: string; name: string }[]): EntryFeedback[] {
  const latest = latestVerdicts(records);
  const order = new Map(entries.map((e, i) => [e.id, i]));
  const ids = [...new Set(latest.map((r) => r.entryId))].sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity) || a.localeCompare(b));
  return ids.map((entryId) => {
    const verdicts = latest.filter((r) => r.entryId === entryId);
    return {
      entryId,
      name: entries.find((e) => e.id === entryId)?.name ?? entryId,
      notAbout: verdicts.filter((r) => r.verdict === 'not-about').length,
      confirmed: verdicts.filter((r) => r.verdict === 'confirmed').length,
      verdicts,
      given: records.filter((r) => r.entryId === entryId).length,
    };
  });
}

/** One labelled row per verdict, in the shape of test/fixtures/classify/*.jsonl plus the verdict and who gave it. */
export function labelledRow(r: CorrectionRecord, item?: Pick<Item, 'text'>) {
  return {
    id: r.itemId,
    title: r.title,
    text: item?.text ?? '',
    source_url: r.url,
    source_type: r.sourceType,
    published: r.published,
    kind: r.kind,
    entry: r.entryId,
    verdict: r.verdict,
    by: r.by,
    at: r.at,
    evidence: r.evidence ?? null,
  };
}

export interface VerdictScore {
  verdicts: number;
  /** Verdicts the rules agree with: a confirmed entry tagged, a "not about" entry not tagged. */
  current: number;
  next?: number;
  /** Verdicts the new rules agree with and the current ones do not, and the reverse. */
  fixed: CorrectionRecord[];
  broken: CorrectionRecord[];
}

type Tags = Pick<Classification, 'inquiries' | 'commitments'>;
const agrees = (r: CorrectionRecord, tags: Tags | undefined) => (tags ? [...tags.inquiries, ...tags.commitments].includes(r.entryId) : false) === (r.verdict === 'confirmed');

/**
 * How far the rules agree with people: each verdict in force checked against what the current registry (and a
 * changed one) tags the item with, before any correction is applied. Items no longer in the archive are skipped.
 */
export function scoreVerdicts(verdicts: CorrectionRecord[], current: (itemId: string) => Tags | undefined, next?: (itemId: string) => Tags | undefined): VerdictScore {
  const checked = verdicts.filter((r) => current(r.itemId) !== undefined);
  const score: VerdictScore = { verdicts: checked.length, current: 0, fixed: [], broken: [] };
  if (next) score.next = 0;
  for (const r of checked) {
    const before = agrees(r, current(r.itemId));
    if (before) score.current++;
    if (!next) continue;
    const after = agrees(r, next(r.itemId));
    if (after) score.next!++;
    if (after && !before) score.fixed.push(r);
    if (before && !after) score.broken.push(r);
  }
  return score;
}
