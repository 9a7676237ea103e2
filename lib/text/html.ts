// The slim build (htmlparser2, no parse5) is enough to take text out of feed HTML and keeps Lambda bundles small.
import { load } from 'cheerio/slim';

const BLOCK_TAGS = 'p, div, br, li, h1, h2, h3, h4, h5, h6, tr, blockquote, section, article';

/**
 * Plain text from an HTML fragment: tags dropped, entities decoded, block boundaries kept as
 * line breaks so sentences from adjacent paragraphs do not run together.
 */
export function stripHtml(html: string): string {
  if (!/[<&]/.test(html)) return collapseWhitespace(html);
  const $ = load(html, null, false);
  $('script, style, noscript').remove();
  $(BLOCK_TAGS).each((_, el) => {
    $(el).before('\n');
  });
  return collapseWhitespace($.root().text());
}

export function collapseWhitespace(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\t\f\v \u00a0\u2000-\u200b\u202f\u205f\u3000]+/g, ' ')
    .replace(/ *\n[ \n]*/g, '\n')
    .trim();
}

/**
 * Cuts text to at most `maxBytes` of UTF-8 without splitting a character, marking the cut.
 * Keeps every stored item far below DynamoDB's 400 KB item limit whatever a source sends.
 */
export function capUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  const marker = ' […]';
  const buf = Buffer.from(text, 'utf8').subarray(0, maxBytes - Buffer.byteLength(marker));
  // A cut inside a multi-byte character decodes to U+FFFD: drop it.
  return buf.toString('utf8').replace(/\uFFFD+$/, '') + marker;
}
