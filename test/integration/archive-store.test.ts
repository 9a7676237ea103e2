import { beforeEach, describe, expect, it } from 'vitest';
import type { Candidate } from '../../lib/store/ports.ts';
import type { ItemDraft } from '../../lib/model/item.ts';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { INDEXES } from '../../lib/store/table.ts';
import { ItemEntity } from '../../lib/store/entities/item-entity.ts';
import { createTestTable, type TestTable } from '../support/dynamo.ts';
import { readTrackedCounts, recountTracked } from '../../lib/adapters/dynamodb/tracked-counts.ts';
import { applyRegistry } from '../../lib/registry/apply.ts';
import { DynamoCorrectionStore } from '../../lib/adapters/dynamodb/correction-store.ts';

const draft = (over: Partial<ItemDraft> = {}): ItemDraft => ({
  sourceId: 'bbc-uk',
  sourceType: 'news',
  title: 'Casey audit published',
  url: 'https://www.bbc.com/news/articles/c1',
  published: '2025-06-16T10:00:00.000Z',
  text: 'Baroness Casey published her national audit.',
  nativeIds: { guid: 'https://www.bbc.com/news/articles/c1' },
  dedupKeys: ['url:https://www.bbc.com/news/articles/c1', 'title:casey audit published'],
  ...over,
});
const candidate = (d: ItemDraft, over: Partial<Candidate> = {}): Candidate => ({
  draft: d,
  classification: { inquiries: ['casey-audit'], commitments: [], kind: 'news', evidence: [] },
  fetched: '2025-06-16T11:00:00.000Z',
  quiet: false,
  ...over,
});

