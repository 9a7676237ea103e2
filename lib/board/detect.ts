import type { Item } from '../model/item.ts';
import type { Registry } from '../registry/registry.ts';
import { eventCues, normaliseSentence, type CueHit, type EventRule } from './cues.ts';
import { earlierDate, promisedDate } from './dates.ts';
import { MentionMatcher } from './mentions.ts';
import { splitSentences, type Sentence } from './sentences.ts';
import type { BoardEvent, CommitteeLink, EntryType, EventType, Evidence } from './types.ts';

/** What detection reads of an item: a stored `Item` satisfies it. */
export type DetectableItem = Pick<
  Item,
  'id' | 'title' | 'text' | 'url' | 'published' | 'kind' | 'sourceType' | 'nativeIds' | 'inquiries' | 'commitments' | 'firstSeen' | 'author'
> &
  Partial<Pick<Item, 'quiet'>>;

export interface Detection {
  /** Events on the item's tracked entries. */
  events: BoardEvent[];
  /**
   * A government response to a committee report: it belongs to whichever entries the report is on, which only the
   * store can tell (the response itself may match no tracked entry).
   */
  response?: CommitteeResponse;
}

export interface CommitteeResponse {
  respondsTo: string;
  publicationId?: string;
  evidence: Evidence;
  learnt: string;
  quiet?: boolean;
}

