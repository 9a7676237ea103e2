import type { Kind, SourceType } from '../model/item.ts';

/**
 * Kind of an item: source metadata first (the adapter's hint, the source type, the URL), text cues second.
 * Cues run on folded text (lower case, plain quotes and dashes) and mostly look at the title and opening,
 * where documents say what they are.
 */
export interface KindInput {
  /**
   * The first `titleLength + HEAD_LENGTH` characters of the folded `title + " " + text`, where documents say what
   * they are; computed on demand, as most items take their kind from metadata.
   */
  head: () => string;
  titleLength: number;
  sourceUrl?: string;
  sourceType?: SourceType;
  kindHint?: Kind;
}

const BY_SOURCE_TYPE: Partial<Record<SourceType, Kind>> = {
  news: 'news',
  statement: 'statement',
  question: 'question',
  report: 'report',
};

/** URL shapes of the official sources, checked when the source type says nothing. */
const URL_KINDS: [RegExp, Kind | 'hansard'][] = [
  [/questions-statements\.parliament\.uk\/written-questions/, 'question'],
  [/questions-statements\.parliament\.uk\/written-statements/, 'statement'],
  [/hansard\.parliament\.uk/, 'hansard'],
  [/committees\.parliament\.uk\/(publications|work\/\d+\/[^/]+\/publications)/, 'report'],
  [/gov\.uk\/government\/(speeches|news)\//, 'statement'],
  [/gov\.uk\/government\/(publications|consultations)\//, 'report'],
  [/justiceinspectorates\.gov\.uk\/hmicfrs\/publications/, 'report'],
  // Official bodies' own newsrooms publish their statements.
  [/(nationalcrimeagency\.gov\.uk|\.police\.uk)\/news\//, 'statement'],
  [/(bbc\.co\.uk|theguardian\.com|telegraph\.co\.uk|independent\.co\.uk|sky\.com|standard\.co\.uk|thetimes\.|gbnews|dailymail\.co\.uk|inews\.co\.uk|itv\.com|channel4\.com)/, 'news'],
];

/** A minister (or the government) making the statement itself, as Hansard and GOV.UK word it. */
const STATEMENT_OPENING =
  /\b(with permission,? (mr|madam) (deputy )?speaker,? i (will|shall|would like to|wish to) (make|update)|i (wish|would like|want) to (make|update the house|inform the house)|(written|oral) ministerial statement|made the following (written )?statement|oral statement to parliament|written statement to parliament|statement (made )?to the house|my lords,? with the leave of the house,? i (shall|will) (now )?repeat)/;
const QUESTION_CUES =
  /\b(to ask (the|his majesty's) (secretary of state|government|home secretary|minister)|asked the (secretary of state|home secretary|minister)|answered by|written question|question (for|to) (the )?home office|uin \w+|tabled on|topical questions|oral answers to questions|urgent question)\b/;
const DEBATE_CUES =
  /\b(hansard|(mr|madam) (deputy )?speaker|hon\.? (member|friend|lady|gentleman)|i beg to move|westminster hall|noble (lord|baroness)|my lords|will the minister|second reading|the house divided)\b/;
const REPORT_TITLE =
  /\b(report|audit|inspection|review|findings|recommendations|response to|progress update|terms of reference|annual report)\b/;
const REPORT_BODY =
  /\b(this report|the report sets out|executive summary|we recommend|our (findings|recommendations|inspection)|recommendation 1\b|chapter 1|foreword|terms of reference)\b/;
const STATEMENT_BODY =
  /\b(press release|statement from|statement by|said in a statement today|the government today announced|today i am announcing|we are today|the commissioner said|in a statement,)\b/;

/** Characters after the title that text cues read. */
export const HEAD_LENGTH = 1200;

export function classifyKind(input: KindInput): Kind {
  if (input.kindHint) return input.kindHint;
  const fromType = input.sourceType ? BY_SOURCE_TYPE[input.sourceType] : undefined;
  if (fromType) return fromType;
  const fromUrl = input.sourceUrl ? URL_KINDS.find(([re]) => re.test(input.sourceUrl!.toLowerCase()))?.[1] : undefined;
  if (fromUrl && fromUrl !== 'hansard' && input.sourceType !== 'hansard') return fromUrl;
  const head = input.head();
  if (input.sourceType === 'hansard' || fromUrl === 'hansard') return hansardKind(head, head.slice(0, input.titleLength));
  // Unknown source: the document's own opening says what it is.
  if (QUESTION_CUES.test(head)) return 'question';
  if (STATEMENT_OPENING.test(head)) return 'statement';
  if (DEBATE_CUES.test(head)) return 'debate';
  const title = head.slice(0, input.titleLength);
  if (REPORT_BODY.test(head) || (REPORT_TITLE.test(title) && /\b(publish|published|publishes|sets out|finds|found)\b/.test(head) && !/\b(said|says|told)\b/.test(title))) {
    return 'report';
  }
  if (STATEMENT_BODY.test(head)) return 'statement';
  return 'news';
}

/** Hansard is debate unless it is the minister's statement itself, or questions and answers. */
function hansardKind(head: string, title: string): Kind {
  // Hansard also carries written statements, titled e.g. "(Written Statement HCWS1094)".
  if (STATEMENT_OPENING.test(head) || /\b(written statement|hcws\d+)\b/.test(title)) return 'statement';
  if (/\b(topical questions|oral answers to questions)\b/.test(head)) return 'question';
  return 'debate';
}