describe('DynamoArchiveStore.ingest', () => {
  let t: TestTable;
  beforeEach(async () => {
    t = await createTestTable();
  });

  it('stores a new item once and writes nothing when it is seen again unchanged', async () => {
    // Prepare
    const c = candidate(draft());
    // Act
    const first = await t.store.ingest([c]);
    const second = await t.store.ingest([c]);
    // Assess
    expect(first.newItems).toHaveLength(1);
    expect(second).toMatchObject({ newItems: [], updatedItems: [], unchanged: 1, writeRequests: 0 });
  });

  it('keeps the same story from two feeds as one item', async () => {
    // Prepare
    const a = candidate(draft());
    const b = candidate(draft({ sourceId: 'bbc-politics', dedupKeys: ['guid:other', 'url:https://www.bbc.com/news/articles/c1'] }));
    // Act
    const result = await t.store.ingest([a, b]);
    const later = await t.store.ingest([b]);
    // Assess
    expect(result.newItems).toHaveLength(1);
    expect(result.duplicates).toBe(1);
    expect(later).toMatchObject({ newItems: [], unchanged: 1, writeRequests: 0 });
  });

  it('versions an item whose title changes at its own source', async () => {
    // Prepare
    const [stored] = (await t.store.ingest([candidate(draft())])).newItems;
    // Act
    const result = await t.store.ingest([candidate(draft({ title: 'Casey audit published: reaction' }))]);
    // Assess
    expect(result.updatedItems).toHaveLength(1);
    const versions = await t.store.getItemWithVersions(stored!.id);
    expect(versions.map((v) => [v.version, v.title])).toEqual([
      [2, 'Casey audit published: reaction'],
      [1, 'Casey audit published'],
    ]);
  });

  it('keeps item counts per tracked entry as items arrive and change tags, and recounts to the same figures', async () => {
    // Prepare
    const casey = candidate(draft());
    const other = candidate(draft({ url: 'https://example.org/2', title: 'Ethnicity data to be mandatory', dedupKeys: ['url:https://example.org/2'] }), {
      classification: { inquiries: ['casey-audit'], commitments: ['c-ethnicity-data'], kind: 'news', evidence: [] },
    });
    // Act: two new items, then the first is retitled and loses casey-audit for national-inquiry
    await t.store.ingest([casey, other]);
    await t.store.ingest([
      candidate(draft({ title: 'Inquiry chair named' }), { classification: { inquiries: ['national-inquiry'], commitments: [], kind: 'news', evidence: [] } }),
    ]);
    const ids = ['casey-audit', 'national-inquiry', 'c-ethnicity-data', 'iicsa'];
    const kept = await readTrackedCounts(t.client, t.tableName, ids);
    const recounted = await recountTracked(t.client, t.tableName, ids);
    // Assess
    expect(Object.fromEntries(kept)).toEqual({ 'casey-audit': 1, 'national-inquiry': 1, 'c-ethnicity-data': 1, iicsa: 0 });
    expect(recounted).toEqual(kept);
  });

  it('keeps one item when two entries in a batch reach it through different keys, adding both aliases', async () => {
    // Prepare: stored under url u1 and title t1; one entry keeps the URL under a new title, another the title under a new URL
    await t.store.ingest([candidate(draft({ dedupKeys: ['url:https://example.org/u1', 'title:t1'] }))]);
    const retitled = candidate(draft({ title: 'Retitled', dedupKeys: ['url:https://example.org/u1', 'title:t2'] }));
    const moved = candidate(draft({ dedupKeys: ['url:https://example.org/u2', 'title:t1'] }));
    // Act
    const result = await t.store.ingest([retitled, moved]);
    const again = await t.store.ingest([retitled, moved]);
    // Assess
    expect(result).toMatchObject({ newItems: [], duplicates: 1 });
    expect(result.updatedItems.map((i) => i.title)).toEqual(['Retitled']);
    expect(again).toMatchObject({ newItems: [], updatedItems: [], writeRequests: 0 });
  });

  it('puts an item that only starts matching a tracked entry in a later version into the digests from then', async () => {
    // Prepare
    const untracked = { inquiries: [], commitments: [], kind: 'news' as const, evidence: [] };
    const [stored] = (await t.store.ingest([candidate(draft({ title: 'Council budget' }), { classification: untracked })], () => new Date('2025-06-16T11:00:00Z'))).newItems;
    // Act
    await t.store.ingest([candidate(draft({ title: 'Council budget: Casey audit costs' }))], () => new Date('2025-06-18T09:00:00Z'));
    // Assess
    const item = await t.store.getItem(stored!.id);
    expect(item).toMatchObject({ firstSeen: '2025-06-16T11:00:00.000Z', trackedAt: '2025-06-18T09:00:00.000Z', inquiries: ['casey-audit'] });
    const indexed = await t.client.send(
      new QueryCommand({
        TableName: t.tableName,
        IndexName: INDEXES.byIngest.name,
        KeyConditionExpression: 'gsi3pk = :pk',
        ExpressionAttributeValues: { ':pk': ItemEntity.ingestPk('2025-06-18') },
      }),
    );
    expect(indexed.Items?.map((r) => r.id)).toEqual([stored!.id]);
  });

  it('keeps the stored full text when a later poll only has a stand-in summary', async () => {
    // Prepare
    const [stored] = (await t.store.ingest([candidate(draft({ text: 'The full written statement, all of it.' }))])).newItems;
    // Act
    const result = await t.store.ingest([candidate(draft({ text: 'Summary only.', partial: true }))]);
    // Assess
    expect(result).toMatchObject({ updatedItems: [], unchanged: 1, writeRequests: 0 });
    expect((await t.store.getItem(stored!.id))?.text).toBe('The full written statement, all of it.');
  });
});

