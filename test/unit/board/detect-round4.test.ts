import { describe, expect, it } from 'vitest';
import { loadRegistry } from '../../../lib/registry/registry.ts';
import { EventDetector } from '../../../lib/board/detect.ts';
import { earlierDate } from '../../../lib/board/dates.ts';
import type { Item } from '../../../lib/model/item.ts';
import { boardItem } from './fixtures.ts';

/** The fourth round's rules (README, Accountability board: the fourth round), each with sentences of its own. */
const detector = new EventDetector(loadRegistry('config/registry.yaml'));
type Over = Partial<Item> & { text: string };
const on = (over: Over) =>
  detector
    .detect(boardItem(over))
    .events.map((e) => `${e.entryId} ${e.type}`)
    .sort();
const news = { kind: 'news', sourceType: 'news' } as const;
const debate = { kind: 'debate', sourceType: 'hansard' } as const;
const document = { kind: 'report', sourceType: 'other' } as const;

describe('event detection, fourth round: criticism', () => {
  it.each<[string, Over, string[]]>([
    ['an inquiry said to be in chaos', { ...news, inquiries: ['national-inquiry'], text: 'Opposition MPs said the national inquiry into grooming gangs was in chaos.' }, ['national-inquiry criticised']],
    ['a set-up called badly handled', { ...news, inquiries: ['national-inquiry'], text: 'The national inquiry into grooming gangs had been badly handled from the start, the report found.' }, ['national-inquiry criticised']],
    ['feet said to be dragged', { ...news, commitments: ['c-casey-11-taxi-licensing'], text: 'Drivers say ministers are dragging their feet on the taxi licensing loophole.' }, ['c-casey-11-taxi-licensing criticised']],
    ['recommendations counted out as undone', { ...news, inquiries: ['iicsa'], commitments: ['c-iicsa-implementation'], text: 'Two years on, not one of the IICSA recommendations has been implemented.' }, ['c-iicsa-implementation criticised']],
    ['a step not yet taken, with no date missed', { ...news, commitments: ['c-definition'], text: 'Inspectors said the national definition of group-based child sexual exploitation has still not been adopted.' }, ['c-definition criticised']],
  ])('reads %s as criticism', (_what, over, expected) => {
    // Act / Assess
    expect(on(over)).toEqual(expected);
  });

  it('reads a bill still missing as a delay, and lessons not learnt as nothing of a commitment', () => {
    // Act / Assess
    expect(on({ ...news, commitments: ['c-rape-law'], text: 'A year on there is still no bill to change the law of rape for under-16s.' })).toEqual(['c-rape-law delayed']);
    expect(on({ ...news, commitments: ['c-ethnicity-data'], text: 'Ethnicity data on perpetrators is patchy, and the lessons of Rotherham have still not been learned.' })).toEqual([]);
  });

  it('reads failing to act as criticism only of failing to act on recommendations', () => {
    // Act / Assess
    expect(on({ ...news, commitments: ['c-mandatory-reporting'], text: 'Teachers who fail to act on signs of abuse will break the law under the mandatory reporting duty.' })).not.toContain(
      'c-mandatory-reporting criticised',
    );
    expect(on({ ...news, inquiries: ['iicsa'], commitments: ['c-iicsa-implementation'], text: 'Survivors accused ministers of failing to act on the IICSA recommendations.' })).toEqual([
      'c-iicsa-implementation criticised',
    ]);
  });

  it('does not read a past government that did not implement something as a rejection', () => {
    // Act / Assess
    expect(on({ ...debate, commitments: ['c-iicsa-19-redress'], text: 'Yvette Cooper: They did not implement the recommendation on a national redress scheme.' })).toEqual([]);
  });
});

