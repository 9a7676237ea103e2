import { SAME_EVENT_DAYS } from './derive.ts';
import { daysBetween } from './dates.ts';
import type { EventType } from './types.ts';

/**
 * Scores detected board events against a labelled timeline, the way the board shows them: reports of the same
 * event (same entry and type, within `SAME_EVENT_DAYS`) count once on both sides, so a story told by three outlets
 * is one event found, and a retelling dated to the original day is not a false alarm.
 */
export interface ScoredEvent {
  entryId: string;
  type: EventType;
  date: string;
  /** Where it came from (item id), for the failure listing. */
  itemId?: string;
}

export interface EventScores {
  labelled: number;
  detected: number;
  truePositives: number;
  precision: number;
  recall: number;
  missed: ScoredEvent[];
  falseAlarms: ScoredEvent[];
}

export function scoreEvents(labelled: ScoredEvent[], detected: ScoredEvent[]): EventScores {
  const want = merge(labelled);
  const got = merge(detected);
  const matched = new Set<ScoredEvent>();
  const found = new Set<ScoredEvent>();
  for (const g of got) {
    const w = want.find((x) => !matched.has(x) && x.entryId === g.entryId && x.type === g.type && Math.abs(daysBetween(x.date, g.date)) <= SAME_EVENT_DAYS);
    if (w) {
      matched.add(w);
      found.add(g);
    }
  }
  const tp = found.size;
  return {
    labelled: want.length,
    detected: got.length,
    truePositives: tp,
    precision: got.length ? tp / got.length : 1,
    recall: want.length ? tp / want.length : 1,
    missed: want.filter((w) => !matched.has(w)),
    falseAlarms: got.filter((g) => !found.has(g)),
  };
}

/** One per real event: same entry and type within `SAME_EVENT_DAYS` of the first report. */
function merge(events: ScoredEvent[]): ScoredEvent[] {
  const out: ScoredEvent[] = [];
  for (const e of [...events].sort((a, b) => a.date.localeCompare(b.date))) {
    if (!out.some((o) => o.entryId === e.entryId && o.type === e.type && daysBetween(o.date, e.date) <= SAME_EVENT_DAYS)) out.push(e);
  }
  return out;
}
