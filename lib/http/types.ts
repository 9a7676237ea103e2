/** How the monitor fetches anything over HTTP. Implemented in `lib/http/fetcher.ts` on Node's http/https, behind the address guard. */
export interface HttpRequest {
  url: string;
  headers?: Record<string, string>;
  /** Conditional GET: sent as If-None-Match / If-Modified-Since; a 304 comes back as `notModified`. */
  etag?: string;
  lastModified?: string;
  /** Whole-request budget, headers and body (default 15 s). */
  timeoutMs?: number;
  /** Largest decompressed body accepted (default 5 MB). */
  maxBytes?: number;
  /** Redirects followed before giving up (default 5). */
  maxRedirects?: number;
  /** Attempts on timeouts, network errors, 429 and 5xx, with backoff and jitter (default 3; 1 = no retry). */
  attempts?: number;
  /** Epoch ms by which the request, retries and waits included, must be over (a poll cycle's end); none by default. */
  deadline?: number;
}

export interface HttpResponse {
  status: number;
  /** Final URL after redirects. */
  url: string;
  headers: Record<string, string>;
  body: Buffer;
  notModified: boolean;
  /** Bytes received on the wire for this response, headers excluded (after decompression when the runtime hides it). */
  bytes: number;
}

export interface HttpClient {
  get(request: HttpRequest): Promise<HttpResponse>;
}

/**
 * `blocked`: the address guard refused a hop (an internal, special-purpose or own address); never retried.
 * `deadline`: the request's `deadline` passed (before it started, or cutting it off); nothing more can be fetched.
 * `encoding`: the body came in content-codings that cannot be undone (unsupported, or too many): the same answer
 * again would fail the same way, so it is never retried.
 */
export type HttpErrorKind = 'timeout' | 'deadline' | 'too-large' | 'redirects' | 'status' | 'network' | 'encoding' | 'invalid-url' | 'blocked';

/** Any fetch that did not produce a usable response; `message` is written for a person reading `sources`. */
export class HttpFetchError extends Error {
  override readonly name = 'HttpFetchError';
  constructor(
    readonly kind: HttpErrorKind,
    message: string,
    readonly status?: number,
    /** Seconds, from Retry-After on 429/503. */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}
