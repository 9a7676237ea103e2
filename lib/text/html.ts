// The slim build (htmlparser2, no parse5) is enough to take text out of feed HTML and keeps Lambda bundles small.
import { load } from 'cheerio/slim';

const BLOCK_TAGS = new Set(['p', 'div', 'br', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'blockquote', 'section', 'article']);
const DROPPED_TAGS = new Set(['script', 'style', 'noscript']);

/** The parts of a parsed DOM node read here (domhandler's shape). */
interface DomNode {
  type: string;
  name?: string;
  data?: string;
  children?: DomNode[];
}

/**
 * Plain text from an HTML fragment: tags dropped, entities decoded, block boundaries kept as line breaks so
 * sentences from adjacent paragraphs do not run together.
 *
 * Nesting is bounded before parsing (`limitDepth`) and the tree is walked with an explicit stack, never by
 * recursion: a feed can nest thousands of tags in one description (`<b>` 3,000 deep overflowed cheerio's recursive
 * `.text()`), and depth must cost neither the stack nor quadratic time.
 */
export function stripHtml(html: string): string {
  if (!/[<&]/.test(html)) return collapseWhitespace(html);
  const root = load(limitDepth(html), null, false).root()[0] as unknown as DomNode;
  const parts: string[] = [];
  const stack: DomNode[] = [...(root.children ?? [])].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'text') {
      parts.push(node.data ?? '');
      continue;
    }
    // Elements of every kind (tag, script, style) and CDATA have children; comments and directives do not count.
    if (node.name !== undefined && DROPPED_TAGS.has(node.name)) continue;
    if (node.name !== undefined && BLOCK_TAGS.has(node.name)) parts.push('\n');
    const children = node.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return collapseWhitespace(parts.join(''));
}

/** Deeper than any real page nests; past it only the text matters. */
const MAX_DEPTH = 256;
const VOID_TAGS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);

/**
 * Drops the tags nested deeper than `MAX_DEPTH`, keeping their text. The parser's open-element stack costs time
 * in proportion to the depth at every tag (100,000 nested `<b>` took 70 s), so depth is bounded before parsing.
 * One pass from `<` to `>`; a `<` with no `>` after it ends the scan (nothing after it can be a tag).
 */
function limitDepth(html: string): string {
  if (html.length < MAX_DEPTH * 3) return html;
  let depth = 0;
  let kept = '';
  let copiedUpTo = 0;
  for (let open = html.indexOf('<'); open !== -1; ) {
    const close = html.indexOf('>', open);
    if (close === -1) break;
    const tag = /^<(\/?)([a-zA-Z][\w:-]*)/.exec(html.slice(open, Math.min(close + 1, open + 64)));
    if (tag && !VOID_TAGS.has(tag[2]!.toLowerCase()) && html[close - 1] !== '/') {
      const drop = tag[1] ? (depth = Math.max(0, depth - 1)) >= MAX_DEPTH : ++depth > MAX_DEPTH;
      if (drop) {
        kept += html.slice(copiedUpTo, open);
        copiedUpTo = close + 1;
      }
    }
    open = html.indexOf('<', close + 1);
  }
  return copiedUpTo === 0 ? html : kept + html.slice(copiedUpTo);
}

export function collapseWhitespace(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\t\f\v \u00a0\u2000-\u200b\u202f\u205f\u3000]+/g, ' ')
    .replace(/ *\n[ \n]*/g, '\n')
    .trim();
}
