import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { BlockedAddressError, guardedLookup, ipBytes, loopbackPortsFromEnv, refusalReason, type AddressPolicy } from './address-guard.ts';
import { HttpFetchError, type HttpClient, type HttpRequest, type HttpResponse } from './types.ts';

export interface FetchHttpClientOptions {
  userAgent: string;
  /** First retry delay; doubles per attempt, with jitter. */
  backoffMs?: number;
  /** Longest Retry-After honoured; a longer one fails the request instead of stalling the cycle. */
  maxRetryAfterMs?: number;
  /** Injected by tests to observe or shorten waits. */
  sleep?: (ms: number) => Promise<void>;
  /**
   * Tests and the demo only: loopback ports (the replay server's) the address guard lets through. Defaults to
   * `INQUIRY_WATCH_ALLOW_LOOPBACK_PORTS`, which production never sets. See `address-guard.ts`.
   */
  allowLoopbackPorts?: readonly number[];
}

const DEFAULTS = { timeoutMs: 15_000, maxBytes: 5 * 1024 * 1024, maxRedirects: 5, attempts: 3 };
const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

/**
 * HTTP GET on Node's http/https, with the guards every poll needs: an address check on every connection (see
 * `address-guard.ts`: no hop of any request reaches this host, its network or a metadata endpoint), a
 * whole-request timeout (a body that stalls half-way is cut off), a cap on the decompressed size, a bounded number
 * of redirects, conditional GET, and retries with exponential backoff and jitter on timeouts, network errors,
 * 429 (Retry-After) and 5xx.
 */
export class FetchHttpClient implements HttpClient {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly policy: AddressPolicy;
  private readonly agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

  constructor(private readonly options: FetchHttpClientOptions) {
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.policy = { loopbackPorts: options.allowLoopbackPorts ?? loopbackPortsFromEnv() };
  }

  async get(request: HttpRequest): Promise<HttpResponse> {
    const attempts = request.attempts ?? DEFAULTS.attempts;
    const left = () => (request.deadline === undefined ? Infinity : request.deadline - Date.now());
    for (let attempt = 1; ; attempt++) {
      if (left() <= 0) throw new HttpFetchError('deadline', `out of time for ${request.url}: the poll's deadline has passed`);
      try {
        return await this.once(request, Math.min(request.timeoutMs ?? DEFAULTS.timeoutMs, left()));
      } catch (err) {
        // Cut off by the deadline rather than by its own timeout: said so, so the poll knows to stop asking.
        if (err instanceof HttpFetchError && err.kind === 'timeout' && left() <= 0) {
          throw new HttpFetchError('deadline', `out of time for ${request.url}: the poll's deadline passed while it was fetched`);
        }
        if (!(err instanceof HttpFetchError) || attempt >= attempts || !isRetryable(err)) throw err;
        const retryAfterMs = err.retryAfter !== undefined ? err.retryAfter * 1000 : undefined;
        if (retryAfterMs !== undefined && retryAfterMs > (this.options.maxRetryAfterMs ?? 60_000)) throw err;
        const base = (this.options.backoffMs ?? 500) * 2 ** (attempt - 1);
        const wait = retryAfterMs ?? base / 2 + Math.random() * base;
        // A retry that could not start before the deadline is not waited for.
        if (wait >= left()) throw err;
        await this.sleep(wait);
      }
    }
  }

