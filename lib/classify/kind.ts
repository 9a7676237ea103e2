import type { Kind, SourceType } from '../model/item.ts';

/**
 * Kind of an item: what it IS, not what it is about. Source metadata first (the adapter's hint, the source type, the
 * URL), then the document's own shape: who speaks first in a Hansard item and how many speak, how an official
 * body's page opens, whether a title names a document or reports on one. Cues run on folded text (lower case, plain
 * quotes and dashes) and mostly look at the title and opening, where documents say what they are.
 */
export interface KindInput {
  /**
   * The first `titleLength + HEAD_LENGTH` characters of the folded `title + " " + text`, where documents say what
   * they are; computed on demand, as most items take their kind from metadata.
   */
  head: () => string;
  titleLength: number;
  /** The raw title, for cues that need nothing else (folding the head costs more). */
  title: string;
  /** The raw text (already capped): Hansard items are read speaker by speaker. */
  text: string;
  sourceUrl?: string;
  sourceType?: SourceType;
  kindHint?: Kind;
}

/** Characters after the title that text cues read. */
export const HEAD_LENGTH = 1200;

const BY_SOURCE_TYPE: Partial<Record<SourceType, Kind>> = {
  news: 'news',
  statement: 'statement',
  question: 'question',
};

/** URL shapes of the official sources, checked when the source type says nothing. */
const URL_KINDS: [RegExp, Kind | 'hansard'][] = [
  [/questions-statements\.parliament\.uk\/written-questions/, 'question'],
  [/questions-statements\.parliament\.uk\/written-statements/, 'statement'],
  // Hansard, and the devolved parliaments' official reports.
  [/hansard\.parliament\.uk|parliament\.scot\/chamber-and-committees\/official-report|record\.senedd\.wales/, 'hansard'],
  [/committees\.parliament\.uk\/(publications|work\/\d+\/[^/]+\/publications)|publications\.parliament\.uk\/pa\/\w+\/\w+\/cmselect/, 'report'],
  // A petition's page carries the government's response: the government speaking for itself.
  [/petition\.parliament\.uk\/petitions\//, 'statement'],
  [/gov\.uk\/government\/(speeches|news)\//, 'statement'],
  [/gov\.uk\/government\/(publications|consultations|statistics)\//, 'report'],
  [/justiceinspectorates\.gov\.uk\/(hmicfrs\/publications|publication-html)/, 'report'],
  [/(bbc\.co\.uk|theguardian\.com|telegraph\.co\.uk|independent\.co\.uk|sky\.com|standard\.co\.uk|thetimes\.|gbnews|dailymail\.co\.uk|inews\.co\.uk|itv\.com|channel4\.com)/, 'news'],
];

/**
 * Hosts of bodies that publish for themselves (government, Parliament, police, councils, the NHS, commissioners):
 * what they put out is their own statement or document, not journalism.
 */
const OFFICIAL_HOST = /^[^/]*(\.gov\.uk|\.police\.uk|parliament\.uk|\.nhs\.uk|\.gov\.wales|nationalcrimeagency\.gov\.uk|commissioner\.org\.uk|commissioner\.gov\.uk)(:\d+)?$/;
/** An official body's newsroom (its own statements) versus its publications (documents). */
const NEWSROOM_PATH = /\/(news|press|press-releases?|releases|media|statements?|blog)(\/|$)/;

/** A minister (or the government) making the statement itself, as Hansard and GOV.UK word it. */
const STATEMENT_OPENING =
  /\b(with permission,? (mr|madam) (deputy )?speaker,? i (will|shall|would like to|wish to) (make|update)|i (wish|would like|want) to (make|update the house|inform the house)|(written|oral) ministerial statement|made the following (written )?statement|oral statement to parliament|written statement to parliament|statement (made )?to the house|my lords,? with the leave of the house,? i (shall|will) (now )?repeat|i beg leave to repeat|(grateful for|welcome) the opportunity to update the house)/;
const QUESTION_CUES =
  /\b(to ask (the|his majesty's) (secretary of state|government|home secretary|minister)|asked the (secretary of state|home secretary|minister)|answered by|written question|question (for|to) (the )?home office|uin \w+|tabled on|topical questions|oral answers to questions|urgent question)\b/;
const DEBATE_CUES =
  /\b(hansard|presiding officer|(mr|madam) (deputy )?speaker|hon\.? (member|friend|lady|gentleman)|i beg to move|westminster hall|noble (lord|baroness)|my lords|will the minister|second reading|the house divided)\b/;
const REPORT_TITLE =
  /\b(report|audit|inspection|review|findings|recommendations|response to|progress update|terms of reference|annual report)\b/;
/** A document speaking of itself ("this report sets out…"); a bare "this report" is as often a quote in a statement. */
const REPORT_BODY =
  /\(summary\)|\b(this (\w+ ){0,3}report (examines|sets out|considers|finds|describes|presents|summarises|summarizes|provides|covers|updates|reviews|looks at)|purpose of (the |this )?report|the report sets out|executive summary|we recommend|our (findings|recommendations|inspection)|recommendation 1\b|chapter 1|foreword|(headline|key|main|summary of) findings|what needs to improve|overall effectiveness|areas for improvement)\b/;
const STATEMENT_BODY =
  /\b(press release|statement from|statement by|said in a statement today|the government today announced|today i am announcing|we are today|the commissioner said|in a statement,)\b/;
/** A title announcing a body's own statement or response ("NPCC statement on…", "Commissioner's response to…"). */
const STATEMENT_TITLE = /\b(statement (on|from|by|following|in response)|responds? to|response from|reacts? to)\b|^statement\b|(^|'s )response to\b/;
/** A formal government response to a report is itself a document (report); a body's reaction is a statement. */
const DOCUMENT_RESPONSE_TITLE = /^(the )?(government|home office|department (for|of) [a-z ,]+?|ministry of [a-z ]+?)('s)? response to\b/;
/** Correspondence and evidence sent to a committee are not reports. */
const CORRESPONDENCE_TITLE = /\b(letter (from|to)|correspondence|written evidence|memorandum)\b/;

/** Where Hansard has questions asked and answered, rather than debate. */
const HANSARD_QUESTIONS = /\b(oral answers to questions|topical questions|urgent question|prime minister's questions)\b|^engagements\b/;
/** The Lords' oral question as Hansard's pages print it before the first speaker: "Question … Asked by Baroness X … To ask His Majesty's Government…". */
const ASKED_QUESTION = /\b(asked by|to ask (his majesty's government|the secretary of state))\b/;
/** How an oral question is put: "What steps…", "To ask His Majesty's Government…", "If he will make a statement…". */
const QUESTION_OPENING = /^(to ask\b|what (steps|assessment|recent|progress|plans|discussions)\b|if (he|she|they) will\b|whether\b)/;
/**
 * A Hansard speaker's label at the start of a line: "Chris Philp (Croydon South) (Con):", "The Secretary of State for
 * the Home Department (Yvette Cooper):", "Lord Hanson of Flint (Lab):", "Baroness Jones:", "Mr Speaker:".
 */
const SPEAKER = /(?:^|\n)[ \t]*(?:\d{1,3}\. )?((?:the |mr |mrs |ms |miss |dr |sir |dame |lord |baroness |lady |madam )?[a-z][^\n:()]{1,80}?(?: \([^\n()]{1,120}\))*):[ \t]+(\S[^\n]{0,120})/gi;

export function classifyKind(input: KindInput): Kind {
  // A "debate" hint only says "spoken in Parliament": an oral question is still a question.
  if (input.kindHint === 'debate') return hansardKind(input) === 'question' ? 'question' : 'debate';
  if (input.kindHint) return input.kindHint;
  const fromType = input.sourceType ? BY_SOURCE_TYPE[input.sourceType] : undefined;
  if (fromType) return fromType;
  const url = input.sourceUrl?.toLowerCase() ?? '';
  const fromUrl = url ? (URL_KINDS.find(([re]) => re.test(url))?.[1] ?? (newsHost(url) ? 'news' : undefined)) : undefined;
  if (input.sourceType === 'hansard' || fromUrl === 'hansard') return hansardKind(input);
  // Letters and evidence published beside reports: the body writing states its own position.
  if (CORRESPONDENCE_TITLE.test(input.title.toLowerCase())) return fromUrl === 'news' ? 'news' : 'statement';
  if (input.sourceType === 'report') return 'report';
  if (fromUrl) return fromUrl;
  return documentKind(input, input.sourceType === 'other' || isOfficial(url));
}

/**
 * Hansard: a written statement; questions and answers; the minister's opening statement on its own; else debate
 * (replies, speeches, and whole sections where the statement is followed by others speaking).
 */
function hansardKind(input: KindInput): Kind {
  const head = input.head();
  const title = head.slice(0, input.titleLength);
  // Hansard also carries written statements, titled e.g. "(Written Statement HCWS1094)".
  if (/\b(written statement|hcws\d+)\b/.test(title)) return 'statement';
  const turns = speakerTurns(input.text);
  const opening = (turns[0]?.opening ?? head.slice(input.titleLength)).toLowerCase().trimStart();
  // What Hansard prints before the first speaker (heading, time, "Asked by…", the question's text).
  const before = input.text.slice(0, Math.min(turns[0]?.at ?? 0, 600)).toLowerCase();
  // A Lords "Question for Short Debate" is asked like a question and then debated by many.
  if (/\bquestion for short debate\b/.test(head.slice(0, input.titleLength + 200))) return 'debate';
  if (HANSARD_QUESTIONS.test(title) || HANSARD_QUESTIONS.test(head.slice(0, input.titleLength + 200)) || QUESTION_OPENING.test(opening) || ASKED_QUESTION.test(before)) {
    return 'question';
  }
  if (STATEMENT_OPENING.test(head)) return new Set(turns.map((t) => t.speaker)).size > 1 ? 'debate' : 'statement';
  return 'debate';
}

/** Speakers' labels and the first words each says, in order. */
function speakerTurns(text: string): { speaker: string; opening: string; at: number }[] {
  const turns: { speaker: string; opening: string; at: number }[] = [];
  SPEAKER.lastIndex = 0;
  for (let m = SPEAKER.exec(text); m && turns.length < 50; m = SPEAKER.exec(text)) {
    const speaker = m[1]!.trim().toLowerCase();
    // "Note:", "Annex A:", "Recommendation 3:" are not speakers: a speaker's label names a person or office.
    if (!/\(|^(the |mr |mrs |ms |miss |dr |sir |dame |lord |baroness |lady |madam )|speaker$/.test(speaker)) continue;
    turns.push({ speaker: speaker.replace(/\s*\((con|lab|lab\/co-op|ld|snp|reform|ind|cb|green|dup|pc|sdlp|uup|alliance|bishop)\)$/, ''), opening: m[2]!, at: m.index });
  }
  return turns;
}

/** Words in the host names of newspapers and broadcasters beyond the ones listed ("manchestereveningnews", "yorkshirepost", "telegraphandargus"). */
const NEWS_HOST_WORD = /news|times|post|herald|echo|gazette|chronicle|mirror|express|observer|argus|telegraph|guardian|examiner|journal|spectator|politico|reuters/;

/** A newspaper or broadcaster's site: a news word in the host of a site that is not an official body's. */
const newsHost = (url: string): boolean => {
  const host = /^[a-z]+:\/\/([^/?#]+)/.exec(url)?.[1];
  return !!host && NEWS_HOST_WORD.test(host) && !OFFICIAL_HOST.test(host);
};

const isOfficial = (url: string): boolean => {
  const host = /^[a-z]+:\/\/([^/?#]+)/.exec(url)?.[1];
  return !!host && OFFICIAL_HOST.test(host);
};

/**
 * Whether a body is publishing its own words: the title opens with the name of the site it is on ("Ivison Trust
 * welcomes…" on ivisontrust.org.uk, "NPCC statement…" on npcc.police.uk), or, in the site's newsroom, the text
 * opens with it ("Unite, the union…" on unitetheunion.org/news).
 */
function ownSite(url: string, title: string, text: string): boolean {
  const host = /^[a-z]+:\/\/(?:www\.|news\.)?([^/?#:]+)/.exec(url)?.[1];
  const name = host?.split('.')[0]?.replace(/[^a-z]/g, '');
  if (!name || name.length < 3) return false;
  const lettersOf = (words: string[]) => words.join('').replace(/[^a-z]/g, '');
  const words = title.split(/\s+/).slice(0, 4);
  for (let n = 1; n <= words.length; n++) if (lettersOf(words.slice(0, n)) === name) return true;
  if (!NEWSROOM_PATH.test(url.replace(/^[a-z]+:\/\/[^/]+/, ''))) return false;
  // The whole name ("National Crime Agency…"), or the start of it introducing itself ("Unite, the UK's leading union…"
  // on unitetheunion.org); not a word the name starts with ("Police forces…" on policeprofessional.com is a story).
  const opening = text.trimStart().split(/[\s,]+/, 4);
  for (let n = 1; n <= opening.length; n++) if (lettersOf(opening.slice(0, n)) === name) return true;
  const first = /^\s*([^\s,]+),/.exec(text)?.[1];
  return !!first && lettersOf([first]).length >= 5 && name.startsWith(lettersOf([first]));
}

/** A document from an official feed or an unknown source: its opening and title say what it is. */
function documentKind(input: KindInput, official: boolean): Kind {
  const head = input.head();
  const title = head.slice(0, input.titleLength);
  if (ownSite(input.sourceUrl?.toLowerCase() ?? '', title, head.slice(input.titleLength))) official = true;
  if (QUESTION_CUES.test(head)) return 'question';
  if (STATEMENT_OPENING.test(head)) return 'statement';
  if (DEBATE_CUES.test(head)) return 'debate';
  const url = input.sourceUrl?.toLowerCase() ?? '';
  if ((official || !url) && STATEMENT_TITLE.test(title) && !DOCUMENT_RESPONSE_TITLE.test(title)) return 'statement';
  if (REPORT_BODY.test(head) || DOCUMENT_RESPONSE_TITLE.test(title)) return 'report';
  if (official && NEWSROOM_PATH.test(url.replace(/^[a-z]+:\/\/[^/]+/, ''))) return 'statement';
  // A news story about a report names it in the title too; an official document rarely reports speech.
  if (official && REPORT_TITLE.test(title) && /\b(publish|published|publishes|publication|sets out|finds|found)\b/.test(head) && !/\b(said|says|told)\b/.test(title)) {
    return 'report';
  }
  if (STATEMENT_BODY.test(head)) return 'statement';
  return official ? 'statement' : 'news';
}
