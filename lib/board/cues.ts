import type { EventType } from './types.ts';

/**
 * The words that make a sentence an event, per event type, as data. A rule fires when one of its patterns matches
 * the sentence (lower-cased, quotes and dashes folded) and none of its `unless` patterns does. Each pattern is
 * deliberately narrow: a missed event costs a maintainer one `status set --add`, a false one a wrong state
 * on the board and an alert in Slack. Patterns name the tense too: "will publish" is a promise, not a publication.
 */
export interface EventRule {
  type: EventType;
  /** Which entries the event can belong to. */
  applies: 'inquiry' | 'commitment' | 'any';
  patterns: RegExp[];
  unless?: RegExp[];
  /** The event's object follows its words ("£5m for the review of historic cases"): prefer an entry named after them. */
  objectAfter?: boolean;
}

/** Future, conditional or wished-for: the thing has not happened yet. */
const NOT_YET = String.raw`(will|would|shall|could|should|must|may|might|plans? to|plan|intends? to|aims? to|expects? to|expected to|due to|set to|is to|are to|going to|to be|yet to|once|when|until|before|ahead of|if)`;
const CALLS_FOR = String.raw`\b(calls? (for|on)|calling (for|on)|called (for|on)|demand(s|ed|ing)?|urg(e|es|ed|ing)|campaigners?|petition|should)\b`;
/** Someone blaming the government's delays or failures: criticism, not a report of a delay. */
const BLAME = String.raw`\b(saying|said|says|claimed|claiming|accusing|blamed|blaming)\b[^.]{0,30}\b(the )?(government'?s?|ministers'?|home office'?s?)\b[^.]{0,20}\b(delays?|failures?|inaction)\b`;
const NUMBER = String.raw`(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|all|each|every)`;

const re = (source: string) => new RegExp(source, 'u');

