import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DynamoBoardStore } from '../../lib/adapters/dynamodb/board-store.ts';
import { DynamoDigestStore } from '../../lib/adapters/dynamodb/digest-store.ts';
import { SlackSender } from '../../lib/adapters/slack/slack-sender.ts';
import { Board } from '../../lib/board/board.ts';
import { classify, compileRegistry } from '../../lib/classify/classifier.ts';
import { SubscriptionSchema } from '../../lib/config/schema.ts';
import type { DigestSender, DigestStore } from '../../lib/digest/ports.ts';
import { runDigests, type DigestRunOptions } from '../../lib/digest/run.ts';
import type { ItemDraft } from '../../lib/model/item.ts';
import { loadRegistry } from '../../lib/registry/registry.ts';
import { createTestTable, type TestTable } from '../support/dynamo.ts';
import { SlackServer } from '../support/slack-server.ts';

const registry = loadRegistry('config/registry.yaml');
const compiled = compileRegistry(registry);
const T0 = Date.parse('2025-12-09T18:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

let seq = 0;
function draft(over: Partial<ItemDraft> & Pick<ItemDraft, 'title' | 'text'>): ItemDraft {
  const n = ++seq;
  return { sourceId: 'written-statements', sourceType: 'statement', kindHint: 'statement', url: `https://questions-statements.parliament.uk/written-statements/detail/${n}`, published: '2025-12-09T15:30:00.000Z', nativeIds: {}, dedupKeys: [`url:${n}`], ...over };
}

describe('board alerts through the delivery ledger', () => {
  let t: TestTable;
  let slack: SlackServer;
  let board: Board;

  beforeEach(async () => {
    t = await createTestTable('board-alerts');
    board = new Board(new DynamoBoardStore(t.client, t.tableName), registry);
    slack = await new SlackServer().start();
  });
  afterEach(async () => {
    await slack.stop();
  });

  /** Stores items as a poll cycle does, at `when`, the board recording their events. */
  const ingest = async (drafts: ItemDraft[], when: Date) => {
    const stored = await t.store.ingest(
      drafts.map((d) => ({ draft: d, classification: classify({ title: d.title, text: d.text, sourceType: d.sourceType, kindHint: d.kindHint }, compiled), fetched: when.toISOString(), quiet: false })),
      () => when,
    );
    await board.afterIngest(stored);
  };
  const clock = { t: 0, now: () => clock.t, sleep: async (ms: number) => void (clock.t += ms) };
  const sender = () => new SlackSender({ token: 'xoxb-test', slackApiUrl: slack.url, minIntervalMs: 1000, backoffMs: 1, now: clock.now, sleep: clock.sleep });
  const run = (now: Date, over: Partial<DigestRunOptions> = {}) =>
    runDigests({
      modes: ['alerts', 'board'],
      config: { subscriptions: [SubscriptionSchema.parse({ channel: 'C1', alertKinds: [] })] },
      registry,
      store: new DynamoDigestStore(t.client, t.tableName),
      sender: sender(),
      now,
      board,
      ...over,
    });
  const boardPosts = () => slack.delivered('C1').filter((m) => JSON.stringify(m.blocks).includes('On the board'));

  it('alerts a state change once, with the sentence, the item and the date behind it', async () => {
    // Prepare
    await ingest([draft({ title: 'Grooming Gangs: Independent Inquiry', text: 'Baroness Anne Longfield has been appointed as chair of the national inquiry into grooming gangs.' })], at(0));
    // Act
    const first = await run(at(5));
    const second = await run(at(20));
    // Assess
    const [post, ...more] = boardPosts();
    expect(more).toEqual([]);
    expect(post!.text).toContain('now being set up');
    const text = JSON.stringify(post!.blocks);
    expect(text).toContain('unknown → *being set up* since 2025-12-09');
    expect(text).toContain('“Baroness Anne Longfield has been appointed as chair of the national inquiry into grooming gangs.”');
    expect(text).toContain('https://questions-statements.parliament.uk/written-statements/detail/');
    expect(first.find((r) => r.mode === 'board')!.channels[0]).toMatchObject({ status: 'ok', digests: [{ status: 'sent', items: 1 }] });
    expect(second.find((r) => r.mode === 'board')!.channels[0]!.status).toBe('nothing-new');
  });

  it('notices a deadline that passes with no new item, and alerts it once', async () => {
    // Prepare: a committee report whose response falls due on 10 December
    await ingest(
      [
        draft({
          sourceId: 'committees',
          sourceType: 'report',
          kindHint: 'report',
          title: 'Home Affairs Committee: Grooming gangs: the national inquiry – Fifth Report',
          text: 'Report · Home Affairs Committee\nGovernment response due by 2025-12-10',
          published: '2025-10-10T00:01:00.000Z',
          nativeIds: { publicationId: '170001', publicationType: 'Report', governmentCanRespond: 'true', governmentResponseDeadline: '2025-12-10' },
        }),
      ],
      at(0),
    );
    // Act: the day before, the day after, and the day after that; no new item arrives
    await run(at(0), { modes: ['board'] });
    const before = boardPosts().length;
    await run(new Date('2025-12-11T09:00:00.000Z'), { modes: ['board'] });
    await run(new Date('2025-12-12T09:00:00.000Z'), { modes: ['board'] });
    // Assess
    const deadlinePosts = boardPosts().filter((m) => JSON.stringify(m.blocks).includes('no response found'));
    expect(deadlinePosts).toHaveLength(1);
    expect(JSON.stringify(deadlinePosts[0]!.blocks)).toContain('was due 2025-12-10; no response found (1 day overdue)');
    expect(before).toBe(0);
  });

  it('posts a board alert exactly once across a crash between the post and the ledger update', async () => {
    // Prepare
    await ingest([draft({ title: 'Grooming Gangs: Independent Inquiry', text: 'Baroness Anne Longfield has been appointed as chair of the national inquiry into grooming gangs.' })], at(0));
    const real = sender();
    const crashing: DigestSender = {
      name: 'crashing',
      post: async (...args) => {
        await real.post(...args);
        throw new Error('process killed');
      },
      findPosted: (...args) => real.findPosted(...args),
    };
    // A crash runs no clean-up: the lease stays, held by a run elsewhere (a Lambda), until it expires.
    const dying: DigestStore = Object.create(new DynamoDigestStore(t.client, t.tableName));
    dying.releaseLease = async () => undefined;
    const elsewhere = { id: 'lambda:r-1', description: 'Lambda inquiry-watch-digest, request r-1' };
    await expect(run(at(5), { modes: ['board'], sender: crashing, store: dying, holder: elsewhere })).rejects.toThrow('process killed');
    // Act
    const during = await run(at(6), { modes: ['board'] });
    const after = await run(at(15), { modes: ['board'] });
    // Assess
    expect(boardPosts()).toHaveLength(1);
    expect(during[0]!.channels[0]!.status).toBe('busy');
    expect(after[0]!.channels[0]!.digests[0]).toMatchObject({ status: 'recovered', postedNow: 0 });
  });

  it('alerts a person\'s correction as theirs, and never a state change from an event they rejected', async () => {
    // Prepare
    await ingest([draft({ title: 'Crime and Policing Bill', text: 'The mandatory duty to report child sexual abuse has been dropped from the Crime and Policing Bill.' })], at(0));
    const [wrong] = (await board.entry('c-mandatory-reporting', '2025-12-09')).events.filter((e) => e.type === 'dropped');
    await board.decide({ id: 'p-1', entryId: 'c-mandatory-reporting', action: 'reject', eventId: wrong!.id, reason: 'It was moved, not dropped', sourceUrl: 'https://bills.parliament.uk/', by: 'ann', at: at(1).toISOString() });
    await board.decide({ id: 'p-2', entryId: 'c-mandatory-reporting', action: 'add', event: { type: 'amendment', date: '2025-12-09' }, reason: 'Moved to Part 5 by amendment', sourceUrl: 'https://bills.parliament.uk/bills/3938', by: 'ann', at: at(2).toISOString() });
    // Act
    await run(at(5), { modes: ['board'] });
    // Assess
    const text = JSON.stringify(boardPosts().map((m) => m.blocks));
    expect(text).toContain('*A mandatory duty to report child sexual abuse*: accepted → *in progress* since 2025-12-09  ·  set by ann');
    expect(text).toContain('Moved to Part 5 by amendment');
    expect(text).not.toContain('dropped');
  });
});
