import type { Config } from '../config/schema.ts';
import { sha256 } from '../util/hash.ts';
import { helpReply, parseCommandText } from './commands.ts';
import type { Reply, RequestLedger, SlackJob } from './ports.ts';
import { MalformedRequestError, parseCommand, parseForm, parseInteraction, type ParsedRequest } from './requests.ts';
import { checkSignature } from './verify.ts';

/**
 * The door: everything Slack sends comes through here, in this order, and stops at the first refusal.
 *  1. POST to one of the two paths, a form body no larger than `MAX_BODY_BYTES`;
 *  2. the signature over the raw bytes, with a timestamp within five minutes (nothing is decoded before this);
 *  3. the body decoded and parsed strictly (only our own correction menus, only the slash command);
 *  4. the configured workspace, a user of that workspace, and a served channel;
 *  5. not seen before: a conditional create keyed by the signature (the only write a request can cause here).
 * Then Slack gets its acknowledgement at once and the work (`job`) runs after it. A refused request changes nothing.
 */

export const SLACK_PATHS = { interactions: '/slack/interactions', commands: '/slack/commands' } as const;

/**
 * The largest body accepted. A click's payload carries the whole message it was made on: at most ~12,000
 * characters of text with its menus, so ~110 KB even if every character were JSON-escaped and then url-encoded
 * (8 bytes each); a full alert of hostile titles measures under 50 KB (test/unit/slack-actions/controls.test.ts).
 */
export const MAX_BODY_BYTES = 256 * 1024;

export type RefusalReason =
  | 'method'
  | 'route'
  | 'too-large'
  | 'content-type'
  | 'missing-headers'
  | 'stale'
  | 'bad-signature'
  | 'malformed'
  | 'wrong-team'
  | 'wrong-channel'
  | 'replay';

export interface SlackHttpRequest {
  method: string;
  path: string;
  /** Header names lower-case. */
  headers: Record<string, string | undefined>;
  body: Uint8Array;
}

export interface SlackHttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Who may come in: one workspace, its served channels, and where answers may be sent. */
export interface SlackAccess {
  teamId: string;
  /** Subscribed channels (corrections and commands) and command-only channels. */
  correctionChannels: ReadonlySet<string>;
  commandChannels: ReadonlySet<string>;
  /** Origins a response URL may point at: Slack's (`https://hooks.slack.com`), or a loopback Slack in tests and the demo. */
  responseOrigins: readonly string[];
}

export interface DoorDeps {
  signingSecret: string;
  access: SlackAccess;
  ledger: Pick<RequestLedger, 'record'>;
  now?: () => Date;
  maxBodyBytes?: number;
}

export interface DoorOutcome {
  response: SlackHttpResponse;
  /** Work to run after the response has gone. */
  job?: SlackJob;
  /** Set when refused: counted (an alarm in AWS) and logged, never shown in detail to the caller. */
  refused?: RefusalReason;
}

export const SLACK_RESPONSE_ORIGIN = 'https://hooks.slack.com';

/** Who may come in, from the config: its workspace, the subscribed channels, and where answers may go. */
export function slackAccess(config: Pick<Config, 'subscriptions' | 'slack'>, slackApiUrl?: string): SlackAccess {
  if (!config.slack) throw new Error('slack actions are not configured (no `slack:` section)');
  return {
    teamId: config.slack.teamId,
    correctionChannels: new Set(config.subscriptions.map((s) => s.channel)),
    commandChannels: new Set(config.slack.commandChannels),
    // A loopback Slack (SLACK_API_URL: tests, the demo) hands out response URLs on its own origin.
    responseOrigins: [SLACK_RESPONSE_ORIGIN, ...(slackApiUrl ? [new URL(slackApiUrl).origin] : [])],
  };
}

export async function openDoor(req: SlackHttpRequest, deps: DoorDeps): Promise<DoorOutcome> {
  const now = (deps.now ?? (() => new Date()))();
  if (req.method !== 'POST') return refuse(405, 'method', { allow: 'POST' });
  const route = req.path === SLACK_PATHS.interactions ? 'interactions' : req.path === SLACK_PATHS.commands ? 'commands' : undefined;
  if (!route) return refuse(404, 'route');
  if (req.body.byteLength > (deps.maxBodyBytes ?? MAX_BODY_BYTES)) return refuse(413, 'too-large');
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(req.headers['content-type'] ?? '')) return refuse(415, 'content-type');

  const signature = req.headers['x-slack-signature'];
  const check = checkSignature({ rawBody: req.body, timestamp: req.headers['x-slack-request-timestamp'], signature, signingSecret: deps.signingSecret, now });
  if (!check.ok) return refuse(401, check.reason);

  let parsed: ParsedRequest;
  try {
    const fields = parseForm(new TextDecoder('utf-8', { fatal: true }).decode(req.body));
    parsed = route === 'interactions' ? parseInteraction(fields) : parseCommand(fields);
  } catch (err) {
    if (err instanceof MalformedRequestError || err instanceof TypeError) return refuse(400, 'malformed');
    throw err;
  }

  const { access } = deps;
  if (parsed.teamId !== access.teamId || (parsed.userTeamId !== undefined && parsed.userTeamId !== access.teamId)) return refuse(403, 'wrong-team');
  if (!access.responseOrigins.includes(new URL(parsed.responseUrl).origin)) return refuse(400, 'malformed');
  const served = parsed.type === 'correction' ? access.correctionChannels.has(parsed.channel) : access.correctionChannels.has(parsed.channel) || access.commandChannels.has(parsed.channel);
  if (!served) {
    // A member of the workspace in another channel: tell them where it works (commands show this reply; a click shows nothing).
    return { refused: 'wrong-channel', response: reply({ text: 'Inquiry Watch only answers in the channels it posts to.' }) };
  }

  const requestId = sha256(signature!).slice(0, 32);
  const base = { requestId, receivedAt: now.toISOString(), teamId: parsed.teamId, channel: parsed.channel, user: parsed.user, responseUrl: parsed.responseUrl };
  let job: SlackJob | undefined;
  let answer: Reply | undefined;
  if (parsed.type === 'correction') job = { ...base, type: 'correction', messageTs: parsed.messageTs, control: parsed.control };
  else {
    const command = parseCommandText(parsed.text);
    if (command.command === 'help') answer = helpReply(parsed.command, command.unknown);
    else job = { ...base, type: 'command', command: command.command, args: command.args };
  }
  if (!(await deps.ledger.record(requestId, job, now))) return refuse(409, 'replay');
  // Help needs nothing from the archive: answered in the acknowledgement itself.
  return { response: answer ? reply(answer) : empty(), job };
}

const empty = (): SlackHttpResponse => ({ status: 200, headers: { 'cache-control': 'no-store' }, body: '' });

/** An ephemeral answer in the acknowledgement. */
const reply = (r: Reply): SlackHttpResponse => ({
  status: 200,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  body: JSON.stringify({ response_type: r.inChannel ? 'in_channel' : 'ephemeral', text: r.text, ...(r.blocks ? { blocks: r.blocks } : {}) }),
});

/** Refusals say only what class of problem it was; details go to the log. */
export function refuse(status: number, reason: RefusalReason, headers: Record<string, string> = {}): DoorOutcome {
  return {
    refused: reason,
    response: { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers }, body: REFUSAL_TEXT[status] ?? 'refused' },
  };
}

const REFUSAL_TEXT: Record<number, string> = {
  400: 'bad request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not found',
  405: 'method not allowed',
  409: 'already seen',
  413: 'payload too large',
  415: 'unsupported media type',
};
