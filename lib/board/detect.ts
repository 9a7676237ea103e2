import type { Item } from '../model/item.ts';
import type { Registry } from '../registry/registry.ts';
import { eventCues, normaliseSentence, type CueHit, type EventRule } from './cues.ts';
import { earlierDate, londonDate, promisedDate } from './dates.ts';
import { distanceTo, MentionMatcher, type Mentions } from './mentions.ts';
import { splitSentences, type Sentence } from './sentences.ts';
import type { BoardEvent, CommitteeLink, EntryType, EventType, Evidence } from './types.ts';

/** What detection reads of an item: a stored `Item` satisfies it. */
export type DetectableItem = Pick<
  Item,
  'id' | 'title' | 'text' | 'url' | 'published' | 'kind' | 'sourceType' | 'nativeIds' | 'inquiries' | 'commitments' | 'firstSeen' | 'author'
> &
  Partial<Pick<Item, 'quiet' | 'trackedAt'>>;

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
/** Official sources speak for the government: "the operation will re-examine…", "data will be made mandatory". */
const OFFICIAL_PROMISE =
  /\bwill (also )?(be (made|introduced|brought|required|created|set up|changed|extended|strengthened|rolled out|placed|put)|introduce|legislate|change|make|create|establish|set up|require|re-examine|review|publish|provide|fund|bring forward|extend|strengthen|deliver|implement|ensure|remove|abolish|launch|roll out)\b/;
