import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { escapeMrkdwn, link, safeUrl, truncate } from '../../../lib/digest/mrkdwn.ts';

describe('mrkdwn escaping', () => {
  it('escapes exactly &, < and > and nothing else', () => {
    // Prepare
    const title = `Tom & Jerry's <b>"quote"</b>`;
    // Act
    const escaped = escapeMrkdwn(title);
    // Assess
    expect(escaped).toBe(`Tom &amp; Jerry's &lt;b&gt;"quote"&lt;/b&gt;`);
  });

  it('leaves no raw control characters in any escaped string', () => {
    // Prepare
    const property = fc.property(fc.string(), (s) => {
      // Act
      const out = escapeMrkdwn(s);
      // Assess
      return !/[<>]/.test(out) && !/&(?!amp;|lt;|gt;)/.test(out);
    });
    // Act, Assess
    fc.assert(property);
  });

  it('builds a link whose label cannot close it or open another', () => {
    // Prepare
    const label = '<https://evil.example|click> | <!channel>';
    // Act
    const out = link('https://www.gov.uk/a?b=1&c=2', label);
    // Assess
    expect(out).toBe('<https://www.gov.uk/a?b=1&amp;c=2|&lt;https://evil.example¦click&gt; ¦ &lt;!channel&gt;>');
  });

  it('refuses non-http links and encodes characters that would break out of <url|label>', () => {
    // Prepare
    const urls = ['javascript:alert(1)', 'https://x.example/a|b>c<d e'];
    // Act
    const out = urls.map(safeUrl);
    // Assess
    expect(out[0]).toBeUndefined();
    expect(out[1]).toBe('https://x.example/a%7Cb%3Ec%3Cd%20e');
    expect(link(urls[0]!, 'title')).toBe('title');
  });

  it('truncates without splitting an entity or leaving a link open', () => {
    // Prepare
    const text = `abc &amp; <https://x.example|label> tail`;
    // Act
    const a = truncate(text, 8);
    const b = truncate(text, 20);
    // Assess
    expect(a).toBe('abc …');
    expect(b).toBe('abc &amp; …');
    expect(truncate('short', 10)).toBe('short');
  });
});
