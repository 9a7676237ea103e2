import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { createDocumentClient, ensureTable } from '../../lib/adapters/dynamodb/client.ts';
import { DynamoArchiveStore } from '../../lib/adapters/dynamodb/archive-store.ts';
import { DynamoDigestStore } from '../../lib/adapters/dynamodb/digest-store.ts';
import { SlackSender } from '../../lib/adapters/slack/slack-sender.ts';
import { startDynamoLocal, type LocalDynamo } from '../../lib/adapters/dynamodb/local.ts';
import { ReplayServer } from '../../lib/dev/replay-server.ts';
import { FetchHttpClient } from '../../lib/http/fetcher.ts';
import { runCycle, type CycleDeps } from '../../lib/pipeline/cycle.ts';
import { ConfigSchema, SubscriptionSchema } from '../../lib/config/schema.ts';
import { compileRegistry } from '../../lib/classify/classifier.ts';
import { loadRegistry } from '../../lib/registry/registry.ts';
import { deliverDigests } from '../../lib/digest/deliver.ts';
import { SlackServer } from '../support/slack-server.ts';
import type { SourceState } from '../../lib/store/entities/source-state-entity.ts';
import { auditArchive, trackedFeed } from './faults-support.ts';

const registry = loadRegistry('config/registry.yaml');
const compiled = compileRegistry(registry);
const TABLE = 'killed-mid-cycle';

/**
 * The archive, saying when the cycle's own write of a source's state has been acknowledged: the source is then done.
 * (Seeing the state from outside is not enough: on a loaded machine the database can apply the write before the
 * cycle has its answer, and a kill in between fails that source too.)
 */
class WatchedStore extends DynamoArchiveStore {
  private readonly waiting = new Map<string, () => void>();
  stateSaved(sourceId: string): Promise<void> {
    return new Promise((resolve) => this.waiting.set(sourceId, resolve));
  }
  override async putSourceState(state: SourceState): Promise<void> {
    await super.putSourceState(state);
    this.waiting.get(state.sourceId)?.();
  }
}

/** Resolves once nothing listens on the port any more (the killed database is gone). */
async function refused(port: number): Promise<void> {
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (!open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('DynamoDB Local killed in the middle of a cycle', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'iw-kill-'));
  const feeds = new ReplayServer();
  let first: LocalDynamo | undefined;
  let restarted: LocalDynamo | undefined;
  let slack: SlackServer | undefined;

  afterAll(async () => {
    first?.kill();
    await restarted?.stop();
    await feeds.stop();
    await slack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('fails the cycle cleanly, and after a restart on the same data the next run stores and posts everything once', async () => {
    // Prepare: a quick official feed, and a slow one still arriving when the database dies
    await feeds.start();
    slack = await new SlackServer().start();
    feeds.set('/quick.xml', { body: trackedFeed('quick', 3) });
    feeds.set('/slow.xml', { body: trackedFeed('slow', 12), fault: { type: 'trickle', chunkBytes: 400, everyMs: 60 } });
    const config = ConfigSchema.parse({
      sources: ['quick', 'slow'].map((id) => ({ id, type: 'rss', url: `${feeds.url}/${id}.xml`, sourceType: 'statement', alertOnFirstPoll: true, timeoutMs: 20_000 })),
      subscriptions: [SubscriptionSchema.parse({ channel: 'C1' })],
    });
    const db = await startDynamoLocal({ dataDir });
    first = db;
    const client = createDocumentClient({ endpoint: db.endpoint, maxAttempts: 2 });
    await ensureTable(client, TABLE);
    const store = new WatchedStore(client, TABLE);
    const deps: CycleDeps = { store, http: new FetchHttpClient({ userAgent: 'InquiryWatch-test', backoffMs: 1, allowLoopbackPorts: [feeds.port] }), compiled, searchTerms: [] };
    const sender = new SlackSender({ token: 'xoxb-test', slackApiUrl: slack.url, minIntervalMs: 0, backoffMs: 1, maxAttempts: 2 });
    const deliver = (digestStore: DynamoDigestStore, now: Date) =>
      deliverDigests({ mode: 'alerts', config, registry, store: digestStore, sender, now });

    // Act: kill -9 the database once the quick feed is stored, while the slow one is still arriving
    const quickDone = store.stateSaved('quick');
    const cycle = runCycle(config, deps);
    await quickDone;
    db.kill();
    await refused(db.port);
    const crashed = await cycle;
    const deliveredWhileDown = await deliver(new DynamoDigestStore(client, TABLE), new Date()).catch((err: Error) => err);
    const postsWhileDown = slack.posts().length;

    restarted = await startDynamoLocal({ dataDir });
    const client2 = createDocumentClient({ endpoint: restarted.endpoint });
    await ensureTable(client2, TABLE);
    const store2 = new DynamoArchiveStore(client2, TABLE);
    const survived = await auditArchive(client2, TABLE);
    const recovered = await runCycle(config, { ...deps, store: store2 });
    const digestStore = new DynamoDigestStore(client2, TABLE);
    await deliver(digestStore, new Date());
    const again = await deliver(digestStore, new Date(Date.now() + 60_000));

    // Assess: the crashed cycle reported the failure on the source, with no throw and no partial success claimed
    expect(crashed.status).toBe('failed');
    const bySource = Object.fromEntries(crashed.sources.map((s) => [s.sourceId, s]));
    expect(bySource.quick).toMatchObject({ status: 'ok' });
    expect(bySource.quick!.newItems).toHaveLength(3);
    expect(bySource.slow).toMatchObject({ status: 'failed', error: expect.stringMatching(/ECONNREFUSED|ECONNRESET|socket hang up/) });
    // Digests need the archive: with it gone they fail loudly (the Lambda errors, its alarm fires) and post nothing
    expect(deliveredWhileDown).toBeInstanceOf(Error);
    expect(String(deliveredWhileDown)).toMatch(/ECONNREFUSED/);
    expect(postsWhileDown).toBe(0);
    // What was written before the kill survived it; the next run adds the rest once
    expect(survived.items.map((i) => i.sourceId)).toEqual(['quick', 'quick', 'quick']);
    expect(recovered.status).toBe('ok');
    expect(recovered.sources.map((s) => [s.sourceId, s.newItems.length, s.unchanged])).toEqual([
      ['quick', 0, 3],
      ['slow', 12, 0],
    ]);
    const audit = await auditArchive(client2, TABLE);
    expect(audit.problems).toEqual([]);
    expect(audit.items).toHaveLength(15);
    expect(await store2.getSourceState('slow')).toMatchObject({ consecutiveFailures: 0, itemsStored: 12 });
    // Every story reached Slack exactly once, and a later run posts nothing
    const posted = JSON.stringify(slack.delivered().map((m) => m.blocks));
    for (const item of audit.items) expect(posted.split(item.title).length - 1).toBe(1);
    expect(again.messagesPosted).toBe(0);
  }, 240_000);
});
