import { firstFrom, insideLonger, someOverlapping, within, type Hit } from './hits.ts';

/**
 * Discourse-level reading of the matches: which tracked entry "the inquiry" or "her report" refers to, and
 * whether an entry is the item's subject or only its background. Both are about the item as a whole, so they
 * run after each entry's own rules (aliases, cues, context, near, veto) have found its mentions.
 */

/** A mention of one entry and what it scores. */
export interface Mention {
  hit: Hit;
  score: number;
  role: 'alias' | 'cue' | 'ref';
}

/** A back-reference further than this from the entry's previous mention (in words) refers to nothing we know. */
export const MAX_REF_GAP = 250;

export interface RefRules {
  /** The entries listing each phrase (by phrase id) among their `refs`. */
  refEntries: readonly (readonly number[])[];
  /** Whether one of the entry's vetoes occurs between two word positions. */
  vetoedBetween: (entry: number, from: number, to: number) => boolean;
  inFocus: (hit: Hit) => boolean;
  maxWords: number;
}

/**
 * Resolves back-references. Each `ref` hit (in reading order) may refer to any entry listing its phrase in `refs`
 * that was mentioned in the last `MAX_REF_GAP` words, with none of its vetoes since (a "Scottish inquiry" or the
 * "Met review" named in between). Among those it refers to the one most in focus: the most mentions so far, the
 * most recent breaking a tie or outweighing one mention (a story about IICSA that turns to "the national inquiry"
 * and then says "the inquiry" means the national inquiry). Mentions in a background frame ("drawn up by IICSA")
 * are not in focus and are never referred back to. A reference inside a longer name is part of that name.
 */
export function resolveRefs(refHits: readonly Hit[], named: ReadonlyMap<number, readonly Mention[]>, how: RefRules): Map<number, Hit[]> {
  const resolved = new Map<number, Hit[]>();
  if (!refHits.length || !named.size) return resolved;
  // Every entry's mentions in reading order; those in focus are consumed as the references are read.
  const names = [...named].flatMap(([entry, mentions]) => mentions.map((m) => ({ entry, hit: m.hit }))).sort((a, b) => a.hit.from - b.hit.from);
  const spans = names.map((n) => n.hit);
  const stream = names.filter((n) => how.inFocus(n.hit));
  // "the inquiry" inside "the inquiry chair" is one reference.
  const refs = refHits.filter((r) => !insideLonger(r, refHits, how.maxWords));
  const last = new Map<number, number>();
  const count = new Map<number, number>();
  const mentioned = (entry: number, at: number) => {
    last.set(entry, at);
    count.set(entry, (count.get(entry) ?? 0) + 1);
  };
  let next = 0;
  for (const ref of refs) {
    for (; next < stream.length && stream[next]!.hit.from < ref.from; next++) mentioned(stream[next]!.entry, stream[next]!.hit.to);
    if (someOverlapping(spans, ref.from, ref.to, how.maxWords)) continue;
    let best = -1;
    let bestRank = -1;
    for (const entry of how.refEntries[ref.phrase]!) {
      const at = last.get(entry);
      if (at === undefined || at > ref.from || ref.from - at > MAX_REF_GAP || how.vetoedBetween(entry, at, ref.from)) continue;
      // Mentions so far, plus a little for recency: worth more than a tie, less than a second mention.
      const rank = count.get(entry)! + at / (ref.from + 1);
      if (rank > bestRank) [best, bestRank] = [entry, rank];
    }
    if (best >= 0) {
      mentioned(best, ref.to);
      const list = resolved.get(best);
      if (list) list.push(ref);
      else resolved.set(best, [ref]);
    }
  }
  return resolved;
}

/** Words before a mention within which a background frame ("first recommended by the …") applies to it. */
const FRAME_BEFORE_WORDS = 4;
/** Words after a mention within which a frame that follows it ("… first proposed") applies. */
const FRAME_AFTER_WORDS = 3;

/**
 * Phrases that put a named inquiry in the background of a sentence about something else: it is the origin of an
 * idea ("drawn up by", "first recommended by"), a past event the news is measured from ("weeks after"), or a
 * position since abandoned. Read before the mention (`before`) or right after it (`after`).
 */
