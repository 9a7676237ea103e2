import { describe, expect, it } from 'vitest';
import { deriveStatus } from '../../../lib/board/derive.ts';
import type { Decision } from '../../../lib/board/types.ts';
import { COMMITMENT, event, INQUIRY, OPTIONS } from './fixtures.ts';

const person = (over: Partial<Decision> & Pick<Decision, 'action'>): Decision =>
  ({ id: `p-${over.action}`, entryId: COMMITMENT.id, reason: 'Checked the source', sourceUrl: 'https://example.org/source', by: 'maintainer', at: '2026-01-10T09:00:00.000Z', ...over }) as Decision;

describe('an inquiry\'s state', () => {
  it('moves announced → being set up → under way → reported → government responded, each from its event', () => {
    // Prepare
    const events = [
      event('national-inquiry', 'announced', '2025-06-14'),
      event('national-inquiry', 'chair-appointed', '2025-12-09'),
      event('national-inquiry', 'hearings', '2026-09-01'),
      event('national-inquiry', 'final-report', '2028-03-01'),
      event('national-inquiry', 'government-response', '2028-09-01'),
    ];
    // Act
    const status = deriveStatus(INQUIRY, events, [], '2029-01-01', OPTIONS);
    // Assess
    expect(status.transitions.map((t) => [t.from, t.state, t.since])).toEqual([
      ['unknown', 'announced', '2025-06-14'],
      ['announced', 'being-set-up', '2025-12-09'],
      ['being-set-up', 'under-way', '2026-09-01'],
      ['under-way', 'reported', '2028-03-01'],
      ['reported', 'government-responded', '2028-09-01'],
    ]);
    expect(status).toMatchObject({ state: 'government-responded', since: '2028-09-01', stalled: false });
  });

  it('never moves back, and counts a government response only once it has reported', () => {
    // Prepare
    const events = [event('national-inquiry', 'chair-appointed', '2025-12-09'), event('national-inquiry', 'announced', '2026-01-05'), event('national-inquiry', 'government-response', '2026-02-01')];
    // Act
    const status = deriveStatus(INQUIRY, events, [], '2026-03-01', OPTIONS);
    // Assess
    expect(status).toMatchObject({ state: 'being-set-up', since: '2025-12-09' });
    expect(status.events).toHaveLength(3);
  });

  it('shows the board as it stood on a past date', () => {
    // Prepare
    const events = [event('national-inquiry', 'announced', '2025-06-14'), event('national-inquiry', 'chair-appointed', '2025-12-09')];
    // Act
    const then = deriveStatus(INQUIRY, events, [], '2025-07-01', OPTIONS);
    // Assess
    expect(then).toMatchObject({ state: 'announced', since: '2025-06-14' });
    expect(then.events.map((e) => e.type)).toEqual(['announced']);
  });

  it('counts reports of the same event from several sources once, with every report as evidence', () => {
    // Prepare
    const events = [event('national-inquiry', 'chair-appointed', '2025-12-09'), event('national-inquiry', 'chair-appointed', '2025-12-10'), event('national-inquiry', 'chair-appointed', '2025-12-09')];
    // Act
    const status = deriveStatus(INQUIRY, events, [], '2026-01-01', OPTIONS);
    // Assess
    expect(status.events).toHaveLength(1);
    expect(status.events[0]!.evidence).toHaveLength(3);
    expect(status.events[0]!.memberIds).toEqual(expect.arrayContaining(events.map((e) => e.id)));
  });

  it('is stalled when nothing has moved for the configured time, and not once it has responded', () => {
    // Prepare
    const events = [event('national-inquiry', 'announced', '2025-06-14'), event('national-inquiry', 'criticised', '2025-12-01')];
    // Act
    const [before, after, custom] = [
      deriveStatus(INQUIRY, events, [], '2025-10-12', OPTIONS),
      deriveStatus(INQUIRY, events, [], '2025-10-13', OPTIONS),
      deriveStatus({ ...INQUIRY, stalledAfterDays: 365 }, events, [], '2025-10-13', OPTIONS),
    ];
    // Assess
    expect([before.stalled, after.stalled, custom.stalled]).toEqual([false, true, false]);
    expect(after.lastMoved).toBe('2025-06-14');
  });
});

