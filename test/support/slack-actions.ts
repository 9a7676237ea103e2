import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoBoardStore } from '../../lib/adapters/dynamodb/board-store.ts';
import { DynamoArchiveQueries } from '../../lib/adapters/dynamodb/archive-queries.ts';
import { DynamoCorrectionStore } from '../../lib/adapters/dynamodb/correction-store.ts';
import { DynamoDigestStore } from '../../lib/adapters/dynamodb/digest-store.ts';
import { SlackSender } from '../../lib/adapters/slack/slack-sender.ts';
import { registryView } from '../../lib/api/handler.ts';
import { Board } from '../../lib/board/board.ts';
import { startApiServer, type RunningApiServer } from '../../lib/api/node-server.ts';
import { compileRegistry } from '../../lib/classify/classifier.ts';
import { localSlackEndpoint } from '../../lib/cli/slack-endpoint.ts';
import { ConfigSchema, type Config } from '../../lib/config/schema.ts';
import { deliverDigests } from '../../lib/digest/deliver.ts';
import type { DigestMode, EntryInfo } from '../../lib/digest/types.ts';
import { blockActionsBody, sendToEndpoint, signedRequest, slashCommandBody, type SlackUser, type SlackWorkspace } from '../../lib/dev/slack-requests.ts';
import type { Kind, SourceType } from '../../lib/model/item.ts';
import { DEV_CURSOR_SECRET } from '../../lib/query/cursor.ts';
import { checkRegistry } from '../../lib/registry/registry.ts';
import { CORRECT_ACTION_ID, type Verdict } from '../../lib/slack-actions/controls.ts';
import { SLACK_PATHS } from '../../lib/slack-actions/door.ts';
import type { SlackEndpoint } from '../../lib/slack-actions/node-endpoint.ts';
import type { JobReport } from '../../lib/slack-actions/worker.ts';
import type { Candidate } from '../../lib/store/ports.ts';
import { createTestTable, type TestTable } from './dynamo.ts';
import { SlackServer, type StoredMessage } from './slack-server.ts';

/** A workspace, a channel with its members, and a stranger: the cast of the Slack actions tests. */
export const WORKSPACE: SlackWorkspace = { teamId: 'T0CAMPAIGN', teamDomain: 'campaign', appId: 'A0INQUIRY', signingSecret: '8f742231b10e8888abcd99yyyzzz85a5' };
export const CHANNEL = { id: 'C0WATCH001', name: 'grooming-gangs-watch' };
export const OTHER_CHANNEL = { id: 'C0RANDOM01', name: 'random' };
export const ALICE: SlackUser = { id: 'U0ALICE001', name: 'alice' };
export const BOB: SlackUser = { id: 'U0BOB00001', name: 'bob' };
/** In the workspace, not in the channel. */
export const MALLORY: SlackUser = { id: 'U0MALLORY1', name: 'mallory' };

export const ENTRIES: EntryInfo[] = [
  { id: 'casey-audit', name: 'Casey national audit', type: 'inquiry' },
  { id: 'national-inquiry', name: 'National inquiry', type: 'inquiry' },
  { id: 'c-ethnicity-data', name: 'Mandatory ethnicity data', type: 'commitment' },
];

/** A small registry with the same entries, for the classifier-facing parts (find, registry test) and the board. */
export const registry = checkRegistry({
  file: 'registry.yaml',
  phraseSets: {},
  entries: [
    { id: 'casey-audit', type: 'inquiry', name: 'Casey national audit', description: '', related: [], searchTerms: [], match: matchOf(['casey audit', 'national audit']) },
    { id: 'national-inquiry', type: 'inquiry', name: 'National inquiry', description: '', related: [], searchTerms: [], match: matchOf(['national inquiry']) },
    { id: 'c-ethnicity-data', type: 'commitment', name: 'Mandatory ethnicity data', description: '', related: [], searchTerms: [], match: matchOf(['mandatory ethnicity data']) },
  ],
  // A deadline on the board from the registry: overdue on the world's clock (16 June 2025).
  board: { 'national-inquiry': { deadlines: [{ what: 'Terms of reference published', due: '2025-06-01', source: 'https://www.gov.uk/national-inquiry-terms' }] } },
});

