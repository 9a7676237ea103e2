import { z } from 'zod';
import type { SourceConfigOf } from '../config/schema.ts';
import type { ItemDraft, Kind, SourceType } from '../model/item.ts';
import { stripHtml } from '../text/html.ts';
import { canonicalUrl } from '../text/url.ts';
import { OPEN_GOVERNMENT_LICENCE } from './licences.ts';
import type { PollContext, PollOutcome, SourceAdapter } from './types.ts';
import { DetailReads } from './details.ts';
import { apiUrl, beginPoll, compact, Deduper, fetchJson, fetchList, readPages, termLabel, ymd } from './windowed.ts';
import { ListValidators, SeenRecords, streamCursor } from './stream.ts';

type GovukSource = SourceConfigOf<'govuk-search'>;

export const GOVUK = 'https://www.gov.uk';

const str = z.string().nullish();

/**
 * One search-api result with the fields this adapter asks for (`fields=`). `link` and `title` are in every real
 * result (../shared/samples/real, and the documented defaults); the rest may be absent.
 */
export const GovukResult = z.looseObject({
  link: z.string().min(1),
  title: z.string().nullable(),
  description: str,
  public_timestamp: str,
  content_store_document_type: str,
  format: str,
  organisations: z.array(z.looseObject({ slug: str, title: str })).nullish(),
});
export type GovukResult = z.infer<typeof GovukResult>;

export const GovukSearchResponse = z.looseObject({ results: z.array(z.unknown()), total: z.number().int().nullish(), start: z.number().int().nullish() });

/** Content API item: only the body and update time are read. */
export const GovukContent = z.looseObject({
  base_path: str,
  document_type: str,
  public_updated_at: str,
  details: z.looseObject({ body: z.unknown().optional() }).nullish(),
});

/** Only documented search-api parameters: any other returns HTTP 422. */
const FIELDS = ['title', 'link', 'description', 'public_timestamp', 'content_store_document_type', 'format', 'organisations'];

const KIND_BY_TYPE: Record<string, Kind> = {
  oral_statement: 'statement',
  written_statement: 'statement',
  independent_report: 'report',
  government_response: 'report',
  corporate_report: 'report',
  research: 'report',
  policy_paper: 'report',
  news_story: 'news',
  press_release: 'news',
};
/** Content API reads per poll: one per result, for its body. */
const DETAIL_LIMITS = { live: 100, backfill: 500 };

const SOURCE_TYPE_BY_KIND: Partial<Record<Kind, SourceType>> = { statement: 'statement', report: 'report', news: 'news' };

/**
 * GOV.UK search API: everything the configured organisations published in the window (their streams: tens of
 * documents a day), newest first; with `read: search`, those matching a registry search term. Each new result's body
 * is then read from the Content API (search results carry only a summary), once: the cursor remembers what was
 * handed over, and a document comes back when its listing changes (a new public timestamp: republished).
 */
export const govukSearchAdapter: SourceAdapter<GovukSource> = {
  type: 'govuk-search',
  async poll(ctx: PollContext<GovukSource>): Promise<PollOutcome> {
    const start = beginPoll(ctx);
    if ('skipped' in start) return start.skipped;
    const { window, stats, terms } = start;
    const seen = new SeenRecords(ctx);
    const validators = new ListValidators(ctx);
    const found = new Deduper<GovukResult>();
    for (const term of terms) {
      const results = await readPages(ctx.source, stats, `GOV.UK ${termLabel(term)}`, async (skip, take) => {
        const url = apiUrl(ctx.source, GOVUK, '/api/search.json', {
          q: term,
          filter_organisations: ctx.source.organisations,
          filter_public_timestamp: `from:${ymd(window.since)},to:${ymd(window.until)}`,
          order: '-public_timestamp',
          fields: FIELDS,
          start: skip,
          count: take,
        });
        const conditional = skip === 0 ? { validators, list: `GOV.UK ${termLabel(term)}` } : undefined;
        const { body, items } = await fetchList(ctx, stats, url, GovukSearchResponse, 'results', GovukResult, conditional);
        return { items, total: body?.total ?? undefined };
      });
      for (const r of results) found.add(r.link, r);
    }
    const details = new DetailReads(ctx, stats, DETAIL_LIMITS);
    const drafts: ItemDraft[] = [];
    for (const result of found.values) {
      if (!seen.isNew(result.link, result)) continue;
      let body: string | undefined;
      let partial = false;
      if (result.link.startsWith('/')) {
        try {
          const content = await details.get(() => fetchJson(ctx, stats, apiUrl(ctx.source, GOVUK, `/api/content${result.link}`, {}), GovukContent));
          if (!content && details.halted) {
            details.hold();
            continue;
          }
          body = typeof content?.details?.body === 'string' ? stripHtml(content.details.body) : undefined;
          partial = !content;
        } catch (err) {
          stats.warnings.push(`${result.link}: content not fetched (${(err as Error).message}); summary used`);
          partial = true;
        }
      }
      drafts.push({ ...govukDraft(ctx.source, result, body), ...(partial && { partial }) });
      if (!partial) seen.mark(result.link, result);
    }
    details.finish('GOV.UK results');
    return stats.outcome(drafts, streamCursor(ctx, window, stats, seen, validators));
  },
};

export function govukDraft(source: GovukSource, r: GovukResult, body?: string): ItemDraft {
  const url = canonicalUrl(new URL(r.link, GOVUK).toString());
  const docType = r.content_store_document_type ?? r.format ?? undefined;
  const kindHint = docType ? KIND_BY_TYPE[docType] : undefined;
  const published = r.public_timestamp ? Date.parse(r.public_timestamp) : NaN;
  const description = stripHtml(r.description ?? '');
  return {
    sourceId: source.id,
    sourceType: (kindHint && SOURCE_TYPE_BY_KIND[kindHint]) ?? 'other',
    kindHint,
    title: stripHtml(r.title ?? '') || r.link,
    url,
    published: Number.isNaN(published) ? undefined : new Date(published).toISOString(),
    text: body ? `${description}\n${body}`.trim() : description,
    author: (r.organisations ?? []).map((o) => o.title).filter(Boolean).join(', ') || undefined,
    nativeIds: compact({ link: r.link, documentType: docType }),
    // `url:` matches what a GOV.UK Atom feed read by the RSS adapter would produce for the same document.
    dedupKeys: [`govuk:${r.link}`, `url:${url}`],
    attribution: OPEN_GOVERNMENT_LICENCE,
  };
}
