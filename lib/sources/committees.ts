import { z } from 'zod';
import type { SourceConfigOf } from '../config/schema.ts';
import type { ItemDraft } from '../model/item.ts';
import { stripHtml } from '../text/html.ts';
import { OPEN_PARLIAMENT_LICENCE } from './licences.ts';
import type { PollContext, PollOutcome, SourceAdapter } from './types.ts';
import { apiUrl, beginPoll, compact, Deduper, fetchJson, localDate, londonToUtc, nextCursor, readPages, ymd } from './windowed.ts';

type CommitteesSource = SourceConfigOf<'committees'>;

export const COMMITTEES_API = 'https://committees-api.parliament.uk';
const COMMITTEES_WEB = 'https://committees.parliament.uk';

const str = z.string().nullish();
const int = z.number().int().nullish();

const BusinessType = z.looseObject({ id: int, name: str, isInquiry: z.boolean().nullish(), description: str });
/** `CommitteeBusinessSummary` (OpenAPI and the real capture), the fields used. */
export const CommitteeBusiness = z.looseObject({
  id: z.number().int(),
  title: str,
  type: BusinessType.nullish(),
  openDate: str,
  closeDate: str,
});
export type CommitteeBusiness = z.infer<typeof CommitteeBusiness>;

const CommitteeSummary = z.looseObject({ id: int, name: str, house: str });
const PublicationType = z.looseObject({ id: int, name: str, governmentCanRespond: z.boolean().nullish(), canBeResponse: z.boolean().nullish() });
const HouseNumber = z.looseObject({ number: str, sessionDescription: str });

/** `Publication` (OpenAPI), the fields used. */
export const Publication = z.looseObject({
  id: z.number().int(),
  description: str,
  publicationStartDate: z.string(),
  type: PublicationType.nullish(),
  governmentResponses: z
    .looseObject({ publication: z.array(z.looseObject({ id: int })).nullish(), responseDeadline: str, responseExcepted: z.boolean().nullish() })
    .nullish(),
  responseToPublicationId: int,
  respondingDepartment: z.looseObject({ name: str }).nullish(),
  documents: z.array(z.looseObject({ documentId: int })).nullish(),
  hcNumber: HouseNumber.nullish(),
  hlPaper: HouseNumber.nullish(),
  additionalContentUrl: str,
  businesses: z.array(CommitteeBusiness).nullish(),
  committee: CommitteeSummary.nullish(),
});
export type Publication = z.infer<typeof Publication>;

/** The Committees API's collection envelope (verified on a real capture). */
const envelope = <T extends z.ZodType>(item: T) =>
  z.looseObject({ items: z.array(item), totalResults: int, itemsPerPage: int, links: z.array(z.unknown()).nullish() });
export const PublicationsResult = envelope(Publication);
export const CommitteeBusinessResult = envelope(CommitteeBusiness);

/**
 * Publication types worth an item: reports, special reports and government responses. The type ids are not
 * verified (sources.md §8), so they are recognised by what the type says of itself rather than sent as a filter.
 */
const isReportLike = (p: Publication): boolean =>
  Boolean(p.type?.governmentCanRespond || p.type?.canBeResponse || /report|response/i.test(p.type?.name ?? ''));

/**
 * Committees: publications (reports, government responses, special reports) and committee business (inquiries)
 * matching the registry's search terms, newest first, over the date window. A publication carries the
 * committee business it belongs to and, for a report, the government-response deadline.
 */