  private async once(request: HttpRequest, timeoutMs: number): Promise<HttpResponse> {
    const maxBytes = request.maxBytes ?? DEFAULTS.maxBytes;
    const maxRedirects = request.maxRedirects ?? DEFAULTS.maxRedirects;
    const signal = AbortSignal.timeout(timeoutMs);
    const headers: Record<string, string> = {
      'user-agent': this.options.userAgent,
      'accept-encoding': 'gzip, deflate, br',
      ...lowerKeys(request.headers ?? {}),
    };
    if (request.etag) headers['if-none-match'] = request.etag;
    if (request.lastModified) headers['if-modified-since'] = request.lastModified;

    let url = request.url;
    const visited = new Set<string>();
    for (let hop = 0; ; hop++) {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        throw new HttpFetchError('invalid-url', `not a valid URL: ${url}`);
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
        throw new HttpFetchError('invalid-url', `refusing ${parsed.protocol} URL ${url}`);
      }
      const res = await this.send(parsed, headers, signal, timeoutMs);
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && status !== 304) {
        const location = res.headers.location;
        res.destroy();
        if (!location) throw new HttpFetchError('status', `HTTP ${status} without a Location header from ${url}`, status);
        visited.add(url);
        // Wherever it points, the next hop goes through the same address guard when it connects.
        url = new URL(location, url).toString();
        if (visited.has(url)) throw new HttpFetchError('redirects', `redirect loop at ${url}`);
        if (hop + 1 > maxRedirects) throw new HttpFetchError('redirects', `more than ${maxRedirects} redirects from ${request.url}`);
        continue;
      }
      const responseHeaders = flatHeaders(res);
      if (status === 304) {
        res.destroy();
        return { status: 304, url, headers: responseHeaders, body: Buffer.alloc(0), notModified: true, bytes: 0 };
      }
      if (status < 200 || status >= 300) {
        res.destroy();
        // The reason phrase is the server's own text: kept short (it is shown to people, escaped, in `sources`).
        const reason = (res.statusMessage ?? '').slice(0, 100);
        throw new HttpFetchError('status', `HTTP ${status} ${reason} from ${url}`, status, parseRetryAfter(responseHeaders['retry-after'] ?? null));
      }
      const declared = Number(responseHeaders['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes && !responseHeaders['content-encoding']) {
        res.destroy();
        throw new HttpFetchError('too-large', `body of ${declared} bytes exceeds the ${maxBytes}-byte limit (${url})`);
      }
      const body = await readCapped(res, maxBytes, url, timeoutMs, signal);
      return { status, url, headers: responseHeaders, body, notModified: false, bytes: body.length };
    }
  }

  /** One GET on one connection; the address is checked before connecting (literals), in DNS lookup, and once connected. */
  private send(url: URL, headers: Record<string, string>, signal: AbortSignal, timeoutMs: number): Promise<IncomingMessage> {
    const secure = url.protocol === 'https:';
    const port = Number(url.port) || (secure ? 443 : 80);
    if (ipBytes(url.hostname)) {
      const address = url.hostname.replace(/^\[|\]$/g, '');
      const reason = refusalReason(address, port, this.policy);
      if (reason) return Promise.reject(blocked(new BlockedAddressError(address, address, reason), url));
    }
    return new Promise((resolve, reject) => {
      const options = { headers, signal, agent: secure ? this.agents.https : this.agents.http, lookup: guardedLookup(port, this.policy) };
      const req = (secure ? https : http).request(url, options, resolve);
      // `on`, not `once`: the deadline can destroy the request again after it answered, and an unheard 'error' would crash.
      req.on('error', (err) => reject(toFetchError(err, url.toString(), timeoutMs, signal)));
      req.once('socket', (socket) => {
        const check = () => {
          const reason = socket.remoteAddress ? refusalReason(socket.remoteAddress, port, this.policy) : undefined;
          if (reason) req.destroy(new BlockedAddressError(url.hostname, socket.remoteAddress!, reason));
        };
        if (socket.connecting) socket.once('connect', check);
        else check();
      });
      req.end();
    });
  }
}

/**
 * Content codings undone at most: servers apply one. Each is a zlib stream, and a chain of thousands (a 71 KB
 * body under 2,500 gzip layers) kept a poll busy for over a minute, past its deadline; undici caps it at 5 too.
 */
const MAX_ENCODINGS = 5;

