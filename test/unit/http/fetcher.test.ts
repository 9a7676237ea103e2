import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReplayServer } from '../../../lib/dev/replay-server.ts';
import { FetchHttpClient } from '../../../lib/http/fetcher.ts';
import { HttpFetchError } from '../../../lib/http/types.ts';

describe('FetchHttpClient', () => {
  let server: ReplayServer;
  let http: FetchHttpClient;
  const waits: number[] = [];

  beforeEach(async () => {
    waits.length = 0;
    server = new ReplayServer();
    await server.start();
    http = new FetchHttpClient({
      userAgent: 'InquiryWatch-test/1 (+https://example.org)',
      backoffMs: 1,
      sleep: async (ms) => {
        waits.push(ms);
      },
      allowLoopbackPorts: [server.port],
    });
  });
  afterEach(() => server.stop());

  it('sends its validators and turns a 304 into notModified with no body', async () => {
    // Prepare
    server.set('/f', { body: 'feed', etag: '"v1"', lastModified: 'Mon, 16 Jun 2025 10:00:00 GMT' });
    // Act
    const first = await http.get({ url: `${server.url}/f` });
    const second = await http.get({ url: `${server.url}/f`, etag: first.headers.etag, lastModified: first.headers['last-modified'] });
    // Assess
    expect(first.body.toString()).toBe('feed');
    expect(second).toMatchObject({ status: 304, notModified: true, bytes: 0 });
    expect(server.requests[1]!.headers['if-none-match']).toBe('"v1"');
    expect(server.requests[0]!.headers['user-agent']).toBe('InquiryWatch-test/1 (+https://example.org)');
  });

  it('decompresses gzip and still enforces the size cap on the decompressed body', async () => {
    // Prepare: 2 MB of spaces compresses to a few KB
    server.set('/bomb', { body: Buffer.alloc(2 * 1024 * 1024, 0x20), gzip: true });
    server.set('/small', { body: 'hello', gzip: true });
    // Act
    const small = await http.get({ url: `${server.url}/small` });
    const bomb = http.get({ url: `${server.url}/bomb`, maxBytes: 1024 * 1024 });
    // Assess
    expect(small.body.toString()).toBe('hello');
    await expect(bomb).rejects.toMatchObject({ kind: 'too-large' });
  });

  it('undoes a few stacked content-encodings and refuses a chain of thousands', async () => {
    // Prepare: 2,500 gzip layers round a 71 KB body kept a poll busy for over a minute; 50 are cheaper to make
    const layered = (n: number) => {
      let body = Buffer.from('<rss/>');
      for (let i = 0; i < n; i++) body = gzipSync(body);
      return { body, headers: { 'content-encoding': Array(n).fill('gzip').join(', ') } };
    };
    server.set('/two', layered(2));
    server.set('/chain', layered(50));
    // Act
    const two = await http.get({ url: `${server.url}/two` });
    const chain = http.get({ url: `${server.url}/chain` });
    // Assess
    expect(two.body.toString()).toBe('<rss/>');
    await expect(chain).rejects.toMatchObject({ kind: 'encoding', message: expect.stringContaining('50 content-encodings (at most 5 are undone)') });
  });

  it('does not retry a body it cannot decode, and says which coding it met', async () => {
    // Prepare: a coding it does not know, and a chain past the limit; the same answer again would fail the same way
    server.set('/zstd', { body: 'compressed', headers: { 'content-encoding': 'zstd' } });
    server.set('/layers', { body: 'x', headers: { 'content-encoding': Array(6).fill('gzip').join(', ') } });
    // Act
    const unknown = await http.get({ url: `${server.url}/zstd` }).catch((err: unknown) => err);
    const layers = await http.get({ url: `${server.url}/layers` }).catch((err: unknown) => err);
    // Assess
    expect(unknown).toMatchObject({ kind: 'encoding', message: expect.stringMatching(/^unsupported content-encoding "zstd" \(gzip, deflate and br are undone\): the body from http:.*\/zstd cannot be decoded$/) });
    expect(layers).toMatchObject({ kind: 'encoding' });
    expect([server.requestsTo('/zstd').length, server.requestsTo('/layers').length]).toEqual([1, 1]);
    expect(waits).toEqual([]);
  });

  it('stops at its deadline: a slow answer is cut off there and not retried, and nothing starts after it', async () => {
    // Prepare: without the deadline, three attempts of 15 s each
    server.set('/slow', { body: 'late', delayMs: 20_000 });
    server.set('/f', { body: 'feed' });
    // Act
    const slow = await http.get({ url: `${server.url}/slow`, deadline: Date.now() + 300 }).catch((err: unknown) => err);
    const after = await http.get({ url: `${server.url}/f`, deadline: Date.now() - 1 }).catch((err: unknown) => err);
    // Assess
    expect(slow).toMatchObject({ kind: 'deadline' });
    expect(after).toMatchObject({ kind: 'deadline', message: expect.stringContaining("the poll's deadline has passed") });
    expect([server.requestsTo('/slow').length, server.requestsTo('/f').length]).toEqual([1, 0]);
  });

  it('does not wait for a retry that could not start before its deadline', async () => {
    // Prepare
    server.set('/busy', [{ status: 503, headers: { 'retry-after': '30' } }, { body: 'ok' }]);
    // Act
    const attempt = http.get({ url: `${server.url}/busy`, deadline: Date.now() + 5_000 });
    // Assess
    await expect(attempt).rejects.toMatchObject({ kind: 'status', status: 503 });
    expect(waits).toEqual([]);
  });

  it('waits as long as Retry-After says on 429, then succeeds', async () => {
    // Prepare
    server.set('/busy', [{ status: 429, headers: { 'retry-after': '7' } }, { body: 'ok' }]);
    // Act
    const res = await http.get({ url: `${server.url}/busy` });
    // Assess
    expect(res.body.toString()).toBe('ok');
    expect(waits).toEqual([7000]);
  });

  it('gives up with the last status after its attempts on persistent 503', async () => {
    // Prepare
    server.set('/down', { status: 503 });
    // Act
    const err = await http.get({ url: `${server.url}/down`, attempts: 3 }).catch((e: unknown) => e);
    // Assess
    expect(err).toBeInstanceOf(HttpFetchError);
    expect((err as HttpFetchError).status).toBe(503);
    expect(server.requestsTo('/down')).toHaveLength(3);
  });

  it('does not retry a 404', async () => {
    const err = await http.get({ url: `${server.url}/missing` }).catch((e: unknown) => e);
    expect((err as HttpFetchError).status).toBe(404);
    expect(server.requestsTo('/missing')).toHaveLength(1);
  });

  it('follows a redirect but stops a loop', async () => {
    // Prepare
    server.set('/old', { status: 301, headers: { location: '/new' } });
    server.set('/new', { body: 'moved' });
    server.set('/loop', { fault: { type: 'redirect-loop' } });
    // Act
    const moved = await http.get({ url: `${server.url}/old` });
    const loop = http.get({ url: `${server.url}/loop`, attempts: 1 });
    // Assess
    expect(moved).toMatchObject({ url: `${server.url}/new` });
    await expect(loop).rejects.toMatchObject({ kind: 'redirects' });
  });

  it('refuses non-http schemes', async () => {
    await expect(http.get({ url: 'file:///etc/passwd' })).rejects.toMatchObject({ kind: 'invalid-url' });
  });

  it('retries a connection reset and reports a network error when it persists', async () => {
    server.set('/reset', { fault: { type: 'reset' } });
    await expect(http.get({ url: `${server.url}/reset`, attempts: 2 })).rejects.toMatchObject({ kind: 'network' });
    expect(server.requestsTo('/reset')).toHaveLength(2);
  });

  describe('address guard', () => {
    /** A second loopback server: what a hostile feed would like the poller to reach. */
    let internal: ReplayServer;
    beforeEach(async () => {
      internal = new ReplayServer({ '/secret': { body: 'internal data' } });
      await internal.start();
    });
    afterEach(() => internal.stop());

    it('refuses loopback by literal and by name when no allowance is given', async () => {
      // Prepare: the allowance explicitly empty, as in production
      const guarded = new FetchHttpClient({ userAgent: 'InquiryWatch-test', backoffMs: 1, allowLoopbackPorts: [] });
      const urls = [`http://127.0.0.1:${internal.port}/secret`, `http://localhost:${internal.port}/secret`, `http://[::ffff:7f00:1]:${internal.port}/secret`];
      // Act
      const errors = await Promise.all(urls.map((url) => guarded.get({ url, attempts: 1 }).catch((e: unknown) => e)));
      // Assess: refused before anything was sent
      expect(errors.map((e) => (e as HttpFetchError).kind)).toEqual(['blocked', 'blocked', 'blocked']);
      expect((errors[1] as Error).message).toMatch(/refusing to connect to localhost \((127\.0\.0\.1|::1)\): loopback address/);
      expect(internal.requests).toHaveLength(0);
    });

    it('refuses a redirect to loopback in every spelling, even while the feed itself is allowed', async () => {
      // Prepare: the feed's own port is allowed (as a test's replay server is); the internal one is not
      const p = internal.port;
      const targets = [
        `http://[::ffff:127.0.0.1]:${p}/secret`,
        `http://[::ffff:7f00:1]:${p}/secret`,
        `http://[0:0:0:0:0:ffff:7f00:0001]:${p}/secret`,
        `http://localhost:${p}/secret`,
        `http://2130706433:${p}/secret`,
        `http://0x7f.1:${p}/secret`,
        `http://0177.0.0.1:${p}/secret`,
        `http://127.1:${p}/secret`,
        `http://[::1]:${p}/secret`,
      ];
      targets.forEach((location, i) => server.set(`/hop${i}`, { status: 302, headers: { location } }));
      // Act
      const errors = await Promise.all(targets.map((_, i) => http.get({ url: `${server.url}/hop${i}`, attempts: 1 }).catch((e: unknown) => e)));
      // Assess
      expect(errors.map((e) => (e as HttpFetchError).kind)).toEqual(targets.map(() => 'blocked'));
      expect(internal.requests).toHaveLength(0);
    });

    it('lets through only the allowed loopback port', async () => {
      // Prepare
      server.set('/feed', { body: 'allowed' });
      // Act
      const allowed = await http.get({ url: `${server.url}/feed` });
      const other = await http.get({ url: `http://127.0.0.1:${internal.port}/secret`, attempts: 1 }).catch((e: unknown) => e);
      // Assess
      expect(allowed.body.toString()).toBe('allowed');
      expect(other).toMatchObject({ kind: 'blocked' });
    });
  });
});
