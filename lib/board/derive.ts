import { addMonths, daysBetween } from './dates.ts';
import type {
  BoardEvent,
  BoardEventView,
  BoardOptions,
  CommitteeLink,
  Deadline,
  Decision,
  EntryState,
  EntryStatus,
  EntryType,
  EventType,
  Evidence,
  RecommendationInfo,
  Transition,
} from './types.ts';

/**
 * An entry's state, as of a date, from its events and people's decisions. Pure and total: every state comes from
 * an event, and every event carries its evidence, so nothing on the board is unexplained.
 */

/** Plain code-unit order: dates and ids are ASCII, and `localeCompare` is many times slower. */
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Reports of the same kind of event this close together are one event (the day's news, the next day's Hansard). */
export const SAME_EVENT_DAYS = 14;
/** Select committees: the government should reply within two months, and within six at the outside. */
export const COMMITTEE_RESPONSE_MONTHS = 2;
export const COMMITTEE_RESPONSE_MAX_MONTHS = 6;
/** Inquiry and audit reports: a government response is expected within six months. */
export const INQUIRY_RESPONSE_MONTHS = 6;
const COMMITTEES_WEB = 'https://committees.parliament.uk';

const INQUIRY_STAGE: Partial<Record<EventType, number>> = {
  announced: 1,
  'chair-appointed': 2,
  'terms-of-reference': 2,
  established: 3,
  hearings: 3,
  'interim-report': 3,
  'final-report': 4,
  'government-response': 5,
};
const INQUIRY_STATE_AT = ['unknown', 'announced', 'being-set-up', 'under-way', 'reported', 'government-responded'] as const;

const COMMITMENT_STAGE: Partial<Record<EventType, number>> = {
  promised: 1,
  accepted: 1,
  consultation: 2,
  'bill-introduced': 2,
  amendment: 2,
  funded: 2,
  piloted: 2,
  // An Act not yet in force has changed nothing for anyone: delivered is when it commences.
  'royal-assent': 2,
  commenced: 3,
};
const SETBACK: Partial<Record<EventType, EntryState>> = { delayed: 'delayed', dropped: 'dropped', rejected: 'rejected' };
const DELIVERY_EVENTS: EventType[] = ['royal-assent', 'commenced'];

/** Order of events on the same day: the report before the response to it, promises before what follows them. */
const SAME_DAY_ORDER: EventType[] = [
  'announced', 'chair-appointed', 'terms-of-reference', 'established', 'hearings', 'interim-report', 'final-report', 'government-response',
  'promised', 'accepted', 'consultation', 'bill-introduced', 'amendment', 'funded', 'piloted', 'royal-assent', 'commenced',
  'delayed', 'dropped', 'rejected', 'criticised', 'committee-report', 'committee-response',
];
/** What does not count as the entry moving: being criticised, and committees' reports on it. */
export const NOT_MOVEMENT: ReadonlySet<EventType> = new Set<EventType>(['criticised', 'committee-report', 'committee-response']);
const TERMINAL: ReadonlySet<EntryState> = new Set<EntryState>(['government-responded', 'delivered', 'dropped', 'rejected']);

export interface EntryInput {
  id: string;
  type: EntryType;
  name: string;
  /** Inquiries: whether a report opens a six-month response deadline (default true). */
  responseExpected?: boolean;
  stalledAfterDays?: number;
  recommendations?: RecommendationInfo[];
  /** Known dates from the registry. */
  deadlines?: { what: string; due: string; source: string; closedBy?: string[] }[];
}

/**
 * The entry as of `at` (yyyy-mm-dd): events on or before it, decisions applied (people's decisions about history
 * apply whenever they were made: the board as of a past date shows what is now known about that date).
 */
export function deriveStatus(entry: EntryInput, events: BoardEvent[], decisions: Decision[], at: string, options: BoardOptions): EntryStatus {
  const ordered = [...decisions].sort((a, b) => cmp(a.at, b.at));
  // The latest word on each event id; it applies to the whole event that id is part of (every report of it).
  const verdicts = new Map<string, Decision>();
  for (const d of ordered) if (d.action === 'confirm' || d.action === 'reject') verdicts.set(d.eventId, d);

  const all: BoardEvent[] = [...events];
  for (const d of ordered) {
    if (d.action !== 'add') continue;
    all.push({
      id: d.id,
      entryId: entry.id,
      type: d.event.type,
      date: d.event.date,
      source: 'person',
      evidence: { url: d.sourceUrl, sentence: d.event.sentence ?? d.reason, date: d.event.date },
      learnt: d.at,
      decidedBy: d.by,
    });
  }
  const views: ClusterView[] = [];
  for (const v of cluster(all.filter((e) => e.date <= at))) {
    const said = v.members.map((m) => verdicts.get(m.id)).filter((d): d is Decision => d !== undefined).sort((a, b) => cmp(a.at, b.at)).at(-1);
    if (said?.action === 'reject') continue;
    if (said?.action === 'confirm') {
      v.source = 'person';
      v.decidedBy = said.by;
    }
    views.push(v);
  }
  const { state, since, transitions } = walk(entry.type, views);
  const moved = views.filter((v) => !NOT_MOVEMENT.has(v.type)).map((v) => v.date);
  const lastMoved = moved.length ? moved.reduce((a, b) => (a > b ? a : b)) : undefined;
  const stalledAfter = entry.stalledAfterDays ?? options.stalledAfterDays;
  const applied = new Set(views.flatMap((v) => v.members.map((m) => m.id)));
  return {
    id: entry.id,
    type: entry.type,
    name: entry.name,
    state,
    since,
    stalled: state !== 'unknown' && !TERMINAL.has(state) && lastMoved !== undefined && daysBetween(lastMoved, at) > stalledAfter,
    lastMoved,
    events: views.map(({ members, committee: _c, ...view }) => ({ ...view, memberIds: members.map((m) => m.id) })),
    deadlines: deadlinesOf(entry, views, ordered, at),
    transitions,
    recommendations: entry.recommendations ?? [],
    decisions: ordered.filter((d) => d.action !== 'confirm' || applied.has(d.eventId)),
  };
}

