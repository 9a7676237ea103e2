/**
 * Stand-in for `xmlbuilder` in Lambda bundles only (aliased by the house construct): xml2js (under rss-parser)
 * loads it for building XML, and this project only parses feeds (rss-parser would rebuild text that has child
 * elements; `lib/sources/rss.ts` reads such text itself). Saves ~70 KB; calling it fails loudly.
 */
export function create(): never {
  throw new Error('xmlbuilder is not bundled in Inquiry Watch Lambdas (feeds are only parsed, never built)');
}
