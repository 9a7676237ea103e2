import {
  LogLevel,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  WebClient,
} from '@slack/web-api';
import { DeliveryError, type DeliveryMarker, type DigestSender } from '../../digest/ports.ts';
import type { RenderedMessage } from '../../digest/types.ts';
import { ChannelPacer } from './pacer.ts';

/**
 * Finding a message again after a crash. chat.postMessage has no idempotency key, so every digest part carries
 * `metadata: { event_type, event_payload: { digest_id, part } }`. Metadata is invisible to readers, structured (no
 * parsing of user-visible text, which a feed title could imitate), and conversations.history / .replies return it
 * with `include_all_metadata`; the search is bounded by the digest's creation time, so it reads a page or two.
 * Needs the `channels:history` (and `groups:history` for private channels) scope besides `chat:write`.
 */
export const DIGEST_EVENT_TYPE = 'inquiry_watch_digest';

/** Errors that retrying now will not fix: the digest stays pending and the operator is told what to do. */
const PERMANENT: Record<string, string> = {
  invalid_auth: 'the Slack token is not valid (check SLACK_BOT_TOKEN)',
  not_authed: 'no Slack token was sent (set SLACK_BOT_TOKEN)',
  token_revoked: 'the Slack token was revoked',
  token_expired: 'the Slack token has expired',
  account_inactive: 'the Slack app or its workspace is inactive',
  missing_scope: 'the Slack app lacks a scope it needs (chat:write, channels:history)',
  channel_not_found: 'the channel does not exist or the app cannot see it (use the channel id, and invite the app)',
  not_in_channel: 'the app is not a member of the channel (invite it with /invite)',
  is_archived: 'the channel is archived',
};

