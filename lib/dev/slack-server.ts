import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback Slack Web API, enough for digests and Slack actions: chat.postMessage, chat.update,
 * conversations.history, .replies and .members, and response URLs (`responseUrl()` hands one out; what is posted to
 * it is kept in `responses`). Records every call with its decoded form body (`blocks` and `metadata` parsed from
 * JSON), keeps posted messages per channel, and can answer with faults: 429 + Retry-After, HTTP 5xx (optionally
 * after accepting the post, as when a gateway loses Slack's answer), HTTP 4xx from something that is not Slack (a
 * wrong URL or a proxy), a hang (optionally after accepting the post), or `{ ok: false, error }`.
 * Used by the tests and by the demo; it listens on 127.0.0.1 only.
 */

export interface SlackCall {
  method: string;
  token?: string;
  params: Record<string, string>;
  blocks?: { type: string; text?: { type: string; text: string }; elements?: { text: string }[] }[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

export interface StoredMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks?: SlackCall['blocks'];
  metadata?: SlackCall['metadata'];
  /** How many times chat.update changed it. */
  edits: number;
}

/** What was posted to a response URL (a slash command's or a click's answer). */
export interface ResponsePost {
  url: string;
  body: { response_type?: string; replace_original?: boolean; text?: string; blocks?: SlackCall['blocks'] };
}

export type SlackFault =
  | { status: 429; retryAfter: number }
  | { status: 500 | 502 | 503; accepted?: boolean }
  | { status: 403 | 404 }
  | { hangMs: number; accepted?: boolean }
  | { error: string };

export class SlackServer {
  readonly calls: SlackCall[] = [];
  readonly messages: StoredMessage[] = [];
  private readonly faults = new Map<string, { fault: SlackFault; times: number }[]>();
  private server?: Server;
  private seq = 0;
  /** Channels that answer `channel_not_found`. */
  readonly unknownChannels = new Set<string>();
  /** When set, every call answers `invalid_auth` unless it carries this token. */
  validToken?: string;
  /** conversations.members: each channel's member ids (a channel not listed has none). */
  readonly members = new Map<string, string[]>();
  readonly responses: ResponsePost[] = [];
  private responseSeq = 0;

  get url(): string {
    const port = (this.server!.address() as AddressInfo).port;
    return `http://127.0.0.1:${port}/api/`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(({ status, headers, body }) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(typeof body === 'string' ? body : JSON.stringify(body));
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server?.close(() => r()) ?? r());
  }

  /** The next `times` calls of `method` fail this way, then it behaves normally. */
  fail(method: string, fault: SlackFault, times = 1): void {
    this.faults.set(method, [...(this.faults.get(method) ?? []), { fault, times }]);
  }

  posts(channel?: string): SlackCall[] {
    return this.calls.filter((c) => c.method === 'chat.postMessage' && (!channel || c.params.channel === channel));
  }

  /** A fresh response URL on this server, as Slack puts in each request. */
  responseUrl(): string {
    return `${this.url.replace(/api\/$/, '')}response/T0/${++this.responseSeq}/${Math.random().toString(36).slice(2, 10)}`;
  }