describe('untracked items expire', () => {
  let t: TestTable;
  beforeEach(async () => {
    t = await createTestTable();
  });
  const untracked = { inquiries: [], commitments: [], kind: 'news' as const, evidence: [] };
  const EXPIRES = Math.floor(Date.parse('2025-09-14T11:00:00Z') / 1000);
  const record = async (id: string) =>
    (await t.client.send(new QueryCommand({ TableName: t.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': ItemEntity.pk(id) } }))).Items ?? [];

  it('stores an item that matched nothing with its TTL, and a tracked one without', async () => {
    // Prepare
    const plain = candidate(draft({ title: 'Council budget', dedupKeys: ['url:a'] }), { classification: untracked, untrackedExpiresAt: EXPIRES });
    const tracked = candidate(draft({ dedupKeys: ['url:b'] }), { untrackedExpiresAt: EXPIRES });
    // Act
    const { newItems } = await t.store.ingest([plain, tracked]);
    // Assess
    expect((await record(newItems[0]!.id))[0]).toMatchObject({ expiresAt: EXPIRES });
    expect((await record(newItems[1]!.id))[0]!.expiresAt).toBeUndefined();
  });

  it('keeps for good an item that starts matching a tracked entry, its earlier version still expiring', async () => {
    // Prepare
    const [stored] = (await t.store.ingest([candidate(draft({ title: 'Council budget' }), { classification: untracked, untrackedExpiresAt: EXPIRES })])).newItems;
    // Act
    await t.store.ingest([candidate(draft({ title: 'Council budget: Casey audit costs' }), { untrackedExpiresAt: EXPIRES })]);
    // Assess
    const records = await record(stored!.id);
    expect(records.find((r) => r.sk === ItemEntity.currentSk)!.expiresAt).toBeUndefined();
    expect(records.find((r) => r.sk === ItemEntity.versionSk(1))).toMatchObject({ expiresAt: EXPIRES });
  });

  it('keeps for good an untracked item that `registry apply` tags, its earlier version still expiring', async () => {
    // Prepare
    const [stored] = (await t.store.ingest([candidate(draft({ title: 'Council budget' }), { classification: untracked, untrackedExpiresAt: EXPIRES })])).newItems;
    const newRules = () => ({ inquiries: ['casey-audit'], commitments: [], kind: 'news' as const, evidence: [] });
    // Act
    const outcome = await applyRegistry([stored!.id], { store: t.store, classify: newRules, registryVersion: 'v2' });
    // Assess
    expect(outcome.retagged.map((i) => i.id)).toEqual([stored!.id]);
    const records = await record(stored!.id);
    expect(records.find((r) => r.sk === ItemEntity.currentSk)).toMatchObject({ inquiries: ['casey-audit'], registryVersion: 'v2' });
    expect(records.find((r) => r.sk === ItemEntity.currentSk)!.expiresAt).toBeUndefined();
    expect(records.find((r) => r.sk === ItemEntity.versionSk(1))).toMatchObject({ expiresAt: EXPIRES });
  });

  const RETAGGED_AT = new Date('2026-01-10T08:00:00Z');
  const noRules = () => ({ inquiries: [], commitments: [], kind: 'news' as const, evidence: [] });

  it('gives the earlier versions of an item a poll finds no longer tracked the same TTL, and takes it back when tracked again', async () => {
    // Prepare: two tracked versions, stored without a TTL
    const [stored] = (await t.store.ingest([candidate(draft())])).newItems;
    await t.store.ingest([candidate(draft({ title: 'Casey audit published in full' }))]);
    // Act: the source's next version matches nothing
    await t.store.ingest([candidate(draft({ title: 'Council budget' }), { classification: untracked, untrackedExpiresAt: EXPIRES })]);
    const expiring = await record(stored!.id);
    // ...and a later one matches again
    await t.store.ingest([candidate(draft({ title: 'Council budget: Casey audit costs' }), { untrackedExpiresAt: EXPIRES + 86_400 })]);
    const kept = await record(stored!.id);
    // Assess: no earlier version outlives the expiring item; once tracked again, its tracked history is kept for good
    expect(expiring.map((r) => [r.sk, r.expiresAt])).toEqual([
      [ItemEntity.currentSk, EXPIRES],
      [ItemEntity.versionSk(1), EXPIRES],
      [ItemEntity.versionSk(2), EXPIRES],
    ]);
    expect(kept.map((r) => [r.sk, r.expiresAt])).toEqual([
      [ItemEntity.currentSk, undefined],
      [ItemEntity.versionSk(1), undefined],
      [ItemEntity.versionSk(2), undefined],
      [ItemEntity.versionSk(3), EXPIRES],
    ]);
  });

  it('gives the earlier versions and history summary of an item `registry apply` no longer tags its TTL', async () => {
    // Prepare: more tracked versions than are kept in full, so a history summary exists
    const [stored] = (await t.store.ingest([candidate(draft())])).newItems;
    for (let v = 2; v <= ItemEntity.keptVersions + 2; v++) await t.store.ingest([candidate(draft({ title: `Casey audit published, take ${v}` }))]);
    // Act
    await applyRegistry([stored!.id], { store: t.store, classify: noRules, registryVersion: 'v2', untrackedRetentionDays: 30, now: () => RETAGGED_AT });
    // Assess: every record in the item's partition expires with it
    const records = await record(stored!.id);
    expect(records.some((r) => r.sk === 'HISTORY')).toBe(true);
    expect(records.filter((r) => r.sk.startsWith('V#'))).toHaveLength(ItemEntity.keptVersions);
    expect(records.filter((r) => r.expiresAt !== Date.parse('2026-02-09T08:00:00Z') / 1000).map((r) => r.sk)).toEqual([]);
  });

  it('gives no TTL to the earlier versions of an item a person corrected, though no longer tracked', async () => {
    // Prepare: two versions, then a person's verdict
    const twoEntries = { inquiries: ['casey-audit', 'national-inquiry'], commitments: [], kind: 'news' as const, evidence: [] };
    const [stored] = (await t.store.ingest([candidate(draft(), { classification: twoEntries })])).newItems;
    await t.store.ingest([candidate(draft({ title: 'Casey audit published in full' }), { classification: twoEntries })]);
    await new DynamoCorrectionStore(t.client, t.tableName).correct(stored!.id, { entryId: 'casey-audit', entryType: 'inquiry', verdict: 'not-about', by: 'U123', at: '2026-01-02T10:00:00Z' });
    // Act
    await applyRegistry([stored!.id], { store: t.store, classify: noRules, registryVersion: 'v2', now: () => RETAGGED_AT });
    // Assess
    expect((await record(stored!.id)).filter((r) => r.expiresAt !== undefined).map((r) => r.sk)).toEqual([]);
  });

  it('takes the TTL back from the tracked earlier versions of an expiring item a person then corrects', async () => {
    // Prepare: tracked, then untracked by a poll (every version expiring)
    const [stored] = (await t.store.ingest([candidate(draft())])).newItems;
    await t.store.ingest([candidate(draft({ title: 'Council budget' }), { classification: untracked, untrackedExpiresAt: EXPIRES })]);
    await t.store.ingest([candidate(draft({ title: 'Council budget, revised' }), { classification: untracked, untrackedExpiresAt: EXPIRES + 60 })]);
    // Act: a person says it is about the inquiry after all
    await new DynamoCorrectionStore(t.client, t.tableName).correct(stored!.id, { entryId: 'casey-audit', entryType: 'inquiry', verdict: 'confirmed', by: 'U123', at: '2026-01-02T10:00:00Z' });
    // Assess: the tracked first version is kept with the item; the untracked second still expires as before
    expect((await record(stored!.id)).map((r) => [r.sk, r.expiresAt])).toEqual([
      [ItemEntity.currentSk, undefined],
      [ItemEntity.versionSk(1), undefined],
      [ItemEntity.versionSk(2), EXPIRES],
    ]);
  });

  it('gives an item `registry apply` no longer tags the TTL of an untracked item, counted from the re-tag', async () => {
    // Prepare: tracked when read, so stored without a TTL
    const [stored] = (await t.store.ingest([candidate(draft(), { untrackedExpiresAt: EXPIRES })])).newItems;
    // Act
    await applyRegistry([stored!.id], { store: t.store, classify: noRules, registryVersion: 'v2', untrackedRetentionDays: 30, now: () => RETAGGED_AT });
    // Assess
    const records = await record(stored!.id);
    expect(records.find((r) => r.sk === ItemEntity.currentSk)).toMatchObject({ inquiries: [], version: 2, expiresAt: Date.parse('2026-02-09T08:00:00Z') / 1000 });
  });

  it('keeps for good an item a person corrected, though `registry apply` no longer tags it', async () => {
    // Prepare: tracked by two entries; a person says it is not about one of them
    const twoEntries = { inquiries: ['casey-audit', 'national-inquiry'], commitments: [], kind: 'news' as const, evidence: [] };
    const [stored] = (await t.store.ingest([candidate(draft(), { classification: twoEntries, untrackedExpiresAt: EXPIRES })])).newItems;
    await new DynamoCorrectionStore(t.client, t.tableName).correct(stored!.id, { entryId: 'casey-audit', entryType: 'inquiry', verdict: 'not-about', by: 'U123', at: '2026-01-02T10:00:00Z' });
    // Act: the new rules drop the other entry too
    const outcome = await applyRegistry([stored!.id], { store: t.store, classify: noRules, registryVersion: 'v2', now: () => RETAGGED_AT });
    // Assess: untracked now, but the verdict is labelled data (feedback, registry test): the item stays with it
    expect(outcome.retagged).toHaveLength(1);
    const current = (await record(stored!.id)).find((r) => r.sk === ItemEntity.currentSk);
    expect(current).toMatchObject({ inquiries: [], corrections: { 'casey-audit': { verdict: 'not-about' } } });
    expect(current!.expiresAt).toBeUndefined();
  });
});