/** A promise ("we will…") needs a speaker who can make it; official sources speak for the government themselves. */
const PROMISE = /\b(we|the government|government|ministers?|the minister|home secretary|prime minister|secretary of state|department|home office|chancellor|i|she|he|they)\b[^.]{0,50}\b(will|shall|is going to|are going to|plans? to|pledged? to|promised? to|committed to|commits? to|intends? to|vowed to)\b|\b(committed|pledged|promised|vowed) to\b|\bhas committed\b|\bannounced plans\b/;
const PASSIVE_PROMISE = /\bwill be (made|introduced|brought|required|created|set up|changed|extended|strengthened|rolled out|placed|put)\b/;
const NOT_A_PROMISE = /\b(will not|won't|not (going|planning) to|no plans? to|refus|reject|ruled out|should|must|calls? (on|for)|calling (on|for)|urg(e|es|ed|ing)|campaigners|demand|if (elected|we win))\b/;
const OFFICIAL_SOURCES = new Set(['statement', 'hansard', 'question', 'report', 'other']);

/** Events that move a commitment or an inquiry along (a headline claiming one yields to what the body says). */
const STATE_BEARING: ReadonlySet<EventType> = new Set<EventType>([
  'announced', 'chair-appointed', 'terms-of-reference', 'established', 'hearings', 'interim-report', 'final-report', 'government-response',
  'promised', 'accepted', 'rejected', 'consultation', 'bill-introduced', 'amendment', 'royal-assent', 'commenced', 'funded', 'piloted', 'delayed', 'dropped',
]);

/** Within one sentence about one entry, a stronger reading replaces a weaker one. */
const OVERRIDES: Partial<Record<EventType, EventType[]>> = {
  rejected: ['accepted', 'promised'],
  accepted: ['promised'],
  dropped: ['delayed', 'promised'],
  established: ['announced'],
  'chair-appointed': ['announced'],
  'terms-of-reference': ['announced'],
};

/**
 * Finds the events an item reports, on the tracked entries it was classified with. Pure: the same item and
 * registry always give the same events, with the same ids, so re-detection never duplicates and people's
 * decisions (kept by event id) survive it.
 *
 * 1. Committee publications speak through their native ids: a report the government can respond to is a
 *    `committee-report`, a government response a `committee-response`.
 * 2. Every other event is one sentence: the sentence must name the entry (any of its aliases or cues), or follow
 *    closely on one that names it and no other, and carry an event's words in the right tense (see `cues.ts`).
 *    A sentence that retells an earlier event is dated by the date it names, or skipped when it names none.
 * 3. Promises made while accepting an inquiry's recommendations are acceptances; a headline's claim yields to
 *    what the body says about the same entry.
 */
export class EventDetector {
  private readonly mentions: MentionMatcher;
  private readonly types: Map<string, EntryType>;

  constructor(registry: Registry) {
    this.mentions = new MentionMatcher(registry);
    this.types = new Map(registry.entries.map((e) => [e.id, e.type]));
  }

  detect(item: DetectableItem): Detection {
    const tracked = [...item.inquiries, ...item.commitments].filter((id) => this.types.has(id));
    const date = item.published.slice(0, 10);
    const base = { learnt: item.firstSeen, ...(item.quiet ? { quiet: true } : {}) };
    const committee = committeeLinkOf(item);
    const detection: Detection = { events: [] };
    if (committee?.respondsTo) {
      detection.response = { respondsTo: committee.respondsTo, publicationId: committee.publicationId, evidence: evidenceOf(item, item.title, date), ...base };
    }
    if (tracked.length === 0) return detection;

    const found = new Map<string, BoardEvent>();
    const add = (entryId: string, type: EventType, sentence: Sentence, eventDate: string, extra: Partial<BoardEvent> = {}) => {
      const id = `${item.id}:${entryId}:${type}`;
      if (found.has(id)) return;
      found.set(id, { id, entryId, type, date: eventDate, source: 'inferred', evidence: evidenceOf(item, sentence.text, eventDate), ...base, ...extra, sentenceIndex: sentence.index } as BoardEvent);
    };

    if (committee) {
      const titleSentence: Sentence = { text: item.title, index: 0, inTitle: true };
      for (const entryId of tracked) {
        if (committee.respondsTo) add(entryId, 'committee-response', titleSentence, date, { committee });
        else if (committee.canRespond) add(entryId, 'committee-report', titleSentence, date, { committee });
      }
    }

    const set = new Set(tracked);
    const sentences = splitSentences(item.title, item.text);
    const official = OFFICIAL_SOURCES.has(item.sourceType) || item.kind !== 'news';
    let recent: { index: number; entries: Set<string> } | undefined;
    for (const sentence of sentences) {
      const named = this.mentions.mentions(sentence.text, set);
      const normalised = normaliseSentence(sentence.text);
      let about = named;
      if (named.size > 0) recent = { index: sentence.index, entries: named };
      else if (recent && !sentence.inTitle && sentence.index - recent.index <= 2 && recent.entries.size === 1) about = recent.entries;
      if (about.size === 0) continue;

      const cues = eventCues(normalised);
      const promise = promiseCue(normalised, official);
      if (promise) cues.push(promise);
      if (cues.length === 0) continue;
      const when = earlierDate(sentence.text, date);
      if (when === 'past') continue;
      const eventDate = when ?? date;

      for (const entryId of about) {
        const type = this.types.get(entryId)!;
        const applicable = cues.filter((c) => c.rule.applies === 'any' || c.rule.applies === type);
        // A delay or criticism naming both an inquiry and a commitment is about the commitment.
        const shared = (c: CueHit) => c.rule.applies === 'any' && type === 'inquiry' && [...about].some((id) => this.types.get(id) === 'commitment');
        const kept = applicable.filter((c) => !shared(c));
        const types = new Set(kept.map((c) => c.rule.type));
        for (const c of kept) {
          if ((Object.entries(OVERRIDES) as [EventType, EventType[]][]).some(([strong, weak]) => types.has(strong) && weak.includes(c.rule.type))) continue;
          const promised = c.rule.type === 'promised' ? promisedDate(sentence.text, eventDate) : undefined;
          add(entryId, c.rule.type, sentence, eventDate, promised ? { promisedBy: promised.due, promisedPhrase: promised.phrase } : {});
        }
      }
    }

    let events = [...found.values()];
    // Promises made in accepting an inquiry's recommendations are acceptances of them.
    if (events.some((e) => e.type === 'government-response' || e.type === 'accepted')) {
      events = events.map((e) => (e.type === 'promised' ? { ...e, id: `${item.id}:${e.entryId}:accepted`, type: 'accepted' } : e));
    }
    // A headline's event stands only when the body does not report something else about the same entry.
    events = events.filter((e) => {
      const index = (e as BoardEvent & { sentenceIndex?: number }).sentenceIndex;
      if (index !== 0 || !STATE_BEARING.has(e.type)) return true;
      return !events.some((o) => o.entryId === e.entryId && o !== e && STATE_BEARING.has(o.type) && o.type !== e.type && (o as { sentenceIndex?: number }).sentenceIndex !== 0);
    });
    detection.events = unique(events).map(({ sentenceIndex: _s, ...e }) => e as BoardEvent);
    return detection;
  }
}

const PROMISE_RULE: EventRule = { type: 'promised', applies: 'commitment', patterns: [PROMISE] };

/** "We will…", "the Government is committed to…": from an official source any "will be made…" counts too. */
function promiseCue(normalised: string, official: boolean): CueHit | undefined {
  if (NOT_A_PROMISE.test(normalised)) return undefined;
  const m = PROMISE.exec(normalised) ?? (official ? PASSIVE_PROMISE.exec(normalised) : null);
  return m ? { rule: PROMISE_RULE, at: m.index } : undefined;
}

function unique(events: (BoardEvent & { sentenceIndex?: number })[]): (BoardEvent & { sentenceIndex?: number })[] {
  const byId = new Map<string, BoardEvent & { sentenceIndex?: number }>();
  for (const e of events) if (!byId.has(e.id)) byId.set(e.id, e);
  return [...byId.values()];
}

const evidenceOf = (item: DetectableItem, sentence: string, date: string): Evidence => ({ itemId: item.id, url: item.url, sentence, date, title: item.title });

/**
 * Committee publication fields, as the committees adapter writes them into `nativeIds` (string values): a report the
 * government can respond to, or a response to one. Older records without `governmentCanRespond` count as
 * respondable when they carry a deadline or list responses.
 */
export function committeeLinkOf(item: Pick<Item, 'nativeIds' | 'title'>): (CommitteeLink & { canRespond: boolean }) | undefined {
  const n = item.nativeIds ?? {};
  const publicationId = n.publicationId?.trim();
  if (!publicationId) return undefined;
  const respondsTo = n.responseToPublicationId?.trim() || undefined;
  const deadline = /^\d{4}-\d{2}-\d{2}$/.test(n.governmentResponseDeadline ?? '') ? n.governmentResponseDeadline : undefined;
  const responseIds = (n.governmentResponseIds ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const canRespond = !respondsTo && (n.governmentCanRespond !== undefined ? n.governmentCanRespond === 'true' : Boolean(deadline || responseIds.length));
  return {
    publicationId,
    canRespond,
    title: item.title,
    ...(respondsTo ? { respondsTo } : {}),
    ...(deadline ? { responseDeadline: deadline } : {}),
    ...(n.responseExcepted === 'true' ? { excepted: true } : {}),
    ...(responseIds.length ? { responseIds } : {}),
  };
}
