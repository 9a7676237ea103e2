import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_BODY_BYTES, openDoor, refuse, SLACK_PATHS, type DoorDeps, type DoorOutcome } from './door.ts';
import type { SlackJob } from './ports.ts';

/**
 * The Slack endpoints on a node:http server (`serve`, the demo, tests): the same door as in AWS, the response
 * written and ended first, then the job run in this process. `idle()` waits for jobs still running.
 */
export interface SlackEndpoint {
  paths: readonly string[];
  handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void>;
  /** Resolves once every job accepted so far has finished. */
  idle(): Promise<void>;
}

export interface SlackEndpointDeps {
  door: DoorDeps;
  runJob: (job: SlackJob) => Promise<unknown>;
  /** Every request, accepted or refused. */
  onOutcome?: (outcome: DoorOutcome, path: string) => void;
  onError?: (err: unknown) => void;
}

export function slackEndpoint(deps: SlackEndpointDeps): SlackEndpoint {
  const running = new Set<Promise<void>>();
  const maxBytes = deps.door.maxBodyBytes ?? MAX_BODY_BYTES;
  return {
    paths: Object.values(SLACK_PATHS),
    async handle(req, res, path) {
      // The declared size is checked before a byte is read; the actual size while reading.
      const declared = Number(req.headers['content-length'] ?? 0);
      const body = declared > maxBytes ? undefined : await readCapped(req, maxBytes);
      const headers: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      const outcome = body ? await openDoor({ method: req.method ?? 'GET', path, headers, body }, deps.door) : refuse(413, 'too-large');
      deps.onOutcome?.(outcome, path);
      const { status, headers: out, body: text } = outcome.response;
      // An oversized body is not drained: the connection closes instead.
      res.writeHead(status, { ...out, ...(body ? {} : { connection: 'close' }) });
      res.end(text);
      if (outcome.job) {
        const job = outcome.job;
        const run = deps.runJob(job).then(
          () => undefined,
          (err: unknown) => deps.onError?.(err),
        );
        running.add(run);
        void run.finally(() => running.delete(run));
      }
    },
    async idle() {
      while (running.size) await Promise.all([...running]);
    },
  };
}

/** The body, or undefined as soon as it passes `max` bytes (reading stops; nothing more is buffered). */
function readCapped(req: IncomingMessage, max: number): Promise<Uint8Array | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.removeAllListeners('data');
        req.pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
