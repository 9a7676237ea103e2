import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';

/**
 * A loopback HTTP server that replays recorded responses, for the demo and the tests. It speaks conditional
 * GET (ETag / Last-Modified → 304) and can misbehave on purpose: reset the connection, stall half-way through
 * a body, trickle a body slowly, loop redirects, answer 429 with Retry-After. It binds to 127.0.0.1 only.
 */
export interface ReplayResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Served with the response; a request carrying a matching If-None-Match gets a bare 304. */
  etag?: string;
  lastModified?: string;
  gzip?: boolean;
  /** Wait before answering. */
  delayMs?: number;
  fault?:
    | { type: 'reset' }
    /** Send headers and part of the body, then go silent (the client must time out). */
    | { type: 'stall'; afterBytes: number }
    /** Send the body in small pieces with pauses. */
    | { type: 'trickle'; chunkBytes: number; everyMs: number }
    /** Redirect to itself forever. */
    | { type: 'redirect-loop' };
}

/** Answers from the request itself (query-aware fixtures, e.g. paging with skip/take); `hit` counts from 0. */
export type ReplayHandler = (url: URL, hit: number) => ReplayResponse;

/** A route answers with one response, a sequence (the last one repeats: e.g. 503 then 200), or a handler. */
export type ReplayRoute = ReplayResponse | ReplayResponse[] | ReplayHandler;

export interface RecordedRequest {
  method: string;
  path: string;
  url: URL;
  headers: IncomingMessage['headers'];
  status: number;
  bytesSent: number;
}

export class ReplayServer {
  readonly requests: RecordedRequest[] = [];
  private readonly routes = new Map<string, ReplayRoute>();
  private readonly hits = new Map<string, number>();
  private readonly server: Server;
  private baseUrl = '';

  constructor(routes: Record<string, ReplayRoute> = {}) {
    for (const [path, route] of Object.entries(routes)) this.routes.set(path, route);
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  /** Starts on a free loopback port; returns the base URL (no trailing slash). */
  async start(port = 0): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.baseUrl;
  }

  get url(): string {
    return this.baseUrl;
  }

  /** The port it listens on (for the fetcher's loopback allowance in tests and the demo). */
  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Adds or replaces a route; `path` may include a query string to match exactly, or not to match any query. */
  set(path: string, route: ReplayRoute): void {
    this.routes.set(path, route);
    this.hits.delete(path);
  }

  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private route(url: URL): [string, ReplayRoute] | undefined {
    const exact = url.pathname + url.search;
    if (this.routes.has(exact)) return [exact, this.routes.get(exact)!];
    if (this.routes.has(url.pathname)) return [url.pathname, this.routes.get(url.pathname)!];
    return undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl || 'http://127.0.0.1');
    const record: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, url, headers: req.headers, status: 0, bytesSent: 0 };
    this.requests.push(record);
    const found = this.route(url);
    if (!found) {
      record.status = 404;
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no such fixture');
      return;
    }
    const [key, route] = found;
    const n = this.hits.get(key) ?? 0;
    this.hits.set(key, n + 1);
    const spec = typeof route === 'function' ? route(url, n) : Array.isArray(route) ? route[Math.min(n, route.length - 1)]! : route;

    if (spec.delayMs) await sleep(spec.delayMs);
    const fault = spec.fault;
    if (fault?.type === 'reset') {
      record.status = -1;
      req.socket.destroy();
      return;
    }
    if (fault?.type === 'redirect-loop') {
      record.status = 302;
      res.writeHead(302, { location: url.pathname + url.search }).end();
      return;
    }

    const headers: Record<string, string> = { ...spec.headers };
    if (spec.etag) headers.etag = spec.etag;
    if (spec.lastModified) headers['last-modified'] = spec.lastModified;
    const status = spec.status ?? 200;
    const fresh =
      status === 200 &&
      ((spec.etag !== undefined && req.headers['if-none-match'] === spec.etag) ||
        (spec.etag === undefined && spec.lastModified !== undefined && req.headers['if-modified-since'] === spec.lastModified));
    if (fresh) {
      record.status = 304;
      res.writeHead(304, headers).end();
      return;
    }

    let body = typeof spec.body === 'string' ? Buffer.from(spec.body, 'utf8') : (spec.body ?? Buffer.alloc(0));
    if (spec.gzip) {
      body = gzipSync(body);
      headers['content-encoding'] = 'gzip';
    }
    record.status = status;
    if (fault?.type === 'stall') {
      headers['content-length'] = String(body.length);
      res.writeHead(status, headers);
      res.write(body.subarray(0, fault.afterBytes));
      record.bytesSent = fault.afterBytes;
      return; // never ends: the client's timeout must cut it off
    }
    if (fault?.type === 'trickle') {
      res.writeHead(status, headers);
      for (let i = 0; i < body.length && !res.destroyed; i += fault.chunkBytes) {
        res.write(body.subarray(i, i + fault.chunkBytes));
        record.bytesSent += Math.min(fault.chunkBytes, body.length - i);
        await sleep(fault.everyMs);
      }
      res.end();
      return;
    }
    headers['content-length'] = String(body.length);
    res.writeHead(status, headers).end(body);
    record.bytesSent = body.length;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
