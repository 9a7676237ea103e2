/** Query parameters that only track the reader: dropping them makes one story one URL. */
const TRACKING_PARAMS = /^(utm_[a-z]+|at_[a-z]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|ocid|cmpid|CMP|ns_mchannel|ns_source|ns_campaign|ns_linkname|ns_fee|s_cid|ito|int_source|xtor|_ga|src|ref|rss|ref_src)$/i;

/** Hosts that serve the same articles: normalise to one name. */
const HOST_ALIASES: Record<string, string> = {
  'bbc.co.uk': 'www.bbc.com',
  'news.bbc.co.uk': 'www.bbc.com',
  'www.bbc.co.uk': 'www.bbc.com',
  'bbc.com': 'www.bbc.com',
  'theguardian.com': 'www.theguardian.com',
  'amp.theguardian.com': 'www.theguardian.com',
  'gov.uk': 'www.gov.uk',
};

/**
 * One URL per story: https, lower-case host without default port, known mirrors folded together,
 * tracking parameters and fragments (BBC guids end in `#0`, `#1`) dropped, remaining parameters sorted.
 * Returns the input trimmed when it is not an absolute http(s) URL.
 */
export function canonicalUrl(raw: string): string {
  const input = raw.trim();
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return input;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return input;
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  url.hostname = HOST_ALIASES[host] ?? host;
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) url.protocol = 'https:';
  url.hash = '';
  url.username = '';
  url.password = '';
  const kept = [...url.searchParams.entries()].filter(([k]) => !TRACKING_PARAMS.test(k));
  kept.sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1));
  url.search = new URLSearchParams(kept).toString();
  // `/news/x/` and `/news//x` are the same page as `/news/x`.
  url.pathname = url.pathname.replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1');
  return url.toString();
}

const isLoopback = (host: string): boolean =>
  host === 'localhost' || host.startsWith('127.') || host === '[::1]';
