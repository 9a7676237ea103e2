import { signRequest } from '../slack-actions/verify.ts';

/**
 * Requests built the way Slack builds them (api.slack.com/interactivity/handling, /interactivity/slash-commands):
 * interactivity as a form with one field, `payload`, holding the JSON; slash commands as plain form fields; both
 * signed with the app's signing secret over `v0:<timestamp>:<body>`. The demo and the tests play Slack with these.
 */

export interface SlackWorkspace {
  teamId: string;
  teamDomain: string;
  appId: string;
  signingSecret: string;
}

export interface SlackUser {
  id: string;
  name: string;
  /** The user's own workspace; differs from the channel's for a Slack Connect guest. Default: the workspace's. */
  teamId?: string;
}

export interface BuiltRequest {
  body: string | Uint8Array;
  headers: Record<string, string>;
}

/** A message as Slack hands it back inside a click's payload. */
export interface ClickedMessage {
  ts: string;
  text: string;
  blocks?: unknown[];
}

const nowSeconds = (now: Date) => String(Math.floor(now.getTime() / 1000));

/** Signs a form body as Slack does; `timestamp` defaults to now. */
export function signedRequest(body: string | Uint8Array, signingSecret: string, now = new Date(), timestamp = nowSeconds(now)): BuiltRequest {
  return {
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': signRequest(body, timestamp, signingSecret),
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    },
  };
}

/** A click on an overflow menu option in a message: `block_actions`. */
export function blockActionsBody(args: {
  workspace: SlackWorkspace;
  user: SlackUser;
  channel: { id: string; name: string };
  message: ClickedMessage;
  actionId: string;
  value: string;
  optionText?: string;
  responseUrl: string;
  now?: Date;
}): string {
  const { workspace, user, channel, message } = args;
  const actionTs = ((args.now ?? new Date()).getTime() / 1000).toFixed(6);
  const payload = {
    type: 'block_actions',
    user: { id: user.id, username: user.name, name: user.name, team_id: user.teamId ?? workspace.teamId },
    api_app_id: workspace.appId,
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: message.ts, channel_id: channel.id, is_ephemeral: false },
    trigger_id: `${Math.floor(Number(actionTs))}.${workspace.teamId}.0123456789abcdef`,
    team: { id: workspace.teamId, domain: workspace.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channel.id, name: channel.name },
    message: { type: 'message', subtype: 'bot_message', text: message.text, ts: message.ts, bot_id: 'B0INQUIRY', blocks: message.blocks ?? [] },
    state: { values: {} },
    response_url: args.responseUrl,
    actions: [
      {
        type: 'overflow',
        action_id: args.actionId,
        block_id: 'aB3d',
        selected_option: { text: { type: 'plain_text', text: args.optionText ?? 'option', emoji: true }, value: args.value },
        action_ts: actionTs,
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** A slash command: the fields Slack posts. */
export function slashCommandBody(args: {
  workspace: SlackWorkspace;
  user: SlackUser;
  channel: { id: string; name: string };
  command?: string;
  text: string;
  responseUrl: string;
}): string {
  const { workspace, user, channel } = args;
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: workspace.teamId,
    team_domain: workspace.teamDomain,
    channel_id: channel.id,
    channel_name: channel.name,
    user_id: user.id,
    user_name: user.name,
    command: args.command ?? '/inquiry',
    text: args.text,
    api_app_id: workspace.appId,
    is_enterprise_install: 'false',
    response_url: args.responseUrl,
    trigger_id: `1718530000.${workspace.teamId}.fedcba9876543210`,
  }).toString();
}

/** Posts a built request the way Slack's servers would. */
export async function sendToEndpoint(url: string, request: BuiltRequest): Promise<{ status: number; body: string }> {
  const res = await fetch(url, { method: 'POST', headers: request.headers, body: request.body as string });
  return { status: res.status, body: await res.text() };
}
