import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ReplayHandler, ReplayRoute } from './replay-server.ts';

/**
 * Parliament and GOV.UK fixtures for the replay server, mounted under `/hansard-api`, `/questions-statements-api`,
 * `/committees-api` and `/govuk`. The list endpoints behave like the real ones in the ways the adapters rely on:
 * they filter on the search term and page with the service's own skip/take parameter names, in each service's
 * own envelope. Dates are not filtered, so the fixtures show up whatever day the demo runs.
 */
const FIXTURES_DIR = fileURLToPath(new URL('../../test/fixtures/parliament/', import.meta.url));

const load = (path: string): Record<string, unknown> => JSON.parse(readFileSync(FIXTURES_DIR + path, 'utf8')) as Record<string, unknown>;
const list = (path: string, key: string): Record<string, unknown>[] => load(path)[key] as Record<string, unknown>[];

/** Parliament's APIs send JSON without a charset (sources.md §1); GOV.UK sends one. */
const PARLIAMENT_JSON = { 'content-type': 'application/json' };
const GOVUK_JSON = { 'content-type': 'application/json; charset=utf-8' };

/** Like the services' search: a record matches when every word of the term appears in it, ignoring case. */
export function matchesTerm(record: unknown, term: string | null): boolean {
  if (!term) return true;
  const text = JSON.stringify(record).toLowerCase();
  return term
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => text.includes(word));
}

function paged(
  records: Record<string, unknown>[],
  names: { term: string; skip: string; take: string; defaultTake: number },
  envelope: (page: Record<string, unknown>[], total: number, skip: number, take: number) => Record<string, unknown>,
  headers: Record<string, string>,
): ReplayHandler {
  return (url) => {
    const q = url.searchParams;
    const hits = records.filter((r) => matchesTerm(r, q.get(names.term)));
    const skip = Number(q.get(names.skip) ?? 0);
    const take = Number(q.get(names.take) ?? names.defaultTake);
    return { headers, body: JSON.stringify(envelope(hits.slice(skip, skip + take), hits.length, skip, take)) };
  };
}

/** Hansard `/search/contributions/{type}.json` and `/search/debates.json`: PascalCase, `queryParameters.` prefix. */
export function hansardSearchRoute(results: Record<string, unknown>[], kind: 'Spoken' | 'Written' | 'debates'): ReplayHandler {
  return paged(
    results,
    { term: 'queryParameters.searchTerm', skip: 'queryParameters.skip', take: 'queryParameters.take', defaultTake: 10_000 },
    (page, total) =>
      kind === 'debates'
        ? { Results: page, TotalResultCount: total }
        : // As in a real body: the per-type counts say 0 whatever was found; only TotalResultCount counts.
          { SearchTerms: [], SpokenResultCount: 0, WrittenResultCount: 0, CorrectionsResultCount: 0, DivisionsResultCount: 0, Results: page, TotalResultCount: total },
    PARLIAMENT_JSON,
  );
}

/** Written questions/statements lists: camelCase, `{totalResults, results:[{value, links}]}`. */
export function questionsStatementsRoute(results: Record<string, unknown>[]): ReplayHandler {
  return paged(results, { term: 'searchTerm', skip: 'skip', take: 'take', defaultTake: 20 }, (page, total) => ({ totalResults: total, results: page }), PARLIAMENT_JSON);
}

/** Committees collections: PascalCase parameters, `{items, totalResults, itemsPerPage, links}`. */
export function committeesRoute(items: Record<string, unknown>[]): ReplayHandler {
  return paged(
    items,
    { term: 'SearchTerm', skip: 'Skip', take: 'Take', defaultTake: 30 },
    (page, total, _skip, take) => ({ items: page, totalResults: total, itemsPerPage: take, links: [] }),
    PARLIAMENT_JSON,
  );
}

