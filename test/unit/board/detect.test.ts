import { describe, expect, it } from 'vitest';
import { loadRegistry } from '../../../lib/registry/registry.ts';
import { EventDetector } from '../../../lib/board/detect.ts';
import type { Item } from '../../../lib/model/item.ts';
import { boardItem } from './fixtures.ts';

const detector = new EventDetector(loadRegistry('config/registry.yaml'));
const found = (d: ReturnType<EventDetector['detect']>) => d.events.map((e) => `${e.entryId} ${e.type}`).sort();

describe('event detection', () => {
  it('ties every event to its item, the exact sentence and the date', () => {
    // Prepare
    const item = boardItem({
      inquiries: ['national-inquiry'],
      published: '2025-12-09T15:30:00.000Z',
      text: 'With permission, I will make a statement. Baroness Anne Longfield has been appointed as chair of the inquiry. She will report within three years.',
    });
    // Act
    const detection = detector.detect(item);
    // Assess
    expect(detection.events).toEqual([
      expect.objectContaining({
        id: `${item.id}:national-inquiry:chair-appointed`,
        type: 'chair-appointed',
        date: '2025-12-09',
        source: 'inferred',
        evidence: { itemId: item.id, url: item.url, sentence: 'Baroness Anne Longfield has been appointed as chair of the inquiry.', date: '2025-12-09', title: '' },
        learnt: item.firstSeen,
      }),
    ]);
  });

  it('gives the same events, with the same ids, when the item is read again', () => {
    // Prepare
    const item = boardItem({ commitments: ['c-mandatory-reporting'], text: 'The Crime and Policing Bill has been introduced, with a mandatory duty to report child sexual abuse.' });
    // Act
    const [first, second] = [detector.detect(item), detector.detect({ ...item })];
    // Assess
    expect(first.events.map((e) => e.id)).toEqual([`${item.id}:c-mandatory-reporting:bill-introduced`]);
    expect(second).toEqual(first);
  });

  it('does not take a chair search in its final stages for an appointment', () => {
    // Prepare
    const item = boardItem({ inquiries: ['national-inquiry'], text: 'The appointment of a chair for the national inquiry is in its final stages.' });
    // Act / Assess
    expect(found(detector.detect(item))).toEqual([]);
  });

  it('does not take the opposition\'s own draft for the inquiry\'s terms of reference', () => {
    // Prepare
    const item = boardItem({ inquiries: ['national-inquiry'], sourceType: 'news', kind: 'news', text: 'The Conservatives have published their own draft terms of reference for the national inquiry into grooming gangs.' });
    // Act / Assess
    expect(found(detector.detect(item))).toEqual([]);
  });

  it('reads nothing into a written question, only into its answer', () => {
    // Prepare
    const item = boardItem({
      kind: 'question',
      sourceType: 'question',
      commitments: ['c-iicsa-19-redress'],
      text: 'Asked by Lord Hanson (to Home Office): To ask whether they plan to establish a national redress scheme.\nAnswered by Lord Hanson of Flint: The Government is not pursuing a separate national redress scheme at this time.',
    });
    // Act / Assess
    expect(found(detector.detect(item))).toEqual(['c-iicsa-19-redress dropped']);
  });

  it('turns promises made while accepting an inquiry\'s recommendations into acceptances', () => {
    // Prepare
    const item = boardItem({
      inquiries: ['casey-audit'],
      commitments: ['c-rape-law'],
      text: "The Government accept all 12 of Baroness Casey's recommendations in full. We will change the law so that any adult who penetrates a child under 16 is charged with rape.",
    });
    // Act / Assess
    expect(found(detector.detect(item))).toEqual(['c-rape-law accepted', 'casey-audit government-response']);
  });

  it('gives a committee report the government can answer its deadline, and a response the report it answers', () => {
    // Prepare
    const report = boardItem({
      kind: 'report',
      sourceType: 'report',
      inquiries: ['national-inquiry'],
      title: 'Home Affairs Committee: Grooming gangs: the national inquiry – Fourth Report',
      text: 'Government response due by 2025-08-27',
      nativeIds: { publicationId: '158201', publicationType: 'Report', governmentCanRespond: 'true', governmentResponseDeadline: '2025-08-27' },
    });
    const response = boardItem({
      kind: 'report',
      sourceType: 'report',
      title: 'Government response to the Committee’s Fourth Report',
      text: 'Government response to the Committee’s Fourth Report',
      nativeIds: { publicationId: '160455', publicationType: 'Government Response', governmentCanRespond: 'false', responseToPublicationId: '158201' },
    });
    // Act
    const [r, s] = [detector.detect(report), detector.detect(response)];
    // Assess
    expect(r.events).toEqual([expect.objectContaining({ type: 'committee-report', committee: expect.objectContaining({ publicationId: '158201', responseDeadline: '2025-08-27' }) })]);
    expect(s.events).toEqual([]);
    expect(s.response).toMatchObject({ respondsTo: '158201', publicationId: '160455', evidence: { itemId: response.id, url: response.url } });
  });

  it('dates a retold event by the day it names, and ignores one retold without a date', () => {
    // Prepare
    const item = boardItem({
      inquiries: ['iicsa'],
      published: '2023-04-20T09:30:00.000Z',
      text: 'The Independent Inquiry into Child Sexual Abuse published its final report on 20 October 2022. In May the inquiry has published a further report.',
    });
    // Act
    const events = detector.detect(item).events;
    // Assess
    expect(events.map((e) => [e.type, e.date])).toEqual([['final-report', '2022-10-20']]);
  });

  it('finds what a promise is due by', () => {
    // Prepare
    const item = boardItem({ commitments: ['c-iicsa-implementation'], text: 'We will respond to all 20 of the recommendations with a timetable for implementing them by Easter.', published: '2025-01-06T16:00:00.000Z' });
    // Act
    const [promise] = detector.detect(item).events;
    // Assess
    expect(promise).toMatchObject({ type: 'promised', promisedBy: '2025-04-20', promisedPhrase: 'by easter' });
  });
});

