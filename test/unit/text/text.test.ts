import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { canonicalUrl } from '../../../lib/text/url.ts';
import { stripHtml } from '../../../lib/text/html.ts';
import { capUtf8 } from '../../../lib/text/cap.ts';
import { normaliseText, normaliseTitle } from '../../../lib/text/normalise.ts';
import { decodeBody } from '../../../lib/http/decode.ts';

describe('canonicalUrl', () => {
  it('drops tracking parameters and the #n fragment BBC adds to repeated placements', () => {
    // Act
    const url = canonicalUrl('https://www.bbc.co.uk/news/articles/c9d8e7f6a5b4?at_medium=RSS&at_campaign=rss#1');
    // Assess
    expect(url).toBe('https://www.bbc.com/news/articles/c9d8e7f6a5b4');
  });

  it('keeps meaningful parameters, sorted, and lower-cases the host', () => {
    expect(canonicalUrl('HTTP://WWW.GOV.UK/search?q=casey&utm_source=x&a=1')).toBe('https://www.gov.uk/search?a=1&q=casey');
  });

  it('returns anything that is not an http(s) URL unchanged but trimmed', () => {
    expect(canonicalUrl('  tag:www.gov.uk,2005:/x ')).toBe('tag:www.gov.uk,2005:/x');
  });

  it('is idempotent for any web URL', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
        const once = canonicalUrl(url);
        expect(canonicalUrl(once)).toBe(once);
        expect(once).not.toContain('#');
      }),
    );
  });
});

describe('text normalisation', () => {
  it('makes curly quotes, dashes and case plain for matching', () => {
    expect(normaliseText('Casey\u2019s \u201CNational\u201D Audit \u2013 June')).toBe(`casey's "national" audit - june`);
  });

  it('reduces a headline to its words so two feeds’ versions compare equal', () => {
    expect(normaliseTitle('LIVE: Casey audit — “national shame”!')).toBe(normaliseTitle('Casey audit: national shame'));
  });

  it('is idempotent and never grows whitespace runs', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => {
        const once = normaliseText(s);
        expect(normaliseText(once)).toBe(once);
        expect(once).not.toMatch(/\s{2}/);
      }),
    );
  });
});

