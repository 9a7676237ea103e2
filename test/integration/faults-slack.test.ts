import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDigestStore } from '../../lib/adapters/dynamodb/digest-store.ts';
import { SlackSender } from '../../lib/adapters/slack/slack-sender.ts';
import { SubscriptionSchema } from '../../lib/config/schema.ts';
import { deliverDigests, type DeliverOptions } from '../../lib/digest/deliver.ts';
import type { EntryInfo } from '../../lib/digest/types.ts';
import type { Candidate } from '../../lib/store/ports.ts';
import { createTestTable, type TestTable } from '../support/dynamo.ts';
import { SlackServer } from '../support/slack-server.ts';

const ENTRIES: EntryInfo[] = [
  { id: 'casey-audit', name: 'Casey audit', type: 'inquiry' },
  { id: 'national-inquiry', name: 'National inquiry', type: 'inquiry' },
];
const T0 = Date.parse('2025-06-16T09:00:00.000Z');
const CHANNELS = ['C1', 'C2'];

/** A statement (alerted), or with `news` coverage of it (threaded under the alert: a second post per channel). */
function statement(n: number, entry: string, news = false): Candidate {
  const url = `https://www.gov.uk/government/speeches/statement-${n}`;
  return {
    draft: {
      sourceId: news ? 'bbc-uk' : 'govuk',
      sourceType: news ? 'news' : 'statement',
      title: `${news ? 'Coverage' : 'Statement'} ${n} on the ${entry}`,
      url,
      published: new Date(T0).toISOString(),
      text: 'The Home Secretary updated the House.',
      nativeIds: { guid: url },
      dedupKeys: [`url:${url}`],
    },
    classification: { inquiries: [entry], commitments: [], kind: news ? 'news' : 'statement', evidence: [{ id: entry, phrases: [{ phrase: entry, offset: 0 }], snippet: entry, score: 2 }] },
    fetched: new Date(T0 + 60_000).toISOString(),
    quiet: false,
  };
}

/**
 * Virtual time: only sleeping advances it. Calls to the loopback Slack happen between sleeps, so each call's
 * time is known from how many calls had been made when each sleep began.
 */
function virtualClock(slack: SlackServer) {
  const marks: { calls: number; until: number }[] = [];
  const clock = {
    t: 0,
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.t += ms;
      marks.push({ calls: slack.calls.length, until: clock.t });
    },
    /** Virtual time at which `slack.calls[i]` was made. */
    timeOf: (i: number) => marks.filter((m) => m.calls <= i).reduce((t, m) => Math.max(t, m.until), 0),
  };
  return clock;
}

