import { LogLevel, WebAPIPlatformError, WebClient, type WebAPICallResult } from '@slack/web-api';
import type { RenderedMessage } from '../../digest/types.ts';
import { SlackActionError, type Reply, type SlackActionsPort } from '../../slack-actions/ports.ts';

export interface SlackActionsClientOptions {
  /** Without a token only answers through response URLs work (`find`, `status`); corrections are refused. */
  token?: string;
  /** Override for tests and the demo, e.g. `http://127.0.0.1:<port>/api/`. */
  slackApiUrl?: string;
  /** Origins a response URL may point at (checked again here, as well as at the door). */
  responseOrigins: readonly string[];
  timeoutMs?: number;
  /** How long a channel's member list is reused. */
  membersTtlMs?: number;
  now?: () => number;
}

/** Pages of 1,000 members read at most: 20,000 members, far beyond a campaign group's channel. */
const MAX_MEMBER_PAGES = 20;

/**
 * The Slack Web API for corrections and commands: channel membership (`conversations.members`, scopes
 * `channels:read` and `groups:read`), `chat.update`, and answers through a request's response URL.
 */
export class SlackActionsClient implements SlackActionsPort {
  private readonly client: WebClient;
  private readonly members = new Map<string, { ids: Set<string>; at: number }>();
  private readonly now: () => number;

  constructor(private readonly options: SlackActionsClientOptions) {
    this.client = new WebClient(options.token, {
      slackApiUrl: options.slackApiUrl,
      retryConfig: { retries: 2, minTimeout: 200, maxTimeout: 2000 },
      timeout: options.timeoutMs ?? 10_000,
      logLevel: LogLevel.ERROR,
    });
    this.now = options.now ?? Date.now;
  }

  async isMember(channel: string, user: string): Promise<boolean> {
    this.requireToken();
    const cached = this.members.get(channel);
    if (cached && this.now() - cached.at < (this.options.membersTtlMs ?? 60_000)) return cached.ids.has(user);
    const ids = new Set<string>();
    let cursor: string | undefined;
    for (let page = 0; page < MAX_MEMBER_PAGES; page++) {
      const out = await this.call(() => this.client.conversations.members({ channel, limit: 1000, ...(cursor ? { cursor } : {}) }));
      for (const id of out.members ?? []) ids.add(id);
      cursor = out.response_metadata?.next_cursor || undefined;
      if (!cursor) break;
    }
    this.members.set(channel, { ids, at: this.now() });
    return ids.has(user);
  }

  async updateMessage(channel: string, ts: string, message: Pick<RenderedMessage, 'text' | 'blocks'>): Promise<void> {
    this.requireToken();
    await this.call(() => this.client.chat.update({ channel, ts, text: message.text, blocks: message.blocks as never }));
  }

  async respond(responseUrl: string, reply: Reply): Promise<void> {
    if (!this.options.responseOrigins.includes(new URL(responseUrl).origin)) throw new SlackActionError('response URL not on an allowed origin', 'bad_response_url');
    let res: Response;
    try {
      res = await fetch(responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        // Never replace the message that was clicked: the answer is a separate note to the one person.
        body: JSON.stringify({ response_type: reply.inChannel ? 'in_channel' : 'ephemeral', replace_original: false, text: reply.text, ...(reply.blocks ? { blocks: reply.blocks } : {}) }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        redirect: 'error',
      });
    } catch (err) {
      throw new SlackActionError(`response URL unreachable: ${(err as Error).message}`, 'unreachable');
    }
    await res.body?.cancel();
    if (!res.ok) throw new SlackActionError(`response URL answered HTTP ${res.status}`, `http_${res.status}`);
  }

  private requireToken(): void {
    if (!this.options.token) throw new SlackActionError('the Slack bot token is not set', 'token_not_set');
  }

  private async call<T extends WebAPICallResult>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof WebAPIPlatformError) throw new SlackActionError(`Slack refused: ${err.data.error}`, err.data.error);
      throw new SlackActionError(`Slack unavailable: ${(err as Error).message}`, (err as { code?: string }).code ?? 'unavailable');
    }
  }
}
