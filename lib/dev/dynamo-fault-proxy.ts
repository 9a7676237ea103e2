import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A loopback HTTP proxy between the AWS SDK and DynamoDB Local that misbehaves on command, for fault tests.
 * DynamoDB Local never throttles and always processes whole batches; real DynamoDB does both under load. The
 * proxy forwards requests unchanged until told otherwise, then:
 * - answers `ProvisionedThroughputExceededException` / `ThrottlingException` (HTTP 400 with the JSON `__type`
 *   the SDK classifies as throttling, so its own retry strategy kicks in);
 * - forwards only part of a BatchWriteItem / BatchGetItem and returns the rest as `UnprocessedItems` /
 *   `UnprocessedKeys`, exactly as DynamoDB does when a partition is hot;
 * - refuses writes that carry a given marker with a `ValidationException`, as DynamoDB refuses an item it cannot take;
 * - has an outage: every request's connection is reset, as when the database process dies.
 * It records every call (operation and what was done with it) and every put it forwarded. 127.0.0.1 only.
 */

export type DynamoOperation = 'BatchWriteItem' | 'BatchGetItem' | 'PutItem' | 'GetItem' | 'Query' | 'Scan' | 'UpdateItem' | 'DeleteItem' | string;
export type ThrottleType = 'ProvisionedThroughputExceededException' | 'ThrottlingException';

export interface ProxyCall {
  operation: DynamoOperation;
  outcome: 'forwarded' | 'throttled' | 'partial' | 'reset' | 'refused';
  /** Batch operations: requests (writes or keys) in the call, and how many were held back as unprocessed. */
  requested?: number;
  unprocessed?: number;
}

interface ThrottleRule {
  type: ThrottleType;
  times: number;
  skip: number;
}
interface PartialRule {
  /** Fraction of each batch forwarded (at least one request is, so every round makes progress). */
  keep: number;
  times: number;
}
type WriteRequest = { PutRequest?: { Item: Record<string, unknown> }; DeleteRequest?: { Key: Record<string, unknown> } };
type KeysAndAttributes = { Keys: Record<string, unknown>[] } & Record<string, unknown>;

export class DynamoFaultProxy {
  readonly calls: ProxyCall[] = [];
  /** `pk|sk` of every PutRequest / PutItem that reached the database (attribute values as sent, e.g. `{"S":"ITEM#…"}`). */
  readonly forwardedPuts: string[] = [];
  private readonly throttles = new Map<string, ThrottleRule>();
  private readonly partials = new Map<string, PartialRule>();
  private outageAfter?: { operation: DynamoOperation; remaining: number };
  private refused?: string;
  private down = false;
  private inFlight = 0;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly target: URL;