export const committeesAdapter: SourceAdapter<CommitteesSource> = {
  type: 'committees',
  async poll(ctx: PollContext<CommitteesSource>): Promise<PollOutcome> {
    const start = beginPoll(ctx);
    if ('skipped' in start) return start.skipped;
    const { window, stats, terms } = start;
    const publications = new Deduper<Publication>();
    const businesses = new Deduper<CommitteeBusiness>();
    for (const term of terms) {
      const pubs = await readPages(ctx.source, stats, `publications "${term}"`, async (skip, take) => {
        const url = apiUrl(ctx.source, COMMITTEES_API, '/api/Publications', {
          SearchTerm: term,
          StartDate: ymd(window.since),
          EndDate: ymd(window.until),
          SortOrder: 'PublicationDateDescending',
          Skip: skip,
          Take: take,
        });
        const body = await fetchJson(ctx, stats, url, PublicationsResult);
        return { items: body.items, total: body.totalResults ?? undefined };
      });
      for (const p of pubs) if (isReportLike(p)) publications.add(String(p.id), p);

      const work = await readPages(ctx.source, stats, `committee business "${term}"`, async (skip, take) => {
        const url = apiUrl(ctx.source, COMMITTEES_API, '/api/CommitteeBusiness', {
          SearchTerm: term,
          DateFrom: ymd(window.since),
          DateTo: ymd(window.until),
          SortOrder: 'DateOpenedNewest',
          Skip: skip,
          Take: take,
        });
        const body = await fetchJson(ctx, stats, url, CommitteeBusinessResult);
        return { items: body.items, total: body.totalResults ?? undefined };
      });
      for (const b of work) businesses.add(String(b.id), b);
    }
    const drafts = [
      ...publications.values.map((p) => publicationDraft(ctx.source, p)),
      ...businesses.values.map((b) => businessDraft(ctx.source, b)),
    ];
    return stats.outcome(drafts, nextCursor(ctx, window));
  },
};

export function publicationDraft(source: CommitteesSource, p: Publication): ItemDraft {
  const committee = p.committee?.name?.trim();
  const description = stripHtml(p.description ?? '') || `${p.type?.name ?? 'Publication'} ${p.id}`;
  const business = p.businesses ?? [];
  const deadline = localDate(p.governmentResponses?.responseDeadline);
  const paper = [p.hcNumber?.number, p.hlPaper?.number].filter(Boolean).join(', ');
  const text = [
    description,
    [p.type?.name, committee, paper].filter(Boolean).join(' · '),
    ...business.map((b) => `Inquiry: ${b.title ?? b.id}`),
    p.respondingDepartment?.name ? `Responding department: ${p.respondingDepartment.name}` : '',
    deadline ? `Government response due by ${deadline}` : '',
    p.responseToPublicationId ? `Responds to publication ${p.responseToPublicationId}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  const responses = (p.governmentResponses?.publication ?? []).map((r) => r.id).filter((id) => id != null);
  return {
    sourceId: source.id,
    sourceType: 'report',
    kindHint: 'report',
    title: committee && !description.includes(committee) ? `${committee}: ${description}` : description,
    url: publicationUrl(p),
    published: londonToUtc(p.publicationStartDate),
    text,
    author: committee,
    // Links to the committee business, the report a response answers, and the government-response deadline
    // travel with the item's native ids (the item model has no other place for source metadata).
    nativeIds: compact({
      publicationId: p.id,
      publicationType: p.type?.name,
      committeeId: p.committee?.id,
      committeeBusinessIds: business.map((b) => b.id).join(',') || undefined,
      responseToPublicationId: p.responseToPublicationId,
      governmentResponseIds: responses.join(',') || undefined,
      governmentResponseDeadline: deadline,
      paperNumber: paper || undefined,
    }),
    dedupKeys: [`committees:publication:${p.id}`],
    attribution: OPEN_PARLIAMENT_LICENCE,
  };
}

function businessDraft(source: CommitteesSource, b: CommitteeBusiness): ItemDraft {
  const title = stripHtml(b.title ?? '') || `Committee business ${b.id}`;
  const opened = localDate(b.openDate);
  return {
    sourceId: source.id,
    sourceType: 'report',
    title,
    url: `${COMMITTEES_WEB}/work/${b.id}/`,
    published: londonToUtc(b.openDate),
    text: [b.type?.name ? `${b.type.name}${opened ? ` opened ${opened}` : ''}` : '', b.type?.description ?? ''].filter(Boolean).join('\n'),
    nativeIds: compact({ committeeBusinessId: b.id, businessType: b.type?.name }),
    dedupKeys: [`committees:business:${b.id}`],
    attribution: OPEN_PARLIAMENT_LICENCE,
  };
}

/** INFERRED web links (committees.parliament.uk): a publication's first document, else its inquiry page. */
function publicationUrl(p: Publication): string {
  const doc = p.documents?.find((d) => d.documentId)?.documentId;
  if (doc) return `${COMMITTEES_WEB}/publications/${p.id}/documents/${doc}/default/`;
  if (p.additionalContentUrl && /^https?:\/\//.test(p.additionalContentUrl)) return p.additionalContentUrl;
  const business = p.businesses?.[0]?.id;
  return business ? `${COMMITTEES_WEB}/work/${business}/publications/` : `${COMMITTEES_WEB}/publications/${p.id}/`;
}
