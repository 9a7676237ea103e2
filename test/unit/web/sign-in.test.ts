import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiRequest } from '../../../lib/api/handler.ts';
import { handleSignIn, type SignInConfig } from '../../../lib/web/sign-in.ts';

/** A loopback stand-in for Cognito's token endpoint: checks the PKCE verifier against the challenge it was given. */
let cognito: Server;
let cfg: SignInConfig;
const challenges = new Map<string, string>();
const received: URLSearchParams[] = [];

beforeAll(async () => {
  cognito = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c)).on('end', () => {
      const form = new URLSearchParams(body);
      received.push(form);
      const expected = challenges.get(form.get('code') ?? '');
      const ok = expected !== undefined && createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url') === expected;
      res.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' });
      res.end(JSON.stringify(ok ? { id_token: 'header.payload.signature', expires_in: 3600 } : { error: 'invalid_grant' }));
    });
  });
  await new Promise<void>((r) => cognito.listen(0, '127.0.0.1', r));
  cfg = { publicUrl: 'https://pages.example.org', cognitoDomain: `http://127.0.0.1:${(cognito.address() as AddressInfo).port}`, clientId: 'client123' };
});
afterAll(() => new Promise<void>((r) => cognito.close(() => r())));

const req = (path: string, query: Record<string, string> = {}, cookie?: string): ApiRequest => ({ method: 'GET', path, query, headers: cookie ? { cookie } : {} });

describe('hosted sign-in', () => {
  it('signs in with the code flow and PKCE, then returns to the page the reader asked for', async () => {
    // Prepare
    const login = (await handleSignIn(req('/auth/login', { next: '/entries/casey-audit?kind=report' }), cfg))!;
    const authorize = new URL(login.headers.location!);
    const flowCookie = login.cookies![0]!.split(';')[0]!;
    challenges.set('the-code', authorize.searchParams.get('code_challenge')!);
    // Act
    const done = (await handleSignIn(req('/auth/callback', { code: 'the-code', state: authorize.searchParams.get('state')! }, flowCookie), cfg))!;
    // Assess
    expect(authorize.pathname).toBe('/oauth2/authorize');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('redirect_uri')).toBe('https://pages.example.org/auth/callback');
    expect(login.cookies![0]).toMatch(/HttpOnly; Secure; SameSite=Lax$/);
    expect(done.status).toBe(302);
    expect(done.headers.location).toBe('https://pages.example.org/entries/casey-audit?kind=report');
    expect(done.cookies![0]).toBe('iw_session=header.payload.signature; Path=/; Max-Age=3600; HttpOnly; Secure; SameSite=Lax');
    expect(received.at(-1)!.get('client_id')).toBe('client123');
  });

  it('refuses a callback whose state does not match the one this browser started with', async () => {
    // Prepare
    const login = (await handleSignIn(req('/auth/login'), cfg))!;
    // Act
    const res = (await handleSignIn(req('/auth/callback', { code: 'x', state: 'forged' }, login.cookies![0]!.split(';')[0]), cfg))!;
    // Assess
    expect(res.status).toBe(400);
    expect(res.cookies).toBeUndefined();
  });

  it('answers 502 with a clear message, not 500, when the sign-in service cannot be reached', async () => {
    // Prepare: one token endpoint that refuses connections (a closed loopback port), one that drops them
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const dropping = createServer((request) => request.socket.destroy());
    await new Promise<void>((r) => dropping.listen(0, '127.0.0.1', r));
    const callback = async (cognitoDomain: string) => {
      const login = (await handleSignIn(req('/auth/login'), cfg))!;
      const state = new URL(login.headers.location!).searchParams.get('state')!;
      return (await handleSignIn(req('/auth/callback', { code: 'the-code', state }, login.cookies![0]!.split(';')[0]), { ...cfg, cognitoDomain }))!;
    };
    // Act
    const answers = [await callback(`http://127.0.0.1:${closedPort}`), await callback(`http://127.0.0.1:${(dropping.address() as AddressInfo).port}`)];
    await new Promise<void>((r) => dropping.close(() => r()));
    // Assess
    for (const res of answers) {
      expect(res.status).toBe(502);
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(res.body).toBe('The sign-in service could not be reached just now, so you are not signed in. Try again in a moment: https://pages.example.org/auth/login');
      expect(res.cookies).toBeUndefined();
    }
  });

  it('reports why the token exchange failed, for the log, without the code, verifier or tokens', async () => {
    // Prepare: a closed port, and a token endpoint that refuses the code, echoing what it was sent
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const refusing = createServer((request, response) => {
      let body = '';
      request.on('data', (c) => (body += c));
      request.on('end', () => {
        response.writeHead(400, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: 'invalid_grant', error_description: `bad ${body}`, id_token: 'leaked.id.token' }));
      });
    });
    await new Promise<void>((r) => refusing.listen(0, '127.0.0.1', r));
    const failures: { reason: string; detail: Record<string, unknown> }[] = [];
    const callback = async (cognitoDomain: string) => {
      const login = (await handleSignIn(req('/auth/login'), cfg))!;
      const state = new URL(login.headers.location!).searchParams.get('state')!;
      const flow = login.cookies![0]!.split(';')[0]!;
      const onFailure = (reason: string, detail: Record<string, unknown>) => failures.push({ reason, detail });
      return (await handleSignIn(req('/auth/callback', { code: 'secret-code', state }, flow), { ...cfg, cognitoDomain, onFailure }))!;
    };
    // Act
    const answers = [await callback(`http://127.0.0.1:${closedPort}`), await callback(`http://127.0.0.1:${(refusing.address() as AddressInfo).port}`)];
    await new Promise<void>((r) => refusing.close(() => r()));
    // Assess
    expect(answers.map((a) => a.status)).toEqual([502, 502]);
    expect(failures).toEqual([
      { reason: 'token exchange unreachable', detail: expect.objectContaining({ error: 'TypeError', cause: expect.stringContaining('ECONNREFUSED') }) },
      { reason: 'token exchange refused', detail: { status: 400, error: 'invalid_grant' } },
    ]);
    expect(JSON.stringify(failures)).not.toMatch(/secret-code|leaked|code_verifier/);
  });

  it('never redirects off the site after signing in', async () => {
    for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      // Act
      const login = (await handleSignIn(req('/auth/login', { next }), cfg))!;
      const flow = login.cookies![0]!.split(';')[0]!;
      const state = new URL(login.headers.location!).searchParams.get('state')!;
      challenges.set(`code-${state}`, new URL(login.headers.location!).searchParams.get('code_challenge')!);
      const done = (await handleSignIn(req('/auth/callback', { code: `code-${state}`, state }, flow), cfg))!;
      // Assess
      expect(done.headers.location).toBe('https://pages.example.org/');
    }
  });

  it('signs out by clearing the session and ending the Cognito session', async () => {
    // Act
    const res = (await handleSignIn(req('/auth/logout'), cfg))!;
    // Assess
    expect(res.cookies).toEqual(['iw_session=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax']);
    expect(new URL(res.headers.location!).searchParams.get('logout_uri')).toBe('https://pages.example.org/auth/signed-out');
  });
});
