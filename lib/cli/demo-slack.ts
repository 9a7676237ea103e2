import { randomBytes } from 'node:crypto';
import { DynamoArchiveQueries } from '../adapters/dynamodb/archive-queries.ts';
import { readTrackedCounts } from '../adapters/dynamodb/tracked-counts.ts';
import { SlackSender } from '../adapters/slack/slack-sender.ts';
import { registryView } from '../api/handler.ts';
import { startApiServer } from '../api/node-server.ts';
import { SlackServer, type StoredMessage } from '../dev/slack-server.ts';
import { blockActionsBody, sendToEndpoint, signedRequest, slashCommandBody } from '../dev/slack-requests.ts';
import type { DeliveryMarker, DigestSender } from '../digest/ports.ts';
import { stateLabel } from '../digest/render.ts';
import { messageToTerminal } from '../digest/terminal.ts';
import type { RenderedMessage } from '../digest/types.ts';
import { cursorSecretFromEnv } from '../query/cursor.ts';
import { CORRECT_ACTION_ID, controlsIn, encodeControl, type ControlValue } from '../slack-actions/controls.ts';
import { SLACK_PATHS } from '../slack-actions/door.ts';
import type { BoardPort } from '../slack-actions/status.ts';
import type { JobReport } from '../slack-actions/worker.ts';
import type { LoadedSetup, OpenArchive } from './runtime.ts';
import { localSlackEndpoint } from './slack-endpoint.ts';

/**
 * The demo's Slack: a loopback Slack Web API (never a real workspace) that the digests are posted to, printed as
 * they go; then a reader corrects an alert and asks `/inquiry find` and `/inquiry status`, through the same signed
 * endpoint `serve` exposes, with requests built and signed as Slack builds them.
 */

const WORKSPACE = { teamId: 'T0DEMO0001', teamDomain: 'inquiry-watch-demo', appId: 'A0DEMO0001', signingSecret: randomBytes(16).toString('hex') };
const READER = { id: 'U0DEMO0001', name: 'demo-reader' };

/** Posts through the real Slack client to the loopback server, and prints each message as the terminal sender would. */
class PrintingSender implements DigestSender {
  readonly name = 'slack (loopback)';
  constructor(
    private readonly inner: SlackSender,
    private readonly write: (text: string) => void,
  ) {}

  async post(channel: string, message: RenderedMessage, marker: DeliveryMarker, threadTs?: string): Promise<{ ts: string }> {
    const posted = await this.inner.post(channel, message, marker, threadTs);
    if (!threadTs) this.write(`\n[${channel}]`);
    this.write(messageToTerminal(message, Boolean(threadTs)));
    return posted;
  }

  findPosted(channel: string, marker: DeliveryMarker, since: Date, threadTs?: string): Promise<string | undefined> {
    return this.inner.findPosted(channel, marker, since, threadTs);
  }
}

export interface DemoSlack {
  sender: DigestSender;
  slack: SlackServer;
  close(): Promise<void>;
}

export async function startDemoSlack(setup: Pick<LoadedSetup, 'config'>, write = (t: string) => console.log(t)): Promise<DemoSlack> {
  const slack = await new SlackServer().start();
  for (const s of setup.config.subscriptions) slack.members.set(s.channel, [READER.id]);
  const sender = new PrintingSender(new SlackSender({ token: 'xoxb-demo', slackApiUrl: slack.url, minIntervalMs: 0 }), write);
  return { sender, slack, close: () => slack.stop() };
}

const asRendered = (m: StoredMessage): RenderedMessage => ({ part: 0, text: m.text, blocks: (m.blocks ?? []) as RenderedMessage['blocks'] });

/**
 * The click the demo shows: on an item in an alert's thread (news folded as "the same event", where mis-sorts show)
 * that is evidence on its entry's board, so the board visibly follows; else the first item offered.
 */
async function correctionToShow(offered: StoredMessage[], board: BoardPort): Promise<{ message: StoredMessage; control: ControlValue } | undefined> {
  const choices = [...offered.filter((m) => m.thread_ts), ...offered.filter((m) => !m.thread_ts)].flatMap((message) => controlsIn(asRendered(message)).map((control) => ({ message, control })));
  for (const choice of choices) {
    if ((await citing(board, choice.control)) > 0) return choice;
  }
  return choices[0];
}

/** How many pieces of evidence on the entry's board come from the item. */
async function citing(board: BoardPort, c: Pick<ControlValue, 'entryId' | 'itemId'>): Promise<number> {
  return (await board.entry(c.entryId)).events.flatMap((e) => e.evidence).filter((e) => e.itemId === c.itemId).length;
}

const stateLine = async (board: BoardPort, entryId: string) => {
  const s = await board.entry(entryId);
  return `${stateLabel(s.state)}${s.since ? ` since ${s.since}` : ''}, ${s.events.length} events`;
};