interface ClusterView extends Omit<BoardEventView, 'memberIds'> {
  members: BoardEvent[];
  committee?: CommitteeLink;
}

/** Reports of one event merged: same type within `SAME_EVENT_DAYS`, or the same committee publication. */
function cluster(events: BoardEvent[]): ClusterView[] {
  const sorted = [...events].sort((a, b) => cmp(a.date, b.date) || (a.source === b.source ? cmp(a.id, b.id) : a.source === 'person' ? 1 : -1));
  const views: ClusterView[] = [];
  // Per type (or committee publication), the views so far: events come in date order, so only the latest can match.
  const byKey = new Map<string, ClusterView[]>();
  for (const e of sorted) {
    const key = committeeKey(e) ?? e.type;
    const candidates = byKey.get(key) ?? [];
    let same = committeeKey(e) ? candidates[0] : undefined;
    for (let i = candidates.length - 1; !same && i >= 0 && daysBetween(candidates[i]!.date, e.date) <= SAME_EVENT_DAYS; i--) {
      const v = candidates[i]!;
      if (!v.members.some((m) => m.promisedBy && e.promisedBy && m.promisedBy !== e.promisedBy)) same = v;
    }
    if (same) {
      same.members.push(e);
      same.evidence.push(e.evidence);
      if (e.source === 'person') {
        // A person's account of the event wins its standing.
        same.source = 'person';
        same.decidedBy = e.decidedBy ?? same.decidedBy;
      }
      same.promisedBy ??= e.promisedBy;
      same.committee ??= e.committee;
      continue;
    }
    const view: ClusterView = { id: e.id, type: e.type, date: e.date, source: e.source, evidence: [e.evidence], members: [e] };
    if (e.decidedBy) view.decidedBy = e.decidedBy;
    if (e.promisedBy) view.promisedBy = e.promisedBy;
    if (e.committee) view.committee = e.committee;
    views.push(view);
    byKey.set(key, [...candidates, view]);
  }
  return views.sort((a, b) => cmp(a.date, b.date) || SAME_DAY_ORDER.indexOf(a.type) - SAME_DAY_ORDER.indexOf(b.type) || Number(a.source === 'person') - Number(b.source === 'person'));
}

const committeeKey = (e: BoardEvent): string | undefined =>
  e.type === 'committee-report' ? `r${e.committee?.publicationId}` : e.type === 'committee-response' ? `s${e.committee?.respondsTo}` : undefined;

function walk(type: EntryType, views: ClusterView[]): { state: EntryState; since?: string; transitions: Transition[] } {
  let state: EntryState = 'unknown';
  let since: string | undefined;
  const transitions: Transition[] = [];
  const move = (next: EntryState, v: ClusterView) => {
    if (next === state) return;
    transitions.push({ state: next, from: state, since: v.date, eventId: v.id, learnt: earliestLearnt(v), ...(v.members.every((m) => m.quiet) ? { quiet: true } : {}) });
    state = next;
    since = v.date;
  };
  if (type === 'inquiry') {
    let reached = 0;
    for (const v of views) {
      const stage = INQUIRY_STAGE[v.type];
      if (stage === undefined || stage <= reached) continue;
      // A government response is to a report: before one, it is noted but moves nothing.
      if (stage === 5 && reached < 4) continue;
      reached = stage;
      move(INQUIRY_STATE_AT[stage]!, v);
    }
  } else {
    let reached = 0;
    let acceptedSeen = false;
    for (const v of views) {
      const setback = SETBACK[v.type];
      if (setback) {
        move(setback, v);
        continue;
      }
      const stage = COMMITMENT_STAGE[v.type];
      if (stage === undefined) continue;
      if (v.type === 'accepted') acceptedSeen = true;
      reached = Math.max(reached, stage);
      move(reached === 1 ? (acceptedSeen ? 'accepted' : 'promised') : reached === 2 ? 'in-progress' : 'delivered', v);
    }
  }
  return { state, since, transitions };
}