describe('stripHtml and capUtf8', () => {
  it('decodes entities and keeps paragraphs apart', () => {
    expect(stripHtml('<p>Fish &amp; chips</p><p>&pound;5 &lt;b&gt;</p>')).toBe('Fish & chips\n£5 <b>');
  });

  it('drops scripts and styles entirely', () => {
    expect(stripHtml('<script>alert(1)</script><style>p{}</style><em>safe</em>')).toBe('safe');
  });

  it('reads tags nested 100,000 deep without overflowing the stack', () => {
    // Prepare: the hostile test's 3,000 nested <b> (21 KB) overflowed; far deeper must work too
    const deep = (n: number) => `${'<b>'.repeat(n)}Casey audit${'</b>'.repeat(n)}<p>next</p>`;
    // Act, Assess
    expect(stripHtml(deep(3_000))).toBe('Casey audit\nnext');
    expect(stripHtml(deep(100_000))).toBe('Casey audit\nnext');
    expect(stripHtml(`${'<div><b>'.repeat(20_000)}x`)).toBe('x');
  });

  it('ends a paragraph with a line break, so text after a closing block tag is not glued to it', () => {
    expect(stripHtml('<p>One.</p>Two<div>Three</div>Four')).toBe('One.\nTwo\nThree\nFour');
  });

  it('drops script, style and noscript up to their end tag, as a browser running scripts reads them', () => {
    // Prepare: markup inside noscript is not a tree here; the first </noscript> ends it
    const html = 'a<noscript><noscript><p>b</p></noscript>c<script>if (x</noscript>) {}</script>d<style>p{}';
    // Act, Assess: an unclosed style drops the rest
    expect(stripHtml(html)).toBe('acd');
  });

  it('reads hostile markup to the right text: mismatched tags, unclosed raw-text elements, huge attributes', () => {
    // Prepare: 80,000 <b></i> took 15 s through the old depth limit (speed is the bench's; this checks the text). The rest
    // each end in a state the tokenizer must finish.
    const mismatched = `${'<b></i>'.repeat(400_000)}Casey audit`;
    const nestedBlocks = `${'<div><li><b>'.repeat(50_000)}Oldham${'</b></li></div>'.repeat(50_000)}<p>inquiry`;
    const unclosedScriptTag = `Before <script${' src=x'.repeat(100_000)}`;
    const unclosedScript = `Before<script>${'<p>hidden</p>'.repeat(10_000)}`;
    const hugeAttribute = `<a title="${'x<p>y</p>&amp;>'.repeat(100_000)}">Rotherham</a> &amp; Telford`;
    const unclosedAttribute = `Kept <a title="${'z'.repeat(1_000_000)}`;
    // Act, Assess
    expect(stripHtml(mismatched)).toBe('Casey audit');
    expect(stripHtml(nestedBlocks)).toBe('Oldham\ninquiry');
    expect(stripHtml(unclosedScriptTag)).toBe('Before');
    expect(stripHtml(unclosedScript)).toBe('Before');
    expect(stripHtml(hugeAttribute)).toBe('Rotherham & Telford');
    expect(stripHtml(unclosedAttribute)).toBe('Kept');
  });

  it('never exceeds the byte budget and never splits a character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), fc.integer({ min: 8, max: 300 }), (s, max) => {
        const out = capUtf8(s, max);
        expect(Buffer.byteLength(out, 'utf8')).toBeLessThanOrEqual(max);
        expect(out).not.toContain('\uFFFD');
      }),
    );
  });
});

describe('decodeBody', () => {
  const text = 'Oldham\u2019s inquiry: \u00a35m \u201Cvictim-centred\u201D';

  it('takes the charset from the XML prolog when the header has none (windows-1252)', () => {
    // Prepare
    const body = iconv.encode(`<?xml version="1.0" encoding="windows-1252"?><t>${text}</t>`, 'windows-1252');
    // Act
    const decoded = decodeBody(body, 'application/xml');
    // Assess
    expect(decoded).toContain(text);
  });

  it('lets the Content-Type header win over the prolog', () => {
    const body = iconv.encode(`<?xml version="1.0" encoding="utf-8"?><t>${text}</t>`, 'windows-1252');
    expect(decodeBody(body, 'text/xml; charset=windows-1252')).toContain(text);
  });

  it('strips a UTF-8 byte-order mark so the parser sees <?xml first', () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<?xml version="1.0"?><t/>')]);
    expect(decodeBody(body, undefined).startsWith('<?xml')).toBe(true);
  });

  it('replaces invalid UTF-8 instead of failing when UTF-8 is declared', () => {
    expect(decodeBody(Buffer.from([0x3c, 0x74, 0x3e, 0xff, 0xfe, 0x3c]), 'text/xml; charset=utf-8')).toContain('\uFFFD');
  });

  it('decodes an undeclared body that is not valid UTF-8 as windows-1252, and says so', () => {
    // Prepare
    const warnings: string[] = [];
    const body = iconv.encode(`<?xml version="1.0"?><t>${text}</t>`, 'windows-1252');
    // Act
    const decoded = decodeBody(body, 'application/rss+xml', { warn: (w) => warnings.push(w) });
    const utf8 = decodeBody(Buffer.from(`<t>${text}</t>`), undefined, { warn: (w) => warnings.push(w) });
    // Assess: the windows-1252 one decodes whole; undeclared valid UTF-8 stays UTF-8 without a warning
    expect(decoded).toContain(text);
    expect(utf8).toContain(text);
    expect(warnings).toEqual(['no charset declared and the body is not valid UTF-8: decoded as windows-1252']);
  });
});