export interface SlackSenderOptions {
  token: string;
  /** Override for tests and proxies, e.g. `http://127.0.0.1:<port>/api/`. */
  slackApiUrl?: string;
  /** Minimum spacing of posts to one channel, ms. */
  minIntervalMs?: number;
  /** Attempts per call on 429 and 5xx/network errors. */
  maxAttempts?: number;
  /** First backoff after a 5xx or network error, doubled each time. */
  backoffMs?: number;
  timeoutMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export class SlackSender implements DigestSender {
  readonly name = 'slack';
  private readonly client: WebClient;
  private readonly pacer: ChannelPacer;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;

  constructor(options: SlackSenderOptions) {
    // Retries and rate limits are handled here, not inside WebClient: the waits then go through the injectable
    // sleep and the per-channel pacer, and a 429 delays only its own channel.
    this.client = new WebClient(options.token, {
      slackApiUrl: options.slackApiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: options.timeoutMs ?? 15_000,
      logLevel: LogLevel.ERROR,
    });
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.pacer = new ChannelPacer(options.minIntervalMs ?? 1100, options.now ?? Date.now, this.sleep);
    this.maxAttempts = options.maxAttempts ?? 5;
    this.backoffMs = options.backoffMs ?? 1000;
  }

  async post(channel: string, message: RenderedMessage, marker: DeliveryMarker, threadTs?: string): Promise<{ ts: string }> {
    // Slack's clock stamps the message (so real time, not the injectable pacing clock), with room for skew.
    const since = new Date(Date.now() - 5 * 60_000);
    // A timeout or 5xx may come after Slack stored the message: look for it before sending it again.
    const alreadyPosted = async () => {
      const ts = await this.findPosted(channel, marker, since, threadTs);
      return ts ? { ts } : undefined;
    };
    const result = await this.call(
      channel,
      async () => {
        await this.pacer.take(channel);
        return this.client.chat.postMessage({
          channel,
          text: message.text,
          blocks: message.blocks as never,
          ...(threadTs ? { thread_ts: threadTs } : {}),
          unfurl_links: false,
          unfurl_media: false,
          metadata: { event_type: DIGEST_EVENT_TYPE, event_payload: { digest_id: marker.digestId, part: marker.part } },
        });
      },
      alreadyPosted,
    );
    if (!result.ts) throw new DeliveryError('Slack accepted the message but returned no ts', 'no_ts', false);
    return { ts: result.ts };
  }

  async findPosted(channel: string, marker: DeliveryMarker, since: Date, threadTs?: string): Promise<string | undefined> {
    // conversations.history needs a channel id; a `#name` cannot be searched, so such channels get at-least-once
    // delivery after a crash. Subscribing by id (C…) gives exactly once.
    if (channel.startsWith('#')) return undefined;
    const oldest = (since.getTime() / 1000).toFixed(6);
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const args = { channel, oldest, include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) };
      const out = await this.call(channel, () =>
        threadTs ? this.client.conversations.replies({ ...args, ts: threadTs }) : this.client.conversations.history(args),
      );
      const hit = (out.messages ?? []).find((m) => {
        const meta = m.metadata as { event_type?: string; event_payload?: Record<string, unknown> } | undefined;
        return (
          meta?.event_type === DIGEST_EVENT_TYPE &&
          meta.event_payload?.digest_id === marker.digestId &&
          Number(meta.event_payload?.part) === marker.part
        );
      });
      if (hit?.ts) return hit.ts;
      cursor = out.response_metadata?.next_cursor || undefined;
      if (!cursor) return undefined;
    }
    return undefined;
  }

  /**
   * Runs one API call with 429 and 5xx/network retries, mapping failures to `DeliveryError`. `recover` runs before
   * each retry after a failure that may have taken effect; what it finds is returned instead of calling again.
   */
  private async call<T>(channel: string, fn: () => Promise<T>, recover?: () => Promise<Partial<T> | undefined>): Promise<T> {
    let uncertain = false;
    for (let attempt = 1; ; attempt++) {
      try {
        if (uncertain && recover) {
          const found = await recover();
          if (found) return found as T;
        }
        return await fn();
      } catch (err) {
        if (err instanceof DeliveryError) throw err;
        const last = attempt >= this.maxAttempts;
        if (err instanceof WebAPIRateLimitedError) {
          if (last) throw new DeliveryError(`rate limited by Slack ${attempt} times in a row`, 'rate_limited', false);
          this.pacer.holdFor(channel, err.retryAfter * 1000);
          await this.sleep(err.retryAfter * 1000);
          continue;
        }
        if (err instanceof WebAPIPlatformError) {
          const code = err.data.error;
          const reason = PERMANENT[code];
          if (reason) throw new DeliveryError(`${channel}: ${reason} (${code})`, code, true);
          if (code === 'ratelimited' && !last) {
            await this.sleep(this.backoffMs * 2 ** (attempt - 1));
            continue;
          }
          // Anything else (invalid_blocks, msg_too_long, …) is this message's fault: retrying sends the same thing.
          throw new DeliveryError(`${channel}: Slack refused the message (${code})`, code, true);
        }
        if (err instanceof WebAPIHTTPError && err.statusCode < 500) {
          // Slack answers its own errors with HTTP 200; a 4xx comes from a wrong URL or a proxy in the way.
          throw new DeliveryError(
            `${channel}: the Slack API URL answered HTTP ${err.statusCode} (check SLACK_API_URL and any proxy)`,
            `http_${err.statusCode}`,
            true,
          );
        }
        const transient = (err instanceof WebAPIHTTPError && err.statusCode >= 500) || err instanceof WebAPIRequestError;
        if (!transient) throw err;
        uncertain = true;
        if (last) {
          const what = err instanceof WebAPIHTTPError ? `HTTP ${err.statusCode}` : (err as Error).message;
          throw new DeliveryError(`${channel}: Slack unavailable after ${attempt} attempts (${what})`, 'unavailable', false);
        }
        await this.sleep(this.backoffMs * 2 ** (attempt - 1));
      }
    }
  }
}
