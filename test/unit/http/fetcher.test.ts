import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReplayServer } from '../../../lib/dev/replay-server.ts';
import { FetchHttpClient, isInternalHost } from '../../../lib/http/fetcher.ts';
import { HttpFetchError } from '../../../lib/http/types.ts';

describe('FetchHttpClient', () => {
  let server: ReplayServer;
  const waits: number[] = [];
  const http = new FetchHttpClient({
    userAgent: 'InquiryWatch-test/1 (+https://example.org)',
    backoffMs: 1,
    sleep: async (ms) => {
      waits.push(ms);
    },
  });

  beforeEach(async () => {
    waits.length = 0;
    server = new ReplayServer();
    await server.start();
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

  it('refuses a redirect from a public source to an internal address', async () => {
    // Prepare: the first hop is a public name that a stub fetch answers with a redirect to the loopback server
    const stub = new FetchHttpClient({ userAgent: 'InquiryWatch-test', backoffMs: 1 });
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async () => new Response(null, { status: 302, headers: { location: `${server.url}/secret` } })) as typeof fetch;
    // Act
    const err = await stub.get({ url: 'https://feeds.example.org/rss', attempts: 1 }).catch((e: unknown) => e);
    globalThis.fetch = realFetch;
    // Assess
    expect(err).toMatchObject({ kind: 'invalid-url', message: expect.stringMatching(/internal address 127\.0\.0\.1/) });
    expect(server.requestsTo('/secret')).toHaveLength(0);
  });

  it('knows internal addresses by their literals', () => {
    const internal = ['127.0.0.1', 'localhost', '[::1]', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', 'fd00::1', '::ffff:127.0.0.1'];
    const external = ['8.8.8.8', 'feeds.bbci.co.uk', '172.32.0.1', '100.128.0.1'];
    expect(internal.filter((h) => !isInternalHost(h))).toEqual([]);
    expect(external.filter(isInternalHost)).toEqual([]);
  });
});