describe('Slack faults across two channels', () => {
  let t: TestTable;
  let slack: SlackServer;
  let store: DynamoDigestStore;
  let clock: ReturnType<typeof virtualClock>;

  beforeEach(async () => {
    t = await createTestTable('faults-slack');
    store = new DynamoDigestStore(t.client, t.tableName);
    slack = await new SlackServer().start();
    clock = virtualClock(slack);
    await t.store.ingest([statement(1, 'casey-audit'), statement(2, 'casey-audit'), statement(3, 'national-inquiry'), statement(4, 'national-inquiry'), statement(5, 'casey-audit', true)]);
  });
  afterEach(async () => {
    await slack.stop();
  });

  const options = (minutes: number): DeliverOptions => ({
    mode: 'alerts',
    config: { subscriptions: CHANNELS.map((channel) => SubscriptionSchema.parse({ channel })) },
    registry: { entries: ENTRIES },
    store,
    sender: new SlackSender({ token: 'xoxb-test', slackApiUrl: slack.url, minIntervalMs: 1000, backoffMs: 250, now: clock.now, sleep: clock.sleep }),
    now: new Date(T0 + minutes * 60_000),
  });

  /** Each item must be in each channel's delivered messages exactly once. */
  const deliveredOnce = () =>
    CHANNELS.map((c) => {
      const text = JSON.stringify(slack.delivered(c).map((m) => m.blocks));
      return [1, 2, 3, 4, 5].map((n) => text.split(` ${n} on the`).length - 1);
    });

  it('delivers everything once through a storm of 429s, waiting out every Retry-After on the channel it hit', async () => {
    // Prepare: the next 12 posts are refused with Retry-After: 3 (more than one run's five attempts per post)
    slack.fail('chat.postMessage', { status: 429, retryAfter: 3 }, 12);
    // Act: the storm outlasts the first run; the next one (after its lease) finishes the job
    const first = await deliverDigests(options(2));
    const second = await deliverDigests(options(10));
    const third = await deliverDigests(options(20));
    // Assess: delivered once per channel, nothing left pending, nothing posted by a later run
    expect(first.channels.map((c) => [c.status, c.error?.code])).toEqual([
      ['failed', 'rate_limited'],
      ['failed', 'rate_limited'],
    ]);
    expect(second.status).toBe('ok');
    expect(deliveredOnce()).toEqual([
      [1, 1, 1, 1, 1],
      [1, 1, 1, 1, 1],
    ]);
    expect(third.messagesPosted).toBe(0);
    for (const c of CHANNELS) expect(await store.listPending(c, 'alerts')).toEqual([]);
    // Pacing: after a 429 nothing goes to that channel for 3 s; otherwise posts to one channel are 1 s apart
    const posts = slack.calls.map((call, i) => ({ call, at: clock.timeOf(i) })).filter((p) => p.call.method === 'chat.postMessage');
    expect(posts.filter((_, i) => i < 12)).toHaveLength(12);
    for (const channel of CHANNELS) {
      const mine = posts.map((p, i) => ({ ...p, limited: i < 12 })).filter((p) => p.call.params.channel === channel);
      for (let i = 1; i < mine.length; i++) {
        expect(mine[i]!.at - mine[i - 1]!.at).toBeGreaterThanOrEqual(mine[i - 1]!.limited ? 3000 : 1000);
      }
    }
  });

  it('keeps a digest pending through a run of 500s and delivers it once on the next run', async () => {
    // Prepare: six 500s: C1's first post fails all five attempts, C2's first post its first one
    slack.fail('chat.postMessage', { status: 500 }, 6);
    // Act
    const first = await deliverDigests(options(2));
    const pending = await store.listPending('C1', 'alerts');
    const second = await deliverDigests(options(10));
    // Assess
    expect(first.channels.map((c) => [c.channel, c.status, c.error?.code])).toEqual([
      ['C1', 'failed', 'unavailable'],
      ['C2', 'ok', undefined],
    ]);
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ attempts: 1, lastError: expect.stringMatching(/^unavailable: C1: Slack unavailable after 5 attempts \(HTTP 500\)/) });
    expect(second.channels.map((c) => c.status)).toEqual(['ok', 'nothing-new']);
    expect(deliveredOnce()).toEqual([
      [1, 1, 1, 1, 1],
      [1, 1, 1, 1, 1],
    ]);
    expect(await store.listPending('C1', 'alerts')).toEqual([]);
  });
  it('never duplicates a post Slack accepted before the answer was lost to a 502 or a timeout', async () => {
    // Prepare: C1's parent is stored but answered 502; C2's parent is stored but the answer never comes in time.
    slack.fail('chat.postMessage', { status: 502, accepted: true });
    const hangs = options(2);
    hangs.sender = new SlackSender({ token: 'xoxb-test', slackApiUrl: slack.url, minIntervalMs: 1000, backoffMs: 250, timeoutMs: 300, now: clock.now, sleep: clock.sleep });
    // Act
    const first = await deliverDigests({ ...hangs, channel: 'C1' });
    slack.fail('chat.postMessage', { hangMs: 1500, accepted: true });
    const second = await deliverDigests({ ...hangs, channel: 'C2' });
    // Assess
    expect([first.status, second.status]).toEqual(['ok', 'ok']);
    expect(deliveredOnce()).toEqual([
      [1, 1, 1, 1, 1],
      [1, 1, 1, 1, 1],
    ]);
    for (const c of CHANNELS) {
      const [parent, ...replies] = slack.delivered(c);
      expect(replies.every((r) => r.thread_ts === parent?.ts)).toBe(true);
      expect(await store.listPending(c, 'alerts')).toEqual([]);
    }
  });

  it('fails only the channel when something that is not Slack answers 404, and keeps its digest pending', async () => {
    // Prepare: a wrong SLACK_API_URL or a proxy answers the first post with an HTML 404.
    slack.fail('chat.postMessage', { status: 404 });
    // Act
    const report = await deliverDigests(options(2));
    // Assess
    expect(report.status).toBe('partial');
    expect(report.channels.map((c) => [c.channel, c.status, c.error?.code])).toEqual([
      ['C1', 'failed', 'http_404'],
      ['C2', 'ok', undefined],
    ]);
    expect(report.channels[0]?.error?.message).toMatch(/SLACK_API_URL/);
    expect(slack.posts('C1')).toHaveLength(1);
    expect(await store.listPending('C1', 'alerts')).toHaveLength(1);
    expect(slack.delivered('C2').length).toBeGreaterThan(0);
  });
});
