import { stripControls } from '../text/controls.ts';

/**
 * Safe mrkdwn building blocks. Slack treats `&`, `<` and `>` as control characters: escaping exactly those
 * (and nothing else, per Slack's formatting reference) makes any feed text inert, so a title like
 * `<!channel>` or `<https://evil|x>` shows literally instead of pinging a channel or forging a link.
 * Control characters and bidi overrides are dropped first (`stripControls`, the terminal's rule too), so a title
 * cannot display reversed or hide text.
 */
export const escapeMrkdwn = (text: string): string =>
  stripControls(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A URL usable inside `<url|label>`, or undefined when it is not plain http(s). Characters that could end the
 * link (`|`, `>`) or open another (`<`) are percent-encoded, and `&` is escaped as Slack asks.
 */
export function safeUrl(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  return url.href.replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/\s/g, '%20').replace(/&/g, '&amp;');
}

/** Longest link label, before escaping: a whole link then always fits a section, so it is never cut open. */
export const MAX_LABEL_CHARS = 300;

/** `<url|label>` with the label escaped; just the escaped label when the URL is unusable. */
export function link(url: string, label: string): string {
  const href = safeUrl(url);
  // `|` is harmless after the first one, but keep labels free of it so the split is never in doubt.
  const text = escapeMrkdwn(truncate(collapse(label), MAX_LABEL_CHARS)).replace(/\|/g, '¦');
  return href ? `<${href}|${text}>` : text;
}

/** One line: feed titles sometimes carry newlines and runs of spaces (and, being feed text, lose control characters). */
export const collapse = (text: string): string => stripControls(text).replace(/\s+/g, ' ').trim();

/**
 * Cuts `text` to at most `max` characters (UTF-16 units, as Slack counts), ending with an ellipsis, never
 * inside an entity such as `&amp;`, a link or a surrogate pair.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  const amp = cut.lastIndexOf('&');
  if (amp >= 0 && !cut.slice(amp).includes(';')) cut = cut.slice(0, amp);
  // Never leave a link half open: `<https://…` without its `>` would swallow the rest of the message.
  const open = cut.lastIndexOf('<');
  if (open > cut.lastIndexOf('>')) cut = cut.slice(0, open);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}
