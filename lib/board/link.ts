import type { CommitteeResponse } from './detect.ts';
import type { BoardEvent } from './types.ts';

/**
 * A government response to a committee report belongs to every entry the report is on, whichever entries the
 * response itself matched. `reports` are committee-report events (any entries); the result is the response's
 * events on those entries. The store calls this from either side: when the response arrives after the report, and
 * when a report arrives (a backfill) after its response.
 */
export function responseEvents(response: CommitteeResponse, reports: BoardEvent[]): BoardEvent[] {
  const entries = new Set(reports.filter((r) => r.type === 'committee-report' && r.committee?.publicationId === response.respondsTo).map((r) => r.entryId));
  return [...entries].map((entryId) => ({
    id: `${response.evidence.itemId}:${entryId}:committee-response`,
    entryId,
    type: 'committee-response' as const,
    date: response.evidence.date,
    source: 'inferred' as const,
    evidence: response.evidence,
    learnt: response.learnt,
    ...(response.quiet ? { quiet: true } : {}),
    committee: { publicationId: response.publicationId ?? '', respondsTo: response.respondsTo, title: response.evidence.title },
  }));
}
