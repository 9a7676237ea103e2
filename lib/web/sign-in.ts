import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiRequest, ApiResponse } from '../api/handler.ts';

/**
 * Sign-in for the hosted pages: Cognito's managed login with the authorization-code flow and PKCE. The ID token
 * lands in an HttpOnly, Secure, SameSite=Lax cookie; the distribution's viewer-request function turns that cookie
 * into the `Authorization` header that API Gateway's JWT authorizer checks on every page route. Nothing here
 * grants access by itself: a forged or expired cookie is refused by the authorizer.
 */
export interface SignInConfig {
  /** `https://d111.cloudfront.net`: where the pages are, and where Cognito sends people back. */
  publicUrl: string;
  /** `https://<prefix>.auth.<region>.amazoncognito.com` */
  cognitoDomain: string;
  clientId: string;
  fetch?: typeof fetch;
  /**
   * Told why a sign-in failed at the token exchange (for the log: the visitor only sees a 502). The detail names the
   * error or status, never the code, verifier or tokens.
   */
  onFailure?: (reason: string, detail: Record<string, unknown>) => void;
}

/** A response that may set cookies (API Gateway v2 takes them as a list). */
export interface WebResponse extends ApiResponse {
  cookies?: string[];
}

export const SESSION_COOKIE = 'iw_session';
const FLOW_COOKIE = 'iw_signin';

/** The sign-in routes (`/auth/...`), reachable without a token; `undefined` for any other path. */
export async function handleSignIn(req: ApiRequest, cfg: SignInConfig): Promise<WebResponse | undefined> {
  const base = cfg.publicUrl.replace(/\/+$/, '');
  const callback = `${base}/auth/callback`;
  switch (req.path) {
    case '/auth/login': {
      const state = randomBytes(16).toString('base64url');
      const verifier = randomBytes(32).toString('base64url');
      const next = safeNext(req.query.next);
      const url = new URL('/oauth2/authorize', cfg.cognitoDomain);
      url.search = new URLSearchParams({
        response_type: 'code',
        client_id: cfg.clientId,
        redirect_uri: callback,
        scope: 'openid email',
        state,
        code_challenge: createHash('sha256').update(verifier).digest('base64url'),
        code_challenge_method: 'S256',
      }).toString();
      const flow = [state, verifier, Buffer.from(next).toString('base64url')].join('.');
      return redirect(url.href, [cookie(FLOW_COOKIE, flow, { path: '/auth', maxAge: 600 })]);
    }
    case '/auth/callback': {
      const [state, verifier, nextB64] = (readCookie(req, FLOW_COOKIE) ?? '').split('.');
      const given = req.query.state ?? '';
      if (!state || !verifier || !req.query.code || !sameText(state, given)) {
        return text(400, 'Sign-in could not be completed (it expired or was started elsewhere). Go back to the archive and sign in again.');
      }
      let res: Response;
      try {
        res = await (cfg.fetch ?? fetch)(new URL('/oauth2/token', cfg.cognitoDomain), {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'authorization_code', client_id: cfg.clientId, code: req.query.code, redirect_uri: callback, code_verifier: verifier }),
          signal: AbortSignal.timeout(10_000),
        });
      } catch (err) {
        // Refused, reset, DNS or the 10 s timeout: the sign-in service is the gateway that failed, not this site.
        cfg.onFailure?.('token exchange unreachable', networkError(err));
        return text(502, `The sign-in service could not be reached just now, so you are not signed in. Try again in a moment: ${base}/auth/login`);
      }
      const tokens = (await res.json().catch(() => ({}))) as { id_token?: string; expires_in?: number };
      if (!res.ok || !tokens.id_token) {
        // OAuth's error code only (invalid_grant, …): the description may echo what was sent.
        const error = (tokens as { error?: unknown }).error;
        cfg.onFailure?.('token exchange refused', { status: res.status, ...(typeof error === 'string' ? { error: error.slice(0, 100) } : {}) });
        return text(502, 'The sign-in service did not accept the sign-in. Try again.');
      }
      const next = safeNext(Buffer.from(nextB64 ?? '', 'base64url').toString('utf8'));
      return redirect(`${base}${next}`, [
        cookie(SESSION_COOKIE, tokens.id_token, { path: '/', maxAge: Math.min(tokens.expires_in ?? 3600, 86_400) }),
        cookie(FLOW_COOKIE, '', { path: '/auth', maxAge: 0 }),
      ]);
    }
    case '/auth/logout': {
      const url = new URL('/logout', cfg.cognitoDomain);
      url.search = new URLSearchParams({ client_id: cfg.clientId, logout_uri: `${base}/auth/signed-out` }).toString();
      return redirect(url.href, [cookie(SESSION_COOKIE, '', { path: '/', maxAge: 0 })]);
    }
    case '/auth/signed-out':
      return text(200, 'You are signed out of Inquiry Watch. Open the archive again to sign in.');
    default:
      return undefined;
  }
}

/** A failed fetch in words: its name and message, and its cause's (`connect ECONNREFUSED 10.0.0.1:443`). */
function networkError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { error: String(err).slice(0, 200) };
  const cause = err.cause instanceof Error ? err.cause.message : undefined;
  return { error: err.name, message: err.message.slice(0, 200), ...(cause ? { cause: cause.slice(0, 200) } : {}) };
}

/** Only a path on this site: never `//elsewhere` or an absolute URL (no open redirect). */
function safeNext(next: string | undefined): string {
  return next && /^\/(?![/\\])[^\s]*$/.test(next) ? next : '/';
}

function readCookie(req: ApiRequest, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(/;\s*/)) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq) === name) return part.slice(eq + 1);
  }
  return undefined;
}

const sameText = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

const cookie = (name: string, value: string, o: { path: string; maxAge: number }) =>
  `${name}=${value}; Path=${o.path}; Max-Age=${o.maxAge}; HttpOnly; Secure; SameSite=Lax`;

const redirect = (location: string, cookies: string[]): WebResponse => ({ status: 302, headers: { location, 'cache-control': 'no-store' }, body: '', cookies });

const text = (status: number, body: string): WebResponse => ({ status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }, body });
