import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleApiRequest, type ApiDeps, type ApiRequest, type ApiResponse } from './handler.ts';

/** Paths answered by their own handler instead of the archive API (the Slack endpoints), body and all. */
export interface MountedRoutes {
  paths: readonly string[];
  handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void>;
}

export interface RunningApiServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Serves `handleApiRequest` over node:http, loopback only: `serve` uses it on a local archive and tests use it on
 * port 0. The local API has no authentication, so it never listens beyond 127.0.0.1.
 */
export function startApiServer(
  deps: ApiDeps,
  options: { port?: number; handler?: (req: ApiRequest) => Promise<ApiResponse>; mounts?: MountedRoutes[] } = {},
): Promise<RunningApiServer> {
  const handle = options.handler ?? ((req: ApiRequest) => handleApiRequest(req, deps));
  const server = createServer((req, res) =>
    respond(req, res, handle, options.mounts ?? []).catch((err: unknown) => {
      // One bad request must never take the server down.
      deps.onError?.(err);
      if (res.headersSent) return void res.end();
      res.writeHead(500, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ error: 'internal error' }));
    }),
  );
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

async function respond(req: IncomingMessage, res: ServerResponse, handle: (req: ApiRequest) => Promise<ApiResponse>, mounts: MountedRoutes[]): Promise<void> {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://127.0.0.1');
  } catch {
    // A crafted request line (`GET http://:99999/`) must not take the server down with it.
    res.writeHead(400, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ error: 'malformed request target' }));
    return;
  }
  const mount = mounts.find((m) => m.paths.includes(url.pathname));
  if (mount) return mount.handle(req, res, url.pathname);
  // As API Gateway hands them to the Lambda: a repeated parameter's values joined with commas (not the last one
  // silently winning), and no name special to JavaScript objects (`__proto__`) lost.
  const query: Record<string, string> = Object.create(null);
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  const headers: ApiRequest['headers'] = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  const out = await handle({ method: req.method ?? 'GET', path: url.pathname, query, headers });
  res.writeHead(out.status, out.headers);
  res.end(out.body);
}
