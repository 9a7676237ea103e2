import { describe, expect, it } from 'vitest';
import { loadRegistry } from '../../../lib/registry/registry.ts';
import { EventDetector } from '../../../lib/board/detect.ts';
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