describe('event detection, fourth round: acceptances and promises', () => {
  it('in a response, accepts what was recommended and keeps the rest as promises', () => {
    // Prepare
    const text = 'The Government accepts every recommendation of the Casey audit. We will commission an urgent review of child protection data. We will also introduce a single national definition of group-based child sexual exploitation.';
    // Act / Assess
    expect(on({ ...document, inquiries: ['casey-audit'], commitments: ['c-casey-9-data-review', 'c-definition'], text })).toEqual([
      'c-casey-9-data-review accepted',
      'c-definition promised',
      'casey-audit government-response',
    ]);
  });

  it('does not read the government recalling its acceptance as a new one', () => {
    // Act / Assess
    expect(on({ ...debate, inquiries: ['iicsa'], commitments: ['c-iicsa-implementation'], text: 'Jess Phillips: We accepted the need to act on the IICSA recommendations and we are getting on with it.' })).toEqual([]);
    expect(on({ ...news, inquiries: ['iicsa'], commitments: ['c-iicsa-implementation'], text: 'A spokesperson said: "We accepted the IICSA recommendations and are delivering them."' })).toEqual([]);
  });

  it.each<[string, Over]>([
    ['a promise reported as said before', { ...news, commitments: ['c-casey-11-taxi-licensing'], text: 'Ministers have said they will legislate to close the taxi licensing loophole.' }],
    ['a promise for when parliamentary time allows', { ...news, commitments: ['c-casey-11-taxi-licensing'], text: 'The department will legislate on the taxi licensing loophole when parliamentary time allows.' }],
    ['a decision still to be set out', { commitments: ['c-oversight'], text: 'The Department is weighing a Child Protection Authority and will set out its conclusions in the new year.' }],
    ['more of the same, with "also" before it', { commitments: ['c-victim-support'], text: 'We will also continue to fund Child Houses for child victims.' }],
    ['a committee recommending that the government say what it will do', { kind: 'report', sourceType: 'report', commitments: ['c-iicsa-19-redress'], text: 'We recommend that the Government set out by June whether it will establish a national redress scheme.' }],
    ['what an operation will do, after a leading clause', { commitments: ['c-historic-cases'], inquiries: ['nca-operation'], text: 'Working with every force, the operation will re-examine closed cases of group-based child sexual exploitation.' }],
    ['entries named in a clause before another subject promises something else', { ...debate, commitments: ['c-casey-10-drivers-research', 'c-casey-11-taxi-licensing'], text: 'Jess Phillips: Work has begun on the research into the drivers of this offending and on the taxi licensing loophole, and we will set out more on victims soon.' }],
  ])('finds no promise in %s', (_what, over) => {
    // Act / Assess
    expect(on(over)).toEqual([]);
  });

  it('keeps a promise for an entry whose own clause promises it, before another clause', () => {
    // Act / Assess
    const text = 'Recording the ethnicity of suspects will become mandatory for every force, and we will publish the figures each year.';
    expect(on({ commitments: ['c-ethnicity-data'], text })).toEqual(['c-ethnicity-data promised']);
  });

  it('reads a refusal of what the government had accepted as dropping it', () => {
    // Act / Assess
    expect(on({ commitments: ['c-casey-11-taxi-licensing'], published: '2026-03-02T10:00:00Z', text: 'We have concluded that we will not legislate on the taxi licensing loophole.' })).toEqual(['c-casey-11-taxi-licensing dropped']);
  });
});

describe('event detection, fourth round: structures, time and attribution', () => {
  it('reads the items of a list of what has been done as the record, not news', () => {
    // Act / Assess
    const text = 'Since the spring, the Government has:\n• introduced the Crime and Policing Bill, which creates a mandatory duty to report child sexual abuse;';
    expect(on({ ...document, commitments: ['c-mandatory-reporting'], text })).toEqual([]);
  });

  it.each<[string, Over]>([
    ['an appointment as the time of an update', { ...debate, inquiries: ['national-inquiry'], text: 'Jess Phillips: I will update the House when the chair of the national inquiry has been appointed.' }],
    ['a duty coming into force as the time of a need', { ...news, commitments: ['c-data-sharing'], text: 'Councils said guidance was needed before the duty to share information came into force.' }],
    ['the pilot new money builds on', { ...news, commitments: ['c-victim-support'], text: 'The money for Child Houses will open five more, building on the pilot in Bristol.' }],
    ["a member's own amendment", { ...debate, commitments: ['c-rape-law'], text: 'Lord Blencathra (Con): My amendment would put the change to the law of rape into this Bill.' }],
    ['amendments none of which has been tabled', { ...news, commitments: ['c-mandatory-reporting'], text: 'The mandatory reporting duty drew wide support, though no amendments have been tabled.' }],
  ])('finds no event in %s', (_what, over) => {
    // Act / Assess
    expect(on(over)).toEqual([]);
  });

  it('reads a chair who has agreed to chair as appointed', () => {
    // Act / Assess
    expect(on({ ...debate, inquiries: ['national-inquiry'], text: 'Jess Phillips: I can tell the House that Dame Jane Doe has agreed to chair the national inquiry into grooming gangs.' })).toEqual([
      'national-inquiry chair-appointed',
    ]);
  });

  it('reads a step due for publication that "will instead be published" later as a delay', () => {
    // Act / Assess
    expect(on({ inquiries: ['iicsa'], text: 'The Independent Inquiry into Child Sexual Abuse reported last October. Because of the elections, the response will instead be published in June.' })).toEqual(['iicsa delayed']);
  });

  it("reads an inquiry's own terms of reference by their title, with its announcement as background", () => {
    // Act / Assess
    expect(
      on({ ...document, title: 'National inquiry into group-based child sexual exploitation: terms of reference', inquiries: ['national-inquiry'], text: 'The Prime Minister has announced a national inquiry into group-based child sexual exploitation.' }),
    ).toEqual(['national-inquiry terms-of-reference']);
  });

  it('gives a step of "the inquiry" to the inquiry named before, not to an audit named after it', () => {
    // Prepare
    const text = 'Jess Phillips: The national inquiry into grooming gangs will be statutory. It builds on the Casey audit. I am today publishing draft terms of reference for the inquiry.';
    // Act / Assess
    expect(on({ ...debate, inquiries: ['national-inquiry', 'casey-audit'], text })).toEqual(['national-inquiry terms-of-reference']);
  });

  it('dates a promise to the day it was said, when the sentence says so', () => {
    // Act / Assess
    expect(earlierDate('As the Minister set out to the House on 3 March, the Government will legislate.', '2025-06-01')).toBe('2025-03-03');
    expect(earlierDate('On 3 March the Government will publish its plan.', '2025-02-01')).toBeUndefined();
  });

  it('does not carry an amendment called separate to the commitment before it', () => {
    // Act / Assess
    const text = 'The bill creates a mandatory duty to report child sexual abuse. MPs also voted on a separate amendment to the bill on abortion, which was agreed.';
    expect(on({ ...news, commitments: ['c-mandatory-reporting'], text })).toEqual([]);
  });
});
