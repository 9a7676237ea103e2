import Parser from 'rss-parser';
import type { SourceConfigOf } from '../config/schema.ts';
import type { ItemDraft } from '../model/item.ts';
import { decodeBody } from '../http/decode.ts';
import { stripHtml } from '../text/html.ts';
import { canonicalUrl } from '../text/url.ts';
import { normaliseTitle } from '../text/normalise.ts';
import type { PollContext, PollOutcome, SourceAdapter } from './types.ts';

type RssSource = SourceConfigOf<'rss'>;

/** The feed answered, but not with a feed we can read. */
export class FeedParseError extends Error {
  override readonly name = 'FeedParseError';
}

interface FeedItem {
  title?: string;
  link?: string;
  guid?: string;
  id?: string;
  isoDate?: string;
  pubDate?: string;
  content?: string;
  contentEncoded?: string;
  summary?: string;
  contentSnippet?: string;
  creator?: string;
  author?: string;
}

/** An element as xml2js gives it to rss-parser: child elements by name, each a list of strings or nodes. */
type XmlNode = Record<string, unknown[] | undefined>;
interface ItemReaders {
  parseItemAtom(entry: XmlNode): FeedItem;
  parseItemRss(item: XmlNode, fields: unknown): FeedItem;
}
const readers = Parser.prototype as unknown as ItemReaders;

/**
 * rss-parser, used for parsing only (its own HTTP lacks ETags and leaks sockets on timeout), with each entry made
 * readable before rss-parser reads it. Left to itself, one entry can fail the whole feed: an Atom date it cannot read
 * throws, and text with child elements (Atom `type="xhtml"`, raw markup in an RSS description) is serialised back
 * to XML by a recursive builder that overflows at 10,000 nested elements and is not in the Lambda bundles at all.
 * Such text is read here as text instead, in one pass without recursion, and an unreadable date is dropped with a
 * warning (the item is then dated when it was fetched).
 */
class FeedParser extends Parser<Record<string, unknown>, FeedItem> {
  constructor(private readonly warnings: string[]) {
    super({ customFields: { item: [['dc:creator', 'creator'], ['content:encoded', 'contentEncoded']] } });
  }

  parseItemAtom(entry: XmlNode): FeedItem {
    return readers.parseItemAtom.call(this, readableEntry(entry, this.warnings));
  }

  parseItemRss(item: XmlNode, fields: unknown): FeedItem {
    return readers.parseItemRss.call(this, readableEntry(item, this.warnings), fields);
  }
}

/** Elements read as text (RSS and Atom) that a feed may fill with child elements. */
const TEXT_ELEMENTS = ['title', 'description', 'content', 'summary', 'content:encoded', 'dc:creator'];
/** Atom dates, which rss-parser reads with `new Date(…).toISOString()` (a RangeError for an unreadable one). */
const ATOM_DATES = ['published', 'updated'];

function readableEntry(entry: XmlNode, warnings: string[]): XmlNode {
  const out: XmlNode = { ...entry };
  for (const name of TEXT_ELEMENTS) {
    const node = out[name]?.[0];
    if (node === null || typeof node !== 'object') continue;
    const { $: _attributes, _: text, ...children } = node as Record<string, unknown>;
    // Plain text with attributes (`<title type="html">`) is rss-parser's to read; anything else becomes text.
    if (typeof text !== 'string' || Object.keys(children).length > 0) out[name] = [escapeText(nodeText(node))];
  }
  for (const name of ATOM_DATES) {
    const value = out[name]?.[0];
    if (typeof value === 'string' && Number.isNaN(new Date(value).getTime())) {
      const title = typeof out.title?.[0] === 'string' ? out.title[0] : '';
      warnings.push(`"${title.slice(0, 60)}": unreadable ${name} date "${value.slice(0, 40)}", ignored`);
      delete out[name];
    }
  }
  return out;
}

/** All the text in an xml2js node, its own before its children's, walked with a stack (nesting depth is the feed's). */
function nodeText(root: unknown): string {
  const parts: string[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node === 'string') parts.push(node);
    else if (Array.isArray(node)) for (let i = node.length - 1; i >= 0; i--) stack.push(node[i]);
    else if (node !== null && typeof node === 'object') {
      const { $: _attributes, _: text, ...children } = node as Record<string, unknown>;
      const elements = Object.values(children);
      for (let i = elements.length - 1; i >= 0; i--) stack.push(elements[i]);
      if (typeof text === 'string') stack.push(text);
    }
  }
  return parts.join(' ');
}

/** Text as HTML, since every text field is read with `stripHtml` afterwards. */
const escapeText = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** A date more than this far ahead is a feed's mistake: the item is dated when it was fetched instead. */
const FUTURE_TOLERANCE_MS = 60 * 60 * 1000;
/** Titles shorter than this are too generic ("Live", "Letters") to identify a story by. */
const MIN_TITLE_WORDS_FOR_DEDUP = 4;