export const EVENT_RULES: EventRule[] = [
  // ---------------------------------------------------------------- inquiries
  {
    type: 'established',
    applies: 'inquiry',
    patterns: [
      re(String.raw`\b(has|have) (now )?(formally |officially )?(established|set up|launched|opened)\b[^.]{0,20}\b(operation|inquiry|investigation|audit|review)\b`),
      re(String.raw`\b(formally|officially) (established|set up|opened|launched|began|begun|started|constituted)\b`),
      re(String.raw`\b(began|begun|started|starts) (its )?work\b|\bis now under way\b|\bnow up and running\b`),
    ],
    unless: [re(String.raw`\b${NOT_YET}\b[^.]{0,30}\b(established|set up|opened|launched|under way)\b`), re(CALLS_FOR)],
  },
  {
    type: 'announced',
    applies: 'inquiry',
    patterns: [
      re(String.raw`\b(announc(e|ed|es|ing)|order(ed|s)|launch(ed|es|ing)|commission(ed|s)|set(s|ting)? up|will (hold|launch|establish|set up|create|commission|run))\b[^.]{0,80}\b(inquiry|inquiries|audit|operation|investigation)\b`),
      re(String.raw`\b(inquiry|audit|operation)\b[^.]{0,40}\b(was|has been|have been|is being) (announced|launched|ordered|commissioned)\b`),
      re(String.raw`\basked\b[^.]{0,60}\bto (lead|conduct|carry out|undertake)\b[^.]{0,60}\b(audit|inquiry|review)\b`),
      re(String.raw`\ba new\b[^.]{0,40}\b(operation|inquiry|audit)\b[^.]{0,80}\bwill\b`),
      re(String.raw`\b(will provide|providing|funding)\b[^.]{0,40}\bfor\b[^.]{0,20}\b(local )?inquir(y|ies)\b`),
    ],
    unless: [re(CALLS_FOR), re(String.raw`\b(refus(ed|es|ing)|reject(ed|s|ing)?|resist(ed|s|ing)?|ruled out|no plans?|not (to )?(hold|order|launch))\b`)],
  },
  {
    type: 'chair-appointed',
    applies: 'inquiry',
    patterns: [
      re(String.raw`\b(appointed|named|confirmed|chosen|selected|unveiled)\b[^.]{0,60}\b(chair|chairman|chairwoman|to chair|to lead)\b`),
      re(String.raw`\b(chair|to lead)\b[^.]{0,40}\b(has been|have been|was|is) (appointed|named|confirmed|chosen)\b`),
      re(String.raw`\b(appoint(s|ed|ing)|nam(es|ed|ing)) [^.]{0,60} as (the )?(chair|head|lead)\b`),
    ],
    unless: [
      re(String.raw`\b(withdr(aw|ew|awn|aws)|pull(ed|s)? out|step(ped|s)? down|resign|quit|search for|yet to|not yet|final stages|shortlist|candidates?|reluctan|turned down|declin|no chair|without a chair|still without|considering|replac)`),
      re(String.raw`\b${NOT_YET} (be )?(appointed|named|chosen|chair)\b`),
      re(CALLS_FOR),
    ],
  },
  {
    type: 'terms-of-reference',
    applies: 'inquiry',
    patterns: [re(String.raw`\b(publish(ed|es|ing)?|set out|sets out|agreed|finali[sz]ed|laid|announced|unveiled)\b[^.]{0,40}\bterms of reference\b|\bterms of reference\b[^.]{0,100}\b(have been|has been|were|was|are) (published|set out|agreed|finali[sz]ed|laid|announced)\b`)],
    unless: [
      re(String.raw`\b(their own|its own|own draft|conservatives?|opposition|tories|tory|reform uk|liberal democrats?|lib dems?)\b`),
      re(String.raw`\b${NOT_YET}\b[^.]{0,30}\b(shape|set|draw up|agree|decide|publish|published|agreed|finali[sz]ed)\b[^.]{0,20}\bterms of reference\b`),
      re(CALLS_FOR),
    ],
  },
  {
    type: 'hearings',
    applies: 'inquiry',
    patterns: [
      re(String.raw`\bhearings? (began|opened|started|were held|was held|have begun|has begun|got under way|took place|is taking place|resumed)\b`),
      re(String.raw`\b(opened|began|held|starts|started) (its|the) (first )?(public |preliminary |opening )?hearings?\b`),
      re(String.raw`\bfirst (public |preliminary )?hearing\b[^.]{0,30}\b(was held|took place|opened|began)\b`),
    ],
  },
  {
    type: 'interim-report',
    applies: 'inquiry',
    patterns: [re(String.raw`\binterim report\b[^.]{0,60}\b(published|found|finds|says|said|recommend|warn|set out|sets out|today)\b|\b(publish(ed|es|ing)|releas(ed|es))\b[^.]{0,30}\binterim report\b`)],
    unless: [re(String.raw`\b${NOT_YET}\b[^.]{0,30}\binterim report\b|\binterim report\b[^.]{0,15}\b(is|was) (due|expected)\b`)],
  },
  {
    type: 'final-report',
    applies: 'inquiry',
    patterns: [
      re(String.raw`\b(has|have) (now |today )?(published|released|delivered|laid)\b[^.]{0,50}\b(report|audit|findings|inspection)\b`),
      re(String.raw`\b(publish(es|ing)|releas(es|ing)|published today|publishes today)\b[^.]{0,50}\b(report|audit|findings|inspection)\b`),
      re(String.raw`\b(report|audit|findings|inspection)\b[^.]{0,60}\b(has been|have been|is|was|were) (published|released|laid|delivered)( today)?\b`),
      re(String.raw`\b(which|that) (i|we) (have|has) published today\b`),
      re(String.raw`\bpublished (its|her|his|their|the) (final |full )?(report|findings|audit)\b`),
      re(String.raw`\b(makes|sets out) ${NUMBER} (new )?recommendations\b`),
    ],
    unless: [re(String.raw`\b${NOT_YET}\b[^.]{0,30}\b(published|publish|report|released)\b`), re(String.raw`\binterim report\b|\bterms of reference\b`), re(CALLS_FOR)],
  },
  {
    type: 'government-response',
    applies: 'inquiry',
    patterns: [
      re(String.raw`\baccept(s|ed|ing)?\b[^.]{0,60}\brecommendations\b|\baccept(s|ed|ing)? (all|each|every) [^.]{0,40}\brecommendations?\b`),
      re(String.raw`\baccepts? the need to act\b`),
      re(String.raw`\b(published|publishes|publishing|set out|sets out|laid)\b[^.]{0,30}\b(its|their|a|the|our) (full |formal )?response\b`),
      re(String.raw`^(the )?government('s)? response to\b|\bthis is the government'?s response\b`),
      re(String.raw`\b(has|have) (now )?responded to\b[^.]{0,40}\b(report|audit|inquiry|recommendations|review)\b`),
    ],
    unless: [
      re(String.raw`\b(will (now )?(respond|publish)|would respond|yet to (respond|publish)|(has|have|had) not (yet )?(responded|published)|failed to respond|in due course|should accept)\b`),
      re(CALLS_FOR),
    ],
  },
  // ---------------------------------------------------------------- commitments
  {
    type: 'rejected',
    applies: 'commitment',
    patterns: [
      re(String.raw`\b(does|did|do|will|would) not (accept|implement|adopt|take forward)\b|\bwon't (accept|implement|adopt)\b`),
      re(String.raw`\breject(s|ed|ing)?\b[^.]{0,40}\b(recommendation|proposal|call|plan)s?\b`),
      re(String.raw`\b(decided against|decided not to|declined to|turned down)\b`),
      re(String.raw`^rather than (create|creating|establish|establishing|introduce|introducing)\b|\binstead of (creating|establishing|introducing)\b`),
    ],
  },
  {
    type: 'accepted',
    applies: 'commitment',
    patterns: [
      re(String.raw`\baccept(s|ed|ing)?\b[^.]{0,60}\b(recommendations?|in full|in principle)\b`),
      re(String.raw`\baccepts? the need to act\b`),
      re(String.raw`\bagreed to (implement|adopt|take forward)\b`),
    ],
    unless: [re(String.raw`\b(not accept|refus|reject|should accept)`), re(CALLS_FOR)],
  },
  {
    type: 'consultation',
    applies: 'commitment',
    patterns: [
      re(String.raw`\b(launch(ed|es|ing)?|open(ed|s|ing)?|publish(ed|es|ing)?|began|begins|start(ed|s)?)\b[^.]{0,30}\bconsultation\b`),
      re(String.raw`\bconsultation\b[^.]{0,30}\b(was|has been|is|were) (launched|opened|published)\b|\bconsultation (opens|opened|closes|closed|began|begins|runs)\b`),
      re(String.raw`\b(is|are|has been|have been) consulting on\b`),
    ],
    unless: [re(String.raw`\b${NOT_YET}\s+(launch|consult|open|publish|start|begin)`), re(CALLS_FOR)],
  },
  {
    type: 'bill-introduced',
    applies: 'commitment',
    patterns: [
      re(String.raw`\b(introduced|introduces|introducing|published|brought forward|laid|tabled)\b[^.]{0,30}\bbill\b`),
      re(String.raw`\bbill\b[^.]{0,30}\b(was|has been|have been|is being|were) (introduced|published|laid|brought forward|tabled)\b`),
      re(String.raw`\b(first|second|third) reading\b|\b(report|committee) stage\b`),
      re(String.raw`\b(included|contained|provided for|set out) in the\b[^.]{0,50}\bbill\b|^under the\b[^.]{0,40}\bbill\b`),
      re(String.raw`\bbill will (remove|introduce|create|make|change|require|extend|give|allow|abolish)\b`),
    ],
    unless: [re(String.raw`\b${NOT_YET}\s+(introduce|bring forward|legislate|publish|lay)\b`), re(String.raw`\bran out of time\b|\bfell\b|\bfalls\b|\bdropped\b`), re(CALLS_FOR)],
  },
  {
    type: 'amendment',
    applies: 'commitment',
    patterns: [
      re(String.raw`\b(government |new |the )?amendments?\b[^.]{0,40}\b(to|in|adds?|added|make|makes|made|tabled|laid|agreed|passed|accepted)\b`),
      re(String.raw`\b(tabled|laid|moved|agreed|passed|accepted|brought forward) (an |the |a )?(government )?amendments?\b`),
      re(String.raw`\bamendment \d+\b`),
    ],
    unless: [re(String.raw`\b${NOT_YET}\s+(bring forward|table|lay|introduce|make)\b[^.]{0,80}\bamendment`), re(CALLS_FOR)],
  },
  {
    type: 'royal-assent',
    applies: 'commitment',
    patterns: [re(String.raw`\broyal assent\b`)],
    unless: [re(String.raw`\b(awaiting|await|before|once|when|after|will receive|expected|due to|ahead of|if|until)\b[^.]{0,25}\broyal assent\b`)],
  },
  {
    type: 'commenced',
    applies: 'commitment',
    patterns: [re(String.raw`\b(came|comes|has come|have come|now) in(to)? force\b|\bin force (from|since)\b|\btook effect\b|\bhas commenced\b|\bcommencement (regulations|order)\b`)],
    unless: [re(String.raw`\b${NOT_YET}\s+(come|take|be)\b`)],
  },
  {
    type: 'funded',
    applies: 'commitment',
    objectAfter: true,
    patterns: [re(String.raw`£\s?\d[\d.,]*\s?(m|bn|k|million|billion)?\b[^.]{0,50}\b(fund(s|ed|ing)?|for|to support|to pay|allocat|invest|budget|grant)`)],
    unless: [re(String.raw`\b(cost(s|ing)?|spent|fine[ds]?|worth|compensation payments?|awarded to)\b`)],
  },
  {
    type: 'piloted',
    applies: 'commitment',
    patterns: [re(String.raw`\bpilot(ed|s|ing)?\b (scheme|programme|in|across|areas?|forces?)\b|\b(trial(l)?ed|being trialled) (in|across)\b`)],
  },
  {
    type: 'dropped',
    applies: 'commitment',
    patterns: [
      re(String.raw`\b(dropp(ed|ing)|abandon(ed|s|ing)?|shelv(ed|es|ing)|scrap(ped|s|ping)|u-turn|ditch(ed|es)?)\b`),
      re(String.raw`\bno longer (pursu|proceed|plan)|\bnot (be )?pursu(ing|ed)\b|\bnot being pursued\b|\bnot to pursue\b`),
    ],
    unless: [re(String.raw`\bnot (be )?(dropped|abandoned|scrapped|shelved)\b`), re(CALLS_FOR)],
  },
  // ---------------------------------------------------------------- any entry
  {
    type: 'delayed',
    applies: 'any',
    patterns: [
      re(String.raw`\b(delay(ed|s|ing)?|postpon(e|ed|es|ing|ement)|pushed back|put back|slipp(ed|ing)|stall(ed|ing)|behind schedule|ran out of time|fell at)\b`),
      re(String.raw`\bmissed (the|its|a) (deadline|target)\b|\bwithout a chair\b|\bstill (without|awaiting|waiting for) (a |its )?chair\b`),
    ],
    unless: [re(String.raw`\b(without delay|no delay|avoid (a |any )?delay|not be delayed|will not be delayed|won't be delayed)\b`), re(BLAME)],
  },
  {
    // Not done when it should be: about a commitment (an inquiry's recommendations "not yet met" are not its delay).
    type: 'delayed',
    applies: 'commitment',
    patterns: [
      re(String.raw`\bstill (outstanding|not been|awaiting|waiting)\b`),
      re(String.raw`\b(not|n't) yet (been )?(delivered|implemented|introduced|published|met|appointed)\b|\byet to (be )?(deliver|implement|introduc|publish|appoint|set up)`),
    ],
  },
  {
    type: 'criticised',
    applies: 'any',
    patterns: [
      re(String.raw`\b(criticis(ed|es|ing|m)|criticiz(ed|es|ing)|condemn(ed|s|ing)?|slamm?(ed|s)?|lambast(ed|s)?|accus(ed|es|ing)|betray(ed|al|ing)?|broken promises?)\b`),
      re(BLAME),
    ],
  },
];

/** Lower case, straight quotes, plain dashes and spaces: what the rules read. */
export const normaliseSentence = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[‘’`´]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[‐‑‒–—]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();

export interface CueHit {
  rule: EventRule;
  /** Where the pattern matched in the normalised sentence. */
  at: number;
}

/** Every rule that fires on the sentence. */
export function eventCues(normalised: string): CueHit[] {
  const hits: CueHit[] = [];
  for (const rule of EVENT_RULES) {
    if (rule.unless?.some((u) => u.test(normalised))) continue;
    for (const p of rule.patterns) {
      const m = p.exec(normalised);
      if (m) {
        hits.push({ rule, at: m.index });
        break;
      }
    }
  }
  return hits;
}