describe('a commitment\'s state', () => {
  it('goes promised/accepted → in progress → delivered, with setbacks that a later step undoes', () => {
    // Prepare
    const events = [
      event('c-rape-law', 'accepted', '2025-06-16'),
      event('c-rape-law', 'delayed', '2025-10-01'),
      event('c-rape-law', 'promised', '2025-11-01'),
      event('c-rape-law', 'amendment', '2026-01-10'),
      event('c-rape-law', 'royal-assent', '2026-04-01'),
      event('c-rape-law', 'commenced', '2026-04-20'),
    ];
    // Act
    const status = deriveStatus(COMMITMENT, events, [], '2026-05-01', OPTIONS);
    // Assess
    expect(status.transitions.map((t) => t.state)).toEqual(['accepted', 'delayed', 'accepted', 'in-progress', 'delivered']);
    expect(status).toMatchObject({ state: 'delivered', since: '2026-04-20' });
  });

  it('is in progress, not delivered, between Royal Assent and commencement', () => {
    // Prepare
    const events = [event('c-rape-law', 'accepted', '2025-06-16'), event('c-rape-law', 'royal-assent', '2026-04-01')];
    // Act
    const [assented, commenced] = [
      deriveStatus(COMMITMENT, events, [], '2026-05-01', OPTIONS),
      deriveStatus(COMMITMENT, [...events, event('c-rape-law', 'commenced', '2026-06-01')], [], '2026-06-02', OPTIONS),
    ];
    // Assess
    expect(assented).toMatchObject({ state: 'in-progress', since: '2026-04-01' });
    expect(commenced).toMatchObject({ state: 'delivered', since: '2026-06-01' });
  });

  it('says unknown, with no date and never stalled, until there is an event', () => {
    // Act
    const status = deriveStatus(COMMITMENT, [], [], '2026-05-01', OPTIONS);
    // Assess
    expect(status).toMatchObject({ state: 'unknown', stalled: false, events: [], deadlines: [] });
    expect(status.since).toBeUndefined();
  });
});

describe("people's decisions", () => {
  it('drop a rejected event and every report of it, whatever detection finds again', () => {
    // Prepare
    const wrong = event('c-rape-law', 'dropped', '2025-10-01');
    const again = event('c-rape-law', 'dropped', '2025-10-02');
    const events = [event('c-rape-law', 'accepted', '2025-06-16'), wrong, again];
    // Act
    const status = deriveStatus(COMMITMENT, events, [person({ action: 'reject', eventId: wrong.id })], '2026-01-01', OPTIONS);
    // Assess
    expect(status).toMatchObject({ state: 'accepted', since: '2025-06-16' });
    expect(status.events.map((e) => e.type)).toEqual(['accepted']);
    expect(status.decisions).toEqual([expect.objectContaining({ action: 'reject', by: 'maintainer', reason: 'Checked the source' })]);
  });

  it('mark a confirmed event as the person\'s, and an added one carries its source and reason', () => {
    // Prepare
    const inferred = event('c-rape-law', 'accepted', '2025-06-16');
    const decisions = [
      person({ action: 'confirm', eventId: inferred.id }),
      person({ id: 'p-add', action: 'add', event: { type: 'royal-assent', date: '2026-04-29' }, reason: 'Crime and Policing Act 2026', sourceUrl: 'https://www.legislation.gov.uk/ukpga/2026/1' }),
    ];
    // Act
    const status = deriveStatus(COMMITMENT, [inferred], decisions, '2026-05-01', OPTIONS);
    // Assess
    expect(status.events).toEqual([
      expect.objectContaining({ type: 'accepted', source: 'person', decidedBy: 'maintainer' }),
      expect.objectContaining({ id: 'p-add', type: 'royal-assent', source: 'person', evidence: [{ url: 'https://www.legislation.gov.uk/ukpga/2026/1', sentence: 'Crime and Policing Act 2026', date: '2026-04-29' }] }),
    ]);
    expect(status).toMatchObject({ state: 'in-progress', since: '2026-04-29' });
  });

  it('mark a deadline met or excepted, over what the board inferred', () => {
    // Prepare
    const promise = event('c-rape-law', 'promised', '2025-07-01', { promisedBy: '2025-12-31', promisedPhrase: 'by the end of the year' });
    const id = `promise-${promise.id}`;
    // Act
    const [open, met, excepted] = [
      deriveStatus(COMMITMENT, [promise], [], '2026-01-10', OPTIONS),
      deriveStatus(COMMITMENT, [promise], [person({ action: 'deadline-met', deadlineId: id, date: '2026-01-05' })], '2026-01-10', OPTIONS),
      deriveStatus(COMMITMENT, [promise], [person({ action: 'deadline-excepted', deadlineId: id })], '2026-01-10', OPTIONS),
    ];
    // Assess
    expect(open.deadlines).toEqual([expect.objectContaining({ id, status: 'overdue', days: 10, what: 'Rape law: promised by the end of the year' })]);
    expect(met.deadlines[0]).toMatchObject({ status: 'met', metOn: '2026-01-05', metByUrl: 'https://example.org/source', days: 5 });
    expect(excepted.deadlines[0]).toMatchObject({ status: 'excepted' });
  });
});

