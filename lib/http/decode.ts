import iconv from 'iconv-lite';

/**
 * Text from a response body. Charset from the Content-Type header, else (for XML) the prolog's
 * `encoding="…"`, else UTF-8; decoded with iconv-lite because Node 20's TextDecoder gets windows-1252 wrong.
 * `forceUtf8` is for APIs known to send UTF-8 without saying so (Parliament's).
 */
export function decodeBody(body: Buffer, contentType: string | undefined, options: { forceUtf8?: boolean } = {}): string {
  const charset = options.forceUtf8 ? 'utf-8' : (charsetFromContentType(contentType) ?? charsetFromXmlProlog(body) ?? 'utf-8');
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