describe('event detection over a written answer\'s life', () => {
  it('reads nothing into a holding answer, and dates what the answer says from when it arrived', () => {
    // Prepare
    const text = 'Answered by Jess Phillips: The Crime and Policing Bill has been introduced, with a mandatory duty to report child sexual abuse.';
    const holding = boardItem({ kind: 'question', sourceType: 'question', commitments: ['c-mandatory-reporting'], text, nativeIds: { answerState: 'holding' } });
    const answered = { ...holding, version: 2, nativeIds: { answerState: 'answered' }, trackedAt: '2025-07-01T10:00:00.000Z' };
    // Act
    const [before, after] = [detector.detect(holding), detector.detect(answered)];
    // Assess
    expect(before.events).toEqual([]);
    expect(after.events).toEqual([expect.objectContaining({ type: 'bill-introduced', learnt: '2025-07-01T10:00:00.000Z' })]);
  });
});

/**
 * General rules found by scoring a timeline written blind (README, Accountability board: Quality). The sentences
 * are written afresh for each rule, not taken from that timeline, so these test the rule and not the phrasing.
 */
describe('event detection, rules beyond one timeline', () => {
  type Over = Partial<Item> & { text: string };
  const on = (over: Over) => found(detector.detect(boardItem(over)));
  const news = { kind: 'news', sourceType: 'news' } as const;

  it.each<[string, Over, string[]]>([
    ['a report published on a weekday named', { ...news, inquiries: ['hmicfrs-inspection'], published: '2025-10-24T09:00:00Z', text: 'In its report published on Thursday, the inspectorate said forces still missed the signs of group-based child sexual exploitation (HMICFRS).' }, ['hmicfrs-inspection final-report']],
    ['an appointment confirmed to the person', { inquiries: ['national-inquiry'], text: 'I am pleased to confirm your appointment as chair of the Independent Inquiry into Grooming Gangs.' }, ['national-inquiry chair-appointed']],
    ['terms of reference the writer has published', { inquiries: ['national-inquiry'], text: 'The Independent Inquiry into Grooming Gangs will look at local failures. Its draft terms of reference, which we have published today, are attached.' }, ['national-inquiry terms-of-reference']],
    ['rules that come into force', { ...news, commitments: ['c-iicsa-20-age-verification'], text: 'Stronger age verification online becomes real today as the new codes come into force.' }, ['c-iicsa-20-age-verification commenced']],
    ['a later date than planned', { inquiries: ['casey-audit'], text: 'The national audit on group-based child sexual exploitation will be completed in July rather than in May.' }, ['casey-audit delayed']],
    ['more time asked for', { inquiries: ['casey-audit'], text: "Baroness Casey's national audit needs more time to finish its work on local data." }, ['casey-audit delayed']],
    ['plain words of criticism', { ...news, inquiries: ['national-inquiry'], text: 'The search for a chair for the Independent Inquiry into Grooming Gangs has been a fiasco, opposition MPs said.' }, ['national-inquiry criticised']],
    ['money committed to a named thing', { ...news, commitments: ['c-victim-support'], text: 'The government has committed £30m to expand therapy for child victims of sexual abuse.' }, ['c-victim-support funded']],
  ])('finds %s', (_what, over, expected) => {
    // Act / Assess
    expect(on(over)).toEqual(expected);
  });

  it.each<[string, Over]>([
    ['a body described in passing', { ...news, inquiries: ['hmicfrs-inspection', 'iicsa'], text: 'The inspection, commissioned by the Home Secretary after the Independent Inquiry into Child Sexual Abuse, looked at twelve forces.' }],
    ['a plan for an inquiry already announced', { inquiries: ['national-inquiry'], text: 'We expect the Independent Inquiry into Grooming Gangs to be set up under the Inquiries Act 2005 by the summer.' }],
    ["a member's own amendment, withdrawn", { kind: 'debate', sourceType: 'hansard', commitments: ['c-mandatory-reporting'], text: 'My Lords, amendment 88 in my name would add a sanction to the mandatory reporting duty. I beg leave to withdraw the amendment.' }],
    ['a stage still to come', { kind: 'debate', sourceType: 'hansard', commitments: ['c-mandatory-reporting'], text: 'The minister has agreed to meet me before report stage to discuss the mandatory reporting duty.' }],
    ['delay in general', { ...news, commitments: ['c-mandatory-reporting'], text: 'Campaigners want a mandatory reporting duty. "Each year of delay leaves children unprotected," one said.' }],
    ['what a previous government did', { ...news, commitments: ['c-oversight'], text: 'The previous government declined to create a Child Protection Authority.' }],
    ['a request to the government', { inquiries: ['iicsa'], commitments: ['c-iicsa-implementation'], text: 'The inquiry asked the Government to set out how it will implement the recommendations of the Independent Inquiry into Child Sexual Abuse.' }],
    ['a promise of further details', { commitments: ['c-ethnicity-data'], text: 'Mandatory ethnicity data is being worked on with police forces. We will publish further details shortly.' }],
    ['criticism of the government over an inquiry\'s recommendations', { ...news, inquiries: ['iicsa'], text: "Charities criticised ministers' slow progress on the recommendations of the Independent Inquiry into Child Sexual Abuse." }],
  ])('reads nothing into %s', (_what, over) => {
    // Act / Assess
    expect(on(over)).toEqual([]);
  });

  it('dates an event retold with a day and month by the last such day', () => {
    // Prepare
    const item = boardItem({ kind: 'question', sourceType: 'question', inquiries: ['local-inquiries'], published: '2025-02-04T10:00:00Z', text: 'Answered by the minister: On 6 January the Home Secretary announced £5 million for local inquiries into grooming gangs.' });
    // Act / Assess
    expect(detector.detect(item).events.map((e) => [e.type, e.date])).toEqual([['announced', '2025-01-06']]);
  });

  it('reads an item that is an inquiry\'s own report as its publication, and not its update', () => {
    // Prepare
    const report: Over = { kind: 'report', sourceType: 'report', inquiries: ['casey-audit'], text: 'Foreword. I was asked to look at the evidence.' };
    // Act / Assess
    expect(on({ ...report, title: 'National Audit on Group-based Child Sexual Exploitation and Abuse (accessible version)' })).toEqual(['casey-audit final-report']);
    expect(on({ ...report, title: 'National Audit on Group-based Child Sexual Exploitation and Abuse: progress update' })).toEqual([]);
  });

  it('reads what is said of the future as acceptance in a response that accepts recommendations, and only there', () => {
    // Prepare
    const future = 'Police will pursue group-based exploitation as serious organised crime under a national operating model.';
    const accepting = { inquiries: ['casey-audit'], commitments: ['c-casey-8-organised-crime'], text: `The Government accepts every recommendation of the national audit. ${future}` };
    // Act / Assess
    expect(on(accepting)).toEqual(['c-casey-8-organised-crime accepted', 'casey-audit government-response']);
    expect(on({ commitments: ['c-casey-8-organised-crime'], text: future })).toEqual([]);
  });

  it('in a response, reads a bill that will deliver a recommendation as its acceptance, beside its introduction as the bill', () => {
    // Prepare
    const bill = 'The Online Safety Bill will require robust age verification for sites children use.';
    // Act / Assess
    expect(on({ inquiries: ['iicsa'], commitments: ['c-iicsa-20-age-verification'], text: `The Government accepts the recommendations of the Independent Inquiry into Child Sexual Abuse. ${bill}` })).toEqual(['c-iicsa-20-age-verification accepted', 'iicsa government-response']);
    expect(on({ commitments: ['c-iicsa-20-age-verification'], text: `The Online Safety Bill has been introduced. ${bill}` })).toEqual(['c-iicsa-20-age-verification bill-introduced']);
  });

  it('reads what a bill does as news of the commitment in it only beside the bill\'s introduction', () => {
    // Prepare
    const contents = 'The Bill creates a mandatory duty to report child sexual abuse.';
    // Act / Assess
    expect(on({ commitments: ['c-mandatory-reporting'], text: `The Crime and Policing Bill was introduced in the Commons today. ${contents}` })).toEqual(['c-mandatory-reporting bill-introduced']);
    expect(on({ commitments: ['c-mandatory-reporting'], text: `Progress has been made on every recommendation. ${contents}` })).toEqual([]);
  });

  it('reads a promise about a bill not yet introduced as a promise', () => {
    // Act / Assess
    expect(on({ commitments: ['c-mandatory-reporting'], text: 'Ministers said the mandatory reporting duty will be included in the Children\'s Safeguarding Bill when it is introduced next year.' })).toEqual(['c-mandatory-reporting promised']);
  });

  it('gives a promise to every commitment it names in one clause, and not past it', () => {
    // Prepare
    const text = 'Ministers will fund research into the drivers of group-based exploitation and an urgent review of child protection data; we are also promoting the Criminal Injuries Compensation Scheme.';
    // Act / Assess
    expect(on({ commitments: ['c-casey-9-data-review', 'c-casey-10-drivers-research', 'c-iicsa-18-compensation-scheme'], text })).toEqual(['c-casey-10-drivers-research promised', 'c-casey-9-data-review promised']);
  });

  it('carries a sentence that names nothing to the entry something just happened to, or to the one inquiry of the item', () => {
    // Prepare
    const dropped = 'The government is not pursuing a national redress scheme, and points survivors to the Criminal Injuries Compensation Scheme. Survivors were appalled. "This is a betrayal," said one.';
    const chair = 'Members welcomed the statement. A chair has finally been appointed to lead it. Everyone wants the Independent Inquiry into Grooming Gangs to succeed.';
    // Act / Assess
    expect(on({ ...news, commitments: ['c-iicsa-19-redress', 'c-iicsa-18-compensation-scheme'], text: dropped })).toEqual(['c-iicsa-19-redress criticised', 'c-iicsa-19-redress dropped']);
    expect(on({ kind: 'debate', sourceType: 'hansard', inquiries: ['national-inquiry'], text: chair })).toEqual(['national-inquiry chair-appointed']);
  });

  it('does not give another entry an event the item already told of ("the consultation")', () => {
    // Prepare
    const text = 'Ministers have launched a consultation on a Child Protection Authority. They also promised therapy for every child victim of sexual abuse. The consultation runs for twelve weeks.';
    // Act / Assess
    expect(on({ ...news, commitments: ['c-oversight', 'c-victim-support'], text })).not.toContain('c-victim-support consultation');
  });
});