export const BACKGROUND_FRAMES = {
  before: [
    'recommended by',
    'first recommended by',
    'originally recommended by',
    'as recommended by',
    'proposed by',
    'first proposed by',
    'drawn up by',
    'adopted by',
    'used by',
    'defined by',
    'devised by',
    'set out by',
    'called for by',
    'criticised by',
    'criticized by',
    'followed the',
    'which followed',
    'based on',
    'modelled on',
    'modeled on',
    'in the wake of',
    'prompted by',
    'in response to',
    'memorandum of understanding with',
    'in relation to',
    'relationship with',
    'engaging with',
    'engage with',
    'work with',
    'working with',
    'work closely with',
    'cooperate with',
    'co-operate with',
    'days after',
    'day after',
    'week after',
    'weeks after',
    'month after',
    'months after',
    'year after',
    'years after',
    'weeks ago',
    'months ago',
    'years ago',
    'comes after',
    'came after',
    'we note that',
  ],
  /**
   * Words that make a nearby inquiry the source of an idea: beside a commitment it recommended, or that answers its
   * finding, it is the origin. One recommendation, not "the recommendations": an item on all of an inquiry's
   * recommendations is about the inquiry.
   */
  origin: ['recommendation', 'one of the recommendations', 'finding', 'findings', 'recommended', 'recommends', 'recommend', 'definition', 'proposal', 'proposed', 'called for'],
  /** A commitment recalled as already settled, with nothing new about it, when every mention follows one in its sentence. */
  restated: ['we note that', 'already under way', 'already underway', 'already accepted', 'already agreed', 'already announced', 'already committed', 'already promised', 'already pledged', 'previously announced', 'previously promised', 'previously committed', 'has said it will', 'have said they will', 'has promised to', 'has pledged to'],
  after: ['first proposed', 'first recommended', 'first called for', 'originally proposed', 'already under way', 'already underway', 'that concluded', 'which concluded', 'recommendation on', 'recommendation for', 'defined'],
};

export interface SalienceInput {
  mentions: readonly Mention[];
  /** Where the title ends, and where the lead (the first sentences of the text) ends, in folded characters. */
  titleLength: number;
  leadEnd: number;
  framesBefore: readonly Hit[] | undefined;
  framesAfter: readonly Hit[] | undefined;
  /** Whether the item reports a commitment this entry is `related` to. */
  relatedCommitment: boolean;
  /** Hits of `BACKGROUND_FRAMES.origin`. */
  originWords: readonly Hit[] | undefined;
  /** Characters of the folded title and text: a long item can mention an inquiry in passing. */
  textLength: number;
  /** The folded text right after a hit (a few words), and right before it. */
  after: (hit: Hit) => string;
  before: (hit: Hit) => string;
  /** Words in the registry's longest phrase (frames included). */
  maxWords: number;
  /** Whether no punctuation breaks the clause between a frame and a later mention. */
  sameClause: (frame: Hit, hit: Hit) => boolean;
  /** Whether a sentence ends between two character offsets. */
  sentenceEndBetween: (from: number, to: number) => boolean;
  /** Whether the item names no other entry and has none of this entry's context phrases outside its mentions. */
  nothingElseOnSubject: () => boolean;
}

/** At most this many names, none in the title or lead, make an inquiry the mere origin of a commitment reported. */
const ORIGIN_MENTIONS = 3;
/** Words between an inquiry's mention and "recommendation" that make it the recommendation's source. */
const ORIGIN_WINDOW = 5;
/** Items longer than this (characters) can mention an inquiry once in passing; in a short one, one mention matters. */
const PASSING_TEXT = 1000;
/** A mention that is one example of many: "including the…", "such as the…". */
const EXAMPLE_BEFORE = /\b(?:including|such as)(?: the)?\W*$/;
/** At most this many names, all cited as a source, make an inquiry the premise of an item rather than its subject. */
const CITED_MENTIONS = 3;

/**
 * Whether an inquiry matched only as the item's background, not its subject. An entry named in the title is always
 * the subject. Otherwise it is background when:
 * - every mention of it sits in a background frame ("first recommended by IICSA", "which followed the audit");
 * - it is named up to three times, outside the lead, only as the source of a recommendation or definition the item
 *   reports as a commitment related to it ("the IICSA definition", "recommendation 3 of Baroness Casey's audit");
 * - a long item mentions it once, outside the lead, and not as the subject of a verb (what the inquiry does or will
 *   do is news about it, "the refusal to hold a national inquiry" is not), or only in its closing sentence;
 * - a long item names it once by a weak cue and says nothing else on its subject, wherever that is;
 * - it is named up to three times and every mention cites it as the source of something the item is about (a
 *   reference counts with the citation in its sentence) ("as Baroness Casey recommended", "a key recommendation of IICSA", "the position Baroness Casey
 *   found", "IICSA has already done the work"): its past findings are the item's premise, not its news.
 */
