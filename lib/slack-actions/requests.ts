import { z } from 'zod';
import { CORRECT_ACTION_ID, decodeControl, type ControlValue } from './controls.ts';

/**
 * What Slack sends, decoded only after the signature has been checked. Slack adds fields over time, so objects
 * are read loosely, but every field used is typed and bounded, and anything else (other interaction types, other
 * actions, an option value that is not ours) is refused.
 */

const SlackId = z.string().regex(/^[A-Z0-9]{2,40}$/);
const UserId = z.string().regex(/^[UW][A-Z0-9]{2,40}$/);
const MessageTs = z.string().regex(/^\d{9,11}\.\d{6}$/);
const Name = z.string().max(200);
const ResponseUrl = z.url({ protocol: /^https?$/ }).max(1000);

/** A click on a correction menu: interactivity's `block_actions`, form field `payload`. */
const BlockActionsSchema = z.object({
  type: z.literal('block_actions'),
  team: z.object({ id: SlackId }),
  user: z.object({ id: UserId, username: Name.optional(), name: Name.optional(), team_id: SlackId.optional() }),
  channel: z.object({ id: SlackId }),
  container: z.object({ type: z.literal('message'), message_ts: MessageTs, channel_id: SlackId.optional() }),
  response_url: ResponseUrl,
  actions: z
    .array(
      z.object({
        type: z.literal('overflow'),
        action_id: z.literal(CORRECT_ACTION_ID),
        selected_option: z.object({ value: z.string().max(150) }),
      }),
    )
    .length(1),
});

/** A slash command: form fields. */
const SlashCommandSchema = z.object({
  command: z.string().regex(/^\/[a-z0-9_-]{1,31}$/),
  text: z.string().max(1000).default(''),
  team_id: SlackId,
  channel_id: SlackId,
  user_id: UserId,
  user_name: Name.optional(),
  response_url: ResponseUrl,
});

export interface Requester {
  teamId: string;
  /** The user's own workspace, when Slack says (a Slack Connect user's differs from the channel's). */
  userTeamId?: string;
  channel: string;
  user: { id: string; name?: string };
  responseUrl: string;
}

export type ParsedRequest =
  | (Requester & { type: 'correction'; messageTs: string; control: ControlValue })
  | (Requester & { type: 'command'; command: string; text: string });

export class MalformedRequestError extends Error {
  override readonly name = 'MalformedRequestError';
}

/** A form body as Slack sends it; a field given twice is refused rather than guessed at. */
export function parseForm(body: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    if (Object.hasOwn(fields, key)) throw new MalformedRequestError(`field "${key}" given twice`);
    fields[key] = value;
  }
  return fields;
}

export function parseInteraction(fields: Record<string, string>): ParsedRequest {
  if (fields.payload === undefined) throw new MalformedRequestError('no payload field');
  let json: unknown;
  try {
    json = JSON.parse(fields.payload);
  } catch {
    throw new MalformedRequestError('payload is not JSON');
  }
  const parsed = BlockActionsSchema.safeParse(json);
  if (!parsed.success) throw new MalformedRequestError(`not a correction: ${parsed.error.issues[0]?.path.join('.') || 'payload'} ${parsed.error.issues[0]?.message ?? ''}`.trim());
  const p = parsed.data;
  if (p.container.channel_id !== undefined && p.container.channel_id !== p.channel.id) throw new MalformedRequestError('container and channel differ');
  const control = decodeControl(p.actions[0]!.selected_option.value);
  if (!control) throw new MalformedRequestError('not one of our options');
  return {
    type: 'correction',
    teamId: p.team.id,
    userTeamId: p.user.team_id,
    channel: p.channel.id,
    user: { id: p.user.id, name: p.user.username ?? p.user.name },
    responseUrl: p.response_url,
    messageTs: p.container.message_ts,
    control,
  };
}

export function parseCommand(fields: Record<string, string>): ParsedRequest {
  const parsed = SlashCommandSchema.safeParse(fields);
  if (!parsed.success) throw new MalformedRequestError(`not a slash command: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`.trim());
  const c = parsed.data;
  return {
    type: 'command',
    teamId: c.team_id,
    channel: c.channel_id,
    user: { id: c.user_id, name: c.user_name },
    responseUrl: c.response_url,
    command: c.command,
    text: c.text,
  };
}
