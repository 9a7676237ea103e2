import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoBoardStore } from '../../lib/adapters/dynamodb/board-store.ts';
import type { BoardNotice, PledgeCandidate } from '../../lib/board/ports.ts';
import type { Decision } from '../../lib/board/types.ts';
import { createTestTable } from '../support/dynamo.ts';
import { event } from '../unit/board/fixtures.ts';

describe('the board on DynamoDB', () => {
  let store: DynamoBoardStore;

  beforeEach(async () => {
    const t = await createTestTable('board');
    store = new DynamoBoardStore(t.client, t.tableName);
  });

  it('replaces what an item said before, on every entry it touched, and only that', async () => {
    // Prepare
    const first = [event('casey-audit', 'final-report', '2025-06-16', { evidence: { itemId: 'item-1', url: 'https://x/1', sentence: 's', date: '2025-06-16' } }), event('c-rape-law', 'accepted', '2025-06-16', { evidence: { itemId: 'item-1', url: 'https://x/1', sentence: 's', date: '2025-06-16' } })];
    const other = event('casey-audit', 'announced', '2025-01-06', { evidence: { itemId: 'item-2', url: 'https://x/2', sentence: 's', date: '2025-01-06' } });
    await store.replaceItemEvents('item-1', first);
    await store.replaceItemEvents('item-2', [other]);
    // Act: a new version of item 1 now says only one thing
    await store.replaceItemEvents('item-1', [first[0]!]);
    // Assess
    expect((await store.readEntry('casey-audit')).events.map((e) => e.id).sort()).toEqual([first[0]!.id, other.id].sort());
    expect((await store.readEntry('c-rape-law')).events).toEqual([]);
  });

  it('links a committee report and the response to it, whichever arrives first', async () => {
    // Prepare
    const report = (entryId: string) => event(entryId, 'committee-report', '2025-06-27', { committee: { publicationId: '158201' }, evidence: { itemId: 'rep', url: 'https://x/rep', sentence: 'Report', date: '2025-06-27' } });
    const response = { respondsTo: '158201', publicationId: '160455', evidence: { itemId: 'resp', url: 'https://x/resp', sentence: 'Response', date: '2025-09-04' }, learnt: '2025-09-04T10:00:00.000Z' };
    // Act: the report on one entry, the response, then the report on a second entry (a backfill)
    await store.linkCommitteeReport([report('national-inquiry')]);
    const onResponse = await store.linkCommitteeResponse(response);
    const onLateReport = await store.linkCommitteeReport([report('casey-audit')]);
    // Assess
    expect(onResponse.map((e) => e.entryId)).toEqual(['national-inquiry']);
    expect(onLateReport.map((e) => [e.entryId, e.type, e.committee?.respondsTo])).toEqual([['casey-audit', 'committee-response', '158201']]);
    expect((await store.readEntry('national-inquiry')).events).toEqual([expect.objectContaining({ id: 'resp:national-inquiry:committee-response', evidence: response.evidence })]);
  });

  it('keeps people\'s decisions beside the entry\'s events, in the order they were made', async () => {
    // Prepare
    const decision = (at: string, eventId: string): Decision => ({ id: `p-${at}`, entryId: 'c-rape-law', action: 'reject', eventId, reason: 'Wrong', sourceUrl: 'https://x', by: 'ann', at });
    // Act
    await store.putDecision(decision('2026-01-02T00:00:00.000Z', 'b'));
    await store.putDecision(decision('2026-01-01T00:00:00.000Z', 'a'));
    await store.replaceItemEvents('item-9', [event('c-rape-law', 'accepted', '2025-06-16', { evidence: { itemId: 'item-9', url: 'https://x', sentence: 's', date: '2025-06-16' } })]);
    // Assess
    const { events, decisions } = await store.readEntry('c-rape-law');
    expect(decisions.map((d) => (d as { eventId: string }).eventId)).toEqual(['a', 'b']);
    expect(events).toHaveLength(1);
  });

  it('creates a notice once however often it is noticed, and reads notices after a watermark', async () => {
    // Prepare
    const notice = (id: string, at: string): BoardNotice => ({ id, kind: 'state-change', entryId: 'national-inquiry', noticedAt: at, from: 'announced', to: 'being-set-up', since: '2025-12-09', evidence: [] });
    // Act
    const created = [await store.createNotice(notice('n1', '2025-12-09T18:00:00.000Z')), await store.createNotice(notice('n1', '2025-12-09T18:15:00.000Z')), await store.createNotice(notice('n2', '2025-12-09T18:30:00.000Z'))];
    const all = await store.newNotices('2025-12-09T00:00:00.000Z', '2025-12-09T23:00:00.000Z');
    const later = await store.newNotices(all.notices[0] ? `${all.notices[0].noticedAt}#${all.notices[0].id}` : '', '2025-12-09T23:00:00.000Z');
    // Assess
    expect(created).toEqual([true, false, true]);
    expect(all.notices.map((n) => n.id)).toEqual(['n1', 'n2']);
    expect(all.watermark).toBe('2025-12-09T18:30:00.000Z#n2');
    expect(later.notices.map((n) => n.id)).toEqual(['n2']);
    expect((await store.getNotices(['n2', 'missing', 'n1'])).map((n) => n.id)).toEqual(['n2', 'n1']);
  });

  it('keeps a person\'s accept or dismiss when the same pledge is found again', async () => {
    // Prepare
    const pledge: PledgeCandidate = { id: 'item-1-2', sentence: 'We will…', who: 'Jess Phillips', date: '2025-09-02', itemId: 'item-1', url: 'https://x', title: 't', entryIds: [], status: 'new' };
    await store.putPledges([pledge]);
    await store.setPledgeStatus(pledge.id, 'dismissed');
    // Act
    await store.putPledges([pledge]);
    // Assess
    expect(await store.listPledges()).toEqual([{ ...pledge, status: 'dismissed' }]);
  });
});
