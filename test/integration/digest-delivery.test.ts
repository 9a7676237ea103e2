import { hostname } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDigestStore } from '../../lib/adapters/dynamodb/digest-store.ts';
import { SlackSender } from '../../lib/adapters/slack/slack-sender.ts';
import { SubscriptionSchema } from '../../lib/config/schema.ts';
import { deliverDigests, type DeliverOptions } from '../../lib/digest/deliver.ts';
import { DeliveryError, type DigestSender, type DigestStore } from '../../lib/digest/ports.ts';
import type { EntryInfo } from '../../lib/digest/types.ts';
import type { Kind, SourceType } from '../../lib/model/item.ts';
import type { Candidate } from '../../lib/store/ports.ts';
import { formatReport } from '../../lib/cli/digest-summary.ts';
import type { LeaseHolder } from '../../lib/lease/holder.ts';
import { deadPid } from '../support/dead-pid.ts';
import { createTestTable, type TestTable } from '../support/dynamo.ts';
import { SlackServer, type SlackCall } from '../support/slack-server.ts';

const ENTRIES: EntryInfo[] = [
  { id: 'casey-audit', name: 'Casey audit', type: 'inquiry' },
  { id: 'national-inquiry', name: 'National inquiry', type: 'inquiry' },
];
const T0 = '2025-06-16T09:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000);

let seq = 0;
function candidate(over: { kind?: Kind; title?: string; entry?: string; fetched?: string; quiet?: boolean; published?: string } = {}): Candidate {
  const n = ++seq;
  const kind = over.kind ?? 'news';
  const sourceType: SourceType = kind === 'news' ? 'news' : kind === 'statement' ? 'statement' : 'report';
  const url = `https://example.org/${kind}/${n}`;
  const entry = over.entry ?? 'casey-audit';
  return {
    draft: {
      sourceId: kind === 'news' ? 'bbc-uk' : 'govuk',
      sourceType,
      title: over.title ?? `${kind} ${n}`,
      url,
      published: over.published ?? T0,
      text: 'Baroness Casey published her national audit on group-based child sexual exploitation.',
      nativeIds: { guid: url },
      dedupKeys: [`url:${url}`],
    },
    classification: {
      inquiries: [entry],
      commitments: [],
      kind,
      evidence: [{ id: entry, phrases: [{ phrase: 'Casey audit', offset: 0 }], snippet: 'published her national audit', score: 2 }],
    },
    fetched: over.fetched ?? at(1).toISOString(),
    quiet: over.quiet ?? false,
  };
}

/** Virtual time: sleeping advances it, so pacing and Retry-After are checked without waiting. */
function virtualClock() {
  const clock = { t: 0, sleeps: [] as number[], now: () => clock.t, sleep: async (ms: number) => void (clock.sleeps.push(ms), (clock.t += ms)) };
  return clock;
}

const blockTexts = (c: SlackCall) => (c.blocks ?? []).flatMap((b) => [b.text?.text ?? '', ...(b.elements ?? []).map((e) => e.text)]).join('\n');