/**
 * Rules drawn from the third blind timeline's misses and false alarms (README, Accountability board: Quality), each
 * in sentences of its own.
 */
describe('event detection, layouts and phrasings of the third round', () => {
  type Over = Partial<Item> & { text: string };
  const on = (over: Over) => found(detector.detect(boardItem(over)));
  const news = { kind: 'news', sourceType: 'news' } as const;
  const lords = { kind: 'debate', sourceType: 'hansard' } as const;
  const response: Partial<Item> = { kind: 'report', sourceType: 'report', inquiries: ['casey-audit'] };

  it('reads a response laid out as headings, each decided by one word', () => {
    // Prepare
    const text = [
      'The Government accepts the recommendations of the national audit, as set out below.',
      'Recommendation 7: upgrade police information systems',
      'Accepted. Forces will move to linked intelligence platforms over the next two years.',
      'Recommendation 1: the law on the rape of children under 16',
      'Not accepted. Existing offences already carry a life sentence.',
      'Recommendation 2: a national operation',
      'Accepted. The operation will look again at historic cases closed with no further action.',
    ].join('\n');
    // Act
    const events = detector.detect(boardItem({ ...response, commitments: ['c-casey-7-police-systems', 'c-rape-law', 'c-historic-cases'], text })).events;
    // Assess
    expect(events.map((e) => `${e.entryId} ${e.type}`).sort()).toEqual([
      'c-casey-7-police-systems accepted', 'c-historic-cases accepted', 'c-rape-law rejected', 'casey-audit government-response',
    ]);
    expect(events.find((e) => e.entryId === 'c-casey-7-police-systems')!.evidence.sentence).toBe('Recommendation 7: upgrade police information systems — Accepted.');
  });

  it('gives a one-word verdict to the recommendation written just before it', () => {
    // Act / Assess
    expect(on({ ...response, commitments: ['c-casey-7-police-systems'], text: 'Recommendation 7: Police information systems should be upgraded.\nGovernment response: Accepted.' }))
      .toEqual(['c-casey-7-police-systems accepted']);
  });

  it("reads a list's items as the promises of the one who set them out, each item on its own", () => {
    // Prepare
    const text = [
      'In her statement the Home Secretary set out that:',
      '- the duty to report child sexual abuse will be part of the next Policing Bill',
      '- £2 million will be provided for community projects in the affected towns',
    ].join('\n');
    // Act / Assess
    expect(on({ kind: 'statement', sourceType: 'other', commitments: ['c-mandatory-reporting'], text })).toEqual(['c-mandatory-reporting promised']);
  });

  it("does not read a commitment an announced audit will examine as promised", () => {
    // Prepare
    const text = 'The minister announced that:\n- Baroness Casey will lead a short national audit of grooming gangs, including the ethnicity of perpetrators';
    // Act / Assess
    expect(on({ kind: 'statement', sourceType: 'other', inquiries: ['casey-audit'], commitments: ['c-ethnicity-data'], text })).toEqual(['casey-audit announced']);
  });

  it('reads a bill called "it" just after its introduction as containing the commitment', () => {
    // Prepare
    const text = 'New laws on knife crime and child abuse were introduced to Parliament today in the Safer Streets Bill. It contains a mandatory duty to report child sexual abuse.';
    // Act / Assess
    expect(on({ commitments: ['c-mandatory-reporting'], text })).toEqual(['c-mandatory-reporting bill-introduced']);
    expect(on({ commitments: ['c-mandatory-reporting'], text: 'The strategy was welcomed by charities. It contains a mandatory duty to report child sexual abuse.' })).toEqual([]);
    expect(on({ commitments: ['c-mandatory-reporting'], text: 'The Safer Streets Bill was introduced in the Commons today. It will create a mandatory duty to report child sexual abuse.' }))
      .toEqual(['c-mandatory-reporting bill-introduced']);
  });

  it.each<[string, Over, string[]]>([
    ['an operation launched, with "today" between the verbs', { ...news, inquiries: ['nca-operation'], text: 'The National Crime Agency has today launched Operation Beaconport to look again at closed cases.' }, ['nca-operation established']],
    ['money being made available', { ...news, commitments: ['c-victim-support'], text: 'Ministers are making up to £12 million available to expand specialist therapy in every region.' }, ['c-victim-support funded']],
    ['a rejection put as no intention', { commitments: ['c-oversight'], text: 'The Government does not intend to establish a Child Protection Authority, preferring to strengthen the inspectorates.' }, ['c-oversight rejected']],
    ['a rejection put as not minded to', { commitments: ['c-oversight'], text: 'Ministers are not minded to create a Child Protection Authority for England.' }, ['c-oversight rejected']],
    ['a report published, with "today" inside the passive', { ...news, inquiries: ['hmicfrs-inspection'], text: 'The inspectorate report on group-based child sexual exploitation (HMICFRS) was today published.' }, ['hmicfrs-inspection final-report']],
    ['a numbered list set out by the minister', { kind: 'statement', sourceType: 'other', commitments: ['c-mandatory-reporting'], text: 'The minister confirmed that:\n1. the duty to report child sexual abuse will be in the next Policing Bill' }, ['c-mandatory-reporting promised']],
    ['an appointment that will take longer than hoped', { ...lords, inquiries: ['national-inquiry'], published: '2025-10-21T14:00:00Z', text: 'The national inquiry into grooming gangs was announced in June. Since then we have looked for a chair. I must tell the House that one candidate has withdrawn. Finding a chair will take longer than we had hoped.' }, ['national-inquiry delayed']],
  ])('finds %s', (_what, over, expected) => {
    // Act / Assess
    expect(on(over)).toEqual(expected);
  });

  it.each<[string, Over]>([
    ["a member's question in a whole exchange, after the member's name", { ...lords, inquiries: ['iicsa'], commitments: ['c-iicsa-implementation'], text: 'Lord Smith of Anywhere (LD): To ask His Majesty\'s Government when they will publish their response to the recommendations of the Independent Inquiry into Child Sexual Abuse.' }],
    ['amendments still to be tabled as the bill goes on', { ...news, commitments: ['c-mandatory-reporting'], text: 'The minister said the government would table amendments creating the mandatory reporting duty as the bill continues through the Lords. Details will follow when the amendments are tabled.' }],
    ['a promise retold with the month it was made', { kind: 'report', sourceType: 'report', commitments: ['c-iicsa-implementation'], published: '2025-06-10T09:00:00Z', text: 'In March the minister told Parliament that the government would set out by the summer how it will implement the recommendations of the Independent Inquiry into Child Sexual Abuse.' }],
    ['a promise of a further update', { commitments: ['c-ethnicity-data'], text: 'Work on mandatory ethnicity data continues with police forces, and we will provide a further update when it is complete.' }],
    ['plans already known, pointed to', { ...news, commitments: ['c-iicsa-15-limitation'], text: 'Ministers pointed to their plans to remove the limitation period for civil claims by survivors.' }],
    ["an inquiry's own plans, as its chair reports them", { ...news, commitments: ['c-historic-cases'], text: 'She said the inquiry would agree how it will share evidence with the review of historic cases closed with no further action.' }],
    ['an argument about what something would delay', { ...news, inquiries: ['national-inquiry'], text: 'Ministers had long argued that a national inquiry into grooming gangs would delay justice for victims.' }],
    ['no bill yet', { ...news, commitments: ['c-casey-11-taxi-licensing'], text: 'Ministers have pledged to close the taxi licensing loophole, but no bill has been published.' }],
    ['a promise restated "as announced"', { commitments: ['c-ethnicity-data'], text: 'As announced in the summer, we will make ethnicity data on suspects mandatory.' }],
    ['a call to act without further delay', { ...news, commitments: ['c-definition'], text: 'Charities urged ministers to adopt the definition of group-based exploitation without further delay.' }],
  ])('reads no step into %s', (_what, over) => {
    // Act / Assess
    expect(on(over).filter((e) => !e.endsWith(' promised'))).toEqual([]);
    if (_what !== 'no bill yet') expect(on(over)).toEqual([]);
  });

  it('reads "the postponement" as the delay already told, and "the decision" criticised as what was decided', () => {
    // Prepare
    const delay = 'The Home Office has put back its response to the Independent Inquiry into Child Sexual Abuse until the autumn. Charities said the postponement was a blow and urged ministers to commit to the mandatory reporting duty.';
    const dropped = 'Ministers have scrapped plans for a national redress scheme. Instead they point to reform of the limitation period and the Criminal Injuries Compensation Scheme. Survivors condemned the decision.';
    // Act / Assess
    expect(on({ ...news, inquiries: ['iicsa'], commitments: ['c-mandatory-reporting'], text: delay })).toEqual(['iicsa delayed']);
    expect(on({ ...news, commitments: ['c-iicsa-19-redress', 'c-iicsa-15-limitation', 'c-iicsa-18-compensation-scheme'], text: dropped })).toEqual(['c-iicsa-19-redress criticised', 'c-iicsa-19-redress dropped']);
  });

  it('does not give money for something the sentence names to the commitment in the item before', () => {
    // Prepare
    const text = 'The Home Secretary set out that:\n- ethnicity data on suspects will be made mandatory\n- £3 million will be made available for locally led reviews in three towns';
    // Act / Assess
    expect(on({ kind: 'statement', sourceType: 'other', commitments: ['c-ethnicity-data'], text })).toEqual(['c-ethnicity-data promised']);
  });

  it('does not take accepting a recommendation to hold an inquiry for that inquiry\'s government response', () => {
    // Act / Assess
    expect(on({ ...news, inquiries: ['casey-audit', 'national-inquiry'], text: 'Ministers accepted all the recommendations of the Casey audit, including a national inquiry into grooming gangs.' })).toEqual(['casey-audit government-response']);
    expect(on({ ...news, inquiries: ['casey-audit', 'national-inquiry'], text: "The Government accepted every one of Baroness Casey's recommendations and committed to a national inquiry into grooming gangs." })).not.toContain('national-inquiry government-response');
  });

  it('gives what will be done instead of a rejected recommendation no acceptance', () => {
    // Prepare
    const text = 'The Government accepts the recommendations of the Independent Inquiry into Child Sexual Abuse, with one exception. We do not accept the recommendation for a Child Protection Authority. Instead we will strengthen the role of the existing inspectorates.';
    // Act / Assess
    expect(on({ inquiries: ['iicsa'], commitments: ['c-oversight'], text })).toEqual(['c-oversight rejected', 'iicsa government-response']);
  });

  it('gives a committee report to the entries its title names, not to every entry it cites', () => {
    // Prepare
    const report = boardItem({
      kind: 'report',
      sourceType: 'report',
      inquiries: ['casey-audit'],
      commitments: ['c-casey-11-taxi-licensing'],
      title: 'Transport Committee: Taxi and private hire licensing after the loophole',
      text: "Summary: Baroness Casey's audit showed how out-of-area taxis put children at risk.",
      nativeIds: { publicationId: '900001', publicationType: 'Report', governmentCanRespond: 'true' },
    });
    // Act / Assess
    expect(found(detector.detect(report))).toEqual(['c-casey-11-taxi-licensing committee-report']);
  });
});
