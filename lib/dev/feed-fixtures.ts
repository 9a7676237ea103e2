import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ReplayRoute } from './replay-server.ts';

/** Recorded news feeds (own fixtures, in the real BBC, Guardian and GOV.UK shapes) used by the demo and tests. */
export const FEED_FIXTURE_DIR = fileURLToPath(new URL('../../test/fixtures/feeds/', import.meta.url));

export const readFeedFixture = (name: string): Buffer => readFileSync(`${FEED_FIXTURE_DIR}${name}`);

const rss = 'application/rss+xml; charset=utf-8';

/** Replay routes under `/feeds/…`: ETags so a second poll is a 304; one source is down, to show isolation. */
export function feedRoutes(): Record<string, ReplayRoute> {
  const feed = (file: string, contentType: string, etag: string): ReplayRoute => ({
    body: readFeedFixture(file),
    etag,
    lastModified: 'Tue, 17 Jun 2025 08:00:00 GMT',
    headers: { 'content-type': contentType },
  });
  return {
    '/feeds/bbc-uk.xml': feed('bbc-uk.rss.xml', 'text/xml; charset=UTF-8', '"bbc-uk-1"'),
    '/feeds/bbc-politics.xml': { ...feed('bbc-politics.rss.xml', 'text/xml; charset=UTF-8', '"bbc-pol-1"'), gzip: true },
    '/feeds/guardian-uk.xml': feed('guardian-uk.rss.xml', rss, '"guardian-uk-1"'),
    '/feeds/govuk-home-office.atom': feed('govuk-home-office.atom', 'application/atom+xml; charset=utf-8', '"govuk-ho-1"'),
    // No charset header: the windows-1252 prolog must be honoured.
    '/feeds/oldham-gazette.xml': { body: readFeedFixture('oldham-gazette.cp1252.rss.xml'), headers: { 'content-type': 'application/xml' } },
    // No validators at all: the second poll re-downloads and must still write nothing.
    '/feeds/aggregator.xml': { body: readFeedFixture('aggregator.rss.xml'), headers: { 'content-type': rss } },
    '/feeds/down.xml': { status: 503, headers: { 'retry-after': '0' }, body: 'Service Unavailable' },
  };
}