describe('deliverDigests through the Slack Web API', () => {
  let t: TestTable;
  let slack: SlackServer;
  let store: DynamoDigestStore;
  let clock: ReturnType<typeof virtualClock>;

  beforeEach(async () => {
    t = await createTestTable('digest');
    store = new DynamoDigestStore(t.client, t.tableName);
    slack = await new SlackServer().start();
    clock = virtualClock();
  });
  afterEach(async () => {
    await slack.stop();
  });

  const sender = (token = 'xoxb-test') =>
    new SlackSender({ token, slackApiUrl: slack.url, minIntervalMs: 1000, backoffMs: 1, now: clock.now, sleep: clock.sleep });
  const options = (over: Partial<DeliverOptions> = {}): DeliverOptions => ({
    mode: 'alerts',
    config: { subscriptions: [SubscriptionSchema.parse({ channel: 'C1' })] },
    registry: { entries: ENTRIES },
    store,
    sender: sender(),
    now: at(2),
    ...over,
  });

  it('posts one alert per channel with same-event news in its thread, and nothing when run again', async () => {
    // Prepare
    await t.store.ingest([
      candidate({ kind: 'statement', title: 'Written statement: Casey audit' }),
      candidate({ title: 'Casey audit: what it found' }),
      candidate({ title: 'Unrelated inquiry news', entry: 'national-inquiry' }),
    ]);
    // Act
    const first = await deliverDigests(options());
    const second = await deliverDigests(options({ now: at(3) }));
    // Assess
    const [parent, reply] = slack.delivered('C1');
    expect(slack.delivered()).toHaveLength(2);
    expect(parent?.blocks?.[0]?.text?.text).toBe('New statement: Casey audit');
    expect(parent?.text).toBe('New statement: Casey audit: Written statement: Casey audit');
    expect(reply?.thread_ts).toBe(parent?.ts);
    expect(JSON.stringify(reply?.blocks)).toContain('Casey audit: what it found');
    expect(JSON.stringify(slack.delivered())).not.toContain('Unrelated inquiry news');
    expect(first.channels[0]).toMatchObject({ status: 'ok', digests: [{ status: 'sent', items: 2, postedNow: 2, ts: parent?.ts }] });
    expect(second).toMatchObject({ messagesPosted: 0, channels: [{ status: 'nothing-new' }] });
    const ledger = await store.getDelivery('C1', first.channels[0]!.digests[0]!.id);
    expect(ledger).toMatchObject({ status: 'sent', ts: parent?.ts, posted: { 0: parent?.ts, 1: reply?.ts } });
  });

  it('never posts items archived quietly while a source is first seeded', async () => {
    // Prepare
    await t.store.ingest([candidate({ kind: 'statement', quiet: true }), candidate({ kind: 'report', quiet: true })]);
    // Act
    const report = await deliverDigests(options());
    // Assess
    expect(slack.posts()).toHaveLength(0);
    expect(report.channels[0]?.status).toBe('nothing-new');
  });

  /** A run that posts the parent message and dies before recording it, leaving its lease (no clean-up runs). */
  async function crashAfterFirstPost(holder: LeaseHolder): Promise<void> {
    const real = sender();
    const crashing: DigestSender = {
      name: 'crashing',
      post: async (...args) => {
        await real.post(...args);
        throw new Error('process killed');
      },
      findPosted: (...args) => real.findPosted(...args),
    };
    const dying: DigestStore = Object.create(store);
    dying.releaseLease = async () => undefined;
    await expect(deliverDigests(options({ sender: crashing, store: dying, holder }))).rejects.toThrow('process killed');
  }

  it('posts exactly once across a crash between a post and its ledger update, taking over at once from a run that died on this host', async () => {
    // Prepare
    await t.store.ingest([candidate({ kind: 'statement' }), candidate({ title: 'Coverage' })]);
    await crashAfterFirstPost({ id: 'crashed-run', description: 'inquiry-watch run on this host, pid (dead)', host: hostname(), pid: deadPid() });
    // Act: well inside the crashed run's five-minute lease.
    const next = await deliverDigests(options({ now: at(3) }));
    // Assess
    expect(slack.posts()).toHaveLength(2);
    const [parent, reply] = slack.delivered('C1');
    expect(reply?.thread_ts).toBe(parent?.ts);
    expect(slack.calls.filter((c) => c.method === 'conversations.history')).toHaveLength(1);
    expect(next.channels[0]?.digests[0]).toMatchObject({ status: 'recovered', postedNow: 1, ts: parent?.ts });
    expect(await store.listPending('C1', 'alerts')).toEqual([]);
  });

  it('leaves a digest held by a live run elsewhere alone, saying who holds it and until when, and recovers it once the lease expires', async () => {
    // Prepare
    await t.store.ingest([candidate({ kind: 'statement' }), candidate({ title: 'Coverage' })]);
    await crashAfterFirstPost({ id: 'lambda:r-1', description: 'Lambda inquiry-watch-digest, request r-1' });
    // Act
    const during = await deliverDigests(options({ now: at(3) }));
    const after = await deliverDigests(options({ now: at(10) }));
    // Assess
    expect(during.channels[0]).toMatchObject({ status: 'busy', busy: { heldBy: 'Lambda inquiry-watch-digest, request r-1', until: at(7).toISOString() } });
    expect(formatReport(during, false)).toMatch(
      /^\[C1\] alerts: busy: digest a-\w+ is being posted by Lambda inquiry-watch-digest, request r-1 until 2025-06-16 09:07:00 UTC; it is retried after that/,
    );
    expect(slack.posts()).toHaveLength(2);
    expect(after.channels[0]?.digests[0]).toMatchObject({ status: 'recovered', postedNow: 1 });
    expect(await store.listPending('C1', 'alerts')).toEqual([]);
  });

  it('frees its digest lease when a run stops on an error, so the next run does not wait', async () => {
    // Prepare: the post throws (not a crash: the run's clean-up still runs).
    await t.store.ingest([candidate({ kind: 'statement' })]);
    const throwing: DigestSender = { name: 'throwing', post: async () => Promise.reject(new Error('boom')), findPosted: async () => undefined };
    await expect(deliverDigests(options({ sender: throwing }))).rejects.toThrow('boom');
    // Act
    const next = await deliverDigests(options({ now: at(3) }));
    // Assess
    expect(next.channels[0]?.digests[0]).toMatchObject({ status: 'sent', postedNow: 1 });
  });

  it('re-posts a digest whose post never reached Slack before the crash', async () => {
    // Prepare
    await t.store.ingest([candidate({ kind: 'statement' })]);
    const crashing: DigestSender = {
      name: 'crashing',
      post: async () => {
        throw new Error('process killed');
      },
      findPosted: async () => undefined,
    };
    await expect(deliverDigests(options({ sender: crashing }))).rejects.toThrow('process killed');
    // Act
    await deliverDigests(options({ now: at(10) }));
    // Assess
    expect(slack.delivered('C1')).toHaveLength(1);
  });

  it('keeps the digest pending on invalid_auth and delivers it as catch-up after the outage', async () => {
    // Prepare
    slack.validToken = 'xoxb-good';
    await t.store.ingest([candidate({ kind: 'statement', title: 'First statement' })]);
    const failed = await deliverDigests(options());
    const [stuck] = await store.listPending('C1', 'alerts');
    await t.store.ingest([candidate({ kind: 'report', title: 'Later report', fetched: at(20).toISOString() })]);
    // Act
    const recovered = await deliverDigests(options({ sender: sender('xoxb-good'), now: at(21) }));
    // Assess
    expect(failed).toMatchObject({ status: 'failed', channels: [{ status: 'failed', error: { code: 'invalid_auth' } }] });
    expect(failed.channels[0]?.error?.message).toContain('SLACK_BOT_TOKEN');
    const [message, ...rest] = slack.delivered('C1');
    expect(rest).toHaveLength(0);
    const text = JSON.stringify(message?.blocks);
    expect(text).toContain('First statement');
    expect(text).toContain('Later report');
    expect(text).toContain('Catch-up: 1 of these could not be delivered earlier');
    expect(recovered.channels[0]?.digests[0]).toMatchObject({ status: 'sent', items: 2, catchUp: 1 });
    expect(stuck).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringMatching(/^invalid_auth/) });
    expect(await store.getDelivery('C1', stuck!.id)).toMatchObject({ status: 'superseded', supersededBy: recovered.channels[0]?.digests[0]?.id });
    expect(await store.listPending('C1', 'alerts')).toEqual([]);
  });

  it('reports a sender without credentials as not configured, not failed, and delivers the pending digest once it has them', async () => {
    // Prepare
    await t.store.ingest([candidate({ kind: 'statement', title: 'Waiting statement' })]);
    const unset: DigestSender = {
      name: 'slack',
      post: async () => Promise.reject(DeliveryError.notConfigured('no Slack token yet')),
      findPosted: async () => Promise.reject(DeliveryError.notConfigured('no Slack token yet')),
    };
    // Act
    const first = await deliverDigests(options({ sender: unset }));
    const second = await deliverDigests(options({ sender: unset, now: at(3) }));
    const configured = await deliverDigests(options({ now: at(4) }));
    // Assess
    expect(first).toMatchObject({ status: 'ok', channels: [{ status: 'not-configured', error: { code: 'not_configured' } }] });
    expect(second.channels[0]?.status).toBe('not-configured');
    expect(formatReport(second, false)).toBe('[C1] alerts: Slack not configured: no Slack token yet (digests stay pending and go out once it is set)');
    expect(configured.channels[0]?.digests[0]).toMatchObject({ status: 'sent', items: 1 });
    expect(JSON.stringify(slack.delivered('C1'))).toContain('Waiting statement');
    expect(await store.listPending('C1', 'alerts')).toEqual([]);
  });

  it('reports channel_not_found for one channel and still delivers to the others', async () => {
    // Prepare
    slack.unknownChannels.add('CGONE');
    await t.store.ingest([candidate({ kind: 'statement' })]);
    const config = { subscriptions: [SubscriptionSchema.parse({ channel: 'CGONE' }), SubscriptionSchema.parse({ channel: 'C1' })] };
    // Act
    const report = await deliverDigests(options({ config }));
    // Assess
    expect(report.status).toBe('partial');
    expect(report.channels[0]).toMatchObject({ channel: 'CGONE', status: 'failed', error: { code: 'channel_not_found' } });
    expect(report.channels[0]?.error?.message).toMatch(/invite the app/);
    expect(slack.delivered('C1')).toHaveLength(1);
    const pending = await store.listPending('CGONE', 'alerts');
    expect(pending).toHaveLength(1);
    expect(pending[0]?.lastError).toMatch(/^channel_not_found/);
  });

  it('spaces posts to one channel a second apart without holding back another channel', async () => {
    // Prepare: each channel gets a parent and a thread reply.
    await t.store.ingest([candidate({ kind: 'statement' }), candidate({ title: 'Coverage' })]);
    const times: [string, number][] = [];
    const real = sender();
    const timed: DigestSender = {
      name: 'timed',
      post: async (channel, ...rest) => {
        const out = await real.post(channel, ...rest);
        times.push([channel, clock.now()]);
        return out;
      },
      findPosted: (...args) => real.findPosted(...args),
    };
    const config = { subscriptions: [SubscriptionSchema.parse({ channel: 'C1' }), SubscriptionSchema.parse({ channel: 'C2' })] };
    // Act
    await deliverDigests(options({ config, sender: timed }));
    // Assess
    expect(times).toEqual([
      ['C1', 0],
      ['C1', 1000],
      ['C2', 1000],
      ['C2', 2000],
    ]);
  });

  it('waits out a 429 for as long as Retry-After says and retries a 500', async () => {
    // Prepare
    slack.fail('chat.postMessage', { status: 429, retryAfter: 7 });
    slack.fail('chat.postMessage', { status: 500 });
    await t.store.ingest([candidate({ kind: 'statement' })]);
    // Act
    const report = await deliverDigests(options());
    // Assess
    expect(slack.posts()).toHaveLength(3);
    expect(slack.delivered()).toHaveLength(1);
    expect(clock.sleeps).toContain(7000);
    expect(report.status).toBe('ok');
  });

  it('sends the roundup when due with the rest, leaving out news already in an alert, then a heartbeat', async () => {
    // Prepare
    const sub = SubscriptionSchema.parse({ channel: 'C1', roundup: { cadence: 'daily', at: '08:00' }, heartbeat: true });
    await t.store.ingest([
      candidate({ kind: 'statement', fetched: '2025-06-15T10:00:00.000Z', published: '2025-06-15T10:00:00.000Z' }),
      candidate({ title: 'Folded coverage', fetched: '2025-06-15T10:00:00.000Z', published: '2025-06-15T11:00:00.000Z' }),
      candidate({ title: 'Commons debate', kind: 'debate', fetched: '2025-06-15T12:00:00.000Z', published: '2025-06-12T12:00:00.000Z' }),
    ]);
    await deliverDigests(options({ config: { subscriptions: [sub] }, now: new Date('2025-06-15T10:01:00.000Z') }));
    const roundupOptions = (now: string) => options({ mode: 'roundups', config: { subscriptions: [sub] }, now: new Date(now) });
    // Act: 07:59 BST is before today's 08:00 slot, so yesterday's (never sent) is due; then today's; then none.
    const missed = await deliverDigests(roundupOptions('2025-06-16T06:59:00.000Z'));
    const today = await deliverDigests(roundupOptions('2025-06-16T07:05:00.000Z'));
    const again = await deliverDigests(roundupOptions('2025-06-16T07:30:00.000Z'));
    // Assess
    const roundups = slack.delivered('C1').filter((m) => m.text.startsWith('Roundup'));
    expect(roundups.map((m) => m.blocks?.[0]?.text?.text)).toEqual(['Roundup: 1 new item', 'Roundup: nothing new']);
    expect(JSON.stringify(roundups[0]?.blocks)).toContain('Commons debate');
    expect(JSON.stringify(roundups[0]?.blocks)).not.toContain('Folded coverage');
    expect(missed.channels[0]?.digests[0]?.items).toBe(1);
    expect(today.channels[0]?.digests).toHaveLength(1);
    expect(again.channels[0]?.status).toBe('not-due');
  });

  it('leaves items stored within the settle margin to the next roundup, never moving the cursor past it', async () => {
    // Prepare
    const sub = SubscriptionSchema.parse({ channel: 'C1', roundup: { cadence: 'daily', at: '08:00' } });
    const now = at(60);
    await t.store.ingest([
      candidate({ title: 'Settled story', fetched: at(55).toISOString() }),
      candidate({ title: 'Still settling', fetched: at(59).toISOString() }),
    ]);
    const roundup = (when: Date) => options({ mode: 'roundups', config: { subscriptions: [sub] }, now: when, force: true, settleMs: 120_000 });
    // Act
    await deliverDigests(roundup(now));
    const cursor = await store.getCursor('C1', 'roundups');
    await deliverDigests(roundup(at(70)));
    // Assess
    const [first, second] = slack.delivered('C1').map((m) => JSON.stringify(m.blocks));
    expect(first).toContain('Settled story');
    expect(first).not.toContain('Still settling');
    expect(second).toContain('Still settling');
    expect(second).not.toContain('Settled story');
    expect(cursor?.watermark?.split('#')[0]).toBe(at(55).toISOString());
  });

  it('posts nothing when another run moved the cursor first, and leaves the items to the next run', async () => {
    // Prepare: a concurrent run advances the cursor between this run's read and its own advance.
    await t.store.ingest([candidate({ kind: 'statement', title: 'Contested statement' })]);
    const racing: DigestStore = Object.create(store);
    racing.advanceCursor = async (cursor, previous) => {
      await store.advanceCursor({ ...cursor, watermark: at(0).toISOString() }, previous);
      return store.advanceCursor(cursor, previous);
    };
    // Act
    const raced = await deliverDigests(options({ store: racing }));
    const postedWhileRaced = slack.posts().length;
    const next = await deliverDigests(options({ now: at(3) }));
    // Assess
    expect(postedWhileRaced).toBe(0);
    expect(raced.channels[0]).toMatchObject({ status: 'busy', digests: [] });
    expect(await store.listPending('C1', 'alerts')).toEqual([]);
    expect(next.channels[0]?.digests[0]).toMatchObject({ status: 'sent', items: 1 });
    expect(slack.delivered('C1')).toHaveLength(1);
    expect(JSON.stringify(slack.delivered('C1')[0]?.blocks)).toContain('Contested statement');
  });

  it('posts 500 new statements within Slack limits: threaded overflow and "and N more"', async () => {
    // Prepare
    const batch = Array.from({ length: 500 }, (_, i) =>
      candidate({ kind: 'statement', title: `Statement ${i} <!channel> & ${'detail '.repeat(20)}`, entry: ENTRIES[i % 2]!.id }),
    );
    await t.store.ingest(batch);
    // Act
    const report = await deliverDigests(options());
    // Assess
    const posts = slack.posts('C1');
    expect(posts).toHaveLength(10);
    expect(report.channels[0]?.digests[0]?.items).toBe(500);
    const parent = slack.delivered('C1')[0]!;
    for (const [i, p] of posts.entries()) {
      expect(p.blocks!.length).toBeLessThanOrEqual(50);
      expect(blockTexts(p).length).toBeLessThan(12_000);
      expect(p.blocks!.every((b) => (b.text?.text.length ?? 0) <= 3000)).toBe(true);
      expect(p.params.text?.length).toBeGreaterThan(0);
      expect(blockTexts(p)).not.toContain('<!channel>');
      if (i > 0) expect(p.params.thread_ts).toBe(parent.ts);
    }
    expect(blockTexts(posts.at(-1)!)).toMatch(/…and \d+ more items not shown/);
  });
});
