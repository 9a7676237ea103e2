import type { Item } from '../model/item.ts';
import type { Registry } from '../registry/registry.ts';
import { BILL_AS_IT, eventCues, foreground, normaliseSentence, type CueHit, type EventRule } from './cues.ts';
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
const PROMISE = /\b(we|the government|government|ministers?|the minister|home secretary|prime minister|secretary of state|department|home office|chancellor|i|she|he|they)\b[^.]{0,50}\b(will|shall|is going to|are going to|(?<!\b(?:their|its|our|his|her|existing|current|previous) )plans? to|pledged? to|promised? to|committed to|commits? to|intends? to|vowed to)\b|\b(committed|pledged|promised|vowed) to\b|\bhas committed\b(?! (up to |over |more than |a further |an extra )?£)|\bannounced plans\b/;
/** Official sources speak for the government: "the operation will re-examine…", "data will be made mandatory". */
const OFFICIAL_PROMISE =
  /\bwill (also )?(be (made|introduced|brought|required|created|set up|changed|extended|strengthened|rolled out|placed|put)|become|introduce|legislate|change|make|create|establish|set up|require|re-examine|review|publish|provide|fund|bring forward|extend|strengthen|deliver|implement|ensure|remove|abolish|launch|roll out)\b/;
const NOT_A_PROMISE = [
  /\b(will not|won't|not (going|planning|intending) to|(does|do|did) not (intend|propose|plan)|no (plans?|intention) (to|of)|refus\w*|reject\w*|ruled out|calls? (on|for)|calling (on|for)|urg(e|es|ed|ing)|demand|if (elected|we win))\b/,
  // A commitment restated, or a promise to say more: nothing new is promised.
  /\b(remains?|remained|is still|are still) committed\b|\bin due course\b|\b(further|more) (details?|information)\b|\bkeep [^.]{0,20}\bunder review\b/,
  /\bas (we|i|the government|ministers) (have|has) (already |previously )?(said|made clear|set out|indicated|announced|confirmed)\b|\b(have|has) been clear that\b|\b(repeat|reiterate) (that|what)\b/,
  /\bas (set out|announced|committed|promised|pledged|confirmed|agreed) (in|on|at|by|last|earlier|previously)\b/,
  // Said before ("Ministers have said they will…"), or promised for when it suits ("when parliamentary time allows").
  /\b(have|has) (previously |already )?said (that )?(they|it|he|she|we|ministers|the government) (will|would)\b|\bwhen (parliamentary )?time allows\b/,
  // A promise recalled ("survivors were promised…"), or one that promises nothing ("committed to very little").
  /\b(was|were|had been) promised\b|\bcommitted to (very little|little|nothing)\b/,
  // An open question put indirectly ("we still do not know when the inquiry will start", "tell us whether…").
  /\b(know|hear|ask\w*|tell\w*|say|confirm|explain|clarify|wonder\w*|unclear)\b[^.]{0,30}\b(when|whether|how)\b[^.]{0,60}\b(will|would)\b/,
  // What an inquiry or another body will do, as someone reports it ("she said the inquiry would agree…") or as it
  // says itself ("The Children's Commissioner will publish her response"): not the government's promise.
  /\b(said|says|told [^.]{0,30}|confirmed|added|explained) (that )?(the|this|her|his|its) ([\w'-]+ ){0,3}(inquiry|audit|panel|committee|council)\b[^.]{0,15}\b(would|will)\b/,
  /(^|, )(the )?([\w'-]+ ){0,3}(inquiry|audit|panel|committee|council|commissioner|charity|operation|inspectorate)('s)? (will|would|is to|intends to|plans to)\b/,
  // Conditional on what has not happened ("if implemented in full, will…").
  /\b(if|unless|once) [^.]{0,30}\b(implemented|adopted|accepted|followed|enacted|agreed)\b/,
  // The government asked to do something, and a speaker's own next words ("I shall speak to…").
  /\b(asked|asks|invit(ed|es)|recommend(ed|s)?|requir(ed|es))\b (that )?(the |every |all )?(government|ministers?|home secretary|secretary of state|departments?)\b/,
  /\bi (shall|will) (now )?(speak|turn|come|say|begin|start|conclude|be brief|return|give way|write|call)\b/,
];
const notAPromise = (normalised: string): boolean => NOT_A_PROMISE.some((r) => r.test(normalised));
/**
 * Clauses that promise nothing to hold anyone to, blanked before a sentence is read for promises, so another clause
 * still can ("…will publish its response in May, and I will update the House then" promises the response).
 */
const EMPTY_PROMISES = [
  // Reporting on progress: "we will provide a further update", "will update Parliament", "will report to the House".
  /\b(will|shall) (provide|give|publish|issue|make|bring) (a |an )?(further |another |regular |progress )?(update|updates|progress report)\b/g,
  // A decision still to be taken: "is considering this and will set out its conclusions later this year".
  /\b(will|shall) (set out|announce|publish|share|confirm) (its|our|their|his|her|the government's) (conclusions?|position|decision|view|thinking)\b/g,
  /\b(will|shall) (continue to )?(update|report (on progress )?to) (parliament|the house)\b|\b(will|shall) report (to parliament|to the house|on progress)\b/g,
  // A minister's own next steps: "I will arrange that", "I will be monitoring"; talks and thinking about it.
  /\bi (will|shall) (be )?(meet|meeting|arrange|look|looking|ask|asking|consider|reflect|discuss|raise|monitor|monitoring|watch|watching)\b/g,
  /\b(will|shall) (be )?(discuss\w*|talk\w*|reflect\w*|look\w* (at|into))\b/g,
  // What a listener "will know" or "will agree": the speaker's rhetoric.
  /\b(will|would) (know|recall|remember|agree|understand|appreciate|be aware)\b/g,
  // Going on as before, or more of the same: "will continue to…", "will build on that work", "will go further".
  /\b(will|shall) (also |still )?(continue|build on|carry on|keep|go further|do (so|more|that|this|it)\b)/g,
  // A response promised without what it will do is the convention restated (with a timetable for implementing, a
  // commitment).
  /\b(will|shall) (respond|reply)\b(?![^.]*\b(timetable|implement\w*)\b)/g,
];
const withoutEmptyPromises = (normalised: string): string =>
  MODAL.test(normalised) ? EMPTY_PROMISES.reduce((text, r) => text.replace(r, (m) => ' '.repeat(m.length)), normalised) : normalised;
const MODAL = /\b(will|shall|would)\b/;
/**
 * Any "will" about a commitment a sentence names: read only in a government's acceptance of recommendations, where
 * whatever it says it will do about one ("police forces will investigate…") is how it accepts it.
 */
const FUTURE = /\b(will|shall)\b/;
/** Questions ask; they report nothing ("To ask the Secretary of State whether she plans to…"), after any speaker's name. */
const QUESTION = /^(asked by\b|to ask\b)|\?["'”’)]*$/i;
/** Sentences within this many characters of the nearest name count as about that entry, when several are named. */
const NEAREST_SLACK = 25;
/** A sentence that names no entry goes on about the one named in the last two; one that points back ("This delay is…"), three. */
const CARRY_SENTENCES = 2;
const POINTS_BACK = /^["'(]?(this|that|these|those|such)\b/;
const ADDS_ANOTHER = /\b(also|in addition|additionally|separately|a separate)\b/;
/** Events only an inquiry has, told of one the item need not name again ("a chair has at last been appointed"). */
const INQUIRY_ONLY: ReadonlySet<EventType> = new Set<EventType>(['chair-appointed', 'terms-of-reference', 'established', 'hearings', 'interim-report']);
/** An inquiry named only as the source of recommendations ("the government's update on the recommendations of…"). */
const AS_SOURCE_BEFORE = /\brecommendations? (made )?(of|by|from) (the )?$/;
const AS_SOURCE_AFTER = /^'s ([\w-]+ ){0,2}recommendations?\b/;
/**
 * A government response laid out recommendation by recommendation: a heading, then one word that decides ("Accepted.",
 * "Accepted in principle.", "Not accepted."), then what will be done.
 */
const VERDICT = /^((the )?(government'?s? )?(response|position|decision): )?(accepted|agreed|supported|accepted in (full|part|principle)|partially accepted|agreed in principle|not accepted|rejected|not agreed)\.?$/;
/** A list introduced by someone saying or announcing ("the Home Secretary set out that:"): its items are theirs. */
const SAYS_LIST = /\b(set out|sets out|announced|announces|confirmed|confirms|outlined|outlines|said|says|pledged|promised|committed to|will)\b[^.]*:$/;
/** A list introduced as what has been done ("Since January, the Government has:"): its items are the record, not news. */
const DONE_LIST = /\b(has|have|had)( already| so far| since)?:$/;
/**
 * "We accepted the need to act…", "The Government accepted all 12 of her recommendations": the government speaking of
 * its acceptance in the plain past, with no time of its own, recalls it (news says "accepts", "has accepted today").
 */
const ACCEPTED_BEFORE = /\b(we|the government|government|ministers|i) accepted\b(?![^.]*\b(today|this (week|morning|afternoon)|(mon|tues|wednes|thurs|fri|satur|sun)day)\b)/;
const SPOKEN = new Set(['hansard', 'statement', 'question']);
const GOVERNMENT_SPEAKER = /\b(government|ministers?|home secretary|secretary of state|prime minister|home office|department)\b/;
/** An inquiry's own steps: a delay in them is the inquiry's ("the appointment of a chair will take longer"). */
const INQUIRY_STEP = /\b(chair|chairs|chairman|terms of reference|hearings?|interim report|panel)\b/;
/**
 * Words that point back to an event the item has told of ("the postponement", "the consultation runs…"): it is that
 * event again, on the same entries; and criticism of "the decision" is of what was decided, whoever the sentence names.
 */
const POINTS_TO_EVENT = /\b(the|this|that|its|these|those) $/;
const CRITICISED_DECISION: [RegExp, EventType[]][] = [
  [/\b(the|this|that) (decision|move|u-turn|climbdown|announcement)\b/, ['dropped', 'rejected', 'delayed']],
  [/\b(the|this|that) (delay|postponement|hold-up)\b/, ['delayed']],
];
/** Money with its own object in the sentence ("£5 million … for locally led inquiries"): not carried to another entry. */
const MONEY_FOR = /£\s?\d[\d.,]*\s?(m|bn|k|million|billion)?\b[^.]{0,40}\b(for|to) (?!(it|this|that|them|these|those)\b)\w/;
/**
 * An inquiry named as what a recommendation asked for ("including a national inquiry") or as the next thing done
 * ("…and committed to a national inquiry"), not as the inquiry whose recommendations were accepted.
 */
const AS_CONTENT_BEFORE = /\b(including|such as|to (hold|set up|establish|launch|create|order)|recommend(ed|ing|s)?|calls? for|call(ed|ing) for|committed to|commits? to|announced|announcing|promised|pledged|ordered|agreed to)( an?| the)?( [\w,-]+){0,3} $/;
const INQUIRY_NOUN = /\b(audit|inquiry|inquiries|operation|investigation|review)\b/;

/** Where a sentence's next clause begins: after a semicolon, or ", and" or ", but" with a new subject. */
const NEW_CLAUSE = /;|, (and|but|while|whereas) (we|i|the|it|they|he|she|ministers|officials)\b/;
/** What else a report's title may say when the report is the inquiry's own. */
const REPORT_TITLE_REST = /^(the|final|full|interim|report|reports|of|and|accessible|version|print|web|html|pdf|executive|summary|volume|part|\d+|[\s:;,.()–—-])*$/;
const OFFICIAL_SOURCES = new Set(['statement', 'hansard', 'question', 'report', 'other']);

/** Events that move a commitment or an inquiry along (a headline claiming one yields to what the body says). */
const STATE_BEARING: ReadonlySet<EventType> = new Set<EventType>([
  'announced', 'chair-appointed', 'terms-of-reference', 'established', 'hearings', 'interim-report', 'final-report', 'government-response',
  'promised', 'accepted', 'rejected', 'consultation', 'bill-introduced', 'amendment', 'royal-assent', 'commenced', 'funded', 'piloted', 'delayed', 'dropped',
]);

/** Steps on a commitment past its promise. */
const LATER_STEPS: ReadonlySet<EventType> = new Set<EventType>(['chair-appointed', 'terms-of-reference', 'established', 'hearings', 'interim-report', 'final-report']);
const STEPS: ReadonlySet<EventType> = new Set<EventType>(['consultation', 'bill-introduced', 'amendment', 'royal-assent', 'commenced', 'funded', 'piloted']);

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
 *    `committee-report`, a government response a `committee-response`; a report titled with an inquiry's name is
 *    that inquiry's report.
 * 2. Every other event is one sentence: the sentence must name the entry (any of its aliases or cues), or follow
 *    closely on one that does, and carry an event's words in the right tense (see `cues.ts`), outside its
 *    background clauses. A sentence that retells an earlier event is dated by the date it names, or skipped when it
 *    names none.
 * 3. The item is then read as a whole (`settle`): promises, and what a government accepting recommendations says it
 *    will do, are acceptances; a bill's contents are news only beside its introduction; a headline's claim yields to
 *    what the body says about the same entry.
 */
export class EventDetector {
  readonly mentions: MentionMatcher;
  private readonly types: Map<string, EntryType>;
  /** For each commitment that tracks recommendations: the inquiries that made them. */
  private readonly recommendedBy = new Map<string, Set<string>>();
  /** The nouns each inquiry's name calls it by ("audit", "inquiry"). */
  private readonly nouns: Map<string, string[]>;
  /** When the government accepted each commitment's recommendation: a later refusal drops it. */
  private readonly acceptedOn = new Map<string, string>();

  constructor(registry: Registry) {
    this.mentions = new MentionMatcher(registry);
    this.types = new Map(registry.entries.map((e) => [e.id, e.type]));
    this.nouns = new Map(registry.entries.map((e) => [e.id, [...e.name.toLowerCase().matchAll(new RegExp(INQUIRY_NOUN, 'g'))].map((m) => m[0].replace(/ies$/, 'y'))]));
    for (const r of registry.recommendations ?? []) {
      this.recommendedBy.set(r.entry, (this.recommendedBy.get(r.entry) ?? new Set()).add(r.inquiry));
      if (r.responseDate && r.governmentResponse === 'accepted') this.acceptedOn.set(r.entry, r.responseDate);
    }
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
    const add = (entryId: string, type: EventType, sentence: Sentence, eventDate: string, extra: Partial<Found> = {}) => {
      const id = `${item.id}:${entryId}:${type}`;
      const existing = found.get(id);
      // The first sentence that says it is the evidence; the body's word is better than the headline's, and a plain
      // statement better than one of the future.
      if (existing && !(existing.sentenceIndex === 0 && sentence.index > 0) && !(existing.prospective && !extra.prospective)) return;
      found.set(id, { id, entryId, type, date: eventDate, source: 'inferred', evidence: evidenceOf(item, sentence.text, eventDate), ...base, ...extra, sentenceIndex: sentence.index });
    };

    const set = new Set(tracked);
    const sentences = splitSentences(item.title, item.text, { speakers: readsSpeakers(item) });
    const named = sentences.map((s) => this.mentions.mentions(s.text, set));
    const wholes = sentences.map((s) => normaliseSentence(s.text));

    if (committee) {
      const titleSentence: Sentence = { text: item.title, index: 0, inTitle: true };
      for (const entryId of this.reportAbout(tracked, sentences, named)) {
        if (committee.respondsTo) add(entryId, 'committee-response', titleSentence, date, { committee });
        else if (canRespond) add(entryId, 'committee-report', titleSentence, date, { committee });
      }
    }

    const own = !committee && item.kind === 'report' ? this.reportTitled(item.title, set) : undefined;
    if (own) add(own.entryId, own.type, sentences[0]!, date);

    const official = OFFICIAL_SOURCES.has(item.sourceType) || item.kind !== 'news';
    // Only a government's own statement or document accepts recommendations by saying what it will do.
    const mayAccept = item.kind === 'statement' || item.kind === 'report';
    let recent: { index: number; entries: Set<string> } | undefined;
    // The last heading, and a list's lead-in: what they name goes on for what they introduce.
    let heading: number | undefined;
    let lead: Set<string> | undefined;
    let billNews = false;
    sentences.forEach((sentence, i) => {
      const whole = wholes[i]!;
      const normalised = foreground(whole);
      const naming = named[i]!.size > 0;
      const reach = CARRY_SENTENCES + (POINTS_BACK.test(whole) ? 1 : 0);
      if (sentence.opensLine && sentence.heading) {
        heading = i;
        recent = undefined;
      }
      if (!sentence.bullet) lead = whole.endsWith(':') ? new Set(named[i]!.keys()) : undefined;
      // A list item goes on from its lead-in, never from the item before it.
      if (sentence.opensLine && sentence.bullet) recent = lead?.size ? { index: sentence.index, entries: lead } : undefined;
      if (naming) recent = { index: sentence.index, entries: new Set(named[i]!.keys()) };
      if (asksQuestion(sentence)) return;
      if (sentence.bullet && sentence.leadIn && DONE_LIST.test(normaliseSentence(sentence.leadIn))) return;
      const body = sentence.speakerEnd ? normaliseSentence(sentence.text.slice(sentence.speakerEnd)) : whole;

      const verdict = VERDICT.exec(body);
      if (verdict && official) {
        const type: EventType = /^(not|rejected)/.test(verdict[5]!) ? 'rejected' : 'accepted';
        // The verdict answers the line just before it: a heading, or the recommendation's own words.
        const before = sentences[i - 1];
        const evidence: Sentence = before && !before.inTitle ? { ...sentence, text: `${before.text} — ${sentence.text}` } : sentence;
        for (const entryId of this.verdictOwners(sentences, named, i, heading === i - 1 ? heading : undefined, recent, reach)) add(entryId, type, evidence, date);
        return;
      }

      const itIsBill = i > 0 && whole.startsWith('it ') && /\bbill\b/.test(wholes[i - 1]!);
      const leadIn = sentence.bullet && sentence.leadIn ? normaliseSentence(sentence.leadIn) : undefined;
      const promises = leadIn !== undefined && SAYS_LIST.test(leadIn) && (official || GOVERNMENT_SPEAKER.test(leadIn));
      let cues = cuesOf(normalised, { committee: committee !== undefined, official, future: mayAccept && naming, itIsBill, promises });
      const recalled = ACCEPTED_BEFORE.exec(body);
      if (recalled && (SPOKEN.has(item.sourceType) || body.lastIndexOf('"', recalled.index) >= 0)) {
        cues = cues.filter((c) => c.rule.type !== 'accepted' && c.rule.type !== 'government-response');
      }
      if (cues.length === 0) return;
      // A sentence that names nothing goes on about the entry before it, unless it adds something else ("The
      // consultation also sets out £50m for Child Houses" after a sentence on the Child Protection Authority).
      const carried = !naming && recent !== undefined && !sentence.inTitle && sentence.index - recent.index <= reach && !ADDS_ANOTHER.test(whole);
      const about: Mentions = carried ? new Map([...recent!.entries].map((id) => [id, []])) : named[i]!;
      const when = earlierDate(sentence.text, date);
      if (when === 'past') return;
      if (!when && cues.some((c) => c.rule.type === 'bill-introduced' && !c.rule.inBill)) billNews = true;
      const eventDate = when ?? date;

      const byEntry = new Map<string, CueHit[]>();
      for (const c of cues) {
        let owners = about.size > 0 ? this.owners(c, about, whole) : [];
        // Carried from several entries, an event is theirs only when one of them can have it; money with its own
        // object in the sentence is for that, not for the entry before; a promise about an inquiry's own steps ("will
        // announce the chair") is not about the commitment before it.
        if (carried && (owners.length > 1 || (c.rule.type === 'funded' && MONEY_FOR.test(whole)) || (c.rule === PROMISE_RULE && INQUIRY_STEP.test(whole)))) owners = [];
        const told = toldOf(c, whole, [...found.values()]);
        if (told) owners = told;
        const inquiryStep = c.rule.type === 'delayed' && INQUIRY_STEP.test(whole) && this.mentions.mentions(sentence.text).size === 0;
        // A step of "the inquiry" carried from an audit named just before is the inquiry's.
        const noun = INQUIRY_NOUN.exec(whole)?.[0];
        if (carried && INQUIRY_ONLY.has(c.rule.type) && noun && owners.length > 0 && owners.every((id) => this.nouns.get(id)!.length > 0 && !this.nouns.get(id)!.includes(noun))) owners = [];
        if (owners.length === 0 && !naming && (INQUIRY_ONLY.has(c.rule.type) || inquiryStep)) {
          owners = [this.inquiryBefore(named, i, whole)].filter((id) => id !== undefined);
        }
        for (const entryId of owners) byEntry.set(entryId, [...(byEntry.get(entryId) ?? []), c]);
      }
      this.dropRemit(byEntry, about, whole);
      for (const [entryId, kept] of byEntry) {
        const types = new Set(kept.map((c) => c.rule.type));
        for (const c of kept) {
          if ((Object.entries(OVERRIDES) as [EventType, EventType[]][]).some(([strong, weak]) => types.has(strong) && weak.includes(c.rule.type))) continue;
          if (c.rule === FUTURE_RULE && types.size > 1) continue;
          const same = kept.filter((k) => k.rule.type === c.rule.type);
          const promised = c.rule.type === 'promised' ? promisedDate(sentence.text, eventDate) : undefined;
          add(entryId, c.rule.type, sentence, eventDate, {
            ...(promised ? { promisedBy: promised.due, promisedPhrase: promised.phrase } : {}),
            ...(same.every((k) => k.rule.prospective) ? { prospective: true } : {}),
            ...(same.every((k) => k.rule.inBill) ? { inBill: true } : {}),
          });
        }
      }
      const owned = new Set([...found.values()].filter((f) => f.sentenceIndex === sentence.index).map((f) => f.entryId));
      // What happened to one entry is what the next sentences go on about.
      if (named[i]!.size > 1 && owned.size === 1) recent = { index: sentence.index, entries: owned };
    });

    // A response accepts only what was recommended to it: its other pledges are promises ("We will introduce a single
    // national definition" in the response to an audit that did not recommend one).
    const answers = (entryId: string) => [...(this.recommendedBy.get(entryId) ?? [])].some((inquiry) => item.inquiries.includes(inquiry));
    detection.events = settle([...found.values()], item.id, date, billNews, answers).map((e) => {
      // Refusing what was accepted before is dropping it.
      const accepted = this.acceptedOn.get(e.entryId);
      return e.type === 'rejected' && accepted !== undefined && accepted < e.date ? { ...e, id: `${item.id}:${e.entryId}:dropped`, type: 'dropped' } : e;
    });
    return detection;
  }

  /**
   * An item that is an inquiry's own report: a report whose title is the inquiry's name and little else
   * ("National Audit on Group-based Child Sexual Exploitation and Abuse", "… : final report").
   */
  private reportTitled(title: string, tracked: ReadonlySet<string>): { entryId: string; type: EventType } | undefined {
    const inquiries = [...this.mentions.mentions(title, tracked)].filter(([id]) => this.types.get(id) === 'inquiry');
    if (inquiries.length !== 1) return undefined;
    const [entryId, spans] = inquiries[0]!;
    const lower = title.toLowerCase();
    const rest = spans.reduce((text, s) => text.slice(0, s.start) + ' '.repeat(s.end - s.start) + text.slice(s.end), lower);
    // "National audit on …: terms of reference": the inquiry's own terms.
    if (/[:;–—-]\s*(the )?(draft |final )?terms of reference[\s.]*$/.test(lower)) return { entryId, type: 'terms-of-reference' };
    if (!REPORT_TITLE_REST.test(rest)) return undefined;
    return { entryId, type: /\binterim\b/.test(lower) ? 'interim-report' : 'final-report' };
  }

  /**
   * The inquiry a sentence that names none is about: the one named last before it (of several named together, the
   * one the item names most often), else the one the item names most.
   */
  private inquiryBefore(named: Mentions[], at: number, sentence: string): string | undefined {
    // "terms of reference for the inquiry": of the inquiries named, one that is an inquiry, not the audit before it.
    const noun = INQUIRY_NOUN.exec(sentence)?.[0].replace(/ies$/, 'y');
    const inquiries = named.flatMap((m) => [...m.keys()].filter((id) => this.types.get(id) === 'inquiry'));
    const fitting = inquiries.filter((id) => noun && this.nouns.get(id)!.includes(noun));
    const counts = new Map<string, number>();
    for (const id of fitting.length ? fitting : inquiries) counts.set(id, (counts.get(id) ?? 0) + 1);
    const most = (ids: string[]) => {
      const ranked = ids.map((id) => [id, counts.get(id)!] as const).sort((a, b) => b[1] - a[1]);
      return ranked.length === 1 || (ranked.length > 1 && ranked[0]![1] > ranked[1]![1]) ? ranked[0]![0] : undefined;
    };
    for (let i = at - 1; i >= 0; i--) {
      const inquiries = [...named[i]!.keys()].filter((id) => counts.has(id));
      if (inquiries.length) return most(inquiries);
    }
    return most([...counts.keys()]);
  }

  /**
   * What a committee publication is about: the entries its title names; else those its text names (of an inquiry
   * and a commitment, the commitment: "implements a recommendation of the inquiry"); else every entry it is tagged
   * with. The Transport Committee's report on taxi licensing that cites the Casey audit is not a report on the audit.
   */
  private reportAbout(tracked: string[], sentences: Sentence[], named: Mentions[]): string[] {
    const inTitle = tracked.filter((id) => sentences[0]?.inTitle && named[0]!.has(id));
    if (inTitle.length) return inTitle;
    const inText = tracked.filter((id) => named.some((m) => m.has(id)));
    const commitments = inText.filter((id) => this.types.get(id) === 'commitment');
    return commitments.length ? commitments : inText.length ? inText : tracked;
  }

  /**
   * The commitments a one-word verdict ("Accepted.") is about: those its heading names; else those named in the rest
   * of its section (up to the next heading: "Recommendation 2: a national operation" then the historic cases it will
   * re-examine); with no heading, those the sentences just before named.
   */
  private verdictOwners(sentences: Sentence[], named: Mentions[], at: number, heading: number | undefined, recent: { index: number; entries: Set<string> } | undefined, reach: number): string[] {
    const commitments = (ids: Iterable<string>) => [...ids].filter((id) => this.types.get(id) === 'commitment');
    if (heading === undefined) return recent && sentences[at]!.index - recent.index <= reach ? commitments(recent.entries) : [];
    const own = commitments(named[heading]!.keys());
    if (own.length) return own;
    const end = sentences.findIndex((s, j) => j > at && s.heading && s.opensLine);
    return [...new Set(named.slice(at, end < 0 ? undefined : end).flatMap((m) => commitments(m.keys())))];
  }

  /**
   * A commitment named as part of what an inquiry announced in the same sentence will look at ("Baroness Casey will
   * lead an audit of …, including the ethnicity of perpetrators") is its subject, not a promise; one after a further
   * verb ("a new operation …, and forces will review closed cases") is promised.
   */
  private dropRemit(byEntry: Map<string, CueHit[]>, about: Mentions, sentence: string): void {
    const cue = [...byEntry].flatMap(([id, cues]) => (this.types.get(id) === 'inquiry' ? cues : [])).find((c) => c.rule.type === 'announced' || c.rule.type === 'established');
    // Where the inquiry's own words begin: its noun after the announcing verb ("will lead a … audit of …").
    const noun = cue ? INQUIRY_NOUN.exec(sentence.slice(cue.at)) : null;
    if (!cue || !noun) return;
    const inquiryAt = cue.at + noun.index;
    for (const [id, cues] of byEntry) {
      if (this.types.get(id) !== 'commitment') continue;
      const spans = about.get(id) ?? [];
      if (spans.length === 0 || !spans.every((s) => s.start > inquiryAt && !/\b(will|would|shall)\b|;/.test(sentence.slice(inquiryAt, s.start)))) continue;
      const kept = cues.filter((c) => c.rule !== PROMISE_RULE && c.rule !== FUTURE_RULE);
      if (kept.length) byEntry.set(id, kept);
      else byEntry.delete(id);
    }
  }

  /**
   * Which of the entries a sentence is about an event belongs to: those it applies to (an inquiry cannot be
   * "accepted"); of a delay or criticism naming an inquiry and a commitment, the commitment; and when several
   * remain, those named nearest the event's words.
   */
  private owners(cue: CueHit, about: Mentions, sentence: string): string[] {
    let ids = [...about.keys()].filter((id) => cue.rule.applies === 'any' || cue.rule.applies === this.types.get(id));
    // Criticism of, or delay in, acting on an inquiry's recommendations is not the inquiry's.
    if (cue.rule.type === 'criticised' || cue.rule.type === 'delayed') {
      ids = ids.filter((id) => this.types.get(id) !== 'inquiry' || !(about.get(id)!.length > 0 && about.get(id)!.every((s) => asSource(sentence, s))));
    }
    if (cue.rule.applies === 'any' && ids.some((id) => this.types.get(id) === 'commitment')) ids = ids.filter((id) => this.types.get(id) === 'commitment');
    // Accepting a recommendation to hold an inquiry is the response to the inquiry that made it, not to that one.
    if (cue.rule.type === 'government-response') ids = ids.filter((id) => !(about.get(id)!.length > 0 && about.get(id)!.every((s) => AS_CONTENT_BEFORE.test(sentence.slice(Math.max(0, s.start - 60), s.start)))));
    let located = ids.filter((id) => about.get(id)!.length > 0);
    // Named only before a promise, in a clause of their own ("Work is under way on X and Y, and we will legislate on
    // Z"): not what it promises.
    if (cue.rule === PROMISE_RULE && located.length > 0 && !located.some((id) => about.get(id)!.some((s) => s.start >= cue.at))) {
      const own = located.filter((id) =>
        about.get(id)!.some((s) => {
          // Its own clause may promise it ("data will become mandatory, and we will publish…").
          const rest = sentence.slice(s.end, cue.at + 10);
          const other = NEW_CLAUSE.exec(rest);
          return !other || /\b(will|shall)\b/.test(rest.slice(0, other.index));
        }),
      );
      ids = ids.filter((id) => own.includes(id) || about.get(id)!.length === 0);
      located = own;
    }
    if (located.length < 2) return ids;
    if (cue.rule.objectAfter) {
      const after = located.filter((id) => about.get(id)!.some((s) => s.start >= cue.at));
      if (after.length) located = after;
      ids = ids.filter((id) => located.includes(id) || about.get(id)!.length === 0);
      // Every object of the verb, up to where another clause begins ("…, and we are promoting…").
      if (cue.rule.everyObject) return ids.filter((id) => about.get(id)!.some((s) => s.start < cue.at || !NEW_CLAUSE.test(sentence.slice(cue.at, s.start))));
    }
    const distance = new Map(located.map((id) => [id, distanceTo(about.get(id)!, cue.at)]));
    const nearest = Math.min(...distance.values());
    return ids.filter((id) => !distance.has(id) || distance.get(id)! <= nearest + NEAREST_SLACK);
  }
}

type Found = BoardEvent & { sentenceIndex: number; prospective?: boolean; inBill?: boolean; fromPromise?: boolean };

const PROMISE_RULE: EventRule = { type: 'promised', applies: 'commitment', patterns: [PROMISE], objectAfter: true, everyObject: true };
const FUTURE_RULE: EventRule = { type: 'accepted', applies: 'commitment', patterns: [FUTURE], objectAfter: true, everyObject: true, prospective: true };

const asSource = (sentence: string, span: { start: number; end: number }): boolean =>
  AS_SOURCE_BEFORE.test(sentence.slice(Math.max(0, span.start - 40), span.start)) || AS_SOURCE_AFTER.test(sentence.slice(span.end));

export const isHolding = (item: Pick<Item, 'nativeIds'>): boolean => item.nativeIds?.answerState === 'holding';

/** A Hansard exchange names its speakers at the start of their turns. */
export const readsSpeakers = (item: Pick<Item, 'sourceType' | 'kind'>): boolean => item.sourceType === 'hansard' || item.kind === 'debate';

/** A question, read after any speaker's name ("Baroness X (LD): To ask…"). */
export const asksQuestion = (sentence: Sentence): boolean => QUESTION.test(sentence.text.slice(sentence.speakerEnd ?? 0).trim());

/**
 * The event words of a sentence: the rules', a promise, and (where a bare "will" may be an acceptance) the future.
 * A committee publication's own report or response is in its native ids, not in its words.
 */
function cuesOf(normalised: string, o: { committee: boolean; official: boolean; future: boolean; itIsBill: boolean; promises: boolean }): CueHit[] {
  const cues = eventCues(normalised).filter((c) => !o.committee || (c.rule.type !== 'final-report' && c.rule.type !== 'government-response'));
  if (o.itIsBill) cues.push(...eventCues(normalised, BILL_AS_IT));
  const refused = notAPromise(normalised);
  const promising = refused ? normalised : withoutEmptyPromises(normalised);
  const promise = refused ? undefined : promiseCue(promising, o.official);
  const bare = !promise && !refused && (o.future || o.promises) ? FUTURE.exec(promising) : null;
  if (promise) cues.push(promise);
  // A list item under "the Home Secretary set out that:" has no subject: its "will" is the speaker's promise.
  else if (bare) cues.push({ rule: o.promises ? PROMISE_RULE : FUTURE_RULE, at: bare.index });
  return cues;
}

/**
 * The entries an event belongs to when the sentence points back to one the item has told of: "the postponement" or
 * "the consultation runs…" is that event again (so none: it is already on the board); "condemned the decision"
 * criticises what was decided.
 */
function toldOf(cue: CueHit, sentence: string, found: Found[]): string[] | undefined {
  const entriesWith = (types: readonly EventType[]) => [...new Set(found.filter((f) => types.includes(f.type)).map((f) => f.entryId))];
  if (cue.rule.type === 'criticised') {
    const hit = CRITICISED_DECISION.find(([words]) => words.test(sentence));
    const owners = hit ? entriesWith(hit[1]) : [];
    return owners.length ? owners : undefined;
  }
  if (cue.rule === PROMISE_RULE || cue.rule === FUTURE_RULE || !POINTS_TO_EVENT.test(sentence.slice(Math.max(0, cue.at - 8), cue.at))) return undefined;
  // Told again: nothing new, for the entry it was told of or any other.
  return entriesWith([cue.rule.type]).length ? [] : undefined;
}

/**
 * The item's events as they stand together: in an item that accepts recommendations (on its own date, not retold),
 * promises and what is said of the future about a commitment it was recommended are acceptances; elsewhere a bare "will" is nothing, and a bill's contents
 * are news only beside its introduction. A dateless promise adds nothing to a step on the same commitment, and a
 * headline's event stands only when the body does not report something else about the same entry.
 */
function settle(found: Found[], itemId: string, date: string, billNews: boolean, answers: (entryId: string) => boolean): BoardEvent[] {
  const accepting = found.some((e) => e.date === date && (e.type === 'government-response' || (e.type === 'accepted' && !e.prospective)));
  let events = found.flatMap((e): Found[] => {
    if (accepting && (e.type === 'promised' || e.prospective) && answers(e.entryId)) return [{ ...e, id: `${itemId}:${e.entryId}:accepted`, type: 'accepted', fromPromise: true }];
    if ((e.prospective && e.type === 'accepted') || (e.inBill && !billNews)) return [];
    return [e];
  });
  events = events.filter((e) => e.type !== 'promised' || e.promisedBy || !events.some((o) => o.entryId === e.entryId && (STEPS.has(o.type) || (accepting && o.type === 'accepted'))));
  // Rejected, then what will be done instead ("we will strengthen the existing inspectorates"): not an acceptance.
  events = events.filter((e) => !((e.fromPromise || e.type === 'promised') && events.some((o) => o.entryId === e.entryId && (o.type === 'rejected' || o.type === 'dropped'))));
  // An item that reports a later step of an inquiry (its terms, its chair) tells its announcement as background.
  events = events.filter((e) => e.type !== 'announced' || !events.some((o) => o.entryId === e.entryId && LATER_STEPS.has(o.type) && o.date === e.date));
  events = events.filter(
    (e) => e.sentenceIndex !== 0 || !STATE_BEARING.has(e.type) || !events.some((o) => o.entryId === e.entryId && STATE_BEARING.has(o.type) && o.type !== e.type && o.sentenceIndex !== 0),
  );
  const byId = new Map<string, BoardEvent>();
  for (const { sentenceIndex: _s, prospective: _p, inBill: _b, fromPromise: _f, ...e } of events) if (!byId.has(e.id)) byId.set(e.id, e);
  return [...byId.values()];
}

/** "We will…", "the Government is committed to…": from an official source any "…will re-examine" counts too. */
function promiseCue(normalised: string, official: boolean): CueHit | undefined {
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