/** GOV.UK search-api: `q`, `start`, `count`; `{results, total, start, aggregates, suggested_queries, es_cluster}`. */
export function govukSearchRoute(results: Record<string, unknown>[]): ReplayHandler {
  return paged(
    results,
    { term: 'q', skip: 'start', take: 'count', defaultTake: 10 },
    (page, total, skip) => ({ results: page, total, start: skip, aggregates: {}, suggested_queries: [], es_cluster: 'A' }),
    GOVUK_JSON,
  );
}

/**
 * A written question or statement as the lists send it (seen in real bodies): HTML dropped with nothing in its place
 * ("rates.On average"), entities decoded, `answerText` and statement `text` cut to 255 characters plus `...`,
 * `questionText` cut to 255 with nothing added. The record's own endpoint sends it whole.
 */
export function listForm<T extends Record<string, unknown>>(full: T): T {
  const plain = (html: string) => decodeEntities(html.replace(/<[^>]+>/g, ''));
  const cut = (text: unknown, ellipsis: string) => {
    if (typeof text !== 'string') return text;
    const p = plain(text);
    return p.length > 255 ? p.slice(0, 255) + ellipsis : p;
  };
  const out: Record<string, unknown> = { ...full };
  if ('questionText' in full) out.questionText = cut(full.questionText, '');
  if ('answerText' in full) out.answerText = cut(full.answerText, '...');
  if ('text' in full) out.text = cut(full.text, '...');
  if ('attachments' in full) out.attachments = [];
  return out as T;
}

const decodeEntities = (text: string): string =>
  text.replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: '\u00a0' })[e] ?? _);

const json = (body: unknown, headers: Record<string, string>): ReplayRoute => ({ headers, body: JSON.stringify(body) });

/** Every Parliament and GOV.UK fixture route, keyed by path. */
export function parliamentRoutes(): Record<string, ReplayRoute> {
  const routes: Record<string, ReplayRoute> = {
    '/hansard-api/search/contributions/Spoken.json': hansardSearchRoute(list('hansard/contributions-spoken.json', 'Results'), 'Spoken'),
    '/hansard-api/search/contributions/Written.json': hansardSearchRoute(list('hansard/contributions-written.json', 'Results'), 'Written'),
    '/hansard-api/search/debates.json': hansardSearchRoute(list('hansard/debates.json', 'Results'), 'debates'),
    '/questions-statements-api/api/writtenstatements/statements': questionsStatementsRoute(list('questions-statements/statements-list.json', 'results')),
    '/questions-statements-api/api/writtenquestions/questions': questionsStatementsRoute(list('questions-statements/questions-list.json', 'results')),
    '/committees-api/api/Publications': committeesRoute(list('committees/publications.json', 'items')),
    '/committees-api/api/CommitteeBusiness': committeesRoute(list('committees/business.json', 'items')),
    '/govuk/api/search.json': govukSearchRoute(list('govuk/search.json', 'results')),
  };
  for (const file of readdirSync(FIXTURES_DIR + 'hansard')) {
    const extId = file.match(/^debate-([\w-]+)\.json$/)?.[1];
    if (extId) routes[`/hansard-api/debates/debate/${extId}.json`] = json(load(`hansard/${file}`), PARLIAMENT_JSON);
  }
  for (const file of readdirSync(FIXTURES_DIR + 'questions-statements')) {
    const [, what, id] = file.match(/^(statement|question)-(\d+)\.json$/) ?? [];
    const path = what === 'statement' ? 'writtenstatements/statements' : 'writtenquestions/questions';
    if (id) routes[`/questions-statements-api/api/${path}/${id}`] = json(load(`questions-statements/${file}`), PARLIAMENT_JSON);
  }
  for (const file of readdirSync(FIXTURES_DIR + 'govuk/content')) {
    const content = load(`govuk/content/${file}`);
    routes[`/govuk/api/content${String(content.base_path)}`] = json(content, GOVUK_JSON);
  }
  return routes;
}