const earliestLearnt = (v: ClusterView): string => v.members.map((m) => m.learnt).reduce((a, b) => (a < b ? a : b));

function deadlinesOf(entry: EntryInput, views: ClusterView[], decisions: Decision[], at: string): Deadline[] {
  const deadlines: Deadline[] = [];
  const open = (id: string, what: string, due: string, basis: Evidence, closing?: { on?: string; url: string }, excepted = false) => {
    deadlines.push(finish({ id, entryId: entry.id, what, due, basis, status: excepted ? 'excepted' : 'open', days: 0, ...(closing ? { metOn: closing.on, metByUrl: closing.url } : {}) }, at));
  };

  for (const report of views.filter((v) => v.type === 'committee-report')) {
    const c = report.committee!;
    const latest = addMonths(report.date, COMMITTEE_RESPONSE_MAX_MONTHS);
    const stated = c.responseDeadline && c.responseDeadline > report.date ? c.responseDeadline : addMonths(report.date, COMMITTEE_RESPONSE_MONTHS);
    const due = stated < latest ? stated : latest;
    const response = views.find((v) => v.type === 'committee-response' && v.committee?.respondsTo === c.publicationId);
    const listed = report.members.flatMap((m) => m.committee?.responseIds ?? [])[0];
    const closing = response
      ? { on: response.date, url: response.evidence[0]!.url }
      : listed
        ? { url: `${COMMITTEES_WEB}/publications/${listed}/` }
        : undefined;
    open(`committee-${c.publicationId}`, `Government response to ${c.title ?? `committee report ${c.publicationId}`}`, due, report.evidence[0]!, closing, c.excepted === true);
  }

  if (entry.type === 'inquiry' && entry.responseExpected !== false) {
    for (const report of views.filter((v) => v.type === 'final-report')) {
      const response = views.find((v) => v.type === 'government-response' && v.date >= report.date);
      open(
        `response-${entry.id}-${report.date}`,
        `Government response to the ${entry.name} report of ${report.date}`,
        addMonths(report.date, INQUIRY_RESPONSE_MONTHS),
        report.evidence[0]!,
        response ? { on: response.date, url: response.evidence[0]!.url } : undefined,
      );
    }
  }

  const delivered = (after: string, types: string[]) => views.find((v) => types.includes(v.type) && v.date >= after);
  // A promise the registry already records (an accepted candidate pledge) is one deadline, the registry's.
  const recorded = new Set((entry.deadlines ?? []).map((d) => `${d.due} ${d.source}`));
  for (const promise of views.filter((v) => v.promisedBy && !v.evidence.some((ev) => recorded.has(`${v.promisedBy} ${ev.url}`)))) {
    const done = delivered(promise.date, entry.type === 'commitment' ? DELIVERY_EVENTS : ['final-report']);
    const phrase = promise.members.find((m) => m.promisedPhrase)?.promisedPhrase;
    open(`promise-${promise.id}`, `${entry.name}: promised ${phrase ?? `by ${promise.promisedBy}`}`, promise.promisedBy!, promise.evidence[0]!, done ? { on: done.date, url: done.evidence[0]!.url } : undefined);
  }

  (entry.deadlines ?? []).forEach((d, i) => {
    const done = delivered('0000-00-00', d.closedBy ?? (entry.type === 'commitment' ? DELIVERY_EVENTS : ['final-report']));
    open(`registry-${entry.id}-${i + 1}`, d.what, d.due, { url: d.source, sentence: d.what, date: d.due }, done ? { on: done.date, url: done.evidence[0]!.url } : undefined);
  });

  // People's word on a deadline wins over what the board inferred.
  for (const d of decisions) {
    if (d.action !== 'deadline-met' && d.action !== 'deadline-excepted') continue;
    const target = deadlines.find((x) => x.id === d.deadlineId);
    if (!target || (d.date ?? d.at.slice(0, 10)) > at) continue;
    const updated: Deadline =
      d.action === 'deadline-met'
        ? { ...target, status: 'open', metOn: d.date ?? d.at.slice(0, 10), metByUrl: d.sourceUrl }
        : { ...target, status: 'excepted', metOn: undefined, metByUrl: undefined };
    deadlines[deadlines.indexOf(target)] = finish(updated, at);
  }
  return deadlines.sort((a, b) => cmp(a.due, b.due) || cmp(a.id, b.id));
}

/** Status and day counts as of `at`: met once the response is out (on or before `at`), overdue past the due date. */
function finish(d: Deadline, at: string): Deadline {
  if (d.status === 'excepted') return { ...d, days: 0 };
  const met = d.metByUrl !== undefined && (d.metOn === undefined || d.metOn <= at);
  if (met) return { ...d, status: 'met', days: d.metOn ? Math.max(0, daysBetween(d.due, d.metOn)) : 0 };
  const { metOn: _m, metByUrl: _u, ...rest } = d;
  return d.due < at ? { ...rest, status: 'overdue', days: daysBetween(d.due, at) } : { ...rest, status: 'open', days: daysBetween(at, d.due) };
}