  /** `target`: the real endpoint, e.g. DynamoDB Local's `http://127.0.0.1:8000`. */
  constructor(target: string) {
    this.target = new URL(target);
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.once('close', () => this.sockets.delete(s));
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** `times` calls of `operation` are refused as throttled, after letting `skip` more through first. */
  throttle(operation: DynamoOperation, times: number, options: { type?: ThrottleType; skip?: number } = {}): void {
    this.throttles.set(operation, { type: options.type ?? 'ProvisionedThroughputExceededException', times, skip: options.skip ?? 0 });
  }

  /** The next `times` BatchWriteItem / BatchGetItem calls process only `keep` of their requests. */
  partial(operation: 'BatchWriteItem' | 'BatchGetItem', times: number, keep = 0.5): void {
    this.partials.set(operation, { keep, times });
  }

  /** Every write request whose body contains `marker` is refused with a ValidationException, as DynamoDB refuses an item it cannot take. */
  refuse(marker: string): void {
    this.refused = marker;
  }

  /** The database goes away: now, or after `after.count` more calls of `after.operation` (decided as calls arrive). */
  outage(after?: { operation: DynamoOperation; count: number }): void {
    if (after) this.outageAfter = { operation: after.operation, remaining: after.count };
    else this.down = true;
  }

  /** The database is back and healthy: every fault cleared. */
  restore(): void {
    this.down = false;
    this.outageAfter = undefined;
    this.throttles.clear();
    this.partials.clear();
    this.refused = undefined;
  }

  /** Resolves once no forwarded request is waiting on the database (a failed run's other batches may still be landing). */
  async settled(): Promise<void> {
    while (this.inFlight > 0) await new Promise((r) => setTimeout(r, 5));
  }

  count(operation: DynamoOperation, outcome?: ProxyCall['outcome']): number {
    return this.calls.filter((c) => c.operation === operation && (!outcome || c.outcome === outcome)).length;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readAll(req);
    const operation = String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
    // Counted on arrival, so batches in flight together still see the outage start at an exact call.
    if (this.outageAfter?.operation === operation && this.outageAfter.remaining-- <= 0) {
      this.outageAfter = undefined;
      this.down = true;
    }
    if (this.down) {
      this.calls.push({ operation, outcome: 'reset' });
      req.socket.destroy();
      return;
    }

    if (this.refused && /Write|Put|Update/.test(operation) && body.includes(this.refused)) {
      this.calls.push({ operation, outcome: 'refused' });
      return reply(res, 'ValidationException', 'One or more parameter values were invalid (fault proxy)');
    }

    const throttle = this.throttles.get(operation);
    if (throttle && throttle.skip > 0) {
      throttle.skip--;
    } else if (throttle && throttle.times > 0) {
      if (--throttle.times === 0) this.throttles.delete(operation);
      this.calls.push({ operation, outcome: 'throttled' });
      return reply(res, throttle.type, 'Rate of requests exceeds the allowed throughput (fault proxy)');
    }

    const rule = this.partials.get(operation);
    try {
      if (rule && rule.times > 0 && (operation === 'BatchWriteItem' || operation === 'BatchGetItem')) {
        if (--rule.times === 0) this.partials.delete(operation);
        await this.forwardPartial(operation, req.headers, body, rule.keep, res);
      } else {
        this.recordPuts(operation, body);
        const requested = batchSize(operation, body);
        this.calls.push({ operation, outcome: 'forwarded', ...(requested !== undefined ? { requested, unprocessed: 0 } : {}) });
        const upstream = await this.forward(req.headers, body);
        res.writeHead(upstream.status, upstream.headers).end(upstream.body);
      }
    } catch {
      // The database itself is gone (killed): the client sees what it would see without the proxy.
      this.calls.push({ operation, outcome: 'reset' });
      req.socket.destroy();
      return;
    }

  }

  /** Splits a batch: the first part goes to the database, the rest comes back as unprocessed work. */
  private async forwardPartial(operation: 'BatchWriteItem' | 'BatchGetItem', headers: IncomingHttpHeaders, raw: Buffer, keep: number, res: ServerResponse) {
    const input = JSON.parse(raw.toString('utf8')) as { RequestItems: Record<string, unknown> } & Record<string, unknown>;
    const forwarded: Record<string, unknown> = {};
    const heldBack: Record<string, unknown> = {};
    let requested = 0;
    let unprocessed = 0;
    for (const [table, spec] of Object.entries(input.RequestItems)) {
      const list = operation === 'BatchWriteItem' ? (spec as WriteRequest[]) : (spec as KeysAndAttributes).Keys;
      const n = Math.max(1, Math.floor(list.length * keep));
      const [now, later] = [list.slice(0, n), list.slice(n)];
      requested += list.length;
      unprocessed += later.length;
      forwarded[table] = operation === 'BatchWriteItem' ? now : { ...(spec as KeysAndAttributes), Keys: now };
      if (later.length) heldBack[table] = operation === 'BatchWriteItem' ? later : { ...(spec as KeysAndAttributes), Keys: later };
    }
    const body = Buffer.from(JSON.stringify({ ...input, RequestItems: forwarded }), 'utf8');
    this.recordPuts(operation, body);
    this.calls.push({ operation, outcome: 'partial', requested, unprocessed });
    const upstream = await this.forward(headers, body);
    let out = upstream.body;
    if (upstream.status === 200) {
      const parsed = JSON.parse(upstream.body.toString('utf8')) as Record<string, unknown>;
      parsed[operation === 'BatchWriteItem' ? 'UnprocessedItems' : 'UnprocessedKeys'] = heldBack;
      out = Buffer.from(JSON.stringify(parsed), 'utf8');
    }
    // The body changed: its length and checksum headers must not describe the old one.
    const { 'x-amz-crc32': _crc, 'content-length': _len, ...rest } = upstream.headers;
    res.writeHead(upstream.status, { ...rest, 'content-length': String(out.length) }).end(out);
  }

  private forward(headers: IncomingHttpHeaders, body: Buffer): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
    // Plain bodies only: a partial batch rewrites the JSON.
    const { 'accept-encoding': _enc, ...sent } = headers;
    this.inFlight++;
    return new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const upstream = request(
        {
          host: this.target.hostname,
          port: this.target.port,
          method: 'POST',
          path: '/',
          // A fresh connection each time: a pooled one the database has just closed would fail as a spurious reset.
          agent: false,
          headers: { ...sent, host: this.target.host, 'content-length': String(body.length) },
        },
        (res) => void readAll(res).then((b) => resolve({ status: res.statusCode ?? 500, headers: res.headers, body: b }), reject),
      );
      upstream.on('error', reject);
      upstream.end(body);
    }).finally(() => this.inFlight--);
  }

  private recordPuts(operation: DynamoOperation, body: Buffer): void {
    if (operation !== 'BatchWriteItem' && operation !== 'PutItem') return;
    const input = JSON.parse(body.toString('utf8')) as { RequestItems?: Record<string, WriteRequest[]>; Item?: Record<string, unknown> };
    const items = operation === 'PutItem' ? [input.Item!] : Object.values(input.RequestItems ?? {}).flat().flatMap((w) => (w.PutRequest ? [w.PutRequest.Item] : []));
    for (const item of items) this.forwardedPuts.push(`${attr(item.pk)}|${attr(item.sk)}`);
  }
}

const attr = (value: unknown): string => String((value as { S?: string } | undefined)?.S ?? '');

function batchSize(operation: DynamoOperation, body: Buffer): number | undefined {
  if (operation !== 'BatchWriteItem' && operation !== 'BatchGetItem') return undefined;
  const input = JSON.parse(body.toString('utf8')) as { RequestItems: Record<string, unknown> };
  return Object.values(input.RequestItems).reduce<number>(
    (n, spec) => n + (operation === 'BatchWriteItem' ? (spec as unknown[]).length : (spec as KeysAndAttributes).Keys.length),
    0,
  );
}

function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/** An error answer in DynamoDB's JSON shape (HTTP 400 with `__type`), which the SDK turns into that exception. */
function reply(res: ServerResponse, type: string, message: string): void {
  const payload = JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message });
  res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0', 'content-length': String(Buffer.byteLength(payload)), 'x-amzn-requestid': 'fault-proxy' });
  res.end(payload);
}