describe('deadlines', () => {
  const report = (over: Record<string, unknown> = {}) =>
    event('national-inquiry', 'committee-report', '2025-06-27', { committee: { publicationId: '158201', title: 'Fourth Report', ...over } });

  it('gives a committee report the service\'s deadline, else two months, never more than six', () => {
    // Act
    const [stated, conventional, capped] = [
      deriveStatus(INQUIRY, [report({ responseDeadline: '2025-08-27' })], [], '2025-07-01', OPTIONS),
      deriveStatus(INQUIRY, [report()], [], '2025-07-01', OPTIONS),
      deriveStatus(INQUIRY, [report({ responseDeadline: '2026-06-30' })], [], '2025-07-01', OPTIONS),
    ];
    // Assess
    expect(stated.deadlines[0]).toMatchObject({ id: 'committee-158201', due: '2025-08-27', status: 'open', days: 57, what: 'Government response to Fourth Report' });
    expect(conventional.deadlines[0]!.due).toBe('2025-08-27');
    expect(capped.deadlines[0]!.due).toBe('2025-12-27');
  });

  it('closes a committee deadline when the response is published, late or not, and links it', () => {
    // Prepare
    const response = event('national-inquiry', 'committee-response', '2025-09-04', { committee: { publicationId: '160455', respondsTo: '158201' } });
    // Act
    const [before, after] = [deriveStatus(INQUIRY, [report({ responseDeadline: '2025-08-27' })], [], '2025-09-01', OPTIONS), deriveStatus(INQUIRY, [report({ responseDeadline: '2025-08-27' }), response], [], '2025-09-10', OPTIONS)];
    // Assess
    expect(before.deadlines[0]).toMatchObject({ status: 'overdue', days: 5 });
    expect(after.deadlines[0]).toMatchObject({ status: 'met', metOn: '2025-09-04', metByUrl: response.evidence.url, days: 8 });
  });

  it('closes a committee deadline from the responses the report lists, and excepts one the committee excepted', () => {
    // Act
    const [listed, excepted] = [
      deriveStatus(INQUIRY, [report({ responseIds: ['160455'] })], [], '2026-01-01', OPTIONS),
      deriveStatus(INQUIRY, [report({ excepted: true })], [], '2026-01-01', OPTIONS),
    ];
    // Assess
    expect(listed.deadlines[0]).toMatchObject({ status: 'met', metByUrl: 'https://committees.parliament.uk/publications/160455/' });
    expect(excepted.deadlines[0]).toMatchObject({ status: 'excepted' });
  });

  it('expects a response to an inquiry report within six months, unless the registry says none is due', () => {
    // Prepare
    const events = [event('national-inquiry', 'final-report', '2028-03-01')];
    // Act
    const [expected, none] = [deriveStatus(INQUIRY, events, [], '2028-10-01', OPTIONS), deriveStatus({ ...INQUIRY, responseExpected: false }, events, [], '2028-10-01', OPTIONS)];
    // Assess
    expect(expected.deadlines).toEqual([expect.objectContaining({ id: 'response-national-inquiry-2028-03-01', due: '2028-09-01', status: 'overdue', days: 30 })]);
    expect(none.deadlines).toEqual([]);
  });

  it('keeps a promised date until the commitment is delivered', () => {
    // Prepare
    const promise = event('c-rape-law', 'promised', '2025-07-01', { promisedBy: '2026-05-31' });
    const assent = event('c-rape-law', 'royal-assent', '2026-04-29');
    // Act
    const status = deriveStatus(COMMITMENT, [promise, assent], [], '2026-06-01', OPTIONS);
    // Assess
    expect(status.deadlines[0]).toMatchObject({ due: '2026-05-31', status: 'met', metOn: '2026-04-29', metByUrl: assent.evidence.url, days: 0 });
  });
});
