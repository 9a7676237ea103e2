import { describe, expect, it } from 'vitest';
import { deriveStatus } from '../../../lib/board/derive.ts';
import { noticesFor, summarise } from '../../../lib/board/notices.ts';
import { event, INQUIRY, OPTIONS } from './fixtures.ts';

const NOW = new Date('2025-12-10T09:00:00.000Z');

describe('board notices', () => {
  it('notices a state change learnt this week, with its evidence and a stable id', () => {
    // Prepare
    const chair = event('national-inquiry', 'chair-appointed', '2025-12-09', { learnt: '2025-12-09T18:00:00.000Z' });
    const status = deriveStatus(INQUIRY, [event('national-inquiry', 'announced', '2025-06-14'), chair], [], '2025-12-10', OPTIONS);
    // Act
    const [first, again] = [noticesFor(status, NOW), noticesFor(status, new Date('2025-12-11T09:00:00.000Z'))];
    // Assess
    expect(first).toEqual([
      expect.objectContaining({ id: 'state:national-inquiry:being-set-up:2025-12-09', kind: 'state-change', from: 'announced', to: 'being-set-up', since: '2025-12-09', evidence: [chair.evidence] }),
    ]);
    expect(again[0]!.id).toBe(first[0]!.id);
  });

  it('stays quiet about history: old changes, and items archived quietly', () => {
    // Prepare
    const old = deriveStatus(INQUIRY, [event('national-inquiry', 'announced', '2025-06-14')], [], '2025-12-10', OPTIONS);
    const backfilled = deriveStatus(INQUIRY, [event('national-inquiry', 'announced', '2025-06-14', { learnt: '2025-12-09T10:00:00.000Z', quiet: true })], [], '2025-12-10', OPTIONS);
    // Act / Assess
    expect(noticesFor(old, NOW)).toEqual([]);
    expect(noticesFor(backfilled, NOW)).toEqual([]);
  });

  it('notices a deadline that passed with no response, though no new item came', () => {
    // Prepare
    const report = event('national-inquiry', 'committee-report', '2025-10-01', { committee: { publicationId: '1', title: 'A report', responseDeadline: '2025-12-05' } });
    const status = deriveStatus(INQUIRY, [report], [], '2025-12-10', OPTIONS);
    // Act
    const notices = noticesFor(status, NOW);
    // Assess
    expect(notices).toEqual([
      expect.objectContaining({ id: 'deadline:committee-1:2025-12-05', kind: 'deadline-passed', deadline: expect.objectContaining({ due: '2025-12-05', days: 5 }), evidence: [report.evidence] }),
    ]);
    expect(noticesFor(status, new Date('2026-02-01T09:00:00.000Z')).filter((n) => n.kind === 'deadline-passed')).toEqual([]);
  });

  it('sums up a roundup\'s board: overdue, due soon, stalled, and the week\'s net change', () => {
    // Prepare
    const statuses = [
      deriveStatus(INQUIRY, [event('national-inquiry', 'announced', '2025-06-14'), event('national-inquiry', 'chair-appointed', '2025-12-08', { learnt: '2025-12-08T10:00:00.000Z' }), event('national-inquiry', 'terms-of-reference', '2025-12-09', { learnt: '2025-12-09T10:00:00.000Z' })], [], '2025-12-10', OPTIONS),
      deriveStatus({ ...INQUIRY, id: 'iicsa', name: 'IICSA' }, [event('iicsa', 'final-report', '2025-05-01')], [], '2025-12-10', OPTIONS),
    ];
    // Act
    const summary = summarise(statuses, NOW, 30);
    // Assess
    expect(summary.changed).toEqual([{ entryId: 'national-inquiry', name: 'National inquiry', from: 'announced', to: 'being-set-up', since: '2025-12-08' }]);
    expect(summary.overdue).toEqual([expect.objectContaining({ entryId: 'iicsa', due: '2025-11-01', days: 39 })]);
    expect(summary.stalled).toEqual([expect.objectContaining({ entryId: 'iicsa', lastMoved: '2025-05-01' })]);
  });

  it('sums up a past day\'s board without the changes learnt after it', () => {
    // Prepare: as of 1 December, a change dated 28 November that was only learnt on 9 December
    const day = '2025-12-01';
    const status = deriveStatus(INQUIRY, [event('national-inquiry', 'announced', '2025-06-14'), event('national-inquiry', 'chair-appointed', '2025-11-28', { learnt: '2025-12-09T10:00:00.000Z' })], [], day, OPTIONS);
    // Act
    const summary = summarise([status], new Date(`${day}T12:00:00.000Z`), 30);
    // Assess: not yet known that day, so not a change of its week
    expect(summary.changed).toEqual([]);
  });
});