const NOT_A_PROMISE = /\b(will not|won't|not (going|planning) to|no plans? to|refus|reject|ruled out|calls? (on|for)|calling (on|for)|urg(e|es|ed|ing)|demand|if (elected|we win))\b/;
/** Questions ask; they report nothing ("To ask the Secretary of State whether she plans to…"). */
const QUESTION = /^(asked by\b|to ask\b)|\?["'”’)]*$/i;
/** Sentences within this many characters of the nearest name count as about that entry, when several are named. */
const NEAREST_SLACK = 25;
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
  'government-response': ['final-report'],
  // "The bill will remove…": the will is the bill's, and the news is that it is in a bill.
  consultation: ['promised'],
  'bill-introduced': ['promised'],
  amendment: ['promised'],
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
  readonly mentions: MentionMatcher;
  private readonly types: Map<string, EntryType>;

  constructor(registry: Registry) {
    this.mentions = new MentionMatcher(registry);
    this.types = new Map(registry.entries.map((e) => [e.id, e.type]));
  }

  detect(item: DetectableItem): Detection {
    const tracked = [...item.inquiries, ...item.commitments].filter((id) => this.types.has(id));
    const date = londonDate(item.published);
    // Learnt when the item entered the digests: first stored, or again when it moved on (a holding answer answered).
    const base = { learnt: item.trackedAt ?? item.firstSeen, ...(item.quiet ? { quiet: true } : {}) };
    const { link: committee, canRespond } = committeeLinkOf(item) ?? { link: undefined, canRespond: false };
    const detection: Detection = { events: [] };
    if (committee?.respondsTo) {
      detection.response = { respondsTo: committee.respondsTo, publicationId: committee.publicationId, evidence: evidenceOf(item, item.title, date), ...base };
    }
    // A holding answer ("I will reply as soon as possible") says nothing yet; its answer, a new version, will.
    if (tracked.length === 0 || isHolding(item)) return detection;

    const found = new Map<string, Found>();
    const add = (entryId: string, type: EventType, sentence: Sentence, eventDate: string, extra: Partial<BoardEvent> = {}) => {
      const id = `${item.id}:${entryId}:${type}`;
      const existing = found.get(id);
      // The first sentence that says it is the evidence; the body's word is better than the headline's.
      if (existing && !(existing.sentenceIndex === 0 && sentence.index > 0)) return;
      found.set(id, { id, entryId, type, date: eventDate, source: 'inferred', evidence: evidenceOf(item, sentence.text, eventDate), ...base, ...extra, sentenceIndex: sentence.index });
    };

    if (committee) {
      const titleSentence: Sentence = { text: item.title, index: 0, inTitle: true };
      for (const entryId of tracked) {
        if (committee.respondsTo) add(entryId, 'committee-response', titleSentence, date, { committee });
        else if (canRespond) add(entryId, 'committee-report', titleSentence, date, { committee });
      }
    }

    const set = new Set(tracked);
    const sentences = splitSentences(item.title, item.text);
    const official = OFFICIAL_SOURCES.has(item.sourceType) || item.kind !== 'news';
    let recent: { index: number; entries: Set<string> } | undefined;
    for (const sentence of sentences) {
      const named = this.mentions.mentions(sentence.text, set);
      const normalised = normaliseSentence(sentence.text);
      let about: Mentions = named;
      if (named.size > 0) recent = { index: sentence.index, entries: new Set(named.keys()) };
      else if (recent && !sentence.inTitle && sentence.index - recent.index <= 2 && recent.entries.size === 1) {
        about = new Map([...recent.entries].map((id) => [id, []]));
      }
      if (about.size === 0 || QUESTION.test(sentence.text.trim())) continue;

      // A committee publication's own report or response is in its native ids, not in its words.
      const cues = eventCues(normalised).filter((c) => !committee || (c.rule.type !== 'final-report' && c.rule.type !== 'government-response'));
      const promise = promiseCue(normalised, official);
      if (promise) cues.push(promise);
      if (cues.length === 0) continue;
      const when = earlierDate(sentence.text, date);
      if (when === 'past') continue;
      const eventDate = when ?? date;

      const byEntry = new Map<string, CueHit[]>();
      for (const c of cues) for (const entryId of this.owners(c, about)) byEntry.set(entryId, [...(byEntry.get(entryId) ?? []), c]);
      for (const [entryId, kept] of byEntry) {
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
    events = events.filter(
      (e) => e.sentenceIndex !== 0 || !STATE_BEARING.has(e.type) || !events.some((o) => o.entryId === e.entryId && STATE_BEARING.has(o.type) && o.type !== e.type && o.sentenceIndex !== 0),
    );
    const byId = new Map<string, BoardEvent>();
    for (const { sentenceIndex: _s, ...e } of events) if (!byId.has(e.id)) byId.set(e.id, e);
    detection.events = [...byId.values()];
    return detection;
  }

  /**
   * Which of the entries a sentence is about an event belongs to: those it applies to (an inquiry cannot be
   * "accepted"); of a delay or criticism naming an inquiry and a commitment, the commitment; and when several
   * remain, those named nearest the event's words.
   */
  private owners(cue: CueHit, about: Mentions): string[] {
    let ids = [...about.keys()].filter((id) => cue.rule.applies === 'any' || cue.rule.applies === this.types.get(id));
    if (cue.rule.applies === 'any' && ids.some((id) => this.types.get(id) === 'commitment')) ids = ids.filter((id) => this.types.get(id) === 'commitment');
    let located = ids.filter((id) => about.get(id)!.length > 0);
    if (located.length < 2) return ids;
    if (cue.rule.objectAfter) {
      const after = located.filter((id) => about.get(id)!.some((s) => s.start >= cue.at));
      if (after.length) located = after;
      ids = ids.filter((id) => located.includes(id) || about.get(id)!.length === 0);
    }
    const distance = new Map(located.map((id) => [id, distanceTo(about.get(id)!, cue.at)]));
    const nearest = Math.min(...distance.values());
    return ids.filter((id) => !distance.has(id) || distance.get(id)! <= nearest + NEAREST_SLACK);
  }
}

type Found = BoardEvent & { sentenceIndex: number };

const PROMISE_RULE: EventRule = { type: 'promised', applies: 'commitment', patterns: [PROMISE] };

export const isHolding = (item: Pick<Item, 'nativeIds'>): boolean => item.nativeIds?.answerState === 'holding';

/** "We will…", "the Government is committed to…": from an official source any "…will re-examine" counts too. */
function promiseCue(normalised: string, official: boolean): CueHit | undefined {
  if (NOT_A_PROMISE.test(normalised)) return undefined;
  const m = PROMISE.exec(normalised) ?? (official ? OFFICIAL_PROMISE.exec(normalised) : null);
  return m ? { rule: PROMISE_RULE, at: m.index } : undefined;
}

const evidenceOf = (item: DetectableItem, sentence: string, date: string): Evidence => ({ itemId: item.id, url: item.url, sentence, date, title: item.title });

/**
 * A committee publication, from what the committees adapter writes into `nativeIds` (string values, a contract:
 * `publicationId`, `governmentCanRespond`, `governmentResponseDeadline`, `governmentResponseIds`,
 * `responseExcepted`, `responseToPublicationId`): a report the government can respond to, or a response to one. A
 * record without `governmentCanRespond` (stored before it was kept) counts as respondable when it has a deadline or
 * lists responses.
 */
export function committeeLinkOf(item: Pick<Item, 'nativeIds' | 'title'>): { link: CommitteeLink; canRespond: boolean } | undefined {
  const n = item.nativeIds ?? {};
  const publicationId = n.publicationId?.trim();
  if (!publicationId) return undefined;
  const respondsTo = n.responseToPublicationId?.trim() || undefined;
  const deadline = /^\d{4}-\d{2}-\d{2}$/.test(n.governmentResponseDeadline ?? '') ? n.governmentResponseDeadline : undefined;
  const responseIds = (n.governmentResponseIds ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const canRespond = !respondsTo && (n.governmentCanRespond !== undefined ? n.governmentCanRespond === 'true' : Boolean(deadline || responseIds.length));
  const link: CommitteeLink = {
    publicationId,
    title: item.title,
    ...(respondsTo ? { respondsTo } : {}),
    ...(deadline ? { responseDeadline: deadline } : {}),
    ...(n.responseExcepted === 'true' ? { excepted: true } : {}),
    ...(responseIds.length ? { responseIds } : {}),
  };
  return { link, canRespond };
}