export function isBackground(s: SalienceInput): boolean {
  if (s.mentions.some((m) => m.hit.offset < s.titleLength)) return false;
  if (s.mentions.every((m) => framed(m.hit, s.framesBefore, s.framesAfter, s.maxWords, s.sameClause))) return true;
  // References back to an origin ("the evidence given to the inquiry") do not make it the subject.
  const names = s.mentions.filter((m) => m.role !== 'ref');
  const origin =
    s.relatedCommitment &&
    names.length <= ORIGIN_MENTIONS &&
    names[0]!.hit.offset >= s.leadEnd &&
    names.every((m) => within(s.originWords, m.hit, ORIGIN_WINDOW, s.maxWords));
  // A long item's closing sentence is where news sets the story in its wider context ("…and a national inquiry is
  // expected to examine…"): one mention there is background even as the subject of a verb. One example of many
  // ("statutory inquiries…, including the national inquiry into grooming gangs announced last month") is no verb's subject.
  const only = s.mentions.length === 1 ? s.mentions[0]!.hit : undefined;
  const passing =
    s.textLength > PASSING_TEXT &&
    only !== undefined &&
    only.offset >= s.leadEnd &&
    (!SUBJECT_OF.test(s.after(only)) || EXAMPLE_BEFORE.test(s.before(only)) || !s.sentenceEndBetween(only.offset, s.textLength));
  // A long item that names it once by a weak cue and says nothing else on its subject (no context phrase beyond the
  // mention's own words, no other entry) only glances at it, wherever that is ("…calls to resign over the handling of
  // the grooming gangs inquiry. But today she wants to talk about something else.").
  const glance = s.textLength > PASSING_TEXT && s.mentions.length === 1 && s.mentions[0]!.role === 'cue' && s.nothingElseOnSubject();
  // A mention that goes on with a citation is part of it: a reference in its sentence ("what Baroness Casey
  // recommended in her audit"), a name in its clause ("recommended by Baroness Casey in her national audit").
  let cited: Hit | undefined;
  const continues = (m: Mention, from: Hit) => (m.role === 'ref' ? !s.sentenceEndBetween(from.offset, m.hit.offset) : s.sameClause(from, m.hit));
  const isCited = (m: Mention) => CITED_BEFORE.test(s.before(m.hit)) || CITED_AFTER.test(s.after(m.hit));
  const spans = oneNameEach(s.mentions, s.sentenceEndBetween);
  const citedOnly =
    spans.filter((span) => span.some((m) => m.role !== 'ref')).length <= CITED_MENTIONS &&
    spans.every((span) => {
      if (span.some(isCited)) cited = span.at(-1)!.hit;
      else if (!cited || !continues(span[0]!, cited)) return false;
      return true;
    });
  return origin || passing || glance || citedOnly;
}

/** Words between two mentions that make them one name ("… by Baroness Casey"). */
const ONE_NAME_GAP = 1;

/**
 * Mentions that follow each other with at most a word between, in one sentence, as one name: "the Independent Inquiry
 * into Child Sexual Abuse (IICSA)", "the audit of group-based child sexual exploitation by Baroness Casey". A citation
 * before or after any part of it cites the whole.
 */
function oneNameEach(mentions: readonly Mention[], sentenceEndBetween: (from: number, to: number) => boolean): Mention[][] {
  const spans: Mention[][] = [];
  for (const m of mentions) {
    const span = spans.at(-1);
    const last = span?.at(-1);
    if (span && last && m.hit.from - last.hit.to <= ONE_NAME_GAP && !sentenceEndBetween(last.hit.offset, m.hit.offset)) span.push(m);
    else spans.push([m]);
  }
  return spans;
}

/**
 * An inquiry cited as a source: what it recommended, found, defined or said, quoted in support of something else.
 * Before the name: "recommended by", "a key recommendation of", "in line with", "following", "follows", "after" or a
 * year (a temporal anchor: "announced in June after Casey's audit", "in 2022, IICSA published…"). After it: a past reporting
 * verb ("recommended", "found", "said", "backed", "was right", "told us", "has already done"), also after the inquiry's
 * own noun ("the IICSA inquiry recommended", "the Casey report found"), "'s definition", a date ("IICSA in 2022"), or
 * a Hansard reference ("…: Casey Report, Official Report, column 1115"). Present and future actions ("will report", "has received", "is leading") are news about the inquiry and
 * are not here.
 */
