import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

export interface DecodeOptions {
  /** For APIs known to send UTF-8 without saying so (Parliament's). */
  forceUtf8?: boolean;
  /** Told when the charset had to be guessed, so the source can carry a warning. */
  warn?: (message: string) => void;
}

/**
 * Text from a response body. Charset from the Content-Type header, else (for XML) the prolog's `encoding="…"`, else
 * UTF-8 when the bytes are valid UTF-8, else windows-1252 (what an undeclared non-UTF-8 English feed nearly always
 * is; every byte decodes, so `£` and `é` survive instead of becoming U+FFFD), with a warning. Decoded with
 * iconv-lite because Node 20's TextDecoder gets windows-1252 wrong.
 */
export function decodeBody(body: Buffer, contentType: string | undefined, options: DecodeOptions = {}): string {
  const declared = options.forceUtf8 ? 'utf-8' : (charsetFromContentType(contentType) ?? charsetFromXmlProlog(body));
  let charset = declared ?? 'utf-8';
  if (declared === undefined && !isUtf8(body) && !hasUtf16Bom(body)) {
    charset = 'windows-1252';
    options.warn?.('no charset declared and the body is not valid UTF-8: decoded as windows-1252');
  }
  const encoding = iconv.encodingExists(charset) ? charset : 'utf-8';
  // A UTF-8 BOM would otherwise end up before `<?xml` and break the parser.
  return iconv.decode(body, encoding, { stripBOM: true });
}

export function charsetFromContentType(contentType: string | undefined): string | undefined {
  const m = contentType?.match(/charset\s*=\s*"?([\w.:-]+)"?/i);
  return m?.[1]?.toLowerCase();
}

export function charsetFromXmlProlog(body: Buffer): string | undefined {
  // The prolog is ASCII in every encoding a feed uses (UTF-16 feeds carry a BOM and are handled by iconv's default).
  const head = body.subarray(0, 200).toString('latin1');
  const m = head.match(/^\s*(?:\uFEFF|\xEF\xBB\xBF)?<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i);
  return m?.[1]?.toLowerCase();
}

const hasUtf16Bom = (body: Buffer): boolean => body.length >= 2 && ((body[0] === 0xff && body[1] === 0xfe) || (body[0] === 0xfe && body[1] === 0xff));
