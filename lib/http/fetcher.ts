import { HttpFetchError, type HttpClient, type HttpRequest, type HttpResponse } from './types.ts';

export interface FetchHttpClientOptions {
  userAgent: string;
  /** First retry delay; doubles per attempt, with jitter. */
  backoffMs?: number;
  /** Longest Retry-After honoured; a longer one fails the request instead of stalling the cycle. */
  maxRetryAfterMs?: number;
  /** Injected by tests to observe or shorten waits. */
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULTS = { timeoutMs: 15_000, maxBytes: 5 * 1024 * 1024, maxRedirects: 5, attempts: 3 };
const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

/**
 * HTTP GET on Node's fetch, with the guards every poll needs: a whole-request timeout (a body that stalls
 * half-way is cut off), a cap on the decompressed size, a bounded number of redirects, conditional GET, and
 * retries with exponential backoff and jitter on timeouts, network errors, 429 (Retry-After) and 5xx.
 */
export class FetchHttpClient implements HttpClient {
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: FetchHttpClientOptions) {
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  async get(request: HttpRequest): Promise<HttpResponse> {
    const attempts = request.attempts ?? DEFAULTS.attempts;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(request);
      } catch (err) {
        if (!(err instanceof HttpFetchError) || attempt >= attempts || !isRetryable(err)) throw err;
        const retryAfterMs = err.retryAfter !== undefined ? err.retryAfter * 1000 : undefined;
        if (retryAfterMs !== undefined && retryAfterMs > (this.options.maxRetryAfterMs ?? 60_000)) throw err;
        const base = (this.options.backoffMs ?? 500) * 2 ** (attempt - 1);
        await this.sleep(retryAfterMs ?? base / 2 + Math.random() * base);
      }
    }
  }

  private async once(request: HttpRequest): Promise<HttpResponse> {
    const timeoutMs = request.timeoutMs ?? DEFAULTS.timeoutMs;
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
      let res: Response;
      try {
        res = await fetch(url, { headers, redirect: 'manual', signal });
      } catch (err) {
        throw toFetchError(err, url, timeoutMs);
      }
      if (res.status >= 300 && res.status < 400 && res.status !== 304) {
        const location = res.headers.get('location');
        await res.body?.cancel().catch(() => undefined);
        if (!location) throw new HttpFetchError('status', `HTTP ${res.status} without a Location header from ${url}`, res.status);
        visited.add(url);
        const next = new URL(location, url);
        // A feed must not bounce the poller onto the machine it runs on or its network (the Lambda runtime API,
        // metadata endpoints): only a source configured on such an address may redirect within it.
        if (isInternalHost(next.hostname) && !isInternalHost(new URL(request.url).hostname)) {
          throw new HttpFetchError('invalid-url', `refusing a redirect from ${url} to the internal address ${next.host}`);
        }
        url = next.toString();
        if (visited.has(url)) throw new HttpFetchError('redirects', `redirect loop at ${url}`);
        if (hop + 1 > maxRedirects) throw new HttpFetchError('redirects', `more than ${maxRedirects} redirects from ${request.url}`);
        continue;
      }
      const responseHeaders = Object.fromEntries(res.headers.entries());
      if (res.status === 304) {
        await res.body?.cancel().catch(() => undefined);
        return { status: 304, url, headers: responseHeaders, body: Buffer.alloc(0), notModified: true, bytes: 0 };
      }
      if (res.status < 200 || res.status >= 300) {
        await res.body?.cancel().catch(() => undefined);
        throw new HttpFetchError('status', `HTTP ${res.status} ${res.statusText} from ${url}`, res.status, parseRetryAfter(res.headers.get('retry-after')));
      }
      const declared = Number(res.headers.get('content-length'));
      if (Number.isFinite(declared) && declared > maxBytes && !res.headers.get('content-encoding')) {
        await res.body?.cancel().catch(() => undefined);
        throw new HttpFetchError('too-large', `body of ${declared} bytes exceeds the ${maxBytes}-byte limit (${url})`);
      }
      const body = await readCapped(res, maxBytes, url, timeoutMs);
      return { status: res.status, url, headers: responseHeaders, body, notModified: false, bytes: body.length };
    }
  }
}

async function readCapped(res: Response, maxBytes: number, url: string, timeoutMs: number): Promise<Buffer> {
  if (!res.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = res.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      // Counted after decompression, so a small gzip bomb is stopped too.
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new HttpFetchError('too-large', `body exceeds the ${maxBytes}-byte limit (${url})`);
      }
      chunks.push(Buffer.from(value));
    }
  } catch (err) {
    if (err instanceof HttpFetchError) throw err;
    throw toFetchError(err, url, timeoutMs);
  }
  return Buffer.concat(chunks, total);
}

function toFetchError(err: unknown, url: string, timeoutMs: number): HttpFetchError {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
    return new HttpFetchError('timeout', `no complete response within ${timeoutMs} ms from ${url}`);
  }
  const code = e?.cause?.code;
  const reason = (code && NETWORK_REASONS[code]) ?? code ?? e?.cause?.message ?? e?.message ?? String(err);
  return new HttpFetchError('network', `${reason} fetching ${url}`);
}

/** Node's error codes, said so that someone reading `inquiry-watch sources` knows what to check. */
const NETWORK_REASONS: Record<string, string> = {
  ENOTFOUND: 'host not found (ENOTFOUND: offline, or a wrong host name)',
  EAI_AGAIN: 'DNS lookup failed (EAI_AGAIN: offline?)',
  ECONNREFUSED: 'connection refused (ECONNREFUSED)',
  ECONNRESET: 'connection reset by the server (ECONNRESET)',
  ETIMEDOUT: 'connection timed out (ETIMEDOUT)',
  UND_ERR_SOCKET: 'connection closed by the server mid-response',
  CERT_HAS_EXPIRED: 'the server certificate has expired',
};

function isRetryable(err: HttpFetchError): boolean {
  if (err.kind === 'timeout' || err.kind === 'network') return true;
  return err.kind === 'status' && err.status !== undefined && RETRYABLE_STATUS.has(err.status);
}

/** Loopback, private, link-local and unique-local addresses, by literal (names are not resolved here). */
export function isInternalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1' || host === '::') return true;
  if (/^(fc|fd|fe8|fe9|fea|feb)[0-9a-f]*:/.test(host)) return true;
  const v4 = host.replace(/^::ffff:/, '').match(/^(\d+)\.(\d+)\.(\d+)\.(\d+)$/);
  if (!v4) return false;
  const [a, b] = [Number(v4[1]), Number(v4[2])];
  return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
}

/** Seconds from a Retry-After header: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

const lowerKeys = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