const CITED_BEFORE =
  /\b(?:(?:first |originally |as )?(?:recommended|proposed|called for|drawn up|developed|used|adopted|set out|devised|defined|identified|highlighted|found|described|left|made) by|(?:a|the|one|key|central|headline|first|main|another|final) recommendation (?:of|from|in|made by)|one of the recommendations (?:of|from|in|made by)|in line with|following|follows|followed|after|in (?:19|20)\d\d,?)(?: the)?(?:,? (?:noble|baroness|lady|lord|professor|prof|dame|sir))*\W*$/;
const CITED_AFTER =
  /^(?:'s)?(?: (?:inquiry|audit|report|review))?,? (?:official report\b|whose (?:audit|report|review|inquiry|findings|recommendations)\b|(?:(?:which|that|who) )?(?:(?:also|both|had|has|have|first|originally|previously|already|explicitly|rightly|itself) )?(?:recommended|recommendation\b|found\b|finding|findings|highlighted|described|exposed|concluded|defined|definition|proposed|called for|backed|was right|complained|showed|said\b|did\b|spent|ran for|heard from|already|examined|identified|warned|criticised|told us|looked at|set out|report into|report on|in 20\d\d|used\b|made (?:it |this |that )?(?:one of )?(?:its |their )?(?:\w+ )?recommend))/;

/** Words after a "restated" frame, in the same sentence, that it covers. */
const RESTATED_WORDS = 30;

/**
 * Whether a commitment is only recalled ("ministers have already accepted her recommendations, including on changing
 * the law on rape…"): every mention follows a restated frame in the same sentence.
 */
export function restatedOnly(
  mentions: readonly Mention[],
  frames: readonly Hit[] | undefined,
  sentenceEndBetween: (from: number, to: number) => boolean,
  maxWords: number,
): boolean {
  if (!frames?.length) return false;
  return mentions.every((m) => {
    for (let k = firstFrom(frames, m.hit.from - RESTATED_WORDS - maxWords); k < frames.length && frames[k]!.from < m.hit.from; k++) {
      const f = frames[k]!;
      if (f.to <= m.hit.from && m.hit.from - f.to <= RESTATED_WORDS && !sentenceEndBetween(f.offset, m.hit.offset)) return true;
    }
    return false;
  });
}

/**
 * A finite verb right after a mention, at most one word between and no punctuation ("the National Crime Agency will
 * lead…", "IICSA also found…", not "…inquiry, are"): the entry is the subject, and the item says what it does.
 * Read from the folded text only for the rare candidate that needs it, so common words stay out of the phrase trie.
 */
const SUBJECT_OF =
  /^ (?:[a-z0-9']+ )?(will|would|should|must|can|could|may|has|have|had|is|are|was|were|launched|launches|began|begins|opened|opens|published|publishes|found|finds|said|says|reported|reports|recommended|received|announced|concluded|heard|examined|leads|led)\b/;

/** Words a frame before a mention reaches when nothing breaks the clause between them ("comes a week after the appointment of Baroness Longfield to chair the grooming gangs inquiry"). */
const FRAME_CLAUSE_WORDS = 12;

/**
 * Whether a background frame ends just before the mention (within `FRAME_BEFORE_WORDS`, or further in the same clause
 * when `sameClause` says nothing breaks it) or starts just after it.
 */
export function framed(
  hit: Hit,
  before: readonly Hit[] | undefined,
  after: readonly Hit[] | undefined,
  maxWords: number,
  sameClause?: (frame: Hit, hit: Hit) => boolean,
): boolean {
  if (before?.length) {
    const reach = sameClause ? FRAME_CLAUSE_WORDS : FRAME_BEFORE_WORDS;
    for (let k = firstFrom(before, hit.from - reach - maxWords); k < before.length && before[k]!.from < hit.from; k++) {
      const f = before[k]!;
      if (f.to > hit.from || hit.from - f.to > reach) continue;
      if (hit.from - f.to <= FRAME_BEFORE_WORDS || sameClause!(f, hit)) return true;
    }
  }
  if (after?.length) {
    for (let k = firstFrom(after, hit.to); k < after.length && after[k]!.from <= hit.to + FRAME_AFTER_WORDS; k++) {
      if (after[k]!.from >= hit.to) return true;
    }
  }
  return false;
}
