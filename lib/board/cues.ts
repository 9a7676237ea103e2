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
  /** The words govern every entry named after them ("will commission a review of X and research into Y"). */
  everyObject?: boolean;
  /**
   * Said of the future ("the bill will require…"): news of the step in itself, but in a government's acceptance of
   * recommendations it says how an accepted one will be delivered, and is an acceptance.
   */
  prospective?: boolean;
  /**
   * What a bill contains ("The Bill creates a new duty…"): news that the commitment is in a bill only in an item that
   * reports the bill's introduction or a stage of it; elsewhere it recalls a bill already known.
   */
  inBill?: boolean;
}

/** Future, conditional or wished-for: the thing has not happened yet. */
const NOT_YET = String.raw`(will|would|shall|could|should|must|may|might|plans? to|plan|intends? to|aims? to|expects? to|expected to|due to|set to|is to|are to|going to|to be|yet to|once|when|until|before|ahead of|if)`;
const CALLS_FOR = String.raw`\b(calls? (for|on)|calling (for|on)|called (for|on)|demand(s|ed|ing)?|urg(e|es|ed|ing)|campaigners?|petition|should)\b`;
/** Someone blaming the government's delays or failures: criticism, not a report of a delay. */
const BLAME = String.raw`\b(saying|said|says|claimed|claiming|accusing|blamed|blaming)\b[^.]{0,30}\b(the )?(government'?s?|ministers'?|home office'?s?)\b[^.]{0,20}\b(delays?|failures?|inaction)\b`;
/** Words that may stand between an auxiliary and its verb: "has today launched", "have now formally set up". */
const ADVERBS = String.raw`((now|today|formally|officially|finally|also|already|just|at last|this week|this morning|yesterday) )*`;
const NUMBER = String.raw`(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|all|each|every)`;
const WEEKDAY = String.raw`(monday|tuesday|wednesday|thursday|friday|saturday|sunday)`;
const WHEN_NAMED = String.raw`(january|february|march|april|may|june|july|august|september|october|november|december|spring|summer|autumn|winter|the end of|this|next)`;
/**
 * Clauses that tell the background of a sentence rather than its news: a leading "Since the audit was published, …",
 * a passing "…, which was set up in 2015, …" or "The inspection, commissioned by the Home Secretary after…, found".
 */
