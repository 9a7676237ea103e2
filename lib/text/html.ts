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
 * The tree is walked with an explicit stack, never by recursion: a feed can nest thousands of tags in one
 * description (`<b>` 3,000 deep overflowed cheerio's recursive `.text()`), and depth must cost memory, not the stack.
 */
export function stripHtml(html: string): string {
  if (!/[<&]/.test(html)) return collapseWhitespace(html);
  const root = load(html, null, false).root()[0] as unknown as DomNode;
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

export function collapseWhitespace(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\t\f\v \u00a0\u2000-\u200b\u202f\u205f\u3000]+/g, ' ')
    .replace(/ *\n[ \n]*/g, '\n')
    .trim();
}
