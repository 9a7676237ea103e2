import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ItemEntity } from '../../lib/store/entities/item-entity.ts';
import type { Candidate } from '../../lib/store/ports.ts';
import { readEntryCounts, readTrackedCounts } from '../../lib/adapters/dynamodb/tracked-counts.ts';
import { ALICE, BOB, candidate, CHANNEL, config, MALLORY, OTHER_CHANNEL, SlackWorld } from '../support/slack-actions.ts';

const texts = (blocks: unknown) => JSON.stringify(blocks);

describe('correcting an alert from Slack', () => {
  let w: SlackWorld;
  beforeEach(async () => {
    w = await new SlackWorld().start();
  });
  afterEach(async () => {
    await w.stop();
  });

  async function alertWith(...entries: string[][]) {
    const { newItems } = await w.t.store.ingest(entries.map((e) => candidate({ entries: e })));
    await w.deliver('alerts');
    return newItems;
  }

  it('"not about" takes the tag off the item, its timeline and its count, and shows who did it on the message', async () => {
    // Prepare
    const [item] = await alertWith(['casey-audit', 'national-inquiry']);
    const message = w.messageWith(item!.id);
    // Act
    const ack = await w.click({ itemId: item!.id, verdict: 'not-about' });
    // Assess: acknowledged at once, with nothing in the body
    expect(ack).toEqual({ status: 200, body: '' });
    expect(w.jobs).toEqual([{ status: 'done', outcome: 'applied' }]);
    const stored = await w.t.store.getItem(item!.id);
    expect(stored?.inquiries).toEqual(['national-inquiry']);
    expect(stored?.evidence.map((e) => e.id)).toEqual(['national-inquiry']);
    expect(stored?.corrections?.['casey-audit']).toMatchObject({
      verdict: 'not-about',
      by: ALICE.id,
      byName: ALICE.name,
      at: w.now.toISOString(),
      channel: CHANNEL.id,
      messageTs: message.ts,
    });
    const counts = await readTrackedCounts(w.t.client, w.t.tableName, ['casey-audit', 'national-inquiry']);
    expect(Object.fromEntries(counts)).toEqual({ 'casey-audit': 0, 'national-inquiry': 1 });
    // The weekly counts behind the timeline chart follow too.
    expect([...(await readEntryCounts(w.t.client, w.t.tableName, 'casey-audit')).weeks]).toEqual([]);
    expect([...(await readEntryCounts(w.t.client, w.t.tableName, 'national-inquiry')).weeks]).toEqual([['2025-06-16', { statement: 1 }]]);
    const timeline = (await (await fetch(`${w.server.url}/items?tracked=casey-audit`)).json()) as { items: unknown[] };
    expect(timeline.items).toEqual([]);
    // The message in place: same ts, one edit, the note under the item with a mention of who marked it.
    const updated = w.slack.delivered(CHANNEL.id).find((m) => m.ts === message.ts)!;
    expect(updated.edits).toBe(1);
    expect(texts(updated.blocks)).toContain(`:x: Not about *Casey national audit*, marked by <@${ALICE.id}>`);
    expect(w.slack.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
    // The person who clicked is told, privately, and the clicked message is not replaced.
    expect(w.slack.responses).toHaveLength(1);
    expect(w.slack.responses[0]!.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(w.slack.responses[0]!.body.text).toContain('is no longer tagged *Casey national audit*');
  });

  it('"confirmed" after "not about" puts the tag back with its original evidence, and both people show on the message', async () => {
    // Prepare
    const [item] = await alertWith(['casey-audit']);
    await w.click({ itemId: item!.id, verdict: 'not-about' });
    // Act
    w.now = new Date('2025-06-16T10:05:00.000Z');
    await w.click({ itemId: item!.id, verdict: 'confirmed', user: BOB });
    // Assess
    const stored = await w.t.store.getItem(item!.id);
    expect(stored?.inquiries).toEqual(['casey-audit']);
    expect(stored?.evidence).toEqual([expect.objectContaining({ id: 'casey-audit', snippet: 'Baroness Casey published her national audit' })]);
    expect(stored?.corrections?.['casey-audit']).toMatchObject({ verdict: 'confirmed', by: BOB.id });
    const counts = await readTrackedCounts(w.t.client, w.t.tableName, ['casey-audit']);
    expect(counts.get('casey-audit')).toBe(1);
    expect([...(await readEntryCounts(w.t.client, w.t.tableName, 'casey-audit')).weeks]).toEqual([['2025-06-16', { statement: 1 }]]);
    const log = await w.corrections.listByEntry('casey-audit');
    expect(log.map((r) => [r.verdict, r.by, r.previous])).toEqual([
      ['not-about', ALICE.id, undefined],
      ['confirmed', BOB.id, 'not-about'],
    ]);
    const updated = w.slack.delivered(CHANNEL.id)[0]!;
    expect(texts(updated.blocks)).toContain(`:white_check_mark: Confirmed: *Casey national audit*, marked by <@${BOB.id}>`);
    expect(texts(updated.blocks)).not.toContain(':x: Not about');
  });

  it('a correction sticks when the item is re-ingested or revised by its source', async () => {
    // Prepare
    const original = candidate({ entries: ['casey-audit', 'national-inquiry'] });
    const [item] = (await w.t.store.ingest([original])).newItems;
    await w.deliver('alerts');
    await w.click({ itemId: item!.id, verdict: 'not-about' });
    // Act: the same story again, then a retitled version the classifier still tags casey-audit
    await w.t.store.ingest([original]);
    const revised = { ...original, draft: { ...original.draft, title: `${original.draft.title} (updated)` } };
    const { updatedItems } = await w.t.store.ingest([revised], () => new Date('2025-06-16T11:00:00.000Z'));
    // Assess
    expect(updatedItems).toHaveLength(1);
    const stored = await w.t.store.getItem(item!.id);
    expect(stored).toMatchObject({ version: 2, inquiries: ['national-inquiry'] });
    expect(stored?.corrections?.['casey-audit']?.verdict).toBe('not-about');
    const counts = await readTrackedCounts(w.t.client, w.t.tableName, ['casey-audit', 'national-inquiry']);
    expect(Object.fromEntries(counts)).toEqual({ 'casey-audit': 0, 'national-inquiry': 1 });
  });

  describe('and the TTL of items that match nothing', () => {
    const EXPIRES = Math.floor(Date.parse('2025-09-14T11:00:00Z') / 1000);
    const storedRecord = async (id: string) => (await w.t.client.send(new GetCommand({ TableName: w.t.tableName, Key: ItemEntity.key(id) }))).Item;
    /** The same story revised by its source, now matching nothing, stored as a poll stores it (with its TTL). */
    const revisedUntracked = (original: Candidate): Candidate => ({
      ...original,
      draft: { ...original.draft, title: `${original.draft.title} (updated)` },
      classification: { ...original.classification, inquiries: [], commitments: [], evidence: [] },
      untrackedExpiresAt: EXPIRES,
    });

    it('"confirmed" on an item its source revised to match nothing keeps it for good', async () => {
      // Prepare: alerted, then revised so that it matches nothing: it would expire.
      const original = candidate({ entries: ['casey-audit'] });
      const [item] = (await w.t.store.ingest([original])).newItems;
      await w.deliver('alerts');
      await w.t.store.ingest([revisedUntracked(original)], () => new Date('2025-06-16T11:00:00.000Z'));
      const before = await storedRecord(item!.id);
      // Act
      await w.click({ itemId: item!.id, verdict: 'confirmed' });
      // Assess
      expect(before).toMatchObject({ inquiries: [], expiresAt: EXPIRES });
      const after = await storedRecord(item!.id);
      expect(after).toMatchObject({ inquiries: ['casey-audit'] });
      expect(after!.expiresAt).toBeUndefined();
    });

    it('"not about" its only entry never makes an item expire, however its source revises it', async () => {
      // Prepare
      const original = candidate({ entries: ['casey-audit'] });
      const [item] = (await w.t.store.ingest([original])).newItems;
      await w.deliver('alerts');
      await w.click({ itemId: item!.id, verdict: 'not-about' });
      // Act
      const { updatedItems } = await w.t.store.ingest([revisedUntracked(original)], () => new Date('2025-06-16T11:00:00.000Z'));
      // Assess: the verdict is labelled data (feedback --jsonl, registry test): the item stays with it.
      expect(updatedItems).toHaveLength(1);
      const stored = await storedRecord(item!.id);
      expect(stored).toMatchObject({ inquiries: [], corrections: { 'casey-audit': { verdict: 'not-about' } } });
      expect(stored!.expiresAt).toBeUndefined();
    });
  });

  it('an item corrected off its only entry leaves the next roundup; one still tagged elsewhere moves under that entry', async () => {
    // Prepare: news goes to the roundup
    const { newItems } = await w.t.store.ingest([
      candidate({ kind: 'statement', entries: ['casey-audit'] }),
      candidate({ kind: 'news', title: 'Only about the audit', entries: ['casey-audit'] }),
      candidate({ kind: 'news', title: 'About both', entries: ['casey-audit', 'c-ethnicity-data'] }),
    ]);
    await w.deliver('alerts');
    const [, onlyAudit, both] = newItems;
    const alert = w.slack.delivered(CHANNEL.id)[0]!;
    // Act: corrected from the alert's menu? They are not in it; corrections come from the roundup that lists them.
    await w.deliver('roundups');
    const roundup = w.slack.delivered(CHANNEL.id).at(-1)!;
    await w.click({ itemId: onlyAudit!.id, verdict: 'not-about', message: roundup });
    await w.click({ itemId: both!.id, verdict: 'not-about', message: roundup });
    // Assess: the corrected items as the next digest reads them
    const [a, b] = await w.digests.getItems([onlyAudit!.id, both!.id]);
    expect([...a!.inquiries, ...a!.commitments]).toEqual([]);
    expect([...b!.inquiries, ...b!.commitments]).toEqual(['c-ethnicity-data']);
    const fresh = await w.digests.newItems('2025-06-16T00:00:00.000Z', '2025-06-17T00:00:00.000Z');
    expect(fresh.items.map((i) => i.id)).not.toContain(onlyAudit!.id);
    expect(fresh.items.map((i) => i.id)).toContain(both!.id);
    expect(alert.ts).not.toBe(roundup.ts);
    expect(w.slack.delivered(CHANNEL.id).find((m) => m.ts === roundup.ts)!.edits).toBe(2);
  });

  it("an item corrected from one channel's alert is left out of another channel's next roundup", async () => {
    // Prepare: the watch channel alerts statements at once; a second channel takes everything in its roundup
    const roundupOnly = { ...config.subscriptions[0]!, channel: 'C0DIGEST01', alertKinds: [] };
    const both = { ...config, subscriptions: [config.subscriptions[0]!, roundupOnly] };
    const { newItems } = await w.t.store.ingest([
      candidate({ title: 'Statement on a different audit', entries: ['casey-audit'] }),
      candidate({ title: 'Statement on the Casey audit', entries: ['casey-audit'] }),
    ]);
    await w.deliver('alerts', both);
    // Act
    await w.click({ itemId: newItems[0]!.id, verdict: 'not-about' });
    await w.deliver('roundups', both);
    // Assess
    const [roundup] = w.slack.delivered('C0DIGEST01');
    expect(texts(roundup!.blocks)).toContain('Statement on the Casey audit');
    expect(texts(roundup!.blocks)).not.toContain('Statement on a different audit');
    expect(roundup!.blocks?.[0]?.text?.text).toBe('Roundup: 1 new item');
  });

  it('two corrections on one message both show, whatever order they land in', async () => {
    // Prepare
    const [first, second] = await alertWith(['casey-audit'], ['casey-audit']);
    // Act
    await w.click({ itemId: first!.id, verdict: 'not-about' });
    await w.click({ itemId: second!.id, verdict: 'confirmed', user: BOB });
    // Assess
    const message = w.slack.delivered(CHANNEL.id)[0]!;
    expect(texts(message.blocks)).toContain(`marked by <@${ALICE.id}>`);
    expect(texts(message.blocks)).toContain(`marked by <@${BOB.id}>`);
  });

  it('the same click delivered twice by Slack is done once', async () => {
    // Prepare
    const [item] = await alertWith(['casey-audit']);
    const body = w.clickBody({ itemId: item!.id, verdict: 'not-about' });
    // Act
    const first = await w.post('/slack/interactions', body);
    const again = await w.post('/slack/interactions', body);
    await w.endpoint.idle();
    // Assess
    expect([first.status, again.status]).toEqual([200, 409]);
    expect(w.jobs).toHaveLength(1);
    expect(await w.corrections.listByEntry('casey-audit')).toHaveLength(1);
  });

  it('refuses a click from someone outside the channel, and changes nothing', async () => {
    // Prepare
    const [item] = await alertWith(['casey-audit']);
    const before = await w.t.store.getItem(item!.id);
    // Act
    await w.click({ itemId: item!.id, verdict: 'not-about', user: MALLORY });
    // Assess
    expect(w.jobs).toEqual([{ status: 'done', outcome: 'refused:not-member' }]);
    expect(await w.t.store.getItem(item!.id)).toEqual(before);
    expect(w.slack.calls.filter((c) => c.method === 'chat.update')).toHaveLength(0);
    expect(w.slack.responses[0]!.body.text).toContain(`Only members of <#${CHANNEL.id}> can correct its alerts. Nothing was changed.`);
  });

  it('refuses a menu value that was not in the clicked message (forged or from another message)', async () => {
    // Prepare: two alerts; the option of one, sent as if clicked on the other
    const [a] = await alertWith(['casey-audit']);
    w.now = new Date('2025-06-16T10:30:00.000Z');
    const [b] = (await w.t.store.ingest([candidate({ entries: ['national-inquiry'] })], () => w.now)).newItems;
    await w.deliver('alerts');
    const messageA = w.messageWith(a!.id);
    const valueB = w.optionValue(w.messageWith(b!.id), b!.id, 'not-about');
    const before = await w.snapshot();
    // Act
    await w.click({ itemId: a!.id, verdict: 'not-about', message: messageA, value: valueB });
    // Assess: only the request record was added
    expect(w.jobs.at(-1)).toEqual({ status: 'done', outcome: 'refused:not-our-message' });
    expect((await w.t.store.getItem(b!.id))?.inquiries).toEqual(['national-inquiry']);
    const after = JSON.parse(await w.snapshot()).filter((r: { pk: string }) => !r.pk.startsWith('SLACKREQ#'));
    expect(JSON.stringify(after)).toBe(before);
  });

  it('answers a click in a channel it does not serve with an explanation and no job', async () => {
    // Prepare
    const [item] = await alertWith(['casey-audit']);
    const before = await w.snapshot();
    // Act
    const out = await w.click({ itemId: item!.id, verdict: 'not-about', channel: OTHER_CHANNEL });
    // Assess
    expect(out.status).toBe(200);
    expect(JSON.parse(out.body).text).toContain('only answers in the channels it posts to');
    expect(w.jobs).toEqual([]);
    expect(await w.snapshot()).toBe(before);
  });
});
