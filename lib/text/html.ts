// htmlparser2's tokenizer (the one cheerio parses with), without the tree: text extraction needs no tree.
import { Tokenizer } from 'htmlparser2';

const BLOCK_TAGS = new Set(['p', 'div', 'br', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'blockquote', 'section', 'article']);
const DROPPED_TAGS = new Set(['script', 'style', 'noscript']);
const ignore = () => undefined;

/**
 * Plain text from an HTML fragment: tags dropped, entities decoded, block boundaries (start and end tags) kept as
 * line breaks so sentences from adjacent paragraphs do not run together. script, style and noscript are dropped
 * up to their end tag, as a browser running scripts reads them (an unclosed one drops the rest).
 *
 * Read in one pass over the tokens, never building a tree. A tree builder keeps a stack of open elements and
 * searches it at every tag, so nesting costs time in proportion to its depth at each tag; depth is the feed's to
 * choose, and no pre-pass can bound it exactly (implied closes, comments, quoted `>` and raw-text elements make
 * the depth the parser sees differ from any simple count: 80,000 `<b></i>` took 15 s through a depth limit).
 * The tokenizer keeps no stack, so time is linear in the length whatever the markup.
 */
export function stripHtml(html: string): string {
  if (!/[<&]/.test(html)) return collapseWhitespace(html);
  const parts: string[] = [];
  // The open script, style or noscript element whose content is being dropped.
  let dropping: string | undefined;
  const text = (s: string) => {
    if (dropping === undefined) parts.push(s);
  };
  const tagName = (start: number, end: number) => html.slice(start, end).toLowerCase();
  const tag = (start: number, end: number) => {
    const name = tagName(start, end);
    if (BLOCK_TAGS.has(name)) text('\n');
    return name;
  };
  const tokenizer = new Tokenizer(
    { xmlMode: false, decodeEntities: true },
    {
      ontext: (start, end) => text(html.slice(start, end)),
      ontextentity: (codepoint) => text(String.fromCodePoint(codepoint)),
      onopentagname: (start, end) => {
        const name = tag(start, end);
        if (dropping === undefined && DROPPED_TAGS.has(name)) dropping = name;
      },
      onclosetag: (start, end) => {
        if (tag(start, end) === dropping) dropping = undefined;
      },
      // Attributes, comments, CDATA, declarations and processing instructions hold no text.
      onattribdata: ignore,
      onattribentity: ignore,
      onattribend: ignore,
      onattribname: ignore,
      oncdata: ignore,
      oncomment: ignore,
      ondeclaration: ignore,
      onend: ignore,
      onopentagend: ignore,
      onprocessinginstruction: ignore,
      onselfclosingtag: ignore,
    },
  );
  tokenizer.write(html);
  tokenizer.end();
  return collapseWhitespace(parts.join(''));
}

export function collapseWhitespace(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\t\f\v \u00a0\u2000-\u200b\u202f\u205f\u3000]+/g, ' ')
    .replace(/ *\n[ \n]*/g, '\n')
    .trim();
}