/** A reader corrects an item an alert listed (the board follows), then searches and asks where things stand. */
export async function demoSlackActions(setup: LoadedSetup, archive: OpenArchive, demo: DemoSlack, board: BoardPort, write = (t: string) => console.log(t)): Promise<void> {
  const jobs: JobReport[] = [];
  const endpoint = localSlackEndpoint({
    config: setup.config,
    entries: setup.registry.entries,
    archive,
    board,
    env: { SLACK_SIGNING_SECRET: WORKSPACE.signingSecret, SLACK_BOT_TOKEN: 'xoxb-demo', SLACK_API_URL: demo.slack.url },
    onJob: (r) => jobs.push(r),
  });
  if ('off' in endpoint) return write(`\nSlack actions skipped: ${endpoint.off}.`);
  const server = await startApiServer(
    { reader: new DynamoArchiveQueries(archive.client, archive.tableName), registry: registryView(setup.compiled), cursorSecret: cursorSecretFromEnv() },
    { mounts: [endpoint] },
  );
  try {
    const channel = setup.config.subscriptions[0]!.channel;
    const offered = demo.slack.delivered(channel).filter((m) => controlsIn(asRendered(m)).length > 0);
    const shown = await correctionToShow(offered, board);
    if (!shown) return write('\nSlack actions: no message with a correction menu was posted.');
    const { message, control } = shown;
    const entryName = setup.registry.entries.find((e) => e.id === control.entryId)?.name ?? control.entryId;
    const before = (await archive.store.getItem(control.itemId))!;
    const countBefore = (await readTrackedCounts(archive.client, archive.tableName, [control.entryId])).get(control.entryId);
    const boardBefore = { citing: await citing(board, control), state: await stateLine(board, control.entryId) };

    write(`\nSlack actions on ${server.url}${SLACK_PATHS.interactions} (the endpoint \`serve\` exposes; in AWS, a route on the HTTP API).`);
    const forged = signedRequest(`payload=${encodeURIComponent('{"type":"block_actions"}')}`, 'not-the-signing-secret');
    write(`A request signed with the wrong secret: HTTP ${(await sendToEndpoint(`${server.url}${SLACK_PATHS.interactions}`, forged)).status}, nothing changed.`);

    write(`\n${READER.name} opens the ⋮ menu on “${before.title}” and picks “Not about ${entryName}”:`);
    const click = blockActionsBody({
      workspace: WORKSPACE,
      user: READER,
      channel: { id: channel, name: 'demo-channel' },
      message: { ts: message.ts, text: message.text, blocks: message.blocks },
      actionId: CORRECT_ACTION_ID,
      value: encodeControl({ ...control, verdict: 'not-about' }),
      responseUrl: demo.slack.responseUrl(),
    });
    const ack = await sendToEndpoint(`${server.url}${SLACK_PATHS.interactions}`, signedRequest(click, WORKSPACE.signingSecret));
    await endpoint.idle();
    const after = (await archive.store.getItem(control.itemId))!;
    const countAfter = (await readTrackedCounts(archive.client, archive.tableName, [control.entryId])).get(control.entryId);
    const tags = (i: typeof before) => [...i.inquiries, ...i.commitments].join(', ') || '(none)';
    write(`  HTTP ${ack.status} at once (Slack's three seconds); the work ran after it: ${jobs.map((j) => j.outcome).join(', ')}.`);
    write(`  The item's tags: ${tags(before)} → ${tags(after)} (kept with who, when and from which message; re-sorting will not undo it).`);
    write(`  Items on ${control.entryId}: ${countBefore} → ${countAfter}.`);
    write(
      `  The board re-detected the item's events: evidence from it on ${control.entryId} ${boardBefore.citing} → ${await citing(board, control)}; ` +
        `${control.entryId}: ${boardBefore.state} → ${await stateLine(board, control.entryId)}.`,
    );
    const updated = demo.slack.delivered(channel).find((m) => m.ts === message.ts)!;
    write(`  The Slack message, updated in place (chat.update, ${updated.edits} edit):`);
    write(messageToTerminal(asRendered(updated), true));
    write(`  Told privately to ${READER.name}: ${demo.slack.responses.at(-1)?.body.text ?? '(nothing)'}`);

    // Slash commands as the reader types them; each answer comes back privately through the response URL.
    for (const text of ['find ethnicity data', `status ${control.entryId.replace(/^c-/, '').replace(/-/g, ' ')}`, 'status']) {
      write(`\n${READER.name} types \`/inquiry ${text}\`:`);
      const typed = slashCommandBody({ workspace: WORKSPACE, user: READER, channel: { id: channel, name: 'demo-channel' }, text, responseUrl: demo.slack.responseUrl() });
      await sendToEndpoint(`${server.url}${SLACK_PATHS.commands}`, signedRequest(typed, WORKSPACE.signingSecret));
      await endpoint.idle();
      const answer = demo.slack.responses.at(-1)?.body;
      write(messageToTerminal({ part: 0, text: answer?.text ?? '', blocks: (answer?.blocks ?? []) as RenderedMessage['blocks'] }, true));
    }
    write(`\nWho corrected what, per entry: npx inquiry-watch --config config/demo.yaml --data-dir .inquiry-watch/demo feedback`);
  } finally {
    await server.close();
    await endpoint.idle();
  }
}