function matchOf(aliases: string[]) {
  return { aliases, cues: [], refs: [], context: [], near: [], veto: [], aliasesNeedContext: false, window: 25, contextWindow: 75, minScore: 2 };
}

export const config: Config = ConfigSchema.parse({
  sources: [{ id: 'bbc-uk', type: 'rss', url: 'http://127.0.0.1:9/feed.xml' }],
  subscriptions: [{ channel: CHANNEL.id, tracked: 'all', roundup: { cadence: 'daily', at: '08:00' } }],
  archiveUrl: 'https://archive.example.org/',
  slack: { teamId: WORKSPACE.teamId },
});

let seq = 0;
export function candidate(over: { kind?: Kind; title?: string; entries?: string[]; published?: string; fetched?: string; text?: string } = {}): Candidate {
  const n = ++seq;
  const kind = over.kind ?? 'statement';
  const sourceType: SourceType = kind === 'news' ? 'news' : kind === 'statement' ? 'statement' : 'report';
  const url = `https://www.gov.uk/government/news/item-${n}`;
  const entries = over.entries ?? ['casey-audit'];
  return {
    draft: {
      sourceId: kind === 'news' ? 'bbc-uk' : 'govuk',
      sourceType,
      title: over.title ?? `Statement ${n} on the Casey audit`,
      url,
      published: over.published ?? '2025-06-16T09:00:00.000Z',
      text: over.text ?? 'Baroness Casey published her national audit on group-based child sexual exploitation.',
      nativeIds: { guid: url },
      dedupKeys: [`url:${url}`],
    },
    classification: {
      inquiries: entries.filter((e) => !e.startsWith('c-')),
      commitments: entries.filter((e) => e.startsWith('c-')),
      kind,
      evidence: entries.map((id) => ({ id, phrases: [{ phrase: 'casey audit', offset: 0 }], snippet: 'Baroness Casey published her national audit', score: 3 })),
    },
    fetched: over.fetched ?? '2025-06-16T09:05:00.000Z',
    quiet: false,
  };
}

/**
 * Everything a Slack action touches, real: DynamoDB Local, the accountability board on it, the loopback Slack server
 * (through the real @slack/web-api client), and the local HTTP endpoint `serve` exposes.
 */
export class SlackWorld {
  t!: TestTable;
  board!: Board;
  slack!: SlackServer;
  server!: RunningApiServer;
  endpoint!: SlackEndpoint;
  readonly jobs: JobReport[] = [];
  readonly errors: unknown[] = [];
  now = new Date('2025-06-16T10:00:00.000Z');

  /** `board: false`: a deployment wired without the accountability board (the endpoint is given none). */
  async start(options: { config?: Config; board?: false } = {}): Promise<this> {
    this.t = await createTestTable('slack');
    this.board = new Board(new DynamoBoardStore(this.t.client, this.t.tableName), registry);
    this.slack = await new SlackServer().start();
    this.slack.members.set(CHANNEL.id, [ALICE.id, BOB.id]);
    const cfg = options.config ?? config;
    const endpoint = localSlackEndpoint({
      config: cfg,
      entries: registry.entries,
      archive: this.t,
      ...(options.board === false ? {} : { board: this.board }),
      env: { SLACK_SIGNING_SECRET: WORKSPACE.signingSecret, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: this.slack.url },
      now: () => this.now,
      onJob: (r) => this.jobs.push(r),
      onError: (err) => this.errors.push(err),
    });
    if ('off' in endpoint) throw new Error(endpoint.off);
    this.endpoint = endpoint;
    this.server = await startApiServer(
      { reader: new DynamoArchiveQueries(this.t.client, this.t.tableName), registry: registryView(compileRegistry(registry)), cursorSecret: DEV_CURSOR_SECRET },
      { mounts: [endpoint] },
    );
    return this;
  }

  async stop(): Promise<void> {
    await this.server?.close();
    await this.endpoint?.idle();
    await this.slack?.stop();
  }

  get digests() {
    return new DynamoDigestStore(this.t.client, this.t.tableName);
  }

  get corrections() {
    return new DynamoCorrectionStore(this.t.client, this.t.tableName);
  }

