import { handleApiRequest, type ApiDeps, type ApiRequest, type ApiResponse } from '../api/handler.ts';
import { handleWebRequest } from './app.tsx';
import { serveAsset, type WebAssets } from './assets.ts';
import type { WebDeps } from './ports.ts';

/** Host names the loopback server answers to. */
const LOOPBACK_HOST = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])(:\d{1,5})?$/i;

/**
 * `serve`'s request handler: the pages at `/`, their assets, and the JSON API where it always was. A request whose
 * Host is not a loopback name is refused, so a web page elsewhere cannot read the archive through DNS rebinding
 * (a hostile name resolving to 127.0.0.1 after the browser has loaded it).
 */
export function localHandler(web: WebDeps, api: ApiDeps, assets: WebAssets): (req: ApiRequest) => Promise<ApiResponse> {
  return async (req) => {
    if (!LOOPBACK_HOST.test(req.headers.host ?? '')) {
      return { status: 421, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }, body: 'this server answers only to 127.0.0.1 or localhost\n' };
    }
    return serveAsset(req.path, assets) ?? (await handleWebRequest(req, web)) ?? (await handleApiRequest(req, api));
  };
}