  /** Messages that reached the channel (posts that were answered ok). */
  delivered(channel?: string): StoredMessage[] {
    return this.messages.filter((m) => !channel || m.channel === channel);
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; headers?: Record<string, string>; body: unknown }> {
    const raw = await new Promise<string>((resolve) => {
      let data = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (data += c));
      req.on('end', () => resolve(data));
    });
    if ((req.url ?? '').startsWith('/response/')) {
      this.responses.push({ url: `${this.url.replace(/api\/$/, '')}${req.url!.slice(1)}`, body: JSON.parse(raw || '{}') });
      return { status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' };
    }
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0]!;
    const params = Object.fromEntries(
      (req.headers['content-type'] ?? '').includes('json') ? Object.entries(JSON.parse(raw || '{}')).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]) : new URLSearchParams(raw),
    ) as Record<string, string>;
    const call: SlackCall = {
      method,
      token: req.headers.authorization?.replace(/^Bearer /, ''),
      params,
      blocks: params.blocks ? JSON.parse(params.blocks) : undefined,
      metadata: params.metadata ? JSON.parse(params.metadata) : undefined,
    };
    this.calls.push(call);

    const queued = this.faults.get(method)?.[0];
    if (queued) {
      if (--queued.times <= 0) this.faults.get(method)!.shift();
      const f = queued.fault;
      if ('status' in f && f.status === 429) return { status: 429, headers: { 'retry-after': String(f.retryAfter) }, body: { ok: false, error: 'ratelimited' } };
      if ('status' in f && f.status < 500) return { status: f.status, headers: { 'content-type': 'text/html' }, body: `<html>${f.status}</html>` };
      if ('accepted' in f && f.accepted) this.answer(method, call);
      if ('hangMs' in f) {
        await new Promise((r) => setTimeout(r, f.hangMs));
        return { status: 504, body: { ok: false, error: 'timeout' } };
      }
      if ('status' in f) return { status: f.status, body: { ok: false, error: 'internal_error' } };
      return { status: 200, body: { ok: false, error: f.error } };
    }
    if (this.validToken !== undefined && call.token !== this.validToken) return { status: 200, body: { ok: false, error: 'invalid_auth' } };
    if (params.channel && this.unknownChannels.has(params.channel)) return { status: 200, body: { ok: false, error: 'channel_not_found' } };
    return this.answer(method, call);
  }

  private answer(method: string, call: SlackCall): { status: number; body: unknown } {
    const { params } = call;
    switch (method) {
      case 'chat.postMessage': {
        const ts = `${Math.floor(Date.now() / 1000)}.${String(++this.seq).padStart(6, '0')}`;
        const m: StoredMessage = { channel: params.channel!, ts, text: params.text ?? '', blocks: call.blocks, metadata: call.metadata, edits: 0 };
        if (params.thread_ts) m.thread_ts = params.thread_ts;
        this.messages.push(m);
        return { status: 200, body: { ok: true, channel: params.channel, ts, message: { text: m.text, ts } } };
      }
      case 'conversations.history':
      case 'conversations.replies': {
        const withMeta = params.include_all_metadata === 'true';
        const oldest = Number(params.oldest ?? 0);
        const inScope = this.messages.filter((m) =>
          method === 'conversations.history'
            ? m.channel === params.channel && !m.thread_ts
            : m.channel === params.channel && (m.ts === params.ts || m.thread_ts === params.ts),
        );
        const listed = inScope.filter((m) => Number(m.ts) >= oldest);
        const limit = Number(params.limit ?? 100);
        const start = Number(params.cursor ?? 0);
        const ordered = method === 'conversations.history' ? [...listed].reverse() : listed;
        const page = ordered.slice(start, start + limit).map((m) => ({
          type: 'message',
          ts: m.ts,
          text: m.text,
          ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
          ...(withMeta && m.metadata ? { metadata: m.metadata } : {}),
        }));
        const more = start + limit < ordered.length;
        return { status: 200, body: { ok: true, messages: page, has_more: more, response_metadata: { next_cursor: more ? String(start + limit) : '' } } };
      }
      case 'chat.update': {
        const m = this.messages.find((x) => x.channel === params.channel && x.ts === params.ts);
        if (!m) return { status: 200, body: { ok: false, error: 'message_not_found' } };
        m.text = params.text ?? m.text;
        m.blocks = call.blocks ?? m.blocks;
        m.edits++;
        return { status: 200, body: { ok: true, channel: m.channel, ts: m.ts, text: m.text } };
      }
      case 'conversations.members': {
        const all = this.members.get(params.channel!) ?? [];
        const limit = Number(params.limit ?? 100);
        const start = Number(params.cursor ?? 0);
        const more = start + limit < all.length;
        return { status: 200, body: { ok: true, members: all.slice(start, start + limit), response_metadata: { next_cursor: more ? String(start + limit) : '' } } };
      }
      default:
        return { status: 200, body: { ok: false, error: 'unknown_method' } };
    }
  }
}
