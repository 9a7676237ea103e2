import { describe, expect, it } from 'vitest';
import { deriveStatus } from '../../../lib/board/derive.ts';
import { toStatusJson } from '../../../lib/board/json.ts';
import { COMMITMENT, event, OPTIONS } from './fixtures.ts';

describe('the status --json contract', () => {
  it('has exactly the issue\'s fields, one object per entry', () => {
    // Prepare
    const promise = event('c-rape-law', 'promised', '2025-07-01', { promisedBy: '2025-09-30' });
    const status = deriveStatus(
      { ...COMMITMENT, recommendations: [{ inquiry: 'casey-audit', number: 1, text: 'Mandatory rape charge', madeTo: 'the Government', governmentResponse: 'accepted' }] },
      [promise, event('c-rape-law', 'commenced', '2025-09-01')],
      [],
      '2025-10-01',
      OPTIONS,
    );
    // Act
    const json = JSON.parse(JSON.stringify(toStatusJson(status)));
    // Assess
    expect(Object.keys(json)).toEqual(['id', 'type', 'state', 'since', 'stalled', 'events', 'deadlines', 'recommendation']);
    expect(json).toMatchObject({ id: 'c-rape-law', type: 'commitment', state: 'delivered', since: '2025-09-01', stalled: false, recommendation: { inquiry: 'casey-audit', number: 1, government_response: 'accepted' } });
    expect(Object.keys(json.events[0])).toEqual(['type', 'date', 'item_id', 'url', 'sentence', 'source']);
    expect(json.events[0]).toMatchObject({ type: 'promised', date: '2025-07-01', item_id: promise.evidence.itemId, source: 'inferred' });
    expect(json.deadlines).toEqual([{ what: 'Rape law: promised by 2025-09-30', due: '2025-09-30', status: 'met', met_by_url: expect.stringMatching(/^https:/) }]);
  });

  it('gives null for what is not known yet and leaves out an absent recommendation', () => {
    // Act
    const json = toStatusJson(deriveStatus(COMMITMENT, [], [], '2025-10-01', OPTIONS));
    // Assess
    expect(json).toEqual({ id: 'c-rape-law', type: 'commitment', state: 'unknown', since: null, stalled: false, events: [], deadlines: [] });
  });
});
