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