  /** Stores items and records what they say on the board, as a poll cycle does. */
  async ingest(candidates: Candidate[]) {
    const stored = await this.t.store.ingest(candidates, () => this.now);
    await this.board.afterIngest(stored);
    return stored;
  }

  /** Posts due digests (roundups with the board's section) to the loopback Slack with the real sender, as `run` does. */
  deliver(mode: DigestMode, cfg: Config = config) {
    return deliverDigests({
      mode,
      config: cfg,
      registry: { entries: ENTRIES },
      store: this.digests,
      board: this.board.feed(),
      sender: new SlackSender({ token: 'xoxb-test', slackApiUrl: this.slack.url, minIntervalMs: 0 }),
      now: this.now,
      force: true,
    });
  }

  /** The message that carries the item's menu, as Slack stores it. */
  messageWith(itemId: string): StoredMessage {
    const m = this.slack.delivered(CHANNEL.id).find((x) => JSON.stringify(x.blocks).includes(`|${itemId}|`));
    if (!m) throw new Error(`no message offers a correction for ${itemId}`);
    return m;
  }

  /** The value of the menu option for this verdict on this item in this message. */
  optionValue(message: StoredMessage, itemId: string, verdict: Verdict): string {
    const values = (message.blocks ?? []).flatMap((b) => ((b as { accessory?: { options: { value: string }[] } }).accessory?.options ?? []).map((o) => o.value));
    const code = verdict === 'not-about' ? '|n|' : '|c|';
    const value = values.find((v) => v.includes(`|${itemId}|`) && v.includes(code));
    if (!value) throw new Error(`no ${verdict} option for ${itemId}`);
    return value;
  }

  /** A click as Slack sends it: built, signed and posted to the local endpoint. */
  clickBody(args: { itemId: string; verdict: Verdict; user?: SlackUser; message?: StoredMessage; value?: string; channel?: { id: string; name: string } }): string {
    const message = args.message ?? this.messageWith(args.itemId);
    return blockActionsBody({
      workspace: WORKSPACE,
      user: args.user ?? ALICE,
      channel: args.channel ?? CHANNEL,
      message: { ts: message.ts, text: message.text, blocks: message.blocks },
      actionId: CORRECT_ACTION_ID,
      value: args.value ?? this.optionValue(message, args.itemId, args.verdict),
      responseUrl: this.slack.responseUrl(),
      now: this.now,
    });
  }

  async click(args: Parameters<SlackWorld['clickBody']>[0]) {
    const out = await this.post(SLACK_PATHS.interactions, this.clickBody(args));
    await this.endpoint.idle();
    return out;
  }

  commandBody(text: string, over: { user?: SlackUser; channel?: { id: string; name: string } } = {}): string {
    return slashCommandBody({ workspace: WORKSPACE, user: over.user ?? ALICE, channel: over.channel ?? CHANNEL, text, responseUrl: this.slack.responseUrl() });
  }

  async command(text: string, over: { user?: SlackUser; channel?: { id: string; name: string } } = {}) {
    const out = await this.post(SLACK_PATHS.commands, this.commandBody(text, over));
    await this.endpoint.idle();
    return out;
  }

  /** Signs (at the world's clock unless told otherwise) and posts a body. */
  post(path: string, body: string, sign: { secret?: string; timestamp?: string } = {}) {
    const request = signedRequest(body, sign.secret ?? WORKSPACE.signingSecret, this.now, sign.timestamp);
    return sendToEndpoint(`${this.server.url}${path}`, request);
  }

  /** Everything in the test table, for "nothing changed" checks. */
  async snapshot(): Promise<string> {
    const out = await this.t.client.send(new ScanCommand({ TableName: this.t.tableName, ConsistentRead: true }));
    return JSON.stringify((out.Items ?? []).sort((a, b) => `${a.pk}${a.sk}`.localeCompare(`${b.pk}${b.sk}`)));
  }
}

/** The real CLI on a world's table (`--store aws` reaches the run's DynamoDB Local through the environment). */
export const cliOnTable = (configFile: string, tableName: string, ...args: string[]) =>
  promisify(execFile)(process.execPath, ['bin/inquiry-watch.js', '--config', configFile, '--store', 'aws', '--table', tableName, ...args], { env: process.env }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