/** The body as sent, decompressed per Content-Encoding (gzip, deflate, br; in the order they were applied). */
function decoded(res: IncomingMessage, url: string): Readable {
  const encodings = String(res.headers['content-encoding'] ?? '')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e && e !== 'identity');
  if (encodings.length > MAX_ENCODINGS) {
    res.destroy();
    throw new HttpFetchError('encoding', `${encodings.length} content-encodings (at most ${MAX_ENCODINGS} are undone): the body from ${url} cannot be decoded`);
  }
  let stream: Readable = res;
  for (const encoding of encodings.reverse()) {
    const inflate =
      encoding === 'gzip' || encoding === 'x-gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : encoding === 'br' ? createBrotliDecompress() : undefined;
    if (!inflate) {
      res.destroy();
      throw new HttpFetchError('encoding', `unsupported content-encoding "${encoding.slice(0, 40)}" (gzip, deflate and br are undone): the body from ${url} cannot be decoded`);
    }
    const from = stream;
    from.once('error', (err) => inflate.destroy(err));
    stream = from.pipe(inflate);
  }
  return stream;
}

async function readCapped(res: IncomingMessage, maxBytes: number, url: string, timeoutMs: number, signal: AbortSignal): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of decoded(res, url) as AsyncIterable<Buffer>) {
      total += chunk.byteLength;
      // Counted after decompression, so a small gzip bomb is stopped too.
      if (total > maxBytes) throw new HttpFetchError('too-large', `body exceeds the ${maxBytes}-byte limit (${url})`);
      chunks.push(chunk);
    }
  } catch (err) {
    res.destroy();
    if (err instanceof HttpFetchError) throw err;
    throw toFetchError(err, url, timeoutMs, signal);
  }
  return Buffer.concat(chunks, total);
}

function toFetchError(err: unknown, url: string, timeoutMs: number, signal: AbortSignal): HttpFetchError {
  if (err instanceof HttpFetchError) return err;
  if (err instanceof BlockedAddressError) return blocked(err, url);
  const e = err as NodeJS.ErrnoException;
  // The deadline destroys the socket: whatever error that surfaces as, the cause is the timeout.
  if (signal.aborted || e?.name === 'TimeoutError' || e?.name === 'AbortError') {
    return new HttpFetchError('timeout', `no complete response within ${timeoutMs} ms from ${url}`);
  }
  const reason = (e?.message && NETWORK_REASONS[e.message]) ?? (e?.code && NETWORK_REASONS[e.code]) ?? e?.code ?? e?.message ?? String(err);
  return new HttpFetchError('network', `${reason} fetching ${url}`);
}

const blocked = (err: BlockedAddressError, url: URL | string): HttpFetchError => new HttpFetchError('blocked', `${err.message} (${url})`);

/** Node's error codes and messages, said so that someone reading `inquiry-watch sources` knows what to check. */
const NETWORK_REASONS: Record<string, string> = {
  ENOTFOUND: 'host not found (ENOTFOUND: offline, or a wrong host name)',
  EAI_AGAIN: 'DNS lookup failed (EAI_AGAIN: offline?)',
  ECONNREFUSED: 'connection refused (ECONNREFUSED)',
  'socket hang up': 'connection closed by the server before it answered',
  aborted: 'connection closed by the server mid-response',
  ECONNRESET: 'connection reset by the server (ECONNRESET)',
  ETIMEDOUT: 'connection timed out (ETIMEDOUT)',
  Z_BUF_ERROR: 'compressed body cut short',
  Z_DATA_ERROR: 'compressed body is corrupt',
  CERT_HAS_EXPIRED: 'the server certificate has expired',
};

function isRetryable(err: HttpFetchError): boolean {
  if (err.kind === 'timeout' || err.kind === 'network') return true;
  return err.kind === 'status' && err.status !== undefined && RETRYABLE_STATUS.has(err.status);
}

/** Seconds from a Retry-After header: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** Header values as strings; a repeated header (e.g. Set-Cookie) joined as HTTP allows. */
const flatHeaders = (res: IncomingMessage): Record<string, string> =>
  Object.fromEntries(Object.entries(res.headers).flatMap(([k, v]) => (v === undefined ? [] : [[k, Array.isArray(v) ? v.join(', ') : v]])));

const lowerKeys = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