const BACKGROUND_CLAUSES = [
  /^(since|after|following|ever since|when|once|because|although|though|while|until|before)\b[^,]{0,150},/,
  /, (which|that|who) (was|were|had been|had) [^,]{0,150}(,|$)/g,
  /, (published|announced|commissioned|ordered|set up|launched|established|appointed|made|laid) (by|in|on|last|after|earlier|before|at|two|three|four|five|six|\d)\b[^,]{0,120}(,|$)/g,
  // A step named as the time of something else: "I will update the House when the chair is appointed", "guidance
  // was needed before the duty came into force", "eight months after ministers accepted the recommendation".
  /\b(when|once|until|before|after) (the |a |an |its |their |this |that )?[\w' -]{0,60}?\b(is|are|was|were|has been|have been|had been) (appointed|published|introduced|laid|tabled|set up|established|agreed|launched|announced)\b/g,
  /\b(when|once|until|before|after) (the |a |an |its |their |this |that )?[\w' -]{0,60}?\b(comes?|came|coming) into (force|effect)\b/g,
  /\b(days?|weeks?|months?|years?) (on )?(after|since) [\w' -]{0,60}?\b(accepted|announced|published|promised|pledged|agreed|appointed|launched)\b/g,
];

const re = (source: string) => new RegExp(source, 'u');

const BILL_NOT_YET = [
  re(String.raw`\b${NOT_YET}\s+(introduce|bring forward|legislate|publish|lay)\b|\b(will|would|shall|to) be (introduced|included|published|laid|brought forward|tabled)\b`),
  // A stage still to come is not one reached.
  re(String.raw`\b(before|ahead of|until|by) (the )?((first|second|third) reading|(report|committee) stage)\b`),
  re(String.raw`\bran out of time\b|\bfell\b|\bfalls\b|\bdropped\b`),
  // "No bill has been published": none yet.
  re(String.raw`\bno ([\w'-]+ )?(bill|legislation) (has|have|had|was|is)\b`),
  // "…amendments introducing the duty as the bill continues its passage": a bill already before Parliament.
  re(String.raw`\b(as|while|when) (the|this|that) ([\w'-]+ ){0,4}bill (continues|progresses|completes|goes|moves|passes)\b`),
  re(CALLS_FOR),
];

export const EVENT_RULES: EventRule[] = [
  // ---------------------------------------------------------------- inquiries
  {
    type: 'established',
    applies: 'inquiry',
    patterns: [
      re(String.raw`\b(has|have) ${ADVERBS}(established|set up|launched|opened)\b[^.]{0,20}\b(operation|inquiry|investigation|audit|review)\b`),
      re(String.raw`\b(formally|officially) (established|set up|opened|launched|began|begun|started|constituted)\b`),
      re(String.raw`\b(began|begun|started|starts) (its )?work\b|\bis now under way\b|\bnow up and running\b`),
    ],
    unless: [
      re(String.raw`\b${NOT_YET}\b[^.]{0,30}\b(established|set up|opened|launched|under way)\b`),
      re(String.raw`\bbeing (formally |officially )?(established|set up|launched|opened)\b`),
      re(CALLS_FOR),
    ],
  },
  {
    type: 'announced',
    applies: 'inquiry',
    patterns: [
      re(String.raw`\b(announc(e|ed|es|ing)|order(ed|s)|launch(ed|es|ing)|commission(ed|s)|set(s|ting)? up|will (hold|launch|establish|set up|create|commission|run))\b[^.]{0,80}\b(inquiry|inquiries(?! act)|audit|operation|investigation)\b`),
      re(String.raw`\b(inquiry|audit|operation)\b[^.]{0,40}\b(was|has been|have been|is being) ${ADVERBS}(announced|launched|ordered|commissioned)\b`),
      re(String.raw`\basked\b[^.]{0,60}\bto (lead|conduct|carry out|undertake)\b[^.]{0,60}\b(audit|inquiry|review)\b`),
      re(String.raw`\ba new\b[^.]{0,40}\b(operation|inquiry|audit)\b[^.]{0,80}\bwill\b`),
      // Someone "will lead a … audit": a new one (the indefinite article), not the one already running.
      re(String.raw`\bwill (lead|conduct|carry out|undertake)\b (an?) ([\w-]+ ){0,4}(audit|inquiry|review|investigation)\b`),
      re(String.raw`\b(will provide|providing|funding)\b[^.]{0,40}\bfor\b[^.]{0,20}\b(local )?inquir(y|ies)\b`),
    ],
    unless: [
      re(CALLS_FOR),
      re(String.raw`\b(refus(ed|es|ing)|reject(ed|s|ing)?|resist(ed|s|ing)?|ruled out|no plans?|not (to )?(hold|order|launch))\b`),
      // "We expect the inquiry to be formally set up by…": a plan for one already announced.
      re(String.raw`\bexpect(s|ed)?\b[^.]{0,60}\bto be\b`),
    ],
  },
  {
    type: 'chair-appointed',
    applies: 'inquiry',
    patterns: [
      re(String.raw`\b(appointed|named|confirmed|chosen|selected|unveiled)\b[^.]{0,60}\b(chair|chairman|chairwoman|to chair|to lead)\b`),
      re(String.raw`\b(chair|to lead)\b[^.]{0,40}\b(has|have|was|is)( at last| now| finally| today)? (been )?(appointed|named|confirmed|chosen)\b`),
      re(String.raw`\bappointments? (of [^.]{0,60} )?as (the )?(chair|chairs|head|lead)\b`),
      // "Baroness X has agreed to chair the inquiry": the appointment, said as the chair's consent.
      re(String.raw`\b(has|have|had) (now |today )?agreed to (chair|lead)\b`),
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
    patterns: [
      re(String.raw`\b(publish(ed|es|ing)?|set out|sets out|agreed|finali[sz]ed|laid|announced|unveiled)\b[^.]{0,40}\bterms of reference\b|\bterms of reference\b[^.]{0,100}\b(have been|has been|were|was|are) (published|set out|agreed|finali[sz]ed|laid|announced)\b`),
      re(String.raw`\bterms of reference\b[^.]{0,60}\b(have|has) ${ADVERBS}(published|set out|agreed|laid|finali[sz]ed)\b`),
    ],
    unless: [
      re(String.raw`\b(their own|our own|its own|own draft|conservatives?|opposition|tories|tory|reform uk|liberal democrats?|lib dems?)\b`),
      re(String.raw`\b${NOT_YET}\b[^.]{0,30}\b(shape|set|draw up|agree|decide|publish|published|agreed|finali[sz]ed)\b[^.]{0,40}\bterms of reference\b`),
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
      re(String.raw`\b(has|have) ${ADVERBS}(published|released|delivered|laid)\b[^.]{0,50}\b(report|audit|findings|inspection)\b`),
      re(String.raw`\b(publish(es|ing)|releas(es|ing)|published today|publishes today)\b[^.]{0,50}\b(report|audit|findings|inspection)\b`),
      re(String.raw`\b(report|audit|findings|inspection)\b[^.]{0,60}\b(has been|have been|is|was|were) ${ADVERBS}(published|released|laid|delivered)( today)?\b`),
      re(String.raw`\b(which|that) (i|we) (have|has) published today\b`),
      re(String.raw`\bpublished (its|her|his|their|the) (final |full )?(report|findings|audit)\b`),
      re(String.raw`\b(makes|sets out) ${NUMBER} (new )?recommendations\b`),
      re(String.raw`\breport,? (published|released) (today|yesterday|this (morning|week)|on ${WEEKDAY})\b`),
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
      re(String.raw`\b(has|have) ${ADVERBS}responded to\b[^.]{0,40}\b(report|audit|inquiry|recommendations|review)\b`),
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
      // "did not implement them" is a past failure (criticism at most), not a decision.
      re(String.raw`\b(does|do|will|would) not (accept|implement|adopt|take forward)\b|\bdid not (accept|adopt|take forward)\b|\bwon't (accept|implement|adopt)\b`),
      re(String.raw`\breject(s|ed|ing)?\b[^.]{0,80}\b(recommendation|proposal|call|plan)s?\b|\breject(s|ed|ing)? (the )?(creation|establishment|introduction|idea) of\b`),
      re(String.raw`\b(decided against|decided not to|declined to|turned down|not minded to)\b`),
      // "We have concluded that we will not establish a scheme": a decision, said of the future.
      re(String.raw`\b(decided|concluded|determined) (that )?(we|the government|it|ministers) (will|would) not (establish|create|introduce|set up|legislate|bring forward|proceed)\b`),
      // "The Government does not intend to create a new authority": a decision not to, said softly.
      re(String.raw`\b(does|do|did) not (intend|propose|plan) to (create|establish|introduce|set up|legislate|adopt|implement|take forward|ban|prohibit|remove|change)\b|\bhas no (plans?|intention) (to|of) (create|creat|establish|introduc|set|legislat|adopt|implement)`),
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
      // "accepts the inquiry's case for a mandatory duty".
      re(String.raw`\baccept(s|ed)? (the )?([\w'-]+ ){0,3}case for\b`),
    ],
    unless: [re(String.raw`\b(not accept|refus|reject|should accept)`), re(CALLS_FOR)],
  },
  {
    type: 'consultation',
    applies: 'commitment',
    patterns: [
      re(String.raw`\b(launch(ed|es|ing)?|open(ed|s|ing)?|publish(ed|es|ing)?|announc(ed|es|ing)|began|begins|start(ed|s)?)\b[^.]{0,30}\bconsultation\b|\b(put|goes|go|sent) (out )?to (a )?(public )?consultation\b`),
      re(String.raw`\bconsultation\b[^.]{0,30}\b(was|has been|is|were) ${ADVERBS}(launched|opened|published)\b|\bconsultation (opens|opened|closes|closed|began|begins|runs)\b`),
      re(String.raw`\b(is|are|has been|have been) consulting on\b`),
    ],
    unless: [re(String.raw`\b${NOT_YET}\s+(launch|consult|open|publish|start|begin|announce|be put|go)`), re(CALLS_FOR)],
  },
  {
    type: 'bill-introduced',
    applies: 'commitment',
    patterns: [
      re(String.raw`\b(introduced|introduces|introducing|published|brought forward|laid|tabled)\b[^.]{0,30}\bbill\b`),
      re(String.raw`\bbill\b[^.]{0,30}\b(was|has been|have been|is being|were) ${ADVERBS}(introduced|published|laid|brought forward|tabled)\b`),
      re(String.raw`\b(first|second|third) reading\b|\b(report|committee) stage\b`),
      // "New laws … have been introduced to Parliament today in the Crime and Policing Bill"; a headline's "Bill
      // introduced to Parliament".
      re(String.raw`\b(introduced|laid) (to|in|before) (parliament|the (house of )?(commons|lords))\b[^.]{0,60}\bbill\b|\bbill (introduced|laid|published|tabled) (to|in|before) (parliament|the (house of )?(commons|lords))\b`),
    ],
    unless: BILL_NOT_YET,
  },
  {
    type: 'bill-introduced',
    applies: 'commitment',
    inBill: true,
    patterns: [
      re(String.raw`\b(included|contained|provided for|set out) in the\b[^.]{0,50}\bbill\b|^under the\b[^.]{0,40}\bbill\b`),
      re(String.raw`\b(the|this) ([\w'-]+ ){0,5}bill (creates?|includes?|contains?|introduces?|places?|puts?|makes?|gives?|requires?|extends?|removes?|abolishes?|changes?)\b`),
    ],
    unless: BILL_NOT_YET,
  },
  {
    type: 'bill-introduced',
    applies: 'commitment',
    inBill: true,
    prospective: true,
    patterns: [re(String.raw`\b(the|this) ([\w'-]+ ){0,5}bill will (\w+ )?(remove|introduce|create|make|change|require|extend|give|allow|abolish|place|put|include|ensure|provide)\b`)],
    unless: BILL_NOT_YET,
  },
  {
    type: 'amendment',
    applies: 'commitment',
    patterns: [
      re(String.raw`\b(government |new |the )?amendments?\b[^.]{0,40}\b(to|in|adds?|added|make|makes|made|tabled|laid|agreed|passed|accepted)\b`),
      re(String.raw`\b(tabled|laid|moved|agreed|passed|accepted|brought forward) (an |the |a )?(government )?amendments?\b`),
      re(String.raw`\bamendment \d+\b`),
    ],
    unless: [
      re(String.raw`\b${NOT_YET}\s+(bring forward|table|lay|introduce|make)\b[^.]{0,80}\bamendment`),
      re(String.raw`\b(will|would|to) be (made|tabled|laid|brought forward)\b[^.]{0,40}\bamendments?\b|\bamendments? (is |are )?to be (tabled|laid|brought forward|made)\b`),
      // "would table amendments", "when the amendments are tabled": still to come.
      re(String.raw`\b${NOT_YET} (table|lay|move|bring forward|make)\b[^.]{0,20}\bamendments?\b|\b(when|once|after|until|before) (the |its |these |those )?([\w-]+ )?amendments? (are|is|have been|has been) (tabled|laid|made|published)\b`),
      // A member's own amendment, or one withdrawn or defeated, changes nothing the government committed to.
      re(String.raw`\bin (my|his|her|the) name\b|\b(my|his|her|our|this probing) amendments?\b|\bwithdr(aw|awn|ew)\b|\bnot moved\b|\bnegatived\b|\bdefeated\b`),
      // "though no amendments have yet been tabled": none.
      re(String.raw`\bno ([\w-]+ )?amendments? (has|have|had|was|were)\b`),
      re(CALLS_FOR),
    ],
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
    patterns: [re(String.raw`\b(came|comes|come|has come|have come|now) in(to)? force\b|\bin force (from|since)\b|\b(take|takes|took|taken|taking) effect\b|\bhas commenced\b|\bcommencement (regulations|order)\b`)],
    unless: [
      re(String.raw`\b${NOT_YET}\s+(come|take|be)\b`),
      // "…to come into force in 2026", "the codes come into force next year": still to come.
      re(String.raw`\bto (come|take|be brought) in(to)? (force|effect)\b|\bto take effect\b|\b(come|comes|take|takes) (in(to)? force|effect) (this|next|later|in|on|from|by|at|when|once|after)\b`),
    ],
  },
  {
    type: 'funded',
    applies: 'commitment',
    objectAfter: true,
    patterns: [
      re(String.raw`£\s?\d[\d.,]*\s?(m|bn|k|million|billion)?\b[^.]{0,50}\b(fund(s|ed|ing)?|for|to support|to pay|allocat|invest|budget|grant)`),
      re(String.raw`\b(committ(ed|ing)|allocat(ed|es|ing)|pledged|set aside|made available|earmark(ed|s)?|invest(ed|s|ing)?)\b( up to| over| more than| almost| nearly| a further| an extra)? £\s?\d`),
      re(String.raw`£\s?\d[\d.,]*\s?(m|bn|k|million|billion)?\b to (open|fund|support|pay for|create|set up|provide|expand|build|establish|run|deliver)\b`),
      // "is making up to £50 million available to open…".
      re(String.raw`\b(mak(e|es|ing)|made) (up to |over |more than |almost |nearly |a further |an extra )?£\s?\d[\d.,]*\s?(m|bn|k|million|billion)? available\b`),
    ],
    unless: [re(String.raw`\b(cost(s|ing)?|spent|fine[ds]?|worth|compensation payments?|awarded to)\b`), re(String.raw`\b(plans?|proposals?|proposed) (for|to)\b`)],
  },
  {
    type: 'piloted',
    applies: 'commitment',
    patterns: [re(String.raw`\bpilot(ed|s|ing)?\b (scheme|programme|in|across|areas?|forces?)\b|\b(trial(l)?ed|being trialled) (in|across)\b`)],
    // What something builds on or follows is its background: "new Child Houses, building on the pilot in London".
    unless: [re(String.raw`\b(building|builds|built|drawing|draws|based) on (the |a |an |its |their |our )?([\w'-]+ ){0,2}pilots?\b|\b(following|after) (the |a |an |its |their |our )?([\w'-]+ ){0,2}pilots?\b`)],
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
      // A new, later date: "now in June, rather than in May", "more time to complete", "later than planned".
      // "The response will instead be published in May": a new time for a step that was due.
      re(String.raw`\b(will|would|is to|are to) (now )?instead be (published|laid|made|held|introduced|announced|set out)\b`),
      re(String.raw`\brather than (in |by )?${WHEN_NAMED}\b|\b(more|further|additional|extra) time (to|for)\b|\blater than (planned|expected|scheduled|promised|originally|previously)\b`),
      re(String.raw`\b(take|takes|taking|took|taken) ([\w-]+ )?longer than (we |i |they |it |had |was |were |originally |first )*(hoped|planned|expected|anticipated|intended|promised)\b`),
    ],
    unless: [
      // What something would delay if it happened ("a further inquiry would delay action"): an argument, not a delay.
      re(String.raw`\b(would|could|might|may) (further |only |simply )?delay\b`),
      re(String.raw`\b(without (any |further |undue )?delay|no delay|(avoid|prevent|reduce|minimi[sz]e) (a |any |unnecessary |undue |further )?delays?|not be delayed|will not be delayed|won't be delayed)\b`),
      // Delay in general ("every month of delay means…"), not this one's.
      re(String.raw`\b(every|each|any|another) (day|week|month|year)s? of delay\b|\bany (further )?delay\b`),
      re(BLAME),
    ],
  },
  {
    // No bill at all where one was promised: the step is late.
    type: 'delayed',
    applies: 'commitment',
    patterns: [re(String.raw`\bstill no (bill|legislation|law|date|timetable|draft|decision|sign|scheme|consultation)\b`)],
  },
  {
    // Not done yet, with no date missed: every labeller reads "the definition has still not been adopted" as
    // criticism of slow delivery, not a delay (an inquiry's recommendations "not yet met" are not its own).
    type: 'criticised',
    applies: 'commitment',
    patterns: [
      re(String.raw`\bstill (outstanding|awaiting|waiting)\b|\bstill not (been )?(delivered|implemented|introduced|published|met|adopted|brought forward|legislated|appointed|set up|established|laid|made|created|funded)\b`),
      re(String.raw`\b(not|n't) yet (been )?(delivered|implemented|introduced|published|met|appointed)\b|\byet to (be )?(deliver|implement|introduc|publish|appoint|set up)`),
    ],
  },
  {
    type: 'criticised',
    applies: 'any',
    patterns: [
      re(String.raw`\b(criticis(ed|es|ing|m)|criticiz(ed|es|ing)|condemn(ed|s|ing)?|slamm?(ed|s)?|lambast(ed|s)?|accus(ed|es|ing)|betray(ed|al|ing)?|broken promises?)\b`),
      // Plain words: "unacceptably slow", "dragging its feet", "in chaos", "a disgrace", "badly handled".
      re(String.raw`\bunacceptably (slow|late)\b|\bdrag(ging|ged|s)? (its|their|his|her|our) (feet|heels)\b|\bdragged kicking and screaming\b|\bin chaos\b|\bchaotic\b|\b(a|an absolute|a complete|an utter|a national) disgrace\b|\bdisgraceful\b|\bbadly handled\b|\bmishandl(ed|ing)\b|\b(almost |virtually )?nothing has changed\b|\bstill unchanged\b`),
      // Failure to deliver counted out: "not one of the 20 recommendations has been implemented".
      re(String.raw`\b(not one|none|not a single one)\b[^.]{0,60}\b(has|have|had) (yet )?(been )?(fully )?(implemented|delivered|acted on)\b|\bfail(ed|ing|ure)? to act on ([\w'-]+ ){0,4}recommendations?\b`),
      re(String.raw`\b(indefensible|inexcusable|shambles|fiasco|farce)\b|\b(reacted|responded) with (anger|fury|dismay|outrage)\b|\bnobody to blame but\b|\blost (all )?(trust|confidence) in\b`),
      re(BLAME),
    ],
  },
];

/**
 * "It includes a new mandatory duty…" just after a sentence about a bill: the bill's contents, with the bill as "it"
 * (read only there: `detect.ts` asks whether the sentence before speaks of a bill).
 */
export const BILL_AS_IT: EventRule[] = [
  {
    type: 'bill-introduced',
    applies: 'commitment',
    inBill: true,
    patterns: [re(String.raw`^it (also )?(creates?|includes?|contains?|introduces?|places?|puts?|makes?|gives?|requires?|extends?|removes?|abolishes?)\b`)],
    unless: BILL_NOT_YET,
  },
  {
    type: 'bill-introduced',
    applies: 'commitment',
    inBill: true,
    prospective: true,
    patterns: [re(String.raw`^it will (also )?(remove|introduce|create|make|change|require|extend|give|allow|abolish|place|put|include|ensure|provide)\b`)],
    unless: BILL_NOT_YET,
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

/**
 * The sentence with its background clauses blanked out (same length, so positions still point into the sentence):
 * events are read from what it reports, not from what it recalls.
 */
export const foreground = (normalised: string): string =>
  BACKGROUND_CLAUSES.reduce((text, clause) => text.replace(clause, (m) => ' '.repeat(m.length)), normalised);

export interface CueHit {
  rule: EventRule;
  /** Where the pattern matched in the normalised sentence. */
  at: number;
}

/** Every rule that fires on the sentence (of `rules`, by default all of them). */
export function eventCues(normalised: string, rules: readonly EventRule[] = EVENT_RULES): CueHit[] {
  const hits: CueHit[] = [];
  for (const rule of rules) {
    // Most sentences match no pattern: test the exceptions only when one does.
    let at = -1;
    for (const p of rule.patterns) {
      const m = p.exec(normalised);
      if (m) {
        at = m.index;
        break;
      }
    }
    if (at >= 0 && !rule.unless?.some((u) => u.test(normalised))) hits.push({ rule, at });
  }
  return hits;
}
