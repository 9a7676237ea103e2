import { createHmac, timingSafeEqual } from 'node:crypto';
import { QueryParamError } from './errors.ts';

/**
 * Page cursors: opaque to clients, tamper-evident, and bound to the query that produced them.
 *
 * A cursor carries only a position (the sort key `<published>#<itemId>` of the last record read) and a
 * fingerprint of the query. Every index orders by that same sort key, so the store can resume from it, and a
 * cursor replayed against a different query is refused instead of silently skipping items.
 * The HMAC key comes from `INQUIRY_WATCH_CURSOR_SECRET`; the fixed development key is only for local archives.
 */
export const DEV_CURSOR_SECRET = 'inquiry-watch-local-dev-cursor-secret';

export const cursorSecretFromEnv = (env: NodeJS.ProcessEnv = process.env): string =>
  env.INQUIRY_WATCH_CURSOR_SECRET || DEV_CURSOR_SECRET;

interface CursorPayload {
  v: 1;
  /** Resume strictly after this sort key (newest first). */
  p: string;
  /** Fingerprint of the query the cursor belongs to. */
  f: string;
}

const MAX_CURSOR_LENGTH = 2048;
/**
 * A position as the store writes it: an ISO time, `#`, an item id. Anything else, even correctly signed (the
 * development key is public), is refused here rather than handed to DynamoDB as a start key it would reject (500).
 */
const POSITION = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,3})?Z#[0-9a-z]{1,64}$/;
const sign = (body: string, secret: string) => createHmac('sha256', secret).update(body).digest().subarray(0, 16);

export function encodeCursor(position: string, fingerprint: string, secret: string): string {
  const body = Buffer.from(JSON.stringify({ v: 1, p: position, f: fingerprint } satisfies CursorPayload)).toString('base64url');
  return `${body}.${sign(body, secret).toString('base64url')}`;
}

/** The position to resume after; throws `QueryParamError` for a malformed, tampered or foreign cursor. */
export function decodeCursor(cursor: string, fingerprint: string, secret: string): string {
  const malformed = () => new QueryParamError('cursor is malformed: pass back the nextCursor value exactly as received', 'cursor');
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(cursor)) throw malformed();
  const [body, mac] = cursor.split('.') as [string, string];
  const expected = sign(body, secret);
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new QueryParamError('cursor failed its integrity check (altered, or issued by another deployment)', 'cursor');
  }
  let payload: Partial<CursorPayload>;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<CursorPayload>;
  } catch {
    throw malformed();
  }
  if (payload.v !== 1 || typeof payload.p !== 'string' || typeof payload.f !== 'string' || !POSITION.test(payload.p)) throw malformed();
  if (payload.f !== fingerprint) {
    throw new QueryParamError('cursor belongs to a different query: keep tracked, kind, source, from, to and q unchanged while paging', 'cursor');
  }
  return payload.p;
}