/**
 * News feeds, RSS 2.0 or Atom: conditional GET, charset-aware decoding, one draft per entry.
 * Items are de-duplicated on canonical URL, guid, and headline within the same publisher.
 */
export const rssAdapter: SourceAdapter<RssSource> = {
  type: 'rss',
  async poll(ctx: PollContext<RssSource>): Promise<PollOutcome> {
    const { source, state } = ctx;
    const response = await ctx.http.get({
      url: source.url,
      etag: state?.etag,
      lastModified: state?.lastModified,
      timeoutMs: source.timeoutMs,
      maxBytes: source.maxBytes,
      headers: { accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1' },
    });
    const validators = { etag: response.headers.etag ?? state?.etag, lastModified: response.headers['last-modified'] ?? state?.lastModified };
    if (response.notModified) return { notModified: true, drafts: [], ...validators, pages: 1, bytes: 0, warnings: [] };

    const warnings: string[] = [];
    const xml = decodeBody(response.body, response.headers['content-type'], { warn: (w) => warnings.push(w) });
    let feed: Awaited<ReturnType<FeedParser['parseString']>>;
    try {
      feed = await new FeedParser(warnings).parseString(xml);
    } catch (err) {
      throw new FeedParseError(`not a readable RSS/Atom feed: ${String((err as Error).message).split('\n')[0]}`);
    }
    const drafts: ItemDraft[] = [];
    for (const [index, entry] of (feed.items ?? []).entries()) {
      // One entry that cannot be read (hostile markup, an unexpected shape) is recorded and skipped: the feed's
      // other entries are still stored, on this poll and every later one.
      try {
        const draft = toDraft(entry, source, ctx.now, warnings);
        if (draft) drafts.push(draft);
        else warnings.push(`entry ${index + 1} skipped: no link, guid or title`);
      } catch (err) {
        warnings.push(`entry ${index + 1} skipped: ${(err as Error)?.name ?? 'Error'}: ${String((err as Error)?.message ?? err).slice(0, 200)}`);
      }
    }
    return { notModified: false, drafts, ...validators, pages: 1, bytes: response.bytes, warnings };
  },
};

function toDraft(entry: FeedItem, source: RssSource, now: Date, warnings: string[]): ItemDraft | undefined {
  const title = stripHtml(entry.title ?? '').slice(0, 1000);
  const guid = (entry.guid ?? entry.id ?? '').trim();
  const rawLink = (entry.link ?? '').trim() || (/^https?:\/\//i.test(guid) ? guid : '');
  if (!title && !rawLink && !guid) return undefined;
  const url = rawLink ? canonicalUrl(resolveLink(rawLink, source.url)) : '';
  const host = hostOf(url) ?? hostOf(source.url) ?? source.id;

  const keys: string[] = [];
  if (url) keys.push(`url:${url}`);
  if (guid) keys.push(/^https?:\/\//i.test(guid) ? `url:${canonicalUrl(guid)}` : `guid:${host}:${guid}`);
  const words = normaliseTitle(title);
  const published = publishedDate(entry, now, title, warnings);
  // A headline identifies a story only near its date: publishers reuse headlines ("Man jailed for…") months apart.
  // Keyed by day and the day before, so the same story either side of midnight in two feeds still meets.
  if (words.split(' ').length >= MIN_TITLE_WORDS_FOR_DEDUP) {
    const day = Date.parse(published ?? now.toISOString());
    for (const d of [day, day - 86_400_000]) keys.push(`title:${host}:${new Date(d).toISOString().slice(0, 10)}:${words}`);
  }
  if (keys.length === 0) keys.push(`title:${host}:${words || guid}`);

  return {
    sourceId: source.id,
    sourceType: source.sourceType,
    title: title || '(untitled)',
    url: url || source.url,
    published,
    text: stripHtml(entry.contentEncoded ?? entry.content ?? entry.summary ?? entry.contentSnippet ?? ''),
    author: [entry.creator, entry.author].find((a): a is string => typeof a === 'string' && a.trim() !== '')?.trim(),
    nativeIds: guid ? { guid } : {},
    dedupKeys: [...new Set(keys)],
  };
}

function publishedDate(entry: FeedItem, now: Date, title: string, warnings: string[]): string | undefined {
  const raw = entry.isoDate ?? entry.pubDate;
  if (!raw) return undefined;
  const time = Date.parse(raw);
  if (Number.isNaN(time)) {
    warnings.push(`"${title.slice(0, 60)}": unreadable date "${raw.slice(0, 40)}", using fetch time`);
    return undefined;
  }
  if (time > now.getTime() + FUTURE_TOLERANCE_MS) {
    warnings.push(`"${title.slice(0, 60)}": date ${raw.slice(0, 40)} is in the future, using fetch time`);
    return undefined;
  }
  return new Date(time).toISOString();
}

function resolveLink(link: string, base: string): string {
  try {
    return new URL(link, base).toString();
  } catch {
    return link;
  }
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return undefined;
  }
}
