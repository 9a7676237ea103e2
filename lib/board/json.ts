import type { Deadline, EntryStatus } from './types.ts';

/**
 * The board's stable JSON contract (`status --json`, and the core of `GET /status`), one object per entry:
 * `{"id","type","state","since","stalled","events":[{"type","date","item_id","url","sentence","source"}],
 *   "deadlines":[{"what","due","status","met_by_url"?}],"recommendation"?:{"inquiry","number","government_response"}}`.
 * Each event is one event on the board with its first report as evidence; `item_id` is null for people's events.
 * An entry tracking several recommendations gives the first (all of them are in `GET /status/{id}`).
 */
export interface StatusJson {
  id: string;
  type: string;
  state: string;
  since: string | null;
  stalled: boolean;
  events: { type: string; date: string; item_id: string | null; url: string; sentence: string; source: 'inferred' | 'person' }[];
  deadlines: DeadlineJson[];
  recommendation?: { inquiry: string; number: number; government_response: string };
}

export interface DeadlineJson {
  what: string;
  due: string;
  status: Deadline['status'];
  met_by_url?: string;
}

export function toStatusJson(s: EntryStatus): StatusJson {
  const out: StatusJson = {
    id: s.id,
    type: s.type,
    state: s.state,
    since: s.since ?? null,
    stalled: s.stalled,
    events: s.events.map((e) => {
      const ev = e.evidence[0]!;
      return { type: e.type, date: e.date, item_id: ev.itemId ?? null, url: ev.url, sentence: ev.sentence, source: e.source };
    }),
    deadlines: s.deadlines.map(toDeadlineJson),
  };
  const rec = s.recommendations[0];
  if (rec) out.recommendation = { inquiry: rec.inquiry, number: rec.number, government_response: rec.governmentResponse };
  return out;
}

export const toDeadlineJson = (d: Deadline): DeadlineJson => ({
  what: d.what,
  due: d.due,
  status: d.status,
  ...(d.status === 'met' && d.metByUrl ? { met_by_url: d.metByUrl } : {}),
});

/**
 * `GET /status/{id}`: the contract's fields, then everything behind them: each event's id (for `status set`) and
 * every report of it, deadline ids and day counts, the state history, people's decisions, all recommendations.
 */
export function toStatusDetailJson(s: EntryStatus) {
  const base = toStatusJson(s);
  return {
    ...base,
    name: s.name,
    last_moved: s.lastMoved ?? null,
    events: s.events.map((e, i) => ({
      ...base.events[i]!,
      id: e.id,
      ...(e.decidedBy ? { decided_by: e.decidedBy } : {}),
      ...(e.promisedBy ? { promised_by: e.promisedBy } : {}),
      evidence: e.evidence.map((ev) => ({ item_id: ev.itemId ?? null, url: ev.url, sentence: ev.sentence, date: ev.date, title: ev.title ?? null })),
      report_ids: e.memberIds,
    })),
    deadlines: s.deadlines.map((d) => ({ ...toDeadlineJson(d), id: d.id, days: d.days, met_on: d.metOn ?? null, basis: d.basis })),
    transitions: s.transitions.map((t) => ({ from: t.from, to: t.state, since: t.since, event_id: t.eventId })),
    recommendations: s.recommendations.map((r) => ({ inquiry: r.inquiry, number: r.number, text: r.text, made_to: r.madeTo, government_response: r.governmentResponse })),
    decisions: s.decisions,
  };
}
